"""Public pages served from Redis until the data behind them changes.

A public page is the same for everyone who sees it, logged in or not: it depends on
the records of the members, governance, events, documents and about apps, on its address,
on the language and on today's date, and on nothing of the visitor. Its layout links everyone
alike to the account page, where what is personal lives (who is logged in, the
log-out button and its CSRF token). So one cache serves everyone: a page is kept under
a key made of its address, the language and the date, together with the *generation*
it was made in: a token in Redis that every change to those records replaces. A page
of another generation is rendered afresh, so the next request after an edit shows it.

Views are made public pages with @public_page; PublicPageMiddleware, high in
MIDDLEWARE, answers from the cache before the middleware below it runs (sessions are
not read). It renders the page instead for a visitor with a message waiting (messages
wait in a cookie of their own, MESSAGE_STORAGE), and keeps only an answer that is the
same for everyone: a 200 that sets no cookie and holds no CSRF token. As a guard, a
public view runs as for an anonymous visitor whoever asks, so nothing of one visitor
can be kept for another even if a template looked at `user`.

Only the addresses the portal's own links give are kept, so made-up ones cannot fill
Redis. A public view names the query parameters it takes (@public_page(parameters=...));
a request with any other, or with one twice, is answered but not kept. A filter value
the view rejects is a 400 and an unknown record a 404, never kept; a value it takes but
spelt otherwise than its links spell it (?nation=EST for ?nation=est) is answered and
marked not_kept.

A visitor whose browser takes gzip (every browser and calendar app does) is given the
page compressed, and it is kept compressed: compressed once when rendered, not on
every request (the calendar feed is ten times smaller so).

Each page kept is sent with an ETag made of its key and generation: a browser or a
calendar app asking again with it is answered 304 Not Modified until the data, the day
or the release changes, without the page being sent or rendered.

Django's cache_page does not fit: its key cannot follow the data, and it varies on
the Cookie header as soon as a page looks at the session, so a visitor holding any
cookie would miss.
"""

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable, Iterable

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
from django.utils.http import quote_etag, urlencode
from django.views.decorators.gzip import gzip_page
from redis import RedisError
from simple_history.models import HistoricalChanges

logger = logging.getLogger(__name__)

