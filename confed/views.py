"""Pages that belong to the portal as a whole rather than to one app."""

import redis
from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from members.selectors import confederations_with_member_counts

from .cache import public_page


@public_page
@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", {"confederations": confederations_with_member_counts()})


def _database_reachable() -> bool:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            return cursor.fetchone() == (1,)
    except DatabaseError:
        return False


def _redis_reachable() -> bool:
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2, socket_connect_timeout=2)
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False
    finally:
        client.close()


@never_cache
@require_safe
@transaction.non_atomic_requests  # must answer even when the database cannot
def healthz(request: HttpRequest) -> JsonResponse:
    """200 when PostgreSQL and Redis answer; 503 naming the one that does not."""
    checks = {
        "database": "ok" if _database_reachable() else "unreachable",
        "redis": "ok" if _redis_reachable() else "unreachable",
    }
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks}, status=200 if healthy else 503
    )
