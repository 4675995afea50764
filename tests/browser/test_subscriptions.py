"""The subscriptions as their people use them, in a real browser: a vice president
reads their association's standing and opens its invoices, in English or in French;
the secretariat follows the arrears from its desk, reads the treasurer's report,
records a payment, credits an invoice and issues a year's invoices.

The demo (subscriptions/demo.py) has CIOR's invoices of 2025 and 2026 issued and paid
but for Portugal (two years unpaid, its vote lost), North Macedonia (2026 half paid),
Estonia (2025 overpaid, carried to 2026) and Luxembourg (2025 waived)."""

import io
import re

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from members.models import NationalAssociation
from subscriptions.models import Invoice, Payment, Scale
from tests.browser.test_pages_fit_the_screen import assert_in_reach
from tests.browser.test_people_at_work import log_in

pytestmark = pytest.mark.django_db(transaction=True)

AREA = "/subscriptions/"
REPORT = "/admin/subscriptions/invoice/report/?confederation=cior&year=2026"


def cior_invoices_of(country: str) -> list[Invoice]:
    """A CIOR association's invoices, the oldest first."""
    return list(
        Invoice.objects.filter(confederation__code="cior", association__nation__country=country)
        .select_related("association")
        .order_by("year")
    )


def fact(page: Page, term: str):
    """The value of a line of the standing's list (its <dd>), by its term."""
    return page.locator(f'dt:text-is("{term}") + dd')


def open_pdf(page: Page, base_url: str, number: str) -> str:
    """The text of the PDF behind a link, fetched with the browser's own session."""
    link = page.get_by_role("link", name=f"{number} (PDF)", exact=True)
    href = link.get_attribute("href")
    response = page.request.get(base_url + href)
    assert response.status == 200, (href, response.status)
    assert response.headers["content-type"] == "application/pdf"
    assert f'filename="{number}.pdf"' in response.headers["content-disposition"]
    pdf = pypdf.PdfReader(io.BytesIO(response.body()))
    return "\n".join(p.extract_text() for p in pdf.pages).replace("\u00a0", " ")


def test_a_vice_president_in_arrears_reads_the_lost_vote_and_opens_an_invoice(visitor):
    """Portugal has paid neither 2025 nor 2026: two years in arrears, no vote until
    paid; each invoice's PDF opens, on a phone as on a desktop."""
    oldest, latest = cior_invoices_of("PT")
    log_in(visitor, "vp-cior-prt")
    page = visitor.open(AREA)  # checked at 1280 and at 390 px
    expect(page.get_by_role("heading", level=1)).to_have_text("Subscriptions")
    expect(page.get_by_role("heading", level=2)).to_contain_text("CIOR")
    standing = fact(page, "Standing today")
    expect(standing.locator(".badge")).to_have_text("in arrears")
    expect(standing).to_contain_text("2 years in arrears")
    expect(fact(page, "Outstanding")).to_have_text("€3,000.00")
    vote = fact(page, "Vote in the council")
    expect(vote.locator("strong")).to_have_text("none until paid")
    expect(vote).to_contain_text("subscription in arrears since")
    rows = page.get_by_role("table").get_by_role("row")
    expect(rows).to_have_count(3)  # the header, then the latest invoice first
    expect(rows.nth(1)).to_contain_text(latest.number)
    expect(rows.nth(2)).to_contain_text(oldest.number)
    expect(page.get_by_text("No payment recorded yet.")).to_be_visible()
    text = open_pdf(page, visitor.base_url, oldest.number)
    assert f"Invoice {oldest.number}" in text
    assert "Portuguese Reserve Officers Association" in text
    assert "€1,500.00" in text
    with visitor.phone():
        # Each invoice stacks into a card of its own lines; its link is in reach.
        link = page.get_by_role("link", name=f"{latest.number} (PDF)", exact=True)
        assert_in_reach(link)
        expect(page.locator('td[data-label="Outstanding"]').first).to_be_visible()
        expect(page.get_by_text("in arrears", exact=True).first).to_be_visible()
        assert f"Invoice {latest.number}" in open_pdf(page, visitor.base_url, latest.number)


def test_a_vice_president_half_paid_is_in_arrears_and_keeps_the_vote(visitor):
    """North Macedonia paid half of 2026: in arrears since its due date, not yet long
    enough to cost it its vote."""
    log_in(visitor, "vp-cior-mkd")
    page = visitor.open(AREA)
    standing = fact(page, "Standing today")
    expect(standing.locator(".badge")).to_have_text("in arrears")
    expect(standing).to_contain_text("1 year in arrears")
    expect(fact(page, "Outstanding")).to_have_text("€750.00")
    expect(fact(page, "Vote in the council")).to_have_text("full")
    expect(page.get_by_role("row").nth(1)).to_contain_text("€750.00")


