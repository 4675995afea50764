"""Sending once: the outbox's emails, and the claim any ledger of things to send takes.

An email is owed by writing its row (`owe`) in the transaction of the change that
causes it. After commit the row is handed to a worker (`hand_over`); if that fails
(Redis out of reach) nothing is lost: the sweep, a periodic task, hands over every row
still owed. A worker claims the row with a conditional update before it sends, so of
any number of deliveries of the same row exactly one sends (`claim`); a claim older
than a send can last is a worker that died, and may be taken over. The reminders'
ledger is sent the same way (reminders.services), with the same claim.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone

from .models import Email, EmailStatus
from .redis_cache import OutOfReach, breaker

logger = logging.getLogger(__name__)

# What an SMTP server or the network can do to a send; retried with backoff.
SEND_ERRORS = (smtplib.SMTPException, OSError)


class Outcome:
    SENT = "sent"
    ALREADY_CLAIMED = "already claimed"
    OBSOLETE = "obsolete"
    RETRY = "retry"
    FAILED = "failed"


def sendable() -> Q:
    """Rows to send: owed, or claimed by a sender that died in the middle of the send
    (its claim is older than a send can last)."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.SEND_CLAIM_TIMEOUT)
    return Q(status="pending") | Q(status="sending", claimed_at__lt=stale)


def claim(model: type[models.Model], pk: int) -> bool:
    """Take the row for this send. Exactly one of any number of concurrent or repeated
    deliveries gets True: the update is conditional on the row being sendable."""
    return bool(
        model.objects.filter(pk=pk)
        .filter(sendable())
        .update(status="sending", claimed_at=timezone.now(), attempts=F("attempts") + 1)
    )


def sent(model: type[models.Model], pk: int) -> None:
    model.objects.filter(pk=pk).update(status="sent", sent_at=timezone.now(), last_error="")


def not_sent(model: type[models.Model], pk: int, error: Exception, *, last_attempt: bool) -> str:
    """Back to pending for the retry, or failed with the error after the last attempt."""
    model.objects.filter(pk=pk).update(
        status="failed" if last_attempt else "pending",
        last_error=f"{type(error).__name__}: {error}"[:2000],
    )
    return Outcome.FAILED if last_attempt else Outcome.RETRY


def send(*, subject: str, text: str, html: str, to: list[str]) -> None:
    """One message through the configured backend; raises one of SEND_ERRORS."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=to,
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    if html:
        message.attach_alternative(html, "text/html")
    message.send()


# -- the emails ------------------------------------------------------------------------


def owe(
    *, to: list[str], subject: str, text: str, html: str = "", template: str, language: str
) -> Email:
    """Write the email into the outbox, in the caller's transaction, and hand it to a
    worker once that transaction has committed. A rolled-back change owes nothing."""
    email = Email.objects.create(
        to=to, subject=subject, body=text, html=html, template=template, language=language
    )
    transaction.on_commit(lambda: hand_over(email.pk))
    return email


@breaker("the email queue")
def _publish(email_id: int) -> None:
    from .celery import app
    from .tasks import send_email

    # A connection of its own, quick to give up: the workers' connections wait longer
    # on purpose (they block on the queue between tasks).
    quick = {
        "socket_timeout": settings.REDIS_TIMEOUT,
        "socket_connect_timeout": settings.REDIS_TIMEOUT,
    }
    with app.connection_for_write(
        transport_options={**app.conf.broker_transport_options, **quick},
        connect_timeout=settings.REDIS_TIMEOUT,
    ) as connection:
        send_email.apply_async(args=[email_id], retry=False, connection=connection)


def hand_over(email_id: int) -> bool:
    """Ask a worker to send the email. With the queue (Redis) out of reach the email
    stays owed, and the sweep hands it over later: the person who caused it is answered
    at once."""
    try:
        _publish(email_id)
    except OutOfReach:
        logger.warning("the email queue is out of reach; email %s waits for the sweep", email_id)
        return False
    return True


def deliver(email_id: int, *, last_attempt: bool) -> str:
    """Claim, send, record."""
    if not claim(Email, email_id):
        return Outcome.ALREADY_CLAIMED
    email = Email.objects.get(pk=email_id)
    try:
        send(subject=email.subject, text=email.body, html=email.html, to=email.to)
    except SEND_ERRORS as error:
        return not_sent(Email, email_id, error, last_attempt=last_attempt)
    sent(Email, email_id)
    return Outcome.SENT


def sweep() -> list[int]:
    """Hand over every email still owed (its hand-over may have been lost). A row being
    sent is left to its sender until its claim is stale."""
    owed = list(Email.objects.filter(sendable()).values_list("pk", flat=True))
    for email_id in owed:
        if not hand_over(email_id):
            break  # the queue is out of reach: the next sweep tries again
    return owed


def resend(*, email: Email) -> bool:
    """Owe a failed email again (the secretariat's "send again"). False if it had not
    failed."""
    changed = Email.objects.filter(pk=email.pk, status=EmailStatus.FAILED).update(
        status=EmailStatus.PENDING, last_error=""
    )
    if changed:
        transaction.on_commit(lambda: hand_over(email.pk))
    return bool(changed)
