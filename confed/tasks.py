"""The outbox's tasks: send one email, and sweep for those still owed."""

from celery import shared_task
from django.conf import settings

from . import outbox


@shared_task(bind=True, max_retries=settings.SEND_MAX_RETRIES)
def send_email(self, email_id: int) -> str:
    """Send one email of the outbox. An SMTP failure is retried with backoff; a worker
    killed in the middle leaves the message unacknowledged (acks_late), and another
    worker takes it over once the dead one's claim is older than SEND_CLAIM_TIMEOUT."""
    outcome = outbox.deliver(email_id, last_attempt=self.request.retries >= self.max_retries)
    if outcome == outbox.Outcome.RETRY:
        countdown = min(settings.SEND_RETRY_BACKOFF * 2**self.request.retries, 3600)
        raise self.retry(countdown=countdown)
    return outcome


@shared_task
def sweep_outbox() -> int:
    """Hand over every email still owed (a periodic task, every minute)."""
    return len(outbox.sweep())