def test_a_vice_president_sees_the_overpayment_carried_and_not_anothers_invoice(visitor):
    """Estonia's 100 euros paid beyond 2025 settle 2026 with its 1,400; Portugal's
    invoice, which is not Estonia's, is not found."""
    log_in(visitor, "vp-cior-est")
    page = visitor.open(AREA)
    expect(fact(page, "Standing today").locator(".badge")).to_have_text("paid")
    expect(fact(page, "Outstanding")).to_have_text("€0.00")
    latest = page.get_by_role("row").nth(1)
    expect(latest.locator('td[data-label="Paid or credited"]')).to_contain_text("€1,500.00")
    expect(latest.locator('td[data-label="Paid or credited"]')).to_contain_text(
        "€100.00 of it carried from the year before"
    )
    payments = page.get_by_role("heading", name="Payments received").locator("+ ul > li")
    expect(payments).to_have_count(2)
    expect(payments.nth(0)).to_contain_text("€1,400.00")
    expect(payments.nth(1)).to_contain_text("€1,600.00")
    portugal = cior_invoices_of("PT")[0]
    response = page.request.get(visitor.base_url + reverse("subscriptions:pdf", args=[portugal]))
    assert response.status == 404


def test_a_french_speaking_vice_president_reads_the_page_and_the_invoice_in_french(visitor):
    """Luxembourg's 2025 was waived by the council: its page reads in French, with the
    credit note, and its invoices were issued in French."""
    waived, _latest = cior_invoices_of("LU")
    assert waived.language == "fr"
    log_in(visitor, "vp-cior-lux")
    page = visitor.open("/fr" + AREA)
    expect(page.locator("html")).to_have_attribute("lang", "fr")
    expect(page.get_by_role("heading", level=1)).to_have_text("Cotisations")
    expect(page.locator("dt", has_text="Situation à ce jour")).to_be_visible()
    expect(fact(page, "Situation à ce jour").locator(".badge")).to_have_text("payée")
    expect(page.locator("dt", has_text="Droit de vote au conseil")).to_be_visible()
    expect(page.get_by_text("exonération décidée par le conseil")).to_be_visible()
    expect(page.get_by_text("0,00\u00a0€").first).to_be_visible()
    invoice = open_pdf(page, visitor.base_url, waived.number)
    assert f"Facture {waived.number}" in invoice
    assert "Cotisation annuelle 2025 à la CIOR" in invoice
    assert "Net à payer" in invoice
    assert "1 500,00 €" in invoice
    note = waived.credit_notes.get()
    credit_note = open_pdf(page, visitor.base_url, note.number)
    assert f"Avoir {note.number}" in credit_note
    assert f"Facture créditée {waived.number}" in credit_note


def amount_in_row(page: Page, table: str, row_header: str) -> str:
    """The outstanding amount of a row of the report's tables."""
    row = (
        page.locator(table)
        .get_by_role("row")
        .filter(has=page.get_by_role("rowheader", name=row_header, exact=True))
    )
    return row.locator("td.outstanding").inner_text()


