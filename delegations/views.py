"""The national vice president's area. Each view: who may (rules.py), bind, call a
service, say what happened. Another association's objects answer 404, GET or POST."""

import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_safe

from confed.i18n import nation_in_sentence
from confed.personal_cache import personal_page
from documents.selectors import council_papers
from events import ical
from events.models import MEETING_KINDS, Event
from governance.selectors import associations_led_by, councils_of_user, current_vice_president
from members.models import NationalAssociation
from subscriptions.selectors import standings

from . import selectors, services
from .forms import AddMemberForm
from .models import Delegation, DelegationMember, DelegationStatus, PrivateFeed, Role


class MethodNotAllowed(Exception):
    """A GET to a POST-only URL, raised only after the access check."""


def posted(view):
    """Answer 405 to anything but POST, but only once the view has found that the
    visitor may see the delegation at all (so outsiders get 404 for GET too)."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except MethodNotAllowed:
            return HttpResponseNotAllowed(["POST"])

    return wrapper


@personal_page
@login_required
@transaction.non_atomic_requests  # it only reads, as the public pages do
def area(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("delegations.use_area"):
        raise PermissionDenied(_("Only a national vice president in office has an area here."))
    associations = associations_led_by(request.user)
    rows = selectors.area_rows(associations)
    councils = councils_of_user(request.user)
    papers = council_papers(sorted({a.confederation_id for a in associations} & councils))
    feed = PrivateFeed.objects.filter(user=request.user).only("token").first()
    subscriptions = standings(associations)
    for row in rows:
        row.subscription = subscriptions[row.association.pk]
    return render(
        request,
        "delegations/area.html",
        {"rows": rows, "council_papers": papers, "private_feed": feed},
    )


def _coming_meetings(associations) -> list[Event]:
    today = timezone.localdate()
    return list(
        Event.objects.public()
        .filter(kind__in=MEETING_KINDS, ends_on__gte=today)
        .filter(confederations__in=[a.confederation_id for a in associations])
        .prefetch_related("confederations")
        .with_acronyms()  # for the private feed's
        .distinct()
        .order_by("starts_on")
    )


@login_required
@posted
def renew_private_feed(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("delegations.use_area"):
        raise PermissionDenied(_("Only a national vice president in office has an area here."))
    if request.method != "POST":
        raise MethodNotAllowed
    services.renew_private_feed(user=request.user)
    messages.success(
        request,
        _("Your private calendar has a new address; the old one no longer works."),
    )
    return redirect("delegations:area")


@require_safe
def private_feed(request: HttpRequest, token: str) -> HttpResponse:
    """A vice president's meetings and delegation deadlines, at a secret address (a
    calendar app asks without logging in). It follows their term and their account:
    once the term has ended or the account is closed, the address answers 404, as an
    unknown one does."""
    feed = PrivateFeed.objects.filter(token=token, user__is_active=True).first()
    associations = associations_led_by(feed.user) if feed is not None else []
    if not associations:
        raise Http404
    meetings = _coming_meetings(associations)
    stamp = feed.renewed_at
    deadlines = [
        ical.day_component(
            uid=f"delegation-deadline-{association.pk}-{meeting.pk}",
            day=meeting.last_day_for_delegations,
            summary=_("Delegation of %(nation)s to %(meeting)s due")
            % {"nation": nation_in_sentence(association.nation, "de"), "meeting": meeting.title},
            url=request.build_absolute_uri(
                reverse("delegations:delegation_detail", args=[association.pk, meeting.slug])
            ),
            stamp=stamp,
        )
        for association in associations
        for meeting in meetings
        if association.confederation in meeting.confederations.all()
    ]
    body = ical.calendar(
        meetings,
        name=_("CIOR · CIOMR: my delegations"),
        absolute_url=request.build_absolute_uri,
        also=deadlines,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="my-delegations.ics"'
    response["Cache-Control"] = "private, no-store"
    return response


def _context(request: HttpRequest, association_id: int, event_slug: str):
    """The association, meeting and delegation of a URL, or 404 for anyone who may not
    see them: another association's vice president learns nothing, not even that it
    exists."""
    association = get_object_or_404(
        NationalAssociation.objects.select_related("confederation", "nation"), pk=association_id
    )
    if not request.user.has_perm("delegations.view_for_association", association):
        raise Http404
    event = get_object_or_404(
        Event.objects.public().filter(
            kind__in=MEETING_KINDS, confederations=association.confederation
        ),
        slug=event_slug,
    )
    delegation = (
        Delegation.objects.filter(association=association, event=event)
        .select_related("event", "association__confederation")
        .first()
    ) or Delegation(association=association, event=event, status=DelegationStatus.DRAFT)
    return association, event, delegation


def _render_detail(request, association, event, delegation, *, form=None, errors=None, status=200):
    members = (
        list(delegation.members.select_related("person").order_by("seat")) if delegation.pk else []
    )
    history = []
    if delegation.pk:
        history = sorted(
            [
                *delegation.history.select_related("history_user"),
                *DelegationMember.history.filter(delegation_id=delegation.pk).select_related(
                    "history_user", "person"
                ),
            ],
            key=lambda record: record.history_date,
            reverse=True,
        )
    can_edit = request.user.has_perm("delegations.edit", delegation)
    head = current_vice_president(association)
    has_head = any(member.role == Role.HEAD for member in members)
    return render(
        request,
        "delegations/detail.html",
        {
            "association": association,
            "event": event,
            "delegation": delegation,
            "members": members,
            "limit": delegation.size_limit,
            "form": form
            or AddMemberForm(
                association=association,
                head=head.person if head is not None and not has_head else None,
            ),
            "is_full": len(members) >= delegation.size_limit,
            "secretariat_email": association.confederation.secretariat_email,
            "errors": errors or [],
            "history": history,
            "can_edit": can_edit,
            "can_reopen": request.user.has_perm("delegations.reopen", delegation),
            "deadline_passed": timezone.localdate() > event.last_day_for_delegations,
        },
        status=status,
    )


@login_required
def delegation_detail(request: HttpRequest, association: int, event: str) -> HttpResponse:
    association, event, delegation = _context(request, association, event)
    return _render_detail(request, association, event, delegation)


def _editable(request, association, event):
    association, event, delegation = _context(request, association, event)
    if request.method != "POST":
        raise MethodNotAllowed
    if not request.user.has_perm("delegations.edit", delegation):
        raise PermissionDenied(_("This delegation can no longer be changed here."))
    return association, event, delegation


@login_required
@posted
def add_member(request: HttpRequest, association: int, event: str) -> HttpResponse:
    association, event, delegation = _editable(request, association, event)
    form = AddMemberForm(request.POST, association=association)
    if form.is_valid():
        data = form.cleaned_data
        try:
            if data["person"] is not None:
                services.add_member(
                    association=association,
                    event=event,
                    person=data["person"],
                    role=data["role"],
                    added_by=request.user,
                )
            else:
                services.add_new_person(
                    association=association,
                    event=event,
                    person=form.new_person(),
                    role=data["role"],
                    added_by=request.user,
                )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Added to the delegation."))
            return redirect(delegation.get_absolute_url())
    return _render_detail(request, association, event, delegation, form=form, status=400)


@login_required
@posted
def remove_member(request: HttpRequest, association: int, event: str, member: int) -> HttpResponse:
    association, event, delegation = _editable(request, association, event)
    member = get_object_or_404(DelegationMember, pk=member, delegation__pk=delegation.pk or -1)
    try:
        services.remove_member(member=member)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(person)s is no longer in the delegation.") % {"person": member.person}
        )
    return redirect(delegation.get_absolute_url())


@login_required
@posted
def copy_previous(request: HttpRequest, association: int, event: str) -> HttpResponse:
    association, event, delegation = _editable(request, association, event)
    added = services.copy_previous(association=association, event=event, added_by=request.user)
    messages.info(
        request,
        ngettext(
            "%(count)s person added from the previous delegation.",
            "%(count)s people added from the previous delegation.",
            added,
        )
        % {"count": added},
    )
    return redirect(delegation.get_absolute_url())


@login_required
@posted
def submit(request: HttpRequest, association: int, event: str) -> HttpResponse:
    association, event, delegation = _editable(request, association, event)
    if not delegation.pk:
        errors = [_("The delegation has no member yet.")]
        return _render_detail(request, association, event, delegation, errors=errors, status=400)
    try:
        services.submit(delegation=delegation)
    except ValidationError as error:
        return _render_detail(
            request, association, event, delegation, errors=error.messages, status=400
        )
    messages.success(request, _("The delegation is submitted to the secretariat."))
    return redirect(delegation.get_absolute_url())


@login_required
@posted
def reopen(request: HttpRequest, association: int, event: str) -> HttpResponse:
    association, event, delegation = _context(request, association, event)
    if request.method != "POST":
        raise MethodNotAllowed
    if not request.user.has_perm("delegations.reopen", delegation):
        raise PermissionDenied(_("This delegation can no longer be taken back."))
    services.reopen(delegation=delegation)
    messages.info(request, _("The delegation is a draft again: change it, then submit it."))
    return redirect(delegation.get_absolute_url())
