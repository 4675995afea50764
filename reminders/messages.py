"""Each reminder's email, from the data as it is when it is sent: a reminder whose
reason has gone (the term was renewed, the delegation submitted, the application
decided) renders to nothing and is not sent."""

from dataclasses import dataclass

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from confed.emails import one_line
from council.models import Poll, Seat
from delegations.models import Delegation, DelegationStatus
from events.models import Event
from governance.models import PENDING_APPLICATION_STATUSES, MembershipApplication, Term
from governance.selectors import leadership
from members.models import Confederation, NationalAssociation
from subscriptions.models import Invoice
from subscriptions.selectors import standing

from .models import Reminder, ReminderKind


@dataclass
class Message:
    subject: str
    text: str
    html: str


def _term(reminder: Reminder) -> dict | None:
    term = (
        Term.objects.select_related("office__confederation", "person")
        .filter(pk=reminder.subject.split(":")[1])
        .first()
    )
    if term is None or term.ends_on != reminder.target_on:
        return None  # renewed or changed: the reminder for the new date is another one
    return {"term": term, "confederation": term.office.confederation}


def _application(reminder: Reminder) -> dict | None:
    application = (
        MembershipApplication.objects.select_related("confederation")
        .filter(pk=reminder.subject.split(":")[1], status__in=PENDING_APPLICATION_STATUSES)
        .first()
    )
    if application is None:
        return None
    return {"application": application, "confederation": application.confederation}


def _applications_before_meeting(reminder: Reminder) -> dict | None:
    _, event_id, confederation_id = reminder.subject.split(":")
    meeting = Event.objects.filter(pk=event_id, starts_on=reminder.target_on).first()
    confederation = Confederation.objects.filter(pk=confederation_id).first()
    if meeting is None or confederation is None:
        return None
    applications = list(
        MembershipApplication.objects.filter(
            confederation=confederation, status__in=PENDING_APPLICATION_STATUSES
        )
    )
    if not applications:
        return None
    return {"meeting": meeting, "confederation": confederation, "applications": applications}


def _delegation(reminder: Reminder) -> dict | None:
    _, association_id, event_id = reminder.subject.split(":")
    meeting = Event.objects.filter(pk=event_id).first()
    if meeting is not None and meeting.last_day_for_delegations != reminder.target_on:
        meeting = None
    association = (
        NationalAssociation.objects.select_related("confederation", "nation")
        .filter(pk=association_id)
        .first()
    )
    if meeting is None or association is None:
        return None  # the deadline moved: the reminder for the new one is another one
    delegation = Delegation.objects.filter(association=association, event=meeting).first()
    if delegation is not None and delegation.status != DelegationStatus.DRAFT:
        return None
    return {
        "meeting": meeting,
        "association": association,
        "confederation": association.confederation,
        "delegation": delegation,
        "days": (reminder.target_on - timezone.localdate()).days,
    }


def _vacancies(reminder: Reminder) -> dict | None:
    confederation_id = int(reminder.subject.split(":")[1])
    for entry in leadership():
        if entry.confederation.pk == confederation_id and entry.vacancies:
            return {"confederation": entry.confederation, "vacancies": entry.vacancies}
    return None


def _subscription_due(reminder: Reminder) -> dict | None:
    invoice = (
        Invoice.objects.not_void()
        .select_related("confederation", "association__confederation")
        .filter(pk=reminder.subject.split(":")[1], due_on=reminder.target_on)
        .first()
    )
    if invoice is None or invoice.due_on < timezone.localdate():
        return None  # voided, or past its due date: the arrears reminders take over
    entry = standing(invoice.association)
    owed = next((i for i in entry.invoices if i.invoice.pk == invoice.pk), None)
    if owed is None or not owed.outstanding:
        return None  # paid or credited meanwhile
    return {
        "invoice": invoice,
        "outstanding": owed.outstanding,
        "confederation": invoice.confederation,
        "days": (invoice.due_on - timezone.localdate()).days,
    }


def _subscription_arrears(reminder: Reminder) -> dict | None:
    association = (
        NationalAssociation.objects.select_related("confederation", "nation")
        .filter(pk=reminder.subject.split(":")[1])
        .first()
    )
    if association is None:
        return None
    entry = standing(association)
    if not entry.in_arrears:
        return None  # paid meanwhile
    return {"association": association, "standing": entry,
            "confederation": association.confederation}  # fmt: skip


def _written_vote(reminder: Reminder) -> dict | None:
    _poll, poll_id, _seat, seat_id = reminder.subject.split(":")
    poll = (
        Poll.objects.select_related("item__session__confederation")
        .filter(pk=poll_id, closed_at__isnull=True, closes_at__gt=timezone.now())
        .first()
    )
    seat = Seat.objects.select_related("association__nation").filter(pk=seat_id).first()
    if poll is None or seat is None or poll.ballots.filter(seat=seat).exists():
        return None  # closed, or the seat has voted meanwhile
    return {"poll": poll, "seat": seat, "session": poll.item.session}


CONTEXT = {
    ReminderKind.TERM_ENDING: _term,
    ReminderKind.APPLICATION_WAITING: _application,
    ReminderKind.APPLICATIONS_BEFORE_MEETING: _applications_before_meeting,
    ReminderKind.DELEGATION_DEADLINE: _delegation,
    ReminderKind.VACANT_OFFICES: _vacancies,
    ReminderKind.SUBSCRIPTION_DUE: _subscription_due,
    ReminderKind.SUBSCRIPTION_IN_ARREARS: _subscription_arrears,
    ReminderKind.WRITTEN_VOTE: _written_vote,
}


def render(reminder: Reminder) -> Message | None:
    """The reminder's email in its recipient's language, or None if no longer needed."""
    context = CONTEXT[reminder.kind](reminder)
    if context is None:
        return None
    context = {**context, "reminder": reminder, "portal_url": settings.PORTAL_URL}
    template = f"reminders/emails/{reminder.kind}"
    with translation.override(reminder.language):
        subject = one_line(render_to_string(f"{template}_subject.txt", context))
        text = render_to_string(f"{template}.txt", context)
        html = render_to_string(
            "reminders/emails/layout.html", {"subject": subject, "text": text, **context}
        )
    return Message(subject, text, html)
