import logging

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import is_ratelimited
from redis import RedisError

logger = logging.getLogger(__name__)


def visitor_address(request: HttpRequest) -> str:
    """The visitor's address, for rate limits (django-ratelimit) and login throttling
    (django-axes), so both count the same visitor.

    Behind a reverse proxy (production), REMOTE_ADDR is the proxy's own: then the
    address the proxy appended to X-Forwarded-For, the last one, is the visitor's.
    Earlier entries are the client's to forge, so they are not read.
    """
    if settings.BEHIND_PROXY:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def client_address(group: str, request: HttpRequest) -> str:
    """visitor_address as a django-ratelimit key."""
    return visitor_address(request)


def login_username(request: HttpRequest, credentials: dict | None) -> str:
    """The username a login tried, as django-axes records it: cut to the 150 characters
    a username may have, so that a hostile one cannot overflow axes' own columns."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    return str(username)[:150]


def too_many(request: HttpRequest, *, group: str, key, rate: str) -> bool:
    """Whether this POST goes beyond `rate` for its `key` (django-ratelimit; the counts
    are kept in Redis). With Redis out of reach the request is let through, and the
    outage logged: what a person asks of the portal matters more than a limit on
    robots, which other guards (a honeypot, the login throttle) also stop."""
    try:
        return is_ratelimited(
            request, group=group, key=key, rate=rate, method="POST", increment=True
        )
    except RedisError:
        logger.exception("the rate limit %s is out of reach; the request is let through", group)
        return False


def posted_email(group: str, request: HttpRequest) -> str:
    """The address a form was posted with, as a django-ratelimit key."""
    return str(request.POST.get("email", "")).strip().lower()[:254]
