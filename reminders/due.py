"""What reminders are due on a day: one function per rule, each a bounded number of
queries however many terms, applications, meetings or associations there are."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from council.models import Ballot, Poll, Seat
from council.selectors import rules_of, votes_on
from delegations.models import Delegation, DelegationStatus
from events.models import MEETING_KINDS, Event
from governance.models import (
    PENDING_APPLICATION_STATUSES,
    MembershipApplication,
    OfficeKind,
    Term,
)
from governance.selectors import leadership, rotations
from members.models import Confederation, NationalAssociation
from subscriptions.selectors import invoiced, standings
from subscriptions.services import vice_presidents_of

from .models import ReminderKind


@dataclass(frozen=True)
class Due:
    kind: str
    subject: str
    recipient: str
    language: str
    target_on: datetime.date
    lead_days: int
    due_on: datetime.date


def latest_lead(
    target_on: datetime.date, leads: list[int], today: datetime.date, *, last_day_counts: bool
) -> int | None:
    """Of the lead times whose day has come, the latest, while the target is still
    ahead. A day missed (the worker was down) is caught up by the next scan, but only
    the most recent lead is sent: nobody needs the 90-day notice 40 days late."""
    ahead = target_on >= today if last_day_counts else target_on > today
    if not ahead:
        return None
    passed = [d for d in leads if target_on - datetime.timedelta(days=d) <= today]
    return min(passed) if passed else None


def _presidents(confederation_ids) -> dict[int, Term]:
    return {
        term.office.confederation_id: term
        for term in Term.objects.current()
        .filter(office__kind=OfficeKind.PRESIDENT, office__confederation__in=confederation_ids)
        .select_related("office", "person")
    }


def _next_in_rotation_heads(confederation_ids) -> dict[int, Term]:
    """The National Vice President of the association that presides next in each
    confederation (governance.selectors.rotations; 4 queries)."""
    next_of = {
        pk: rotation.next_association
        for pk, rotation in rotations(list(confederation_ids)).items()
        if rotation.next_association is not None
    }
    heads = (
        Term.objects.current()
        .filter(
            office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT,
            office__association__in=list(next_of.values()),
        )
        .select_related("office", "person")
    )
    head_of = {term.office.association_id: term for term in heads}
    return {
        pk: head_of[association.pk]
        for pk, association in next_of.items()
        if association.pk in head_of
    }


def terms_ending(today: datetime.date) -> list[Due]:
    terms = list(
        Term.objects.filter(ends_on__gt=today, ends_on__lte=today + datetime.timedelta(days=366))
        .exclude(office__reminder_lead_days=[])
        .select_related("office__confederation", "person")
    )
    presidency = {
        t.office.confederation_id for t in terms if t.office.kind == OfficeKind.PRESIDENT
    }
    next_heads = _next_in_rotation_heads(presidency) if presidency else {}
    dues = []
    for term in terms:
        lead = latest_lead(
            term.ends_on, term.office.reminder_lead_days, today, last_day_counts=False
        )
        if lead is None:
            continue
        recipients = [(term.person.email, term.person.language)]
        recipients.append((term.office.confederation.secretariat_email, "en"))
        if term.office.kind == OfficeKind.PRESIDENT:
            head = next_heads.get(term.office.confederation_id)
            if head is not None:
                recipients.append((head.person.email, head.person.language))
        dues += [
            Due(ReminderKind.TERM_ENDING, f"term:{term.pk}", email, language, term.ends_on, lead,
                term.ends_on - datetime.timedelta(days=lead))
            for email, language in recipients
            if email
        ]  # fmt: skip
    return dues


def applications(today: datetime.date) -> list[Due]:
    pending = list(
        MembershipApplication.objects.filter(status__in=PENDING_APPLICATION_STATUSES)
        .select_related("confederation")
        .order_by("submitted_at")
    )
    presidents = _presidents({a.confederation_id for a in pending}) if pending else {}
    dues = []

    def to_secretariat_and_president(confederation: Confederation):
        yield confederation.secretariat_email, "en"
        president = presidents.get(confederation.pk)
        if president is not None:
            yield president.person.email, president.person.language

    for application in pending:
        confederation = application.confederation
        submitted_on = application.submitted_at.date()
        waited = (today - submitted_on).days
        if waited <= confederation.application_waiting_days:
            continue
        dues += [
            Due(ReminderKind.APPLICATION_WAITING, f"application:{application.pk}", email,
                language, submitted_on, confederation.application_waiting_days, today)
            for email, language in to_secretariat_and_president(confederation)
            if email
        ]  # fmt: skip
    # One email listing every pending application before each council meeting.
    days = settings.REMINDER_APPLICATIONS_BEFORE_MEETING_DAYS
    meetings = Event.objects.filter(
        kind__in=MEETING_KINDS,
        starts_on__gt=today,
        starts_on__lte=today + datetime.timedelta(days=days),
    ).prefetch_related("confederations")
    waiting_in = {a.confederation_id for a in pending}
    for meeting in meetings:
        for confederation in meeting.confederations.all():
            if confederation.pk not in waiting_in:
                continue
            dues += [
                Due(ReminderKind.APPLICATIONS_BEFORE_MEETING,
                    f"event:{meeting.pk}:{confederation.pk}", email, language, meeting.starts_on,
                    days, meeting.starts_on - datetime.timedelta(days=days))
                for email, language in to_secretariat_and_president(confederation)
                if email
            ]  # fmt: skip
    return dues


def delegation_deadlines(today: datetime.date) -> list[Due]:
    meetings = list(
        Event.objects.taking_delegations(
            today, today + datetime.timedelta(days=366)
        ).prefetch_related("confederations")
    )
    if not meetings:
        return []
    confederation_ids = {c.pk for m in meetings for c in m.confederations.all()}
    associations = defaultdict(list)
    for association in NationalAssociation.objects.active().filter(
        confederation__in=confederation_ids
    ):
        associations[association.confederation_id].append(association)
    done = set(
        Delegation.objects.filter(event__in=meetings)
        .exclude(status=DelegationStatus.DRAFT)
        .values_list("association_id", "event_id")
    )
    heads = {
        term.office.association_id: term.person
        for term in Term.objects.current()
        .filter(office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT)
        .filter(office__confederation__in=confederation_ids)
        .select_related("office", "person")
    }
    dues = []
    for meeting in meetings:
        for confederation in meeting.confederations.all():
            lead = latest_lead(
                meeting.last_day,
                confederation.delegation_reminder_days,
                today,
                last_day_counts=True,
            )
            if lead is None:
                continue
            for association in associations[confederation.pk]:
                head = heads.get(association.pk)
                if (association.pk, meeting.pk) in done or head is None or not head.email:
                    continue
                dues.append(
                    Due(ReminderKind.DELEGATION_DEADLINE,
                        f"delegation:{association.pk}:{meeting.pk}", head.email, head.language,
                        meeting.last_day, lead,
                        meeting.last_day - datetime.timedelta(days=lead))
                )  # fmt: skip
    return dues


def vacant_offices(today: datetime.date) -> list[Due]:
    """Once a week (the week's Monday is the target), to each secretariat with vacancies."""
    monday = today - datetime.timedelta(days=today.weekday())
    return [
        Due(ReminderKind.VACANT_OFFICES, f"vacancies:{entry.confederation.pk}",
            entry.confederation.secretariat_email, "en", monday, 0, monday)
        for entry in leadership(today)
        if entry.vacancies and entry.confederation.secretariat_email
    ]  # fmt: skip


def months_after(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, or that month's last day (31 March + 1: 30 April)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for last in (day.day, 30, 29, 28):
        try:
            return datetime.date(year, month, last)
        except ValueError:
            continue
    raise AssertionError("every month has a 28th")


def monthly_since(start: datetime.date, today: datetime.date) -> datetime.date | None:
    """The latest of the monthly dates after `start` (a month after it, two, ...) that
    has come by today; None within the first month."""
    months = (today.year - start.year) * 12 + today.month - start.month
    while months > 0 and months_after(start, months) > today:
        months -= 1
    return months_after(start, months) if months > 0 else None


def subscriptions(today: datetime.date) -> list[Due]:
    """Before an invoice falls due (the confederation's days) and on the day, while it
    asks for something; then monthly, from the oldest due date an association is in
    arrears for, one reminder listing all it owes. To the association's contact and its
    vice president; a withdrawn association still owes what it was invoiced (3 queries)."""
    by_pk = standings(invoiced(), today)
    owing = [entry for entry in by_pk.values() if entry.outstanding]
    heads = vice_presidents_of(entry.association.pk for entry in owing)
    dues = []
    for entry in owing:
        association = entry.association
        head = heads.get(association.pk)
        recipients = [(association.email, association.language)]
        if head is not None and head.email.lower() != association.email.lower():
            recipients.append((head.email, head.language))
        recipients = [(email, language) for email, language in recipients if email]
        for invoice_standing in entry.invoices:
            invoice = invoice_standing.invoice
            if not invoice_standing.outstanding or invoice.due_on < today:
                continue
            # A lead whose day came before the invoice was issued is not owed: the
            # invoice's own email said it all that day.
            leads = [0] + [
                lead
                for lead in association.confederation.subscription_reminder_days
                if invoice.due_on - datetime.timedelta(days=lead) > invoice.issued_on
            ]
            lead = latest_lead(invoice.due_on, leads, today, last_day_counts=True)
            if lead is None:
                continue
            dues += [
                Due(ReminderKind.SUBSCRIPTION_DUE, f"invoice:{invoice.pk}", email, language,
                    invoice.due_on, lead, invoice.due_on - datetime.timedelta(days=lead))
                for email, language in recipients
            ]  # fmt: skip
        month = monthly_since(entry.arrears_since, today) if entry.arrears_since else None
        if month is not None:
            dues += [
                Due(ReminderKind.SUBSCRIPTION_IN_ARREARS, f"arrears:{association.pk}", email,
                    language, month, 0, month)
                for email, language in recipients
            ]  # fmt: skip
    return dues


def written_votes(today: datetime.date) -> list[Due]:
    """The confederation's days before a written vote closes, to whoever sits in each
    seat with a vote that has not voted; one reminder per seat (3 queries)."""
    polls = list(
        Poll.objects.filter(
            closed_at__isnull=True,
            closes_at__isnull=False,
            closes_at__date__gte=today,
            item__session__event__isnull=True,
        ).select_related("item__session__confederation__council_rules")
    )
    if not polls:
        return []
    sessions = {poll.item.session_id for poll in polls}
    seats = defaultdict(list)
    for seat in Seat.objects.filter(session__in=sessions).select_related("sitting"):
        seats[seat.session_id].append(seat)
    voted = set(Ballot.objects.filter(poll__in=polls).values_list("poll_id", "seat_id"))
    dues = []
    for poll in polls:
        closes_on = timezone.localdate(poll.closes_at)
        days = rules_of(poll.item.session.confederation).written_vote_reminder_days
        lead = latest_lead(closes_on, [days], today, last_day_counts=True)
        if lead is None:
            continue
        for seat in seats[poll.item.session_id]:
            person = seat.sitting
            if (
                (poll.pk, seat.pk) in voted
                or not votes_on(seat.vote, associates_vote=poll.associates_vote)
                or person is None
                or not person.email
            ):
                continue
            dues.append(
                Due(ReminderKind.WRITTEN_VOTE, f"poll:{poll.pk}:seat:{seat.pk}", person.email,
                    person.language, closes_on, lead, closes_on - datetime.timedelta(days=lead))
            )  # fmt: skip
    return dues


RULES = [
    terms_ending,
    applications,
    delegation_deadlines,
    vacant_offices,
    subscriptions,
    written_votes,
]


def all_due(today: datetime.date) -> list[Due]:
    return [due for rule in RULES for due in rule(today)]
