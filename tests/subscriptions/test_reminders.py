"""Subscription reminders: before the due date, on it, monthly in arrears; once each."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail

from reminders import services as reminders
from reminders.messages import render
from reminders.models import Reminder, ReminderStatus
from subscriptions import services
from tests.subscriptions.conftest import DUE_ON, on, scale_of

pytestmark = pytest.mark.django_db
D = datetime.date


@pytest.fixture
def estonia_owes(invoices, estonian_vp):
    """Everyone but Estonia has paid their 2027 subscription."""
    for code in ("AUT", "LVA"):
        invoice = invoices[code]
        services.record_payment(
            invoice=invoice, received_on=invoice.issued_on, amount=invoice.amount, reference="x"
        )
    mail.outbox.clear()
    return invoices["EST"]


def scan_and_send(time_machine, day: datetime.date) -> list[tuple[str, str]]:
    on(time_machine, day)
    result = reminders.scan(today=day)
    for reminder_id in result.to_send:
        reminders.deliver(reminder_id)
    sent = [(m.to[0], m.subject) for m in mail.outbox]
    mail.outbox.clear()
    return sent


def test_the_contact_and_the_vice_president_are_reminded_30_days_before_and_on_the_day(
    estonia_owes, time_machine
):
    assert scan_and_send(time_machine, D(2027, 2, 28)) == []  # 31 days before
    before = "Invoice CIOR-2027-002: the subscription falls due on March 31, 2027"
    assert scan_and_send(time_machine, D(2027, 3, 1)) == [
        ("contact@ee.example", before),
        ("vp-cior-est@example.org", before),
    ]
    assert scan_and_send(time_machine, D(2027, 3, 2)) == []  # once each
    today = "Invoice CIOR-2027-002: the subscription falls due today"
    assert scan_and_send(time_machine, DUE_ON) == [
        ("contact@ee.example", today),
        ("vp-cior-est@example.org", today),
    ]


def test_in_arrears_they_are_reminded_monthly_from_the_due_date(estonia_owes, time_machine):
    scan_and_send(time_machine, DUE_ON)
    assert scan_and_send(time_machine, D(2027, 4, 29)) == []  # within the first month
    arrears = "CIOR subscription in arrears: Estonian Reserve Officers (ERO)"
    assert scan_and_send(time_machine, D(2027, 4, 30)) == [
        ("contact@ee.example", arrears),
        ("vp-cior-est@example.org", arrears),
    ]
    for day in (D(2027, 5, 1), D(2027, 5, 29)):
        assert scan_and_send(time_machine, day) == []
    assert len(scan_and_send(time_machine, D(2027, 5, 31))) == 2
    ledger = Reminder.objects.filter(kind="subscription-arrears").order_by("target_on")
    assert [r.target_on for r in ledger[::2]] == [D(2027, 4, 30), D(2027, 5, 31)]
    assert all(r.status == ReminderStatus.SENT for r in ledger)


def test_a_paid_subscription_is_not_reminded_and_a_reminder_owed_becomes_obsolete(
    estonia_owes, time_machine
):
    on(time_machine, D(2027, 3, 1))
    owed = reminders.scan(today=D(2027, 3, 1)).to_send
    services.record_payment(
        invoice=estonia_owes, received_on=D(2027, 3, 1), amount=Decimal("1500.00"), reference="x"
    )
    outcomes = {reminders.deliver(pk) for pk in owed}
    assert outcomes == {"obsolete"}
    assert mail.outbox == []
    assert scan_and_send(time_machine, DUE_ON) == []


def test_the_reminder_reads_what_is_still_to_pay_and_how(estonia_owes, time_machine):
    on(time_machine, D(2027, 3, 1))
    services.record_payment(
        invoice=estonia_owes, received_on=D(2027, 3, 1), amount=Decimal("500.00"), reference="x"
    )
    scan_and_send(time_machine, D(2027, 3, 1))
    sent = Reminder.objects.get(recipient="contact@ee.example")
    assert sent.status == ReminderStatus.SENT
    text = render(sent).text
    assert "Still to pay: €1,000.00" in text
    assert "IBAN BE00 0000 0000 0000" in text


def test_an_invoice_issued_late_is_not_reminded_the_day_it_is_issued(
    rules, estonia, estonian_vp, time_machine
):
    on(time_machine, D(2027, 6, 1))  # after the scale's due date: due in 30 days
    (late,) = services.issue_invoices(scale=scale_of(rules))
    assert late.due_on == D(2027, 7, 1)
    mail.outbox.clear()
    assert scan_and_send(time_machine, D(2027, 6, 1)) == []
    assert len(scan_and_send(time_machine, D(2027, 7, 1))) == 2  # on the due date
