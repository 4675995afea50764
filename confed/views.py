"""Pages that belong to the portal as a whole rather than to one app."""

import redis
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_safe

from members.models import Person
from members.selectors import confederations_with_member_counts

from . import personal_data
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


def _person(pk: int) -> Person:
    return get_object_or_404(Person.objects.select_related("nation", "association", "user"), pk=pk)


@never_cache
@require_safe
def personal_data_export(request: HttpRequest, pk: int) -> JsonResponse:
    """The secretariat's download of everything the portal holds about one person:
    a JSON file to send them. Under the admin (admin_view: staff with a second factor)."""
    if not request.user.has_perm("members.export_person"):
        raise PermissionDenied
    person = _person(pk)
    response = JsonResponse(
        personal_data.export(person), json_dumps_params={"indent": 2, "ensure_ascii": False}
    )
    name = slugify(person.full_name) or str(person.pk)
    response["Content-Disposition"] = f'attachment; filename="personal-data-{name}.json"'
    return response  # never_cache: no copy kept on the way


@never_cache
@require_http_methods(["GET", "POST"])
def personal_data_erase(request: HttpRequest, pk: int) -> HttpResponse:
    """Asks, then erases a person's contact data and account (personal_data.erase),
    saying what was done or why not."""
    if not request.user.has_perm("members.erase_person"):
        raise PermissionDenied
    person = _person(pk)
    change_url = reverse("admin:members_person_change", args=[person.pk])
    refusal = None
    if request.method == "POST":
        try:
            erased = personal_data.erase(person=person)
        except ValidationError as error:
            refusal = error.messages[0]
        else:
            if erased:
                message = _("%(person)s's contact data and account are erased.")
            else:
                message = _("%(person)s's contact data was erased already.")
            messages.success(request, message % {"person": person})
            return redirect(change_url)
    else:
        try:
            personal_data.check_erasable(person)
        except ValidationError as error:
            refusal = error.messages[0]
    return render(
        request,
        "admin/members/person/erase.html",
        {
            "person": person,
            "erased": personal_data.is_erased(person),
            "held": personal_data.export(person),
            "refusal": refusal,
            "change_url": change_url,
            "title": _("Erase the personal data of %(person)s") % {"person": person},
            "opts": Person._meta,
            **admin.site.each_context(request),
        },
        status=400 if refusal and request.method == "POST" else 200,
    )
