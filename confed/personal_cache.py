"""A personal page kept for the session it was rendered for, until the data changes.

A page of one's own (a vice president's area) is never in the public cache: it names
who asks and holds their CSRF token. Rendered, it costs a dozen queries; asked again
and again (a head of delegation keeps it open, reloads it), the same page comes out.
So a view made with @personal_page is kept in Redis under a key of the session cookie
and the CSRF cookie it was rendered for, its whole address, the language and today's
date, together with the *generation* it was made in: a token that every save, delete
or many-to-many change of any record such a page can show replaces, once when it
happens and again when its transaction commits, as the public generation is
(confed.cache). So an edit shows on the next request, and a page kept yesterday is
not served today.

What keeps it one person's:
- Only the session it was rendered for is given it: another session, another vice
  president's or the same person's on another browser, has another key. The CSRF
  token in its forms is the one of the CSRF cookie in the key, so it stays valid (and
  the cookie is sent again with it, as Django sends it with every token). A request
  without a CSRF cookie is given the cookie the page was rendered with, and the token
  that goes with it.
- A session's end retires it: logging out, logging in again (a new session), a
  password changed, an account closed, an app set up for a second factor or a code
  given are all saves or deletes of a session, an account or a device, and replace
  the generation. A page is not kept past the session's own expiry.
- It is served before sessions, authentication and the second factor are set up (the
  cost it saves), so it is kept only when they let the page through: a 200, for the
  session in the key, that sets no cookie but that CSRF one.
- Never a page with a message (its cookie, MESSAGE_STORAGE), never for a POST, never
  for an address with a query string.
- Its answers say Cache-Control: private, kept or not: no shared cache keeps them.

Only views whose records are all written through save() and delete() (the signals)
may be personal pages: an update() of a queryset retires nothing.
"""

import functools
import hashlib
import logging
import uuid
from collections.abc import Callable

from django.apps import apps
from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save
from django.http import HttpRequest, HttpResponse
from django.middleware.gzip import re_accepts_gzip
from django.urls import Resolver404, resolve
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.views.decorators.gzip import gzip_page
from redis import RedisError
from simple_history.models import HistoricalChanges

from .cache import PUBLIC_DATA_APPS, _language

logger = logging.getLogger(__name__)

# The records a personal page may show: the public ones (every one, those no public
# page shows too), the apps of the personal pages, and what says who is logged in and
# whether they gave their second factor.
PERSONAL_DATA_APPS = (
    *PUBLIC_DATA_APPS,
    "delegations",
    "subscriptions",
    "elections",
    "auth",
    "sessions",
    "otp_totp",
    "otp_static",
    "otp_email",
)
GENERATION_KEY = "personal-pages:generation"

View = Callable[..., HttpResponse]


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def invalidate(**kwargs) -> bool:
    """Retire every personal page kept. Redis out of reach: the change stands, and the
    retirement is owed in the database, as the public pages' is (retire_owed_pages
    retires both). False then."""
    try:
        cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
    except RedisError:
        logger.warning("the personal pages could not be retired now; it is owed")
        from .models import PagesToRetire

        PagesToRetire.objects.get_or_create(pk=1, defaults={"since": timezone.now()})
        return False
    return True


def invalidate_on_change(sender, **kwargs) -> None:
    # Now, and again once committed: a page rendered in between from the old data goes.
    invalidate()
    transaction.on_commit(invalidate, robust=True)


def shown_models():
    for label in PERSONAL_DATA_APPS:
        for model in apps.get_app_config(label).get_models(include_auto_created=True):
            if not issubclass(model, HistoricalChanges):
                yield model


def connect_signals() -> None:
    for model in shown_models():
        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(invalidate_on_change, sender=model, dispatch_uid="personal-pages")
    post_migrate.connect(invalidate, dispatch_uid="personal-pages")


