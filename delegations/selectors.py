"""Reads of the delegations. Each makes a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import QuerySet
from django.utils import timezone

from confed.i18n import sort_key
from events.models import Event
from members.models import Confederation, NationalAssociation

from .models import Delegation, DelegationStatus


def awaiting_approval() -> QuerySet[Delegation]:
    """Delegations the vice presidents have submitted and the secretariat not yet
    approved or returned."""
    return Delegation.objects.filter(status=DelegationStatus.SUBMITTED)


@dataclass
class Outstanding:
    """A confederation's next meeting that takes delegations, and the member
    associations whose delegation to it is not yet submitted."""

    confederation: Confederation
    meeting: Event
    associations: list[NationalAssociation] = field(default_factory=list)


def outstanding_for_next_meetings() -> list[Outstanding]:
    """For each confederation, its next public meeting whose last day for delegations
    is still ahead, and the active members that have not submitted a delegation to it
    (3 queries)."""
    meetings = (
        Event.objects.public()
        .taking_delegations(timezone.localdate())
        .prefetch_related("confederations")
        .order_by("last_day", "starts_on")
    )
    next_of: dict[int, Outstanding] = {}
    for meeting in meetings:
        for confederation in meeting.confederations.all():
            next_of.setdefault(confederation.pk, Outstanding(confederation, meeting))
    if not next_of:
        return []
    sent = set(
        Delegation.objects.filter(event__in={o.meeting.pk for o in next_of.values()})
        .exclude(status=DelegationStatus.DRAFT)
        .values_list("association_id", "event_id")
    )
    for association in (
        NationalAssociation.objects.active()
        .filter(confederation__in=list(next_of))
        .select_related("nation")
        .order_by("pk")
    ):
        outstanding = next_of[association.confederation_id]
        if (association.pk, outstanding.meeting.pk) not in sent:
            outstanding.associations.append(association)
    for outstanding in next_of.values():
        outstanding.associations.sort(key=lambda a: sort_key(a.nation))
    return sorted(
        next_of.values(), key=lambda o: (o.confederation.position, o.confederation.acronym)
    )
