"""Public pages served from Redis until the data behind them changes.

A public page is the same for every anonymous visitor: it depends on the records of
the members, governance and events apps, on the language and on today's date. So it
is cached under a key made of its address, the language and the date, together with
the *generation* it was made in: a token in Redis that every change to those records
replaces. A page of another generation is rendered afresh, so the next request after
an edit shows it.

Views are made public pages with @public_page; PublicPageMiddleware, high in
MIDDLEWARE, answers from the cache a visitor who holds neither a session cookie (all
who are logged in do) nor a message, before the middleware below it runs.

Everyone else (a vice president or the secretariat looking at the calendar) is given a
page rendered for them, around its *content*, which is the same for all and is kept
in the cache in the same way: the content block of the layout (the {% public_content %}
tag in base.html, rendered as for an anonymous visitor), and the whole answer of a page
without a layout (the calendar feeds). The views hand their templates values worked
out only when the content is rendered (`when_shown`), so content from the cache costs
no rendering and no query beyond what the page's title names.

A visitor whose browser takes gzip (every browser and calendar app does) is given the
page compressed, and it is kept compressed: compressed once when rendered, not on
every request (the calendar feed is ten times smaller so).

Each page kept is sent with an ETag made of its key and generation: a browser or a
calendar app asking again with it is answered 304 Not Modified until the data, the day
or the release changes, without the page being sent or rendered.

Django's cache_page does not fit: its key cannot follow the data, and it varies on
the Cookie header as soon as a page looks at the session (every page does, for the
"Log in" link), so a visitor holding any cookie would miss.
"""

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable
from typing import TypeVar

from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response
from django.utils.functional import SimpleLazyObject
from django.utils.http import quote_etag
from django.views.decorators.gzip import gzip_page
from redis import RedisError
from simple_history.models import HistoricalChanges

from events.forms import EventFilterForm

logger = logging.getLogger(__name__)

