"""Payments, partial and over; credit notes and waivers; each refusal with its message."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from subscriptions import services
from subscriptions.models import CreditNote, Payment
from subscriptions.selectors import State, standing
from tests.subscriptions.conftest import ISSUED_ON, decision, on, scale_of

pytestmark = pytest.mark.django_db
FEB = datetime.date(2027, 2, 1)


def pay(invoice, amount, received_on=FEB, **values):
    return services.record_payment(
        invoice=invoice, received_on=received_on, amount=Decimal(amount),
        reference=values.pop("reference", "BANK-1"), **values,
    )  # fmt: skip


def test_partial_payments_leave_it_partly_paid_until_the_last(invoices, time_machine):
    estonia = invoices["EST"]
    on(time_machine, datetime.date(2027, 3, 1))
    pay(estonia, "500.00")
    entry = standing(estonia.association)
    assert (entry.state, entry.outstanding) == (State.PARTLY_PAID, Decimal("1000.00"))
    pay(estonia, "1000.00", received_on=datetime.date(2027, 2, 20))
    entry = standing(estonia.association)
    assert (entry.state, entry.outstanding) == (State.PAID, Decimal("0.00"))


def test_an_overpayment_is_credit_carried_to_the_next_years_invoice(invoices, rules, time_machine):
    estonia = invoices["EST"]
    on(time_machine, datetime.date(2027, 3, 1))
    pay(estonia, "1600.00")
    assert standing(estonia.association).credit == Decimal("100.00")

    on(time_machine, datetime.date(2028, 1, 15))
    next_year = {
        i.association_id: i for i in services.issue_invoices(scale=scale_of(rules, year=2028))
    }[estonia.association_id]

    assert next_year.credit_at_issue == Decimal("100.00")
    assert next_year.to_pay_at_issue == Decimal("1400.00")
    on(time_machine, datetime.date(2028, 2, 1))
    pay(next_year, "1400.00", received_on=datetime.date(2028, 2, 1))
    entry = standing(estonia.association)
    assert entry.state == State.PAID
    assert [i.carried_in for i in entry.invoices] == [Decimal("0.00"), Decimal("100.00")]


def test_a_waiver_credits_what_the_year_still_asks_with_its_decision(invoices, time_machine):
    latvia = invoices["LVA"]
    on(time_machine, datetime.date(2027, 6, 1))
    pay(latvia, "300.00")
    excused = decision(latvia.confederation, "Latvia excused 2027")

    note = services.issue_credit_note(
        invoice=latvia, kind="waiver", reason="Floods", decision=excused
    )

    assert (note.number, note.amount) == ("CIOR-2027-CN-001", Decimal("1200.00"))
    assert standing(latvia.association).state == State.PAID


def test_a_waiver_without_its_decision_is_refused(invoices):
    with pytest.raises(ValidationError, match="needs the council decision"):
        services.issue_credit_note(invoice=invoices["LVA"], kind="waiver", reason="Floods")


def test_a_waiver_decided_by_another_confederation_or_rejected_is_refused(invoices, ciomr):
    for other in (decision(ciomr), decision(invoices["LVA"].confederation, outcome="rejected")):
        with pytest.raises(ValidationError, match="approving decision of CIOR"):
            services.issue_credit_note(
                invoice=invoices["LVA"], kind="waiver", reason="x", decision=other
            )


def test_a_correction_cannot_credit_more_than_the_invoice(invoices):
    services.issue_credit_note(
        invoice=invoices["EST"], kind="correction", amount=Decimal("1000"), reason="Typo"
    )
    with pytest.raises(ValidationError, match=r"€500\.00 not yet credited"):
        services.issue_credit_note(
            invoice=invoices["EST"], kind="correction", amount=Decimal("600"), reason="Again"
        )


def test_an_issued_credit_note_is_never_changed(invoices):
    note = services.issue_credit_note(
        invoice=invoices["EST"], kind="correction", amount=Decimal("10"), reason="Typo"
    )
    note.amount = Decimal("20")
    with pytest.raises(IntegrityError, match="never changed"), transaction.atomic():
        note.save()
    assert CreditNote.objects.get().amount == Decimal("10.00")


@pytest.mark.parametrize(
    ("amount", "message"),
    [("0", "an amount above zero"), ("-5", "an amount above zero")],
)
def test_a_payment_of_zero_or_below_is_refused(invoices, amount, message):
    with pytest.raises(ValidationError, match=message):
        pay(invoices["EST"], amount)
    assert not Payment.objects.exists()


def test_a_payment_against_a_void_invoice_is_refused(invoices, secretariat_user):
    services.void_invoice(invoice=invoices["EST"], reason="Wrong", voided_by=secretariat_user)
    with pytest.raises(ValidationError, match="CIOR-2027-002 is void"):
        pay(invoices["EST"], "10")


def test_a_payment_before_the_invoices_issue_date_is_refused(invoices):
    with pytest.raises(ValidationError, match="cannot be received before"):
        pay(invoices["EST"], "10", received_on=ISSUED_ON - datetime.timedelta(days=1))


def test_a_payment_in_another_currency_is_refused(invoices):
    with pytest.raises(ValidationError, match="is in EUR"):
        pay(invoices["EST"], "10", currency="USD")


def test_a_payment_dated_in_the_future_is_refused(invoices):
    with pytest.raises(ValidationError, match="today or on a day past"):
        pay(invoices["EST"], "10", received_on=datetime.date(2027, 1, 16))


def test_a_voided_payment_no_longer_counts_and_is_kept(invoices, secretariat_user, time_machine):
    payment = pay(invoices["EST"], "1500.00", received_on=ISSUED_ON)
    assert services.void_payment(
        payment=payment, reason="Wrong invoice", voided_by=secretariat_user
    )
    assert standing(invoices["EST"].association).outstanding == Decimal("1500.00")
    with pytest.raises(IntegrityError, match="never deleted"), transaction.atomic():
        Payment.objects.filter(pk=payment.pk).delete()
    payment.refresh_from_db()
    assert payment.void_reason == "Wrong invoice"


def test_the_database_books_nothing_on_a_void_invoice_whatever_the_path(
    invoices, secretariat_user
):
    services.void_invoice(invoice=invoices["EST"], reason="Wrong", voided_by=secretariat_user)
    with pytest.raises(IntegrityError, match="nothing is booked on it"), transaction.atomic():
        Payment.objects.create(
            invoice=invoices["EST"], received_on=ISSUED_ON, amount=Decimal("10"), reference="x"
        )
    with pytest.raises(IntegrityError, match="nothing is booked on it"), transaction.atomic():
        CreditNote.objects.create(
            number="CIOR-2027-CN-999", invoice=invoices["EST"], kind="correction",
            issued_on=ISSUED_ON, amount=Decimal("10"), reason="x",
        )  # fmt: skip
