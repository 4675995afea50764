from celery import shared_task
from django.conf import settings

from . import services


@shared_task
def scan_reminders() -> int:
    """The daily scan (django-celery-beat runs it; the secretariat sets the time)."""
    return len(services.scan(enqueue=send_reminder.delay).to_send)


@shared_task(bind=True, max_retries=settings.SEND_MAX_RETRIES)
def send_reminder(self, reminder_id: int) -> str:
    """Send one reminder. A worker killed in the middle leaves the message unacknowledged
    (acks_late); Redis hands it to another worker after the visibility timeout, whose
    claim succeeds once the dead one's is older than SEND_CLAIM_TIMEOUT."""
    outcome = services.deliver(reminder_id, last_attempt=self.request.retries >= self.max_retries)
    if outcome == services.Outcome.RETRY:
        countdown = min(settings.SEND_RETRY_BACKOFF * 2**self.request.retries, 3600)
        raise self.retry(countdown=countdown)
    return outcome


@shared_task
def sweep_reminders() -> int:
    """Hand over every reminder still owed whose hand-over was lost (a periodic task,
    every few minutes): the daily scan would find it only the next day."""
    owed = services.owed()
    for reminder_id in owed:
        send_reminder.delay(reminder_id)
    return len(owed)
