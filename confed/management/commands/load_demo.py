from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

import about.demo
import awards.demo
import council.demo
import delegations.demo
import documents.demo
import elections.demo
import events.demo
import governance.demo
import members.demo
import subscriptions.demo
from members.demo import LoadReport


class Command(BaseCommand):
    help = "Load the demo data (public facts, invented people) and demo accounts; idempotent."

    def handle(self, *args, **options) -> None:
        if settings.CONFED_ENVIRONMENT == "production":
            raise CommandError("load_demo refuses to run under production settings.")
        report = LoadReport()
        members.demo.load(report)
        governance.demo.load(report)
        subscriptions.demo.load(report)
        events.demo.load(report)
        documents.demo.load(report)
        about.demo.load(report)
        delegations.demo.load(report)
        council.demo.load(report)
        elections.demo.load(report)
        awards.demo.load(report)
        self.stdout.write(f"Demo data: {report.created} rows created, {report.updated} updated.")
        self.stdout.write(f"Demo accounts, password {settings.DEMO_PASSWORD!r}:")
        for username in report.accounts:
            self.stdout.write(f"  {username}")
