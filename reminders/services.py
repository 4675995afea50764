"""Owing and sending reminders, exactly once each.

The scan is the outbox: it writes every reminder due into the ledger (a unique key
makes a second scan add nothing) and hands each one still to send to a worker after
commit. A hand-over lost because Redis or the worker was down is found again by the
next scan. A send claims its row with a conditional update first, so that a second
delivery of the same task, or a second scan's task, finds it claimed and sends nothing.
"""

import datetime
import smtplib
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from . import due as due_rules
from .messages import render
from .models import Reminder, ReminderStatus

# What an SMTP server or the network can do to a send; retried with backoff.
SEND_ERRORS = (smtplib.SMTPException, OSError)


class Outcome:
    SENT = "sent"
    ALREADY_CLAIMED = "already claimed"
    OBSOLETE = "obsolete"
    RETRY = "retry"
    FAILED = "failed"


@dataclass
class ScanResult:
    due: list[due_rules.Due] = field(default_factory=list)
    created: int = 0
    to_send: list[int] = field(default_factory=list)


def sendable() -> Q:
    """Rows to hand to a worker: owed, or claimed by a worker that died in the middle
    of the send (its claim is older than a send can last)."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.REMINDER_CLAIM_TIMEOUT)
    return Q(status=ReminderStatus.PENDING) | Q(
        status=ReminderStatus.SENDING, claimed_at__lt=stale
    )


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
    result.to_send = list(Reminder.objects.filter(sendable()).values_list("pk", flat=True))
    if enqueue is not None:
        ids = list(result.to_send)
        transaction.on_commit(lambda: [enqueue(pk) for pk in ids])
    return result


def claim(reminder_id: int) -> bool:
    """Take the reminder for this send. Exactly one of any number of concurrent or
    repeated deliveries of its task gets True."""
    return bool(
        Reminder.objects.filter(pk=reminder_id)
        .filter(sendable())
        .update(
            status=ReminderStatus.SENDING,
            claimed_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def deliver(reminder_id: int, *, last_attempt: bool) -> str:
    """Claim, render, send, record. On an SMTP error the row goes back to pending for
    the retry, or to failed with the error after the last attempt."""
    if not claim(reminder_id):
        return Outcome.ALREADY_CLAIMED
    reminder = Reminder.objects.get(pk=reminder_id)
    message = render(reminder)
    if message is None:
        Reminder.objects.filter(pk=reminder_id).update(status=ReminderStatus.OBSOLETE)
        return Outcome.OBSOLETE
    email = EmailMultiAlternatives(
        subject=message.subject,
        body=message.text,
        to=[reminder.recipient],
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    email.attach_alternative(message.html, "text/html")
    try:
        email.send()
    except SEND_ERRORS as error:
        status = ReminderStatus.FAILED if last_attempt else ReminderStatus.PENDING
        Reminder.objects.filter(pk=reminder_id).update(
            status=status, last_error=f"{type(error).__name__}: {error}"[:2000]
        )
        return Outcome.FAILED if last_attempt else Outcome.RETRY
    Reminder.objects.filter(pk=reminder_id).update(
        status=ReminderStatus.SENT, sent_at=timezone.now(), last_error=""
    )
    return Outcome.SENT


def resend(*, reminder: Reminder) -> bool:
    """Owe a failed reminder again (the secretariat's "send again")."""
    return bool(
        Reminder.objects.filter(pk=reminder.pk, status=ReminderStatus.FAILED).update(
            status=ReminderStatus.PENDING, last_error=""
        )
    )
