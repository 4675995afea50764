"""What each user sees: the vice president their own association's subscriptions and
PDFs, the secretariat everything and the treasurer's pages, the public nothing."""

import csv
import datetime
import io
from decimal import Decimal

import pypdf
import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from confed import outbox
from confed.models import Email
from subscriptions import services
from tests.subscriptions.conftest import ISSUED_ON, member, on, scale_of

pytestmark = pytest.mark.django_db


def pdf_text(content: bytes) -> str:
    assert content.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(content)).pages)


def test_the_vice_president_sees_their_associations_standing_and_invoices(
    client, invoices, estonian_vp, latvian_vp, time_machine
):
    on(time_machine, datetime.date(2027, 2, 1))
    services.record_payment(
        invoice=invoices["EST"], received_on=datetime.date(2027, 2, 1),
        amount=Decimal("400.00"), reference="SEPA 123",
    )  # fmt: skip
    client.force_login(estonian_vp)
    page = client.get(reverse("subscriptions:area")).content.decode()
    assert "CIOR-2027-002" in page
    assert "partly paid" in page
    assert "€1,100.00" in page  # outstanding
    assert "SEPA 123" in page
    assert "CIOR-2027-003" not in page  # Latvia's


def test_a_vice_president_cannot_open_another_associations_invoice(
    client, invoices, estonian_vp, latvian_vp
):
    client.force_login(estonian_vp)
    assert client.get(reverse("subscriptions:pdf", args=["CIOR-2027-003"])).status_code == 404
    assert client.get(reverse("subscriptions:pdf", args=["CIOR-2027-999"])).status_code == 404
    assert client.get(reverse("subscriptions:pdf", args=["CIOR-2027-002"])).status_code == 200


def test_a_vice_president_cannot_open_the_treasurers_pages(client, invoices, estonian_vp):
    client.force_login(estonian_vp)
    for name in ("subscriptions_report", "subscriptions_arrears", "subscriptions_ledger"):
        response = client.get(reverse(f"admin:{name}"))
        assert response.status_code == 302
        assert "/admin/login/" in response["Location"]


