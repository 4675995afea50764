"""The outbox's tasks: send one email, and sweep for those still owed."""

from celery import shared_task
from django.conf import settings

from . import cache, outbox


@shared_task(time_limit=settings.SEND_TIME_LIMIT, soft_time_limit=settings.SEND_TIME_LIMIT - 10)
def send_email(email_id: int) -> str:
    """Send one email of the outbox. A failed try is tried again by the sweep once its
    wait is over (confed.outbox); a worker killed in the middle leaves the message
    unacknowledged (acks_late) and its claim, which another sender takes over once it
    is older than SEND_CLAIM_TIMEOUT."""
    return outbox.deliver(email_id)


@shared_task
def sweep_outbox() -> int:
    """Hand over every email still owed and due (a periodic task, every minute)."""
    return len(outbox.sweep())


@shared_task
def retire_owed_pages() -> bool:
    """Retire the public pages an edit saved while Redis was out of reach left in the
    cache (a periodic task, every minute)."""
    return cache.retire_owed_pages()