def test_the_secretariat_follows_the_arrears_and_records_a_payment(visitor):
    """From the desk's line to the list of arrears, the treasurer's report, and
    Portugal's oldest invoice: a payment of nothing is refused beside its field, the
    full amount is recorded, and the report's outstanding drops by it."""
    oldest, latest = cior_invoices_of("PT")
    page = log_in(visitor, "secretariat", "/admin/login/")
    line = page.locator(".desk-lines li", has_text="in arrears")
    expect(line).to_contain_text(
        "2 associations are in arrears with their subscriptions; 1 has lost its vote until it pays"
    )
    expect(line.get_by_role("link", name="Portugal (CIOR)")).to_be_visible()
    expect(line.get_by_role("link", name="North Macedonia (CIOR)")).to_be_visible()
    line.get_by_role("link", name=re.compile("associations are in arrears")).click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Associations in arrears")
    rows = page.locator("#content table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("(PRT)")  # the longest in arrears first
    expect(rows.nth(0)).to_contain_text("none until paid")
    expect(rows.nth(0)).to_contain_text("€3,000.00")
    expect(rows.nth(1)).to_contain_text("(MKD)")
    expect(rows.nth(1)).to_contain_text("kept")

    page = visitor.open(REPORT)
    expect(page.get_by_role("heading", name="CIOR, subscriptions of 2026")).to_be_visible()
    expect(page.locator("table.report-totals")).to_be_visible()
    expect(page.get_by_role("heading", name="By association")).to_be_visible()
    expect(page.get_by_role("rowheader", name=latest.number)).to_be_visible()
    chart = page.get_by_role("img", name=re.compile("^Money received, by year: "))
    expect(chart).to_be_visible()
    expect(chart.locator("rect")).not_to_have_count(0)
    outstanding_2025 = amount_in_row(page, "#content table:last-of-type", "2025")
    assert outstanding_2025 == "€1,500.00"  # Portugal's; Luxembourg's was waived

    page.get_by_role("link", name="Associations in arrears").click()
    visitor.check()
    page.get_by_role("rowheader", name=re.compile(r"\(PRT\)")).get_by_role("link").click()
    visitor.check()
    page.get_by_role("link", name=oldest.number, exact=True).click()
    visitor.check()
    expect(page.get_by_role("heading", level=2, name=oldest.number)).to_be_visible()
    page.get_by_role("link", name="Record a payment").click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add payment")
    expect(page.locator("#id_invoice option:checked")).to_have_text(oldest.number)
    today = timezone.localdate()
    page.get_by_label("Received on").fill(today.isoformat())
    page.get_by_label("Amount").fill("0")
    page.get_by_label("Bank reference").fill("PT-ORS 2025 SUBSCRIPTION")
    page.get_by_role("button", name="Save", exact=True).click()
    visitor.check()
    beside_amount = page.locator(".form-row.field-amount")
    expect(beside_amount.locator(".errorlist")).to_have_text("A payment is an amount above zero.")
    assert not Payment.objects.filter(invoice=oldest).exists()
    page.get_by_label("Amount").fill("1500.00")
    page.get_by_role("button", name="Save", exact=True).click()
    visitor.check()
    expect(page.locator(".messagelist .success")).to_contain_text("was added successfully")
    payment = Payment.objects.get(invoice=oldest)
    assert payment.recorded_by.username == "secretariat"
    assert str(payment.amount) == "1500.00"
    assert payment.received_on == today

    page = visitor.open(REPORT)
    assert amount_in_row(page, "#content table:last-of-type", "2025") == "€0.00"
    page = visitor.open(reverse("admin:subscriptions_arrears"))
    portugal = page.locator("#content table tbody tr").filter(has_text="(PRT)")
    expect(portugal).to_contain_text("€1,500.00")  # 2026 alone, since its due date
    expect(portugal).to_contain_text("kept")
    page = visitor.open("/admin/")
    expect(page.locator(".desk-lines li", has_text="in arrears")).not_to_contain_text("vote")


def test_the_secretariat_is_refused_a_waiver_without_the_councils_decision(visitor):
    """A credit note opened from North Macedonia's invoice: a waiver needs the
    decision that granted it, said beside the field."""
    _oldest, latest = cior_invoices_of("MK")
    log_in(visitor, "secretariat", "/admin/login/")
    page = visitor.open(reverse("admin:subscriptions_invoice_change", args=[latest.pk]))
    page.get_by_role("link", name="Issue a credit note").click()
    visitor.check()
    expect(page.locator("#id_invoice option:checked")).to_have_text(latest.number)
    page.get_by_label("Kind").select_option(label="waiver (the council excused the year)")
    page.get_by_label("Reason").fill("The council excused half of 2026.")
    page.get_by_role("button", name="Save", exact=True).click()
    visitor.check()
    expect(page.locator(".form-row.field-decision .errorlist")).to_have_text(
        "A waiver needs the council decision that granted it."
    )
    assert not latest.credit_notes.exists()


def test_the_secretariat_issues_the_next_years_invoices_from_its_scale(visitor):
    """CIOR's 2027 scale is decided, not issued: its action, confirmed, issues an
    invoice to each member; asked again, it issues none twice."""
    members = NationalAssociation.objects.members().filter(confederation__code="cior").count()
    log_in(visitor, "secretariat", "/admin/login/")
    page = visitor.open(reverse("admin:subscriptions_scale_changelist"))
    row = page.get_by_role("row", name=re.compile(r"\bCIOR 2027\b"))
    expect(row).to_contain_text("€1,600.00")
    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Issue the year's invoices to every member")
    page.get_by_role("button", name="Go").click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Issue the year's invoices")
    expect(page.locator("#content li", has_text="CIOR 2027")).to_be_visible()
    expect(page.get_by_label("Date of issue")).to_have_value(
        timezone.localdate().strftime("%Y-%m-%d")
    )
    page.get_by_role("button", name="Confirm").click()
    visitor.check()
    issued = Invoice.objects.filter(scale=Scale.objects.get(confederation__code="cior", year=2027))
    assert 0 < issued.count() <= members
    expect(page.locator(".messagelist .success")).to_have_text(
        f"CIOR 2027: {issued.count()} invoices issued, CIOR-2027-001 to "
        f"CIOR-2027-{issued.count():03d}."
    )
    expect(row.get_by_role("link", name=str(issued.count()), exact=True)).to_be_visible()

    row.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Issue the year's invoices to every member")
    page.get_by_role("button", name="Go").click()
    page.get_by_role("button", name="Confirm").click()
    visitor.check()
    expect(page.locator(".messagelist .warning")).to_have_text(
        "CIOR 2027: every member has its invoice for the year already."
    )
