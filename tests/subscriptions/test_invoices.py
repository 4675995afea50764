"""Issuing a year's invoices: one per member, numbered without a gap, never changed."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from confed.models import Email
from subscriptions import services
from subscriptions.models import Invoice, ScaleRate
from tests.subscriptions.conftest import DUE_ON, ISSUED_ON, decision, member, on, scale_of

pytestmark = pytest.mark.django_db


def test_every_member_is_invoiced_its_categorys_amount_in_the_nations_order(invoices):
    numbers = {code: (i.number, i.amount) for code, i in invoices.items()}
    assert numbers == {
        "AUT": ("CIOR-2027-001", Decimal("500.00")),  # an associate
        "EST": ("CIOR-2027-002", Decimal("1500.00")),
        "LVA": ("CIOR-2027-003", Decimal("1500.00")),
    }
    estonia = invoices["EST"]
    assert (estonia.issued_on, estonia.due_on, estonia.currency) == (ISSUED_ON, DUE_ON, "EUR")
    assert estonia.billed_to == "Estonian Reserve Officers (ERO)"
    assert invoices["AUT"].language == "fr"


def test_a_second_issue_of_the_year_issues_nothing_and_takes_no_number(invoices, scale):
    assert services.issue_invoices(scale=scale) == []
    assert Invoice.objects.count() == 3


def test_a_member_admitted_later_gets_the_next_number_and_a_later_due_date(
    invoices, scale, time_machine
):
    on(time_machine, datetime.date(2027, 6, 1))
    lithuania = member(scale.confederation, "LT")

    (late,) = services.issue_invoices(scale=scale)

    assert late.association == lithuania
    assert late.number == "CIOR-2027-004"
    assert late.due_on == datetime.date(2027, 7, 1)  # 30 days after its issue


def test_a_rate_the_council_decided_replaces_the_categorys_amount(scale, estonia, time_machine):
    ScaleRate.objects.create(
        scale=scale, association=estonia, amount=Decimal("750.00"),
        decision=decision(scale.confederation, "Half for Estonia"),
    )  # fmt: skip
    on(time_machine, ISSUED_ON)
    issued = {i.association_id: i.amount for i in services.issue_invoices(scale=scale)}
    assert issued[estonia.pk] == Decimal("750.00")


def test_a_member_the_scale_asks_nothing_of_is_not_invoiced(rules, estonia, austria, time_machine):
    scale = scale_of(rules, associate="0.00")
    on(time_machine, ISSUED_ON)
    assert [i.association for i in services.issue_invoices(scale=scale)] == [estonia]


def test_a_withdrawn_association_is_not_invoiced(rules, estonia, time_machine):
    member(rules, "LT", status="withdrawn")
    on(time_machine, ISSUED_ON)
    assert [i.association for i in services.issue_invoices(scale=scale_of(rules))] == [estonia]


def test_invoices_are_not_issued_with_a_date_to_come(scale, time_machine):
    on(time_machine, ISSUED_ON)
    with pytest.raises(ValidationError, match="issued today or on a day past"):
        services.issue_invoices(scale=scale, issued_on=ISSUED_ON + datetime.timedelta(days=1))
    assert not Invoice.objects.exists()


def test_each_invoice_is_emailed_with_its_pdf_to_the_contact_and_the_vice_president(
    scale, estonian_vp, time_machine
):
    on(time_machine, ISSUED_ON)
    services.issue_invoices(scale=scale)
    email = Email.objects.get(subject__contains="CIOR-2027-002")
    assert email.to == ["contact@ee.example", "vp-cior-est@example.org"]
    assert email.attachments == [
        {
            "filename": "CIOR-2027-002.pdf",
            "mimetype": "application/pdf",
            "maker": "subscriptions.pdf.invoice_pdf",
            "key": Invoice.objects.get(number="CIOR-2027-002").pk,
        }
    ]
    assert "€1,500.00" in email.body
    assert "March 31, 2027" in email.body
    french = Email.objects.get(subject__contains="CIOR-2027-001")  # Austria writes French
    assert french.language == "fr"
    assert "Facture" in french.subject or "facture" in french.subject


def test_an_issued_invoice_cannot_be_changed_or_deleted_even_bypassing_the_services(invoices):
    invoice = invoices["EST"]
    invoice.amount = Decimal("1.00")
    with pytest.raises(IntegrityError, match="never changed"), transaction.atomic():
        invoice.save()
    with pytest.raises(IntegrityError, match="never deleted"), transaction.atomic():
        Invoice.objects.filter(pk=invoice.pk).delete()
    invoice.refresh_from_db()
    assert invoice.amount == Decimal("1500.00")


def test_a_voided_invoice_keeps_its_number_and_the_year_can_be_invoiced_again(
    invoices, scale, secretariat_user
):
    estonia = invoices["EST"]
    assert services.void_invoice(invoice=estonia, reason="Wrong name", voided_by=secretariat_user)
    assert not services.void_invoice(invoice=estonia, reason="Again", voided_by=secretariat_user)

    (again,) = services.issue_invoices(scale=scale)

    assert again.number == "CIOR-2027-004"
    estonia.refresh_from_db()
    assert (estonia.void_reason, estonia.voided_by) == ("Wrong name", secretariat_user)
    assert estonia.history.first().history_change_reason == "Wrong name"
    estonia.void_reason = "Another reason"
    with pytest.raises(IntegrityError, match="kept as it was voided"), transaction.atomic():
        estonia.save()


def test_voiding_needs_a_reason(invoices, secretariat_user):
    with pytest.raises(ValidationError, match="Say why"):
        services.void_invoice(invoice=invoices["EST"], reason=" ", voided_by=secretariat_user)


def test_an_invoice_with_a_payment_is_not_voided(invoices, secretariat_user):
    services.record_payment(
        invoice=invoices["EST"], received_on=ISSUED_ON, amount=Decimal("10"), reference="x"
    )
    with pytest.raises(ValidationError, match="void them first"):
        services.void_invoice(invoice=invoices["EST"], reason="x", voided_by=secretariat_user)


def test_a_scale_with_invoices_issued_can_no_longer_change(invoices, scale):
    assert not services.scale_is_open(scale)
    with pytest.raises(ValidationError, match="can no longer change"):
        services.check_scale_open(scale)


def test_numbers_are_per_confederation_and_year(invoices, ciomr, time_machine):
    ciomr_member = member(ciomr, "EE")
    (first,) = services.issue_invoices(scale=scale_of(ciomr))
    assert first.number == "CIOMR-2027-001"
    assert first.association == ciomr_member


def test_once_issued_the_scale_and_its_rates_are_kept_by_the_database(invoices, scale, estonia):
    scale.full_member = Decimal("1.00")
    with pytest.raises(IntegrityError, match="no longer changes"), transaction.atomic():
        scale.save()
    with pytest.raises(IntegrityError, match="no longer changes"), transaction.atomic():
        ScaleRate.objects.create(
            scale=scale, association=estonia, amount=Decimal("1"), decision=scale.decision
        )
    scale.refresh_from_db()
    scale.save()  # saved unchanged: nothing to refuse


def test_a_kept_pdf_is_never_replaced(invoices):
    from subscriptions.pdf import invoice_pdf

    invoice_pdf(invoices["EST"].pk)
    with pytest.raises(IntegrityError, match="kept as made"), transaction.atomic():
        Invoice.objects.filter(pk=invoices["EST"].pk).update(pdf="another.pdf")