# The apps whose records the public pages show, and their models no public page shows.
PUBLIC_DATA_APPS = ("members", "governance", "events")
NOT_SHOWN = frozenset({"governance.membershipapplication"})
# The query parameters a public page takes (the calendar's filters and its pages): a
# request with any other is answered but not cached, so made-up query strings cannot
# fill Redis.
PARAMETERS = frozenset({*EventFilterForm.base_fields, "page"})
GENERATION_KEY = "public-pages:generation"
T = TypeVar("T")


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def invalidate(**kwargs) -> None:
    """Retire every cached public page. Redis down: the change stands, and is logged."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except RedisError:
        logger.exception("the public pages could not be retired; they expire on their own")


def invalidate_on_change(sender, **kwargs) -> None:
    # Now, for this process's next request, and again once the change is committed:
    # a page rendered from the old data by another request in between is retired too.
    invalidate()
    transaction.on_commit(invalidate, robust=True)


def shown_models():
    for label in PUBLIC_DATA_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if (
                not issubclass(model, HistoricalChanges)
                and model._meta.label_lower not in NOT_SHOWN
            ):
                yield model


def connect_signals() -> None:
    # Per model, not for every sender: a post_delete receiver for all would cost every
    # other model Django's fast delete.
    for model in shown_models():
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate_on_change, sender=model, dispatch_uid="public-pages")
    # A deploy migrates: pages of the old release (templates, static file names) go.
    post_migrate.connect(invalidate, dispatch_uid="public-pages")


def _language(request: HttpRequest) -> str:
    # What LocaleMiddleware, further down, will choose: the prefix, or English without.
    return translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE


@functools.lru_cache(maxsize=4096)
def _is_public_page(path: str, language: str, urlconf: str) -> bool:
    try:
        with translation.override(language):  # the French pages resolve under /fr/
            match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "is_public_page", False)


def _public_request(request: HttpRequest) -> bool:
    # A made-up query string is answered but not kept: it cannot fill Redis.
    return request.method in ("GET", "HEAD") and PARAMETERS.issuperset(request.GET)


def _cacheable_request(request: HttpRequest) -> bool:
    # Asked before the sessions are read. Whoever is logged in is given the page everyone
    # is: the page shows nothing of who asks. Whoever has a message waiting holds its
    # cookie (MESSAGE_STORAGE), and is given a page rendered with it.
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and _public_request(request)
        and CookieStorage.cookie_name not in request.COOKIES
        and _is_public_page(
            request.path_info,
            _language(request),
            getattr(request, "urlconf", None) or settings.ROOT_URLCONF,
        )
    )


def _same_for_everyone(response: HttpResponse) -> bool:
    return response.status_code == 200 and not response.streaming and not response.cookies


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    # A page holding a CSRF token belongs to one visitor.
    return _same_for_everyone(response) and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")


def _key(kind: str, request: HttpRequest, *, compressed: bool = True) -> str:
    # The whole address: the iCal feeds hold absolute links to the host asked.
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    day, language = timezone.localdate().isoformat(), _language(request)
    # GZipMiddleware's own test: the key follows exactly what it would send.
    takes_gzip = re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
    encoding = "gzip" if compressed and takes_gzip else ""
    return f"{kind}:{day}:{language}:{encoding}:{address}"


def _kept(key: str) -> tuple[str, object | None]:
    """The current generation and what is kept under the key if made in it, in one
    round trip. Raises RedisError."""
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    made_in, value = found.get(key, (None, None))
    return current, value if made_in == current else None


def _keep(key: str, current: str, value: object, seconds: int) -> None:
    try:
        cache.set(key, (current, value), seconds)
    except RedisError:
        logger.exception("%s could not be cached", key.split(":", 1)[0])


def content_kept_for(request: HttpRequest) -> bool:
    """Whether what this request's page shows is kept: only while a public view runs,
    so never an error page rendered after it failed."""
    return (
        settings.PUBLIC_CONTENT_CACHE_SECONDS > 0
        and getattr(request, "in_public_page", False)
        and _public_request(request)
    )


def _kept_or_made(
    request: HttpRequest,
    kind: str,
    make: Callable[[], T],
    *,
    compressed: bool,
    worth_keeping: Callable[[T], bool] = lambda made: True,
) -> T:
    """What this public page shows, from the cache, or made (and kept there, if worth
    keeping): the same for every visitor, logged in or not. Made afresh for a page that
    is not public, and when Redis is out of reach."""
    if not content_kept_for(request):
        return make()
    key = _key(kind, request, compressed=compressed)
    try:
        current, kept = _kept(key)
    except RedisError:
        logger.exception("the content cache is out of reach; %s is made afresh", kind)
        return make()
    if kept is None:
        kept = make()
        if worth_keeping(kept):
            _keep(key, current, kept, settings.PUBLIC_CONTENT_CACHE_SECONDS)
    return kept


def public_content(request: HttpRequest, make: Callable[[], str]) -> str:
    """The content of this public page's layout (see _kept_or_made). Kept plain:
    GZipMiddleware compresses the page it is put into."""
    return _kept_or_made(request, "public-content", make, compressed=False)


def when_shown(compute: Callable[..., T], *args) -> T:
    """A value for a public page's content, worked out the first time the content uses
    it: never when the content comes from the cache."""
    return SimpleLazyObject(functools.partial(compute, *args))


View = Callable[..., HttpResponse]


def public_page(view: View | None = None, *, without_layout: bool = False):
    """Make the view a public page, which PublicPageMiddleware serves to anonymous
    visitors from the cache (see the module). The content block of its layout is kept
    for everyone else; a page `without_layout` (a feed) is kept whole. Either is the
    same for every visitor: nothing in it may depend on who asks.

    Its answer is compressed here, before it is kept, when the visitor takes gzip;
    GZipMiddleware then leaves it as it is. The view runs outside ATOMIC_REQUESTS'
    transaction: it only reads.
    """
    if view is None:
        return functools.partial(public_page, without_layout=without_layout)
    view = gzip_page(view)
    if without_layout:
        view = _kept_whole(view)
    view = transaction.non_atomic_requests(_marked_while_it_runs(_as_for_anyone(view)))
    view.is_public_page = True
    return view


def _as_for_anyone(view: View) -> View:
    """Run the view as for an anonymous visitor, whoever asks: what it renders is kept
    for everyone, so nothing of one visitor (name, permissions) may get into it, even
    through a template that looks at `user`. Nor does the view read the session, so its
    page does not vary on the Cookie header."""

    @functools.wraps(view)
    def for_anyone(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        visitor = vars(request).get("user")
        request.user = AnonymousUser()
        try:
            return view(request, *args, **kwargs)
        finally:
            if visitor is None:
                del request.user
            else:
                request.user = visitor

    return for_anyone


def _marked_while_it_runs(view: View) -> View:
    @functools.wraps(view)
    def public_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        request.in_public_page = True
        try:
            return view(request, *args, **kwargs)
        finally:
            request.in_public_page = False

    return public_view


def _kept_whole(view: View) -> View:
    """The answer of a page without a layout, the same for every visitor, kept as
    public_content keeps a page's content. Kept compressed, as the page cache keeps it:
    compressing the feed (260 KB at the benchmark's size) took longer than the rest of
    a request served so."""

    @functools.wraps(view)
    def answer(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        return _kept_or_made(
            request,
            "public-answer",
            lambda: view(request, *args, **kwargs),
            compressed=True,
            worth_keeping=_same_for_everyone,
        )

    return answer


class PublicPageMiddleware:
    """Serves public pages from the cache, high in MIDDLEWARE (under GZipMiddleware): a
    page from the cache is answered before sessions, CSRF, authentication, messages and
    the rest are set up for the request, which it does not need. What those add to a
    page's headers (CSP, X-Frame-Options, Vary, Content-Language) was added when it was
    rendered, and is kept with it; SecurityMiddleware, above, adds its own to every
    answer. A 304 takes the page's ETag and Vary, as Django's conditional GET does."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not _cacheable_request(request):
            return self.get_response(request)
        key = _key("public-page", request)
        try:
            current, page = _kept(key)
        except RedisError:
            logger.exception("the page cache is out of reach; the page is rendered")
            return self.get_response(request)
        # The page's version: the same while the generation, the day and the address are.
        etag = quote_etag(hashlib.sha256(f"{current}:{key}".encode()).hexdigest()[:32])
        if page is None:
            page = self.get_response(request)
            if not _cacheable_response(request, page):
                return page
            page["ETag"] = etag
            _keep(key, current, page, settings.PUBLIC_PAGE_CACHE_SECONDS)
        # A browser or calendar app that holds this version is answered 304 Not Modified
        # with the page's ETag and Vary (Django takes them from the page), and no body.
        return get_conditional_response(request, etag=etag, response=page)
