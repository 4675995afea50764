"""Public pages served from Redis until the data behind them changes.

A public page is the same for every anonymous visitor: it depends on the records of
the members, governance and events apps, on the language and on today's date. So it
is cached under a key made of the path, the language and the date, together with the
*generation* it was made in: a token in Redis that every change to those records
replaces. A page of another generation is rendered afresh, so the next request after
an edit shows it.

Django's cache_page does not fit: its key cannot follow the data, and it varies on
the Cookie header as soon as a page looks at the session (every page does, for the
"Log in" link), so a visitor holding any cookie would miss.
"""

import functools
import hashlib
import uuid
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation

# The apps whose records the public pages show.
PUBLIC_DATA_APPS = frozenset({"members", "governance", "events"})
GENERATION_KEY = "public-pages:generation"


def generation() -> str:
    token = cache.get(GENERATION_KEY)
    if token is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        token = cache.get(GENERATION_KEY)
    return token


def invalidate() -> None:
    """Retire every cached public page."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


def invalidate_on_change(sender, **kwargs) -> None:
    if sender._meta.app_label not in PUBLIC_DATA_APPS:
        return
    # Now, for this process's next request, and again once the change is committed:
    # a page rendered from the old data by another request in between is retired too.
    invalidate()
    transaction.on_commit(invalidate)


def connect_signals() -> None:
    for signal in (post_save, post_delete, m2m_changed):
        signal.connect(invalidate_on_change, dispatch_uid=f"public-pages-{signal!r}")


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PUBLIC_PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and not request.user.is_authenticated
        and not len(messages.get_messages(request))  # looking does not consume them
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        # A page holding a CSRF token belongs to one visitor.
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def _page_key(request: HttpRequest) -> str:
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"public-page:{timezone.localdate().isoformat()}:{translation.get_language()}:{path}"


def public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the view's answer to anonymous visitors from the cache (see the module)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _page_key(request)
        # One round trip for both: the page is kept with the generation it was made in.
        found = cache.get_many([GENERATION_KEY, key])
        current = found.get(GENERATION_KEY) or generation()
        made_in, response = found.get(key, (None, None))
        if made_in == current:
            return response
        response = view(request, *args, **kwargs)
        if _cacheable_response(request, response):
            cache.set(key, (current, response), settings.PUBLIC_PAGE_CACHE_SECONDS)
        return response

    return wrapper
