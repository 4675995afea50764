"""Owing and sending reminders, exactly once each.

The scan is the reminders' outbox: it writes every reminder due into the ledger (a
unique key makes a second scan add nothing) and hands each one still to send to a
worker after commit. A hand-over lost because Redis or the worker was down is found
again by the next scan. A send claims its row first (confed.outbox.claim, as the
outbox's emails do), so that a second delivery of the same task, or a second scan's
task, finds it claimed and sends nothing.
"""

import datetime
import logging
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from confed.outbox import SEND_ERRORS, Outcome, claim, not_sent, send, sent, to_hand_over

from . import due as due_rules
from .messages import render
from .models import Reminder, ReminderStatus

logger = logging.getLogger(__name__)

# Outcome is the tasks' and the tests' word for what a delivery did.
__all__ = ["Outcome", "ScanResult", "deliver", "owed", "resend", "scan"]


@dataclass
class ScanResult:
    due: list[due_rules.Due] = field(default_factory=list)
    created: int = 0
    to_send: list[int] = field(default_factory=list)


@transaction.atomic
def scan(*, today: datetime.date | None = None, enqueue=None) -> ScanResult:
    """Write what is due today into the ledger and hand what is still to send to
    `enqueue` (a callable taking a reminder id) once the transaction has committed."""
    today = today or timezone.localdate()
    result = ScanResult(due=due_rules.all_due(today))
    rows = [
        Reminder(
            kind=d.kind,
            subject=d.subject,
            recipient=d.recipient,
            language=d.language,
            target_on=d.target_on,
            lead_days=d.lead_days,
            due_on=d.due_on,
        )
        for d in result.due
    ]
    before = Reminder.objects.count()
    Reminder.objects.bulk_create(rows, ignore_conflicts=True)
    result.created = Reminder.objects.count() - before
    result.to_send = owed()
    if enqueue is not None:
        ids = list(result.to_send)
        transaction.on_commit(lambda: [enqueue(pk) for pk in ids])
    return result


def owed() -> list[int]:
    """The reminders to hand to a worker now: owed and due, or claimed by a sender that
    died, and not handed over in the last few minutes (confed.outbox.to_hand_over)."""
    return to_hand_over(Reminder)


def deliver(reminder_id: int) -> str:
    """Claim (confed.outbox.claim), render, send, record, as the outbox's emails are.
    Rendered only now, so that a reminder whose reason has gone is not sent. Any error
    is a try that failed: owed again after a wait, or failed after the last try."""
    token = claim(Reminder, reminder_id)
    if token is None:
        return Outcome.ALREADY_CLAIMED
    reminder = Reminder.objects.get(pk=reminder_id)
    try:
        message = render(reminder)
        if message is None:
            Reminder.objects.filter(pk=reminder_id, claimed_by=token).update(
                status=ReminderStatus.OBSOLETE, claimed_by=None
            )
            return Outcome.OBSOLETE
        send(
            subject=message.subject, text=message.text, html=message.html, to=[reminder.recipient]
        )
    except Exception as error:
        if not isinstance(error, SEND_ERRORS):
            logger.exception("reminder %s: an unexpected error while sending", reminder_id)
        return not_sent(Reminder, reminder_id, token, error)
    sent(Reminder, reminder_id, token)
    return Outcome.SENT


def resend(*, reminder: Reminder) -> bool:
    """Owe a failed reminder again, its tries counted anew (the secretariat's "send
    again")."""
    return bool(
        Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.FAILED).update(
            status=ReminderStatus.PENDING, last_error="", attempts=0, next_attempt_at=None
        )
    )