def personal_page(view: View) -> View:
    """Make the view a personal page, which PersonalPageMiddleware keeps for the session
    it was rendered for (see the module). Its answer is compressed here, before it is
    kept, when the visitor takes gzip, and says Cache-Control: private."""

    @functools.wraps(view)
    def personal_view(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = compressed(request, *args, **kwargs)
        patch_cache_control(response, private=True)
        return response

    compressed = gzip_page(view)
    personal_view.personal_page = True
    return personal_view


@functools.lru_cache(maxsize=1024)
def _is_personal_page(path: str, language: str, urlconf: str) -> bool:
    try:
        with translation.override(language):  # the French pages resolve under /fr/
            match = resolve(path, urlconf)
    except Resolver404:
        return False
    return getattr(match.func, "personal_page", False)


def _key(request: HttpRequest) -> str | None:
    """The page's key, or None for a request it is not kept for."""
    session = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    if (
        settings.PERSONAL_PAGE_CACHE_SECONDS <= 0
        or request.method != "GET"
        or not session
        or CookieStorage.cookie_name in request.COOKIES
        or request.META.get("QUERY_STRING")
        or not _is_personal_page(
            request.path_info,
            _language(request),
            getattr(request, "urlconf", None) or settings.ROOT_URLCONF,
        )
    ):
        return None
    csrf = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    whose = f"{session}\n{csrf}\n{request.build_absolute_uri(request.path)}"
    day, language = timezone.localdate().isoformat(), _language(request)
    takes_gzip = re_accepts_gzip.search(request.headers.get("Accept-Encoding", ""))
    digest = hashlib.sha256(whose.encode()).hexdigest()
    return f"personal-page:{day}:{language}:{'gzip' if takes_gzip else ''}:{digest}"


def _seconds_left(request: HttpRequest) -> int:
    """How long the session has to live: the expiry its row holds for a session kept
    in the database (its expiry as it counts it is from now, not from its last save)."""
    session = request.session
    model = getattr(session, "get_model_class", None)
    if model is None:
        return session.get_expiry_age()
    expires = (
        model()
        .objects.filter(session_key=session.session_key)
        .values_list("expire_date", flat=True)
        .first()
    )
    return int((expires - timezone.now()).total_seconds()) if expires else 0


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    # Rendered for the session in the key, let through by authentication and the second
    # factor. No cookie set but the CSRF one, which Django sends again with every token
    # used (its expiry renewed): the cookie of the key, or for a visit without one, the
    # cookie the page's token is of.
    session = getattr(request, "session", None)
    user = getattr(request, "user", None)
    csrf = response.cookies.get(settings.CSRF_COOKIE_NAME)
    return (
        response.status_code == 200
        and not response.streaming
        and session is not None
        and session.session_key == request.COOKIES.get(settings.SESSION_COOKIE_NAME)
        and user is not None
        and user.is_authenticated
        and set(response.cookies) <= {settings.CSRF_COOKIE_NAME}
        and (
            csrf is None
            or settings.CSRF_COOKIE_NAME not in request.COOKIES
            or csrf.value == request.COOKIES[settings.CSRF_COOKIE_NAME]
        )
    )


class PersonalPageMiddleware:
    """Serves personal pages from the cache, high in MIDDLEWARE (under the public pages'),
    before sessions, CSRF, authentication, the second factor and the rest are set up:
    the page was kept only for a session they let through, and whatever would change
    their answer retires it. The headers they add were added when it was rendered."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        key = _key(request)
        if key is None:
            return self.get_response(request)
        try:
            found = cache.get_many([GENERATION_KEY, key])
            current = found.get(GENERATION_KEY) or generation()
        except RedisError:
            logger.exception("the page cache is out of reach; the page is rendered")
            return self.get_response(request)
        made_in, page = found.get(key, (None, None))
        if page is not None and made_in == current:
            return page
        page = self.get_response(request)
        if _keepable(request, page):
            seconds = min(settings.PERSONAL_PAGE_CACHE_SECONDS, _seconds_left(request))
            if seconds > 0:
                try:
                    cache.set(key, (current, page), seconds)
                except RedisError:
                    logger.exception("the page could not be cached")
        return page
