from celery import shared_task
from django.conf import settings

from confed.outbox import handed_over

from . import services
from .models import Reminder


@shared_task
def scan_reminders() -> int:
    """The daily scan (django-celery-beat runs it; the secretariat sets the time)."""
    return len(services.scan(enqueue=hand_over).to_send)


def hand_over(reminder_id: int) -> None:
    send_reminder.delay(reminder_id)
    handed_over(Reminder, [reminder_id])


@shared_task(time_limit=settings.SEND_TIME_LIMIT, soft_time_limit=settings.SEND_TIME_LIMIT - 10)
def send_reminder(reminder_id: int) -> str:
    """Send one reminder. A failed try is tried again by the sweep once its wait is
    over; a worker killed in the middle leaves the message unacknowledged (acks_late)
    and its claim, which another sender takes over once it is older than
    SEND_CLAIM_TIMEOUT."""
    return services.deliver(reminder_id)


@shared_task
def sweep_reminders() -> int:
    """Hand over every reminder still owed and due: one whose hand-over was lost, or
    whose retry is due (a periodic task, every minute)."""
    owed = services.owed()
    for reminder_id in owed:
        hand_over(reminder_id)
    return len(owed)
