"""A real Celery worker, Redis and an SMTP server: a worker killed with SIGKILL in the
middle of a send, a new worker, and exactly one email per reminder."""

import datetime
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.utils import timezone

from confed.celery import app
from governance.models import OfficeKind
from reminders import services
from reminders.models import Reminder, ReminderStatus
from reminders.tasks import send_reminder
from tests.conftest import database_url
from tests.factories import OfficeFactory, PersonFactory, TermFactory

ROOT = Path(__file__).resolve().parents[2]


class Worker:
    def __init__(self, queue: str, smtp_port: int, log: Path) -> None:
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "confed.settings.test",
            "DATABASE_URL": database_url(),
            "CELERY_TASK_ALWAYS_EAGER": "false",
            "CELERY_QUEUE": queue,
            "TEST_SEND_BY_SMTP": "true",
            "EMAIL_URL": f"smtp://127.0.0.1:{smtp_port}",
            # Seconds, short for the test; the production values keep the same order.
            "CELERY_VISIBILITY_TIMEOUT": "3",
            "CELERY_RESTORE_INTERVAL": "1",
            "SEND_CLAIM_TIMEOUT": "2",
        }
        self.log = log.open("a")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "celery", "--app", "confed", "worker", "--queues", queue,
             "--concurrency", "1", "--without-gossip", "--without-mingle",
             "--without-heartbeat", "--loglevel", "INFO"],
            cwd=ROOT, env=env, stdout=self.log, stderr=subprocess.STDOUT,
            start_new_session=True,
        )  # fmt: skip

    def kill(self, sig: int = signal.SIGKILL) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, sig)
            self.process.wait(timeout=30)
        self.log.close()


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_in_the_middle_of_a_send_loses_and_doubles_nothing(
    cior, smtp_server, tmp_path, settings
):
    ends_on = timezone.localdate() + datetime.timedelta(days=7)
    for number in range(3):
        TermFactory(
            office=OfficeFactory(
                confederation=cior,
                kind=OfficeKind.ASSISTANT_SECRETARY_GENERAL,
                code=f"asg-{number}",
            ),
            person=PersonFactory(email=f"holder{number}@example.org"),
            starts_on=ends_on - datetime.timedelta(days=730),
            ends_on=ends_on,
        )
    reminder_ids = services.scan().to_send
    assert len(reminder_ids) == 3

    queue = f"confed-test-{uuid.uuid4().hex[:8]}"
    smtp_server.hold_first = True
    app.conf.task_always_eager = False
    log = tmp_path / "worker.log"
    workers = [Worker(queue, smtp_server.port, log)]
    try:
        for reminder_id in reminder_ids:
            send_reminder.apply_async(args=[reminder_id], queue=queue)
        assert smtp_server.first_arrived.wait(60), log.read_text()
        workers[0].kill()  # SIGKILL while the SMTP server waits for the end of the message
        smtp_server.release_first.set()
        assert smtp_server.received == []
        assert Reminder.objects.filter(status=ReminderStatus.SENDING).count() == 1

        workers.append(Worker(queue, smtp_server.port, log))
        wait_for(
            lambda: Reminder.objects.filter(status=ReminderStatus.SENT).count() == 3,
            timeout=60,
            what="every reminder sent",
        )
        # A second scan, and time for any duplicate delivery to arrive, send nothing more.
        for reminder_id in services.scan().to_send:
            send_reminder.apply_async(args=[reminder_id], queue=queue)
        time.sleep(5)
    finally:
        app.conf.task_always_eager = True
        for worker in workers:
            worker.kill(signal.SIGTERM)
    recipients = sorted(to for envelope in smtp_server.received for to in envelope.rcpt_tos)
    assert recipients == ["holder0@example.org", "holder1@example.org", "holder2@example.org"]
