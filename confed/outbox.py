"""Sending once: the outbox's emails, and the claim any ledger of things to send takes.

An email is owed by writing its row (`owe`) in the transaction of the change that
causes it. After commit the row is handed to a worker (`hand_over`); if that fails
(Redis out of reach) nothing is lost: the sweep, a periodic task, hands over every row
still owed. The reminders' ledger is sent the same way (reminders.services), with the
same claim and the same retries.

- A sender claims the row with a conditional update and a token of its own before it
  sends; of any number of deliveries of the row exactly one gets it (`claim`), and only
  the holder of the claim records the outcome (`sent`, `not_sent`).
- A send is killed after SEND_TIME_LIMIT seconds (the tasks' time limit), so a claim
  older than SEND_CLAIM_TIMEOUT, which is longer, is a sender that died: it may be
  taken over. A send still running is never taken over.
- A failed send is tried again by the sweep, not by a Celery countdown (which Redis
  would hand out again every visibility timeout): the row waits until its
  next_attempt_at, 60 s, 120 s, 240 s ... after the last try, and fails for good after
  SEND_MAX_ATTEMPTS tries, with the error, for the secretariat to send again.
"""

import datetime
import logging
import smtplib
import uuid
from dataclasses import asdict, dataclass

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import models, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Email, EmailStatus
from .redis_cache import OutOfReach, breaker

logger = logging.getLogger(__name__)

# What an SMTP server or the network can do to a send.
SEND_ERRORS = (smtplib.SMTPException, OSError)
# The statuses a ledger of things to send has (Email's and Reminder's share them).
PENDING, SENDING, SENT, FAILED = (
    EmailStatus.PENDING,
    EmailStatus.SENDING,
    EmailStatus.SENT,
    EmailStatus.FAILED,
)


class Outcome:
    SENT = "sent"
    ALREADY_CLAIMED = "already claimed"
    OBSOLETE = "obsolete"
    RETRY = "retry"
    FAILED = "failed"


def sendable(now: datetime.datetime | None = None) -> Q:
    """Rows to send now: owed and due (a retry waits for its time), or claimed by a
    sender that died (its claim is older than a send can last)."""
    now = now or timezone.now()
    stale = now - datetime.timedelta(seconds=settings.SEND_CLAIM_TIMEOUT)
    due = Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)
    return (Q(status=PENDING) & due) | Q(status=SENDING, claimed_at__lt=stale)


def claim(model: type[models.Model], pk: int) -> uuid.UUID | None:
    """Take the row for this send: the claim's token, or None if another sender has
    it or it is not to be sent. Exactly one of any number of concurrent or repeated
    deliveries gets a token: the update is conditional on the row being sendable."""
    token = uuid.uuid4()
    taken = (
        model.objects.filter(pk=pk)
        .filter(sendable())
        .update(
            status=SENDING,
            claimed_at=timezone.now(),
            claimed_by=token,
            attempts=F("attempts") + 1,
        )
    )
    return token if taken else None


def sent(model: type[models.Model], pk: int, token: uuid.UUID) -> None:
    model.objects.filter(pk=pk, claimed_by=token, status=SENDING).update(
        status=SENT, sent_at=timezone.now(), last_error="", claimed_by=None
    )


def retry_delay(attempts: int) -> datetime.timedelta:
    """60 s after the first failed try, then twice as long each time, at most an hour."""
    return datetime.timedelta(seconds=min(settings.SEND_RETRY_BACKOFF * 2 ** (attempts - 1), 3600))


def not_sent(model: type[models.Model], pk: int, token: uuid.UUID, error: Exception) -> str:
    """Owed again after a wait, or failed with the error after the last try. Only the
    holder of the claim records it."""
    row = model.objects.filter(pk=pk, claimed_by=token).values("attempts").first()
    if row is None:
        return Outcome.ALREADY_CLAIMED  # taken over meanwhile: the other sender decides
    last = row["attempts"] >= settings.SEND_MAX_ATTEMPTS
    model.objects.filter(pk=pk, claimed_by=token).update(
        status=FAILED if last else PENDING,
        next_attempt_at=None if last else timezone.now() + retry_delay(row["attempts"]),
        last_error=f"{type(error).__name__}: {error}"[:2000],
        claimed_by=None,
    )
    return Outcome.FAILED if last else Outcome.RETRY


