"""The secretariat's admin: issuing, recording, voiding; nothing issued edited."""

import datetime
from decimal import Decimal

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from subscriptions import services
from subscriptions.models import CreditNote, Invoice, Payment
from tests.subscriptions.conftest import decision, on

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, secretariat_user, time_machine):
    """The secretariat, logged in on 1 February 2027."""
    on(time_machine, datetime.date(2027, 2, 1))
    client.force_login(secretariat_user)
    return client


def test_the_secretariat_issues_the_years_invoices_from_the_scale(desk, scale, secretariat_user):
    url = reverse("admin:subscriptions_scale_changelist")
    chosen = {"action": "issue", ACTION_CHECKBOX_NAME: [scale.pk]}
    assert "Issue the year" in desk.post(url, chosen).content.decode()  # asked first

    response = desk.post(url, {**chosen, "confirm": "1", "issued_on": "2027-01-15"}, follow=True)

    assert "3 invoices issued, CIOR-2027-001 to CIOR-2027-003" in response.content.decode()
    assert set(Invoice.objects.values_list("issued_by", flat=True)) == {secretariat_user.pk}
    again = desk.post(url, {**chosen, "confirm": "1", "issued_on": "2027-01-15"}, follow=True)
    assert "every member has its invoice for the year already" in again.content.decode()


def test_an_issue_dated_after_today_is_refused_beside_the_date(desk, scale):
    response = desk.post(
        reverse("admin:subscriptions_scale_changelist"),
        {"action": "issue", ACTION_CHECKBOX_NAME: [scale.pk], "confirm": "1",
         "issued_on": "2027-02-02"},
    )  # fmt: skip
    assert "issued today or on a day past" in response.content.decode()
    assert not Invoice.objects.exists()


def test_an_issued_invoice_opens_read_only_and_a_post_changes_nothing(invoices, desk):
    invoice = invoices["EST"]
    url = reverse("admin:subscriptions_invoice_change", args=[invoice.pk])
    page = desk.get(url).content.decode()
    assert "Record a payment" in page
    assert 'name="_save"' not in page
    assert desk.post(url, {"amount": "1.00"}).status_code == 403
    assert (
        desk.post(reverse("admin:subscriptions_invoice_delete", args=[invoice.pk])).status_code
        == 403
    )
    invoice.refresh_from_db()
    assert invoice.amount == Decimal("1500.00")


def test_a_scale_once_issued_opens_read_only(invoices, desk, scale):
    page = desk.get(reverse("admin:subscriptions_scale_change", args=[scale.pk])).content.decode()
    assert 'name="full_member"' not in page


def test_a_scale_not_yet_issued_can_be_corrected(desk, scale):
    url = reverse("admin:subscriptions_scale_change", args=[scale.pk])
    response = desk.post(url, {
        "confederation": scale.confederation_id, "year": 2027, "full_member": "1400.00",
        "associate_member": "500.00", "due_on": "2027-03-31", "decision": scale.decision_id,
        "rates-TOTAL_FORMS": "0", "rates-INITIAL_FORMS": "0", "_save": "Save",
    })  # fmt: skip
    assert response.status_code == 302
    scale.refresh_from_db()
    assert scale.full_member == Decimal("1400.00")