# The apps whose records the public pages show, and their models no public page shows.
# The awards' two models are both read by the roll of honour (a nomination becomes a
# line of it when conferred), so neither is left out.
PUBLIC_DATA_APPS = ("members", "governance", "events", "documents", "about", "council", "awards")
NOT_SHOWN = frozenset(
    {
        "governance.membershipapplication",
        # The council's public pages show sessions, their items and decisions; not the
        # roll, the votes as they are cast (a ballot would retire every page sixty
        # times in a minute), the motions or the minutes, which are the council's.
        "council.ballot",
        "council.seat",
        "council.proxy",
        "council.poll",
        "council.motion",
        "council.motion_papers",
        "council.minutes",
        "council.councilrules",
        "council.votingrule",
    }
)
GENERATION_KEY = "public-pages:generation"


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def invalidate(**kwargs) -> bool:
    """Retire every cached public page. Redis out of reach: the change stands, and the
    retirement is owed in the database (PagesToRetire), for retire_owed_pages to do
    once Redis answers. False then."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except RedisError:
        logger.warning("the public pages could not be retired now; it is owed")
        from .models import PagesToRetire

        PagesToRetire.objects.get_or_create(pk=1, defaults={"since": timezone.now()})
        return False
    return True


def retire_owed_pages() -> bool:
    """Retire the public pages if an edit while Redis was out of reach owes it (a
    periodic task asks every minute). True when nothing is owed any more."""
    from .models import PagesToRetire
    from .personal_cache import GENERATION_KEY as PERSONAL_GENERATION_KEY

    owed = PagesToRetire.objects.filter(pk=1).values_list("since", flat=True).first()
    if owed is None:
        return True
    try:  # the personal pages' too (confed.personal_cache), owed the same way
        cache.set_many(
            {GENERATION_KEY: uuid.uuid4().hex, PERSONAL_GENERATION_KEY: uuid.uuid4().hex},
            timeout=None,
        )
    except RedisError:
        return False
    # Only the debt seen: one owed by an edit since then stays for the next round.
    PagesToRetire.objects.filter(pk=1, since=owed).delete()
    return True


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
def _parameters_taken(path: str, language: str, urlconf: str) -> frozenset[str] | None:
    """The query parameters the public page at this path takes; None for a path that is
    no public page."""
    try:
        with translation.override(language):  # the French pages resolve under /fr/
            match = resolve(path, urlconf)
    except Resolver404:
        return None
    return getattr(match.func, "public_parameters", None)


def _cacheable_request(request: HttpRequest) -> bool:
    # Asked before the sessions are read. Whoever is logged in is given the page everyone
    # is: the page shows nothing of who asks. Whoever has a message waiting holds its
    # cookie (MESSAGE_STORAGE), and is given a page rendered with it.
    if (
        settings.PUBLIC_PAGE_CACHE_SECONDS <= 0
        or request.method not in ("GET", "HEAD")
        or CookieStorage.cookie_name in request.COOKIES
    ):
        return False
    taken = _parameters_taken(
        request.path_info,
        _language(request),
        getattr(request, "urlconf", None) or settings.ROOT_URLCONF,
    )
    # Only the parameters the page takes, each once, and written as the page's own links
    # write them (no stray "&", no needless %-escape): any other is answered but not
    # kept, so made-up query strings cannot fill Redis.
    return (
        taken is not None
        and all(name in taken and len(values) == 1 for name, values in request.GET.lists())
        and request.META.get("QUERY_STRING", "") == _query(request)
    )


def _query(request: HttpRequest, *, ordered: bool = False) -> str:
    """The query string as the portal writes it; `ordered`, with its parameters in one
    order, so that one page is kept once whatever order they came in."""
    pairs = [(name, value) for name, values in request.GET.lists() for value in values]
    return urlencode(sorted(pairs) if ordered else pairs)


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    # An answer that sets or deletes a cookie (a message shown, a CSRF token), or holds
    # a CSRF token, belongs to one visitor.
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
        and not getattr(response, "not_kept", False)
    )


def _key(request: HttpRequest) -> str:
    # The whole address: the iCal feeds hold absolute links to the host asked.
    url = f"{request.build_absolute_uri(request.path)}?{_query(request, ordered=True)}"
    address = hashlib.sha256(url.encode()).hexdigest()
    day, language = timezone.localdate().isoformat(), _language(request)
    # GZipMiddleware's own test: the key follows exactly what it would send.
    takes_gzip = re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
    return f"public-page:{day}:{language}:{'gzip' if takes_gzip else ''}:{address}"


def _kept(key: str) -> tuple[str, HttpResponse | None]:
    """The current generation and the page kept under the key if made in it, in one
    round trip. Raises RedisError."""
    found = cache.get_many([GENERATION_KEY, key])
    current = found.get(GENERATION_KEY) or generation()
    made_in, value = found.get(key, (None, None))
    return current, value if made_in == current else None


def _keep(key: str, current: str, page: HttpResponse) -> None:
    try:
        cache.set(key, (current, page), settings.PUBLIC_PAGE_CACHE_SECONDS)
    except RedisError:
        logger.exception("the page could not be cached")


View = Callable[..., HttpResponse]


def public_page(view: View | None = None, *, parameters: Iterable[str] = ()):
    """Make the view a public page, which PublicPageMiddleware serves from the cache to
    everyone (see the module): nothing in it may depend on who asks, and the view runs
    as for an anonymous visitor whoever asks. `parameters` names the query parameters
    the view takes; a request with any other is answered but not kept.

    Its answer is compressed here, before it is kept, when the visitor takes gzip;
    GZipMiddleware then leaves it as it is. The view runs outside ATOMIC_REQUESTS'
    transaction: it only reads.
    """
    if view is None:
        return functools.partial(public_page, parameters=parameters)
    public_view = transaction.non_atomic_requests(_as_for_anyone(gzip_page(view)))
    public_view.public_parameters = frozenset(parameters)
    return public_view


def not_kept(response: HttpResponse) -> HttpResponse:
    """Mark a public page's answer as one the page cache does not keep: right for this
    request, but under an address the portal's own links never give (a value spelt
    otherwise than the page spells it), of which there may be no end."""
    response.not_kept = True
    return response


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
        key = _key(request)
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
            _keep(key, current, page)
        # A browser or calendar app that holds this version is answered 304 Not Modified
        # with the page's ETag and Vary (Django takes them from the page), and no body.
        return get_conditional_response(request, etag=etag, response=page)
