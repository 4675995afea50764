from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from reminders import due, services
from reminders.models import Reminder


class Command(BaseCommand):
    help = (
        "Run the reminder scan in the foreground and send what is owed (for sites that "
        "prefer cron to Celery beat). With --dry-run, only print what would be sent."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="change and send nothing")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        today = timezone.localdate()
        if dry_run:
            for item in due.all_due(today):
                owed = Reminder.objects.filter(
                    kind=item.kind,
                    subject=item.subject,
                    recipient=item.recipient,
                    target_on=item.target_on,
                    lead_days=item.lead_days,
                ).first()
                state = owed.get_status_display() if owed else "would be sent"
                self.stdout.write(f"{item.kind} {item.subject} → {item.recipient}: {state}")
            return
        with transaction.atomic():
            result = services.scan(today=today)
        self.stdout.write(f"{len(result.due)} due, {result.created} newly owed.")
        for reminder_id in result.to_send:
            outcome = services.deliver(reminder_id)
            reminder = Reminder.objects.get(pk=reminder_id)
            self.stdout.write(f"{reminder}: {outcome}")