def payment_form(invoice, **values) -> dict:
    return {"invoice": invoice.pk, "received_on": "2027-02-01", "amount": "100.00",
            "currency": "EUR", "reference": "SEPA 42", **values}  # fmt: skip


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"amount": "0"}, "amount", "above zero"),
        ({"amount": "-10"}, "amount", "above zero"),
        ({"amount": "ten"}, "amount", "Enter a number"),
        ({"amount": "10.005"}, "amount", "2 decimal places"),
        ({"currency": "usd"}, "currency", "is in EUR"),
        ({"received_on": "2027-01-14"}, "received_on", "cannot be received before"),
        ({"received_on": "2027-02-30"}, "received_on", "Enter a valid date"),
        ({"received_on": "2027-02-02"}, "received_on", "today or on a day past"),
    ],
)
def test_a_payment_refused_says_why_beside_its_field(invoices, desk, values, field, message):
    response = desk.post(
        reverse("admin:subscriptions_payment_add"), payment_form(invoices["EST"], **values)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert message in " ".join(errors[field])
    assert not Payment.objects.exists()


def test_a_payment_recorded_in_the_admin_names_who(invoices, desk, secretariat_user):
    response = desk.post(reverse("admin:subscriptions_payment_add"), payment_form(invoices["EST"]))
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert payment.recorded_by == secretariat_user
    assert payment.history.get().history_user == secretariat_user


def test_a_payment_against_a_void_invoice_is_refused_beside_the_invoice(
    invoices, desk, secretariat_user
):
    services.void_invoice(invoice=invoices["EST"], reason="Wrong", voided_by=secretariat_user)
    response = desk.post(reverse("admin:subscriptions_payment_add"), payment_form(invoices["EST"]))
    assert "is void" in " ".join(response.context["adminform"].form.errors["invoice"])


def test_a_waiver_without_its_decision_is_refused_beside_the_decision(invoices, desk):
    response = desk.post(reverse("admin:subscriptions_creditnote_add"), {
        "invoice": invoices["EST"].pk, "kind": "waiver", "issued_on": "2027-02-01",
        "reason": "Floods", "amount": "",
    })  # fmt: skip
    assert "needs the council decision" in " ".join(
        response.context["adminform"].form.errors["decision"]
    )
    assert not CreditNote.objects.exists()


def test_voiding_in_the_admin_asks_why_and_keeps_who_in_the_history(
    invoices, desk, secretariat_user
):
    invoice = invoices["EST"]
    url = reverse("admin:subscriptions_invoice_changelist")
    chosen = {"action": "void", ACTION_CHECKBOX_NAME: [invoice.pk]}
    assert "why" in desk.post(url, chosen).content.decode()
    desk.post(url, {**chosen, "confirm": "1", "reason": "Issued to the wrong association"})
    invoice.refresh_from_db()
    assert invoice.void_reason == "Issued to the wrong association"
    record = invoice.history.order_by("-history_id").first()
    assert (record.history_user, record.history_change_reason) == (
        secretariat_user, "Issued to the wrong association",
    )  # fmt: skip


def test_the_invoice_list_shows_what_was_paid_and_credited(invoices, desk):
    services.record_payment(
        invoice=invoices["EST"], received_on=datetime.date(2027, 2, 1),
        amount=Decimal("250.00"), reference="x",
    )  # fmt: skip
    page = desk.get(reverse("admin:subscriptions_invoice_changelist")).content.decode()
    assert "€250.00" in page
    assert "€1,500.00" in page


def test_a_waiver_left_without_an_amount_on_a_settled_invoice_says_there_is_nothing_to_waive(
    invoices, desk
):
    services.record_payment(
        invoice=invoices["EST"], received_on=datetime.date(2027, 2, 1),
        amount=Decimal("1500.00"), reference="x",
    )  # fmt: skip
    excused = decision(invoices["EST"].confederation, "Estonia excused")
    response = desk.post(reverse("admin:subscriptions_creditnote_add"), {
        "invoice": invoices["EST"].pk, "kind": "waiver", "issued_on": "2027-02-01",
        "reason": "Floods", "amount": "", "decision": excused.pk,
    })  # fmt: skip
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors["amount"]
    assert "nothing to waive" in " ".join(errors)


def test_a_waiver_left_without_an_amount_credits_what_is_still_asked(invoices, desk):
    services.record_payment(
        invoice=invoices["EST"], received_on=datetime.date(2027, 2, 1),
        amount=Decimal("500.50"), reference="x",
    )  # fmt: skip
    excused = decision(invoices["EST"].confederation, "Estonia excused")
    response = desk.post(reverse("admin:subscriptions_creditnote_add"), {
        "invoice": invoices["EST"].pk, "kind": "waiver", "issued_on": "2027-02-01",
        "reason": "Floods", "amount": "", "decision": excused.pk,
    })  # fmt: skip
    assert response.status_code == 302
    assert CreditNote.objects.get().amount == Decimal("999.50")


def test_a_payment_typed_in_lower_case_euros_is_recorded(invoices, desk):
    response = desk.post(
        reverse("admin:subscriptions_payment_add"), payment_form(invoices["EST"], currency="eur")
    )
    assert response.status_code == 302
    assert Payment.objects.get().currency == "EUR"


def test_links_typed_by_hand_get_a_page_not_an_error(invoices, desk):
    assert desk.get(reverse("admin:subscriptions_payment_add") + "?invoice=abc").status_code == 200
    report = reverse("admin:subscriptions_report")
    assert desk.get(report + "?year=²").status_code == 400
    assert desk.get(report + "?confederation=nope").status_code == 404
    ledger = reverse("admin:subscriptions_ledger")
    assert desk.get(ledger + "?year=99999").status_code == 400


def test_a_scale_cites_only_an_approved_decision_on_subscriptions(desk, rules):
    rejected = decision(rules, "Not this scale", outcome="rejected")
    response = desk.post(reverse("admin:subscriptions_scale_add"), {
        "confederation": rules.pk, "year": 2028, "full_member": "1500.00",
        "associate_member": "500.00", "due_on": "2028-03-31", "decision": rejected.pk,
        "rates-TOTAL_FORMS": "0", "rates-INITIAL_FORMS": "0", "_save": "Save",
    })  # fmt: skip
    assert "Select a valid choice" in " ".join(
        response.context["adminform"].form.errors["decision"]
    )
    choices = response.context["adminform"].form.fields["decision"].queryset
    assert rejected not in choices