def test_the_public_sees_nothing_of_the_subscriptions(client, invoices):
    for url in (
        reverse("subscriptions:area"),
        reverse("subscriptions:pdf", args=["CIOR-2027-002"]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_the_invoice_pdf_carries_the_number_the_association_and_the_amount(
    client, invoices, estonian_vp
):
    client.force_login(estonian_vp)
    response = client.get(reverse("subscriptions:pdf", args=["CIOR-2027-002"]))
    assert response["Content-Type"] == "application/pdf"
    assert response["Cache-Control"] == "private, no-store"
    text = pdf_text(response.content)
    assert "CIOR-2027-002" in text
    assert "Estonian Reserve Officers (ERO)" in text
    assert "Estonia" in text
    assert "€1,500.00" in text
    assert "IBAN BE00 0000 0000 0000" in text


def test_the_pdf_is_made_once_and_kept_as_issued(invoices):
    from subscriptions.pdf import invoice_pdf

    first = invoice_pdf(invoices["EST"].pk)
    invoices["EST"].refresh_from_db()
    assert invoices["EST"].pdf.name.startswith("invoices/cior/")
    assert invoices["EST"].pdf.name.endswith("/CIOR-2027-002.pdf")
    assert invoice_pdf(invoices["EST"].pk) == first


def test_a_french_association_gets_its_invoice_in_french(invoices):
    from subscriptions.pdf import invoice_pdf

    text = pdf_text(invoice_pdf(invoices["AUT"].pk))
    assert "Facture CIOR-2027-001" in text
    assert "500,00" in text
    assert "€" in text


def test_the_email_carries_the_invoice_as_a_pdf(scale, estonian_vp, time_machine):
    on(time_machine, ISSUED_ON)
    services.issue_invoices(scale=scale)
    email = Email.objects.get(subject__contains="CIOR-2027-002")
    assert outbox.deliver(email.pk) == "sent"
    (message,) = mail.outbox
    ((filename, content, mimetype),) = message.attachments
    assert (filename, mimetype) == ("CIOR-2027-002.pdf", "application/pdf")
    assert "CIOR-2027-002" in pdf_text(content)


def test_a_credit_note_pdf_names_the_invoice_it_credits(client, invoices, estonian_vp):
    note = services.issue_credit_note(
        invoice=invoices["EST"], kind="correction", amount=Decimal("100"), reason="Rounding"
    )
    client.force_login(estonian_vp)
    text = pdf_text(client.get(reverse("subscriptions:pdf", args=[note.number])).content)
    assert "CIOR-2027-CN-001" in text
    assert "CIOR-2027-002" in text
    assert "Rounding" in text


def test_the_treasurers_report_gives_the_years_figures_and_a_chart(
    client, secretariat_user, invoices, time_machine
):
    on(time_machine, datetime.date(2027, 4, 1))
    client.force_login(secretariat_user)
    services.record_payment(
        invoice=invoices["EST"], received_on=datetime.date(2027, 2, 1),
        amount=Decimal("1500.00"), reference="x",
    )  # fmt: skip
    services.issue_credit_note(
        invoice=invoices["AUT"], kind="correction", amount=Decimal("100.50"), reason="x"
    )
    page = client.get(
        reverse("admin:subscriptions_report") + "?confederation=cior&year=2027"
    ).content.decode()
    assert "€3,500.00" in page  # expected
    assert "€1,500.00" in page  # received
    assert "€1,899.50" in page  # outstanding: Latvia 1,500 and Austria 399.50
    assert "€100.50" in page  # Austria's credit, to the cent
    assert "<svg" in page  # the chart
    assert "2027 €1,500.00" in page  # and its text


def test_a_report_for_a_year_that_is_not_one_says_so(client, secretariat_user, invoices):
    client.force_login(secretariat_user)
    response = client.get(reverse("admin:subscriptions_report") + "?year=20x7")
    assert response.status_code == 400
    assert "A year is four digits" in response.content.decode()


def test_the_ledger_opens_in_a_spreadsheet(client, secretariat_user, invoices, time_machine):
    on(time_machine, datetime.date(2027, 2, 1))
    client.force_login(secretariat_user)
    services.record_payment(
        invoice=invoices["EST"], received_on=datetime.date(2027, 2, 1),
        amount=Decimal("1500.00"), reference="=HYPERLINK()",
    )  # fmt: skip
    response = client.get(reverse("admin:subscriptions_ledger") + "?confederation=cior")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["date", "kind", "number"]
    assert rows[2][:3] == ["2027-01-15", "invoice", "CIOR-2027-002"]
    payment = rows[-1]
    assert payment[1:3] == ["payment", "CIOR-2027-002"]
    assert payment[7] == "1500.00"
    assert payment[9] == "'=HYPERLINK()"  # never a formula


def test_the_arrears_list_names_who_owes_since_when(
    client, secretariat_user, invoices, time_machine
):
    on(time_machine, datetime.date(2028, 4, 2))
    client.force_login(secretariat_user)
    page = client.get(reverse("admin:subscriptions_arrears")).content.decode()
    assert "Estonian Reserve Officers" in page
    assert "none until paid" in page
    desk = client.get(reverse("admin:index")).content.decode()
    assert "3 associations are in arrears with their subscriptions" in desk
    assert "3 have lost their vote until they pay" in desk


def queries(user, url) -> int:
    client = Client()
    client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_the_pages_make_as_many_queries_for_twenty_years_as_for_one(
    secretariat_user, rules, estonia, estonian_vp, time_machine
):
    def issue_and_pay(y: int) -> None:
        on(time_machine, datetime.date(y, 1, 15))
        if y == 2022:
            member(rules, "LV")
        for invoice in services.issue_invoices(scale=scale_of(rules, year=y)):
            services.record_payment(
                invoice=invoice, received_on=invoice.issued_on, amount=Decimal("700"),
                reference="x",
            )  # fmt: skip
            services.issue_credit_note(
                invoice=invoice, kind="correction", amount=Decimal("1"), reason="x"
            )

    def count(y: int) -> list[int]:
        on(time_machine, datetime.date(y, 6, 1))  # the year's invoices in arrears
        return [queries(secretariat_user, page) for page in [
            reverse("admin:subscriptions_arrears"),
            reverse("admin:subscriptions_report") + "?confederation=cior&year=2021",
            reverse("admin:subscriptions_invoice_changelist"),
            reverse("admin:subscriptions_payment_changelist"),
            reverse("admin:subscriptions_creditnote_changelist"),
            reverse("admin:subscriptions_scale_changelist"),
        ]] + [queries(estonian_vp, reverse("subscriptions:area"))]  # fmt: skip

    issue_and_pay(2021)
    one_year = count(2021)
    for y in range(2022, 2041):
        issue_and_pay(y)
    assert count(2040) == one_year
