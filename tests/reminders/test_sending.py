import datetime

import pytest
from django.urls import reverse

from confed.outbox import claim
from governance.models import OfficeKind
from reminders import services
from reminders.models import Reminder, ReminderStatus
from tests.factories import OfficeFactory, PersonFactory, TermFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture
def owed(cior):
    """One reminder owed: the Secretary General's term ends in 7 days."""
    TermFactory(
        office=OfficeFactory(confederation=cior, kind=OfficeKind.SECRETARY_GENERAL),
        person=PersonFactory(email="sg@example.org"),
        starts_on=D(2025, 8, 1),
        ends_on=D(2027, 8, 1),
    )
    [reminder_id] = services.scan(today=D(2027, 7, 25)).to_send
    return Reminder.objects.get(pk=reminder_id)


def test_a_reminder_is_sent_over_smtp_in_text_and_html(owed, smtp_server):
    assert services.deliver(owed.pk) == services.Outcome.SENT
    [envelope] = smtp_server.received
    assert envelope.rcpt_tos == ["sg@example.org"]
    content = envelope.content.decode()
    assert "text/plain" in content
    assert "text/html" in content
    owed.refresh_from_db()
    assert owed.status == ReminderStatus.SENT
    assert owed.sent_at is not None


def test_an_smtp_failure_leaves_the_reminder_owed_for_a_retry_a_minute_later(
    owed, smtp_server, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 7, 25, 8, tzinfo=datetime.UTC), tick=False)
    smtp_server.refuse = True
    assert services.deliver(owed.pk) == services.Outcome.RETRY
    owed.refresh_from_db()
    assert owed.status == ReminderStatus.PENDING
    assert "451" in owed.last_error
    assert owed.next_attempt_at == datetime.datetime(2027, 7, 25, 8, 1, tzinfo=datetime.UTC)
    smtp_server.refuse = False
    assert services.deliver(owed.pk) == services.Outcome.ALREADY_CLAIMED  # not yet due
    assert services.owed() == []
    time_machine.shift(datetime.timedelta(seconds=61))
    assert services.owed() == [owed.pk]
    assert services.deliver(owed.pk) == services.Outcome.SENT
    owed.refresh_from_db()
    assert (owed.status, owed.attempts, owed.last_error) == (ReminderStatus.SENT, 2, "")
    assert len(smtp_server.received) == 1


def test_after_the_last_attempt_the_reminder_is_failed_with_the_error(owed, smtp_server, settings):
    Reminder.objects.filter(pk=owed.pk).update(attempts=settings.SEND_MAX_ATTEMPTS - 1)
    smtp_server.refuse = True
    assert services.deliver(owed.pk) == services.Outcome.FAILED
    owed.refresh_from_db()
    assert owed.status == ReminderStatus.FAILED
    assert "SMTPDataError" in owed.last_error
    assert smtp_server.received == []


def test_an_unreachable_smtp_server_is_an_smtp_failure_too(owed, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 9  # nothing listens there
    assert services.deliver(owed.pk) == services.Outcome.RETRY


def test_a_claimed_reminder_is_not_sent_by_a_second_delivery(owed, smtp_server):
    assert claim(Reminder, owed.pk)
    assert services.deliver(owed.pk) == services.Outcome.ALREADY_CLAIMED
    assert smtp_server.received == []


def test_a_claim_abandoned_by_a_dead_worker_is_taken_over(owed, smtp_server, time_machine):
    time_machine.move_to(datetime.datetime(2027, 7, 25, 8, tzinfo=datetime.UTC))
    dead = claim(Reminder, owed.pk)
    assert dead
    time_machine.move_to(datetime.datetime(2027, 7, 25, 8, 5, tzinfo=datetime.UTC))
    assert services.deliver(owed.pk) == services.Outcome.SENT
    assert len(smtp_server.received) == 1
    # The dead sender, were it to wake, records nothing over the outcome.
    from confed.outbox import not_sent

    assert not_sent(Reminder, owed.pk, dead, OSError("late")) == services.Outcome.ALREADY_CLAIMED
    owed.refresh_from_db()
    assert owed.status == ReminderStatus.SENT


def test_a_send_still_running_is_not_taken_over(owed, smtp_server, time_machine, settings):
    """A send is killed after SEND_TIME_LIMIT; until its claim is older than the longer
    SEND_CLAIM_TIMEOUT, it may still be running."""
    assert settings.SEND_CLAIM_TIMEOUT > settings.SEND_TIME_LIMIT
    time_machine.move_to(datetime.datetime(2027, 7, 25, 8, tzinfo=datetime.UTC))
    assert claim(Reminder, owed.pk)
    time_machine.shift(datetime.timedelta(seconds=settings.SEND_TIME_LIMIT))
    assert services.deliver(owed.pk) == services.Outcome.ALREADY_CLAIMED
    assert smtp_server.received == []


def test_an_unexpected_error_leaves_the_reminder_owed_not_claimed(owed, monkeypatch):
    def broken(reminder):
        raise RuntimeError("a template that does not render")

    monkeypatch.setattr(services, "render", broken)
    assert services.deliver(owed.pk) == services.Outcome.RETRY
    owed.refresh_from_db()
    assert (owed.status, owed.claimed_by) == (ReminderStatus.PENDING, None)
    assert owed.last_error == "RuntimeError: a template that does not render"


def test_the_secretariat_sends_a_failed_reminder_again(
    owed, smtp_server, secretariat_client, settings
):
    Reminder.objects.filter(pk=owed.pk).update(attempts=settings.SEND_MAX_ATTEMPTS - 1)
    smtp_server.refuse = True
    services.deliver(owed.pk)
    smtp_server.refuse = False
    response = secretariat_client.post(
        reverse("admin:reminders_reminder_changelist"),
        {"action": "send_again", "_selected_action": [owed.pk]},
    )
    assert response.status_code == 302
    owed.refresh_from_db()
    assert owed.status == ReminderStatus.PENDING
    assert services.deliver(owed.pk) == services.Outcome.SENT


def test_send_reminders_command_dry_run_changes_nothing(cior, capsys, time_machine):
    from django.core.management import call_command

    time_machine.move_to(D(2027, 7, 25))
    TermFactory(
        office=OfficeFactory(confederation=cior, kind=OfficeKind.SECRETARY_GENERAL),
        person=PersonFactory(email="sg@example.org"),
        starts_on=D(2025, 8, 1),
        ends_on=D(2027, 8, 1),
    )
    call_command("send_reminders", "--dry-run")
    assert "term-ending" in capsys.readouterr().out
    assert not Reminder.objects.exists()
    call_command("send_reminders")
    assert "sg@example.org" in capsys.readouterr().out
    assert Reminder.objects.get().status == ReminderStatus.SENT


def test_a_reminder_whose_hand_over_was_lost_is_handed_over_by_the_sweep(owed, smtp_server):
    from reminders.tasks import sweep_reminders

    assert sweep_reminders() == 1  # tasks run in the test's process: sent now
    owed.refresh_from_db()
    assert owed.status == ReminderStatus.SENT
    assert sweep_reminders() == 0
    assert len(smtp_server.received) == 1