@dataclass(frozen=True)
class Attachment:
    """A file an email carries, made when it is sent, not when it is owed: `maker` is
    the dotted path of a function that takes `key` and returns the file's bytes (an
    invoice's PDF: subscriptions.pdf.invoice_pdf). Named by path, so that the outbox,
    shared code, knows no app; the row keeps a few words, not the file."""

    filename: str
    mimetype: str
    maker: str
    key: int

    def as_row(self) -> dict:
        return asdict(self)


def send(
    *, subject: str, text: str, html: str, to: list[str], attachments: list[dict] = ()
) -> None:
    """One message through the configured backend; raises one of SEND_ERRORS."""
    message = EmailMultiAlternatives(
        subject=subject,
        body=text,
        to=to,
        connection=get_connection(timeout=settings.EMAIL_TIMEOUT),
    )
    if html:
        message.attach_alternative(html, "text/html")
    for row in attachments:
        attachment = Attachment(**row)
        content = import_string(attachment.maker)(attachment.key)
        message.attach(attachment.filename, content, attachment.mimetype)
    message.send()


def handed_over(model: type[models.Model], pks: list[int]) -> None:
    model.objects.filter(pk__in=pks).update(handed_over_at=timezone.now())


def to_hand_over(model: type[models.Model]) -> list[int]:
    """The rows the sweep hands over: sendable, and not handed over in the last few
    minutes (with the workers down, each sweep would queue every row once more)."""
    recently = timezone.now() - datetime.timedelta(seconds=settings.SEND_SWEEP_AGAIN_SECONDS)
    return list(
        model.objects.filter(sendable())
        .filter(Q(handed_over_at__isnull=True) | Q(handed_over_at__lt=recently))
        .values_list("pk", flat=True)
    )


# -- the emails ------------------------------------------------------------------------

# What an email that held a secret (a link to set a password) keeps once it is sent.
WITHHELD = "—"


def owe(
    *,
    to: list[str],
    subject: str,
    text: str,
    html: str = "",
    template: str,
    language: str,
    holds_a_secret: bool = False,
    attachments: list[Attachment] = (),
) -> Email:
    """Write the email into the outbox, in the caller's transaction, and hand it to a
    worker once that transaction has committed. A rolled-back change owes nothing.
    `holds_a_secret`: a link that sets a password, which nobody reads in the admin and
    which is not kept once the email is sent."""
    email = Email.objects.create(
        to=to,
        subject=subject,
        body=text,
        html=html,
        template=template,
        language=language,
        holds_a_secret=holds_a_secret,
        attachments=[a.as_row() for a in attachments],
    )
    # Robust: an error in the hand-over must not undo the answer to a committed change;
    # the sweep hands the email over anyway.
    transaction.on_commit(lambda: hand_over(email.pk), robust=True)
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
    except Exception:
        logger.exception("email %s could not be handed over; it waits for the sweep", email_id)
        return False
    handed_over(Email, [email_id])
    return True


def deliver(email_id: int) -> str:
    """Claim, send, record. Any error is a try that failed: the row is owed again
    after a wait, or failed after the last try; it never stays claimed."""
    token = claim(Email, email_id)
    if token is None:
        return Outcome.ALREADY_CLAIMED
    email = Email.objects.get(pk=email_id)
    try:
        send(
            subject=email.subject,
            text=email.body,
            html=email.html,
            to=email.to,
            attachments=email.attachments,
        )
    except Exception as error:
        if not isinstance(error, SEND_ERRORS):
            logger.exception("email %s: an unexpected error while sending", email_id)
        return not_sent(Email, email_id, token, error)
    sent(Email, email_id, token)
    Email.objects.filter(pk=email_id, holds_a_secret=True).update(body=WITHHELD, html="")
    return Outcome.SENT


def sweep() -> list[int]:
    """Hand over every email still owed and due (its hand-over may have been lost, or
    its retry is due)."""
    owed = to_hand_over(Email)
    for email_id in owed:
        if not hand_over(email_id):
            break  # the queue is out of reach: the next sweep tries again
    return owed


def resend(*, email: Email) -> bool:
    """Owe a failed email again, with its tries counted anew (the secretariat's "send
    again"). False if it had not failed."""
    changed = Email.objects.filter(pk=email.pk, status=FAILED).update(
        status=PENDING, last_error="", attempts=0, next_attempt_at=None
    )
    if changed:
        transaction.on_commit(lambda: hand_over(email.pk), robust=True)
    return bool(changed)


def readable_text(email: Email) -> str:
    """The text of an email as the admin shows it: one that holds a link to set a
    password is for nobody's eyes but its recipient's."""
    if email.holds_a_secret:
        return _("(It holds a link to set a password: it is shown to nobody.)")
    return email.body
