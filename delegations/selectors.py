"""Reads of the delegations. Each makes a fixed number of queries."""

from dataclasses import dataclass, field

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import QuerySet
from django.utils import timezone

from confed.i18n import sort_key
from events.models import MEETING_KINDS, Event
from members.models import Confederation, NationalAssociation
from subscriptions.selectors import Standing

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


def coming_meetings(confederation_ids: list[int]) -> list[Event]:
    """The public meetings of these confederations not yet over, the soonest first,
    each with those of its confederations among them as `confederation_ids` (1 query).
    Only what the vice president's area shows of a meeting is loaded."""
    return list(
        Event.objects.public()
        .filter(
            kind__in=MEETING_KINDS,
            ends_on__gte=timezone.localdate(),
            confederations__in=confederation_ids,
        )
        # Grouped by the meeting, the join the filter made: no DISTINCT over the
        # meetings' columns, no prefetch of their confederations.
        .annotate(confederation_ids=ArrayAgg("confederations__pk"))
        .only("slug", "title_en", "title_fr", "starts_on", "ends_on", "delegation_deadline")
        .order_by("starts_on", "title_en")
    )


@dataclass
class AreaRow:
    """One of the vice president's associations: its coming meetings, each with its
    delegation if one was started."""

    association: NationalAssociation
    meetings: list[tuple[Event, Delegation | None]]
    subscription: Standing | None = None


def area_rows(associations: list[NationalAssociation]) -> list[AreaRow]:
    """For each association, the coming meetings of its confederation and its
    delegation to each (2 queries, however many associations and meetings)."""
    meetings = coming_meetings(list({a.confederation_id for a in associations}))
    delegations = {
        (d.association_id, d.event_id): d
        for d in Delegation.objects.filter(association__in=associations, event__in=meetings)
        .order_by()
        .only("association_id", "event_id", "status", "return_comment")
    }
    return [
        AreaRow(
            association,
            [
                (meeting, delegations.get((association.pk, meeting.pk)))
                for meeting in meetings
                if association.confederation_id in meeting.confederation_ids
            ],
        )
        for association in associations
    ]
