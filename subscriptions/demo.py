"""Demo subscriptions, with invented figures: CIOR's scales of 2025 to 2027 and
CIOMR's of 2026 and 2027, the invoices of 2025 and 2026 issued (without emails: they
are the past) and paid, but for a few that show each standing: Portugal two years in
arrears (its vote gone), North Macedonia half paid for 2026, Estonia's overpayment
of 2025 carried to 2026, Luxembourg's 2025 waived by the council. 2027 is decided,
not issued: the secretariat issues it with the scale's action. Idempotent."""

import datetime
from decimal import Decimal

from django.db import transaction

from governance.models import CouncilDecision
from members.demo import LoadReport, upsert
from members.models import Confederation, NationalAssociation

from . import services
from .models import CreditKind, Invoice, Scale

PAYMENT_DETAILS = (
    "Sample bank details, invented for the demo\n"
    "IBAN BE00 0000 0000 0000 · BIC DEMOBEBB\n"
    "Account holder: {acronym}"
)

# (confederation, year, full member, associate member)
SCALES = [
    ("cior", 2025, "1500.00", "500.00"),
    ("cior", 2026, "1500.00", "500.00"),
    ("cior", 2027, "1600.00", "550.00"),
    ("ciomr", 2026, "600.00", "200.00"),
    ("ciomr", 2027, "650.00", "200.00"),
]
ISSUED_YEARS = {2025, 2026}

# What an association paid of a year's invoice, where it did not simply pay it:
# (confederation, nation, year) -> the amounts received (none: nothing paid).
PAID = {
    ("cior", "PRT", 2025): [],
    ("cior", "PRT", 2026): [],
    ("cior", "MKD", 2026): ["750.00"],
    ("cior", "EST", 2025): ["1600.00"],  # 100 more than asked, carried to 2026
    ("cior", "EST", 2026): ["1400.00"],
    ("cior", "LUX", 2025): [],  # waived below
    ("ciomr", "EST", 2026): ["300.00", "300.00"],  # two instalments
}
WAIVED = {("cior", "LUX", 2025)}


def _decision(report, confederation, year: int, summary: str) -> CouncilDecision:
    return upsert(
        CouncilDecision,
        report,
        {"confederation": confederation, "kind": CouncilDecision.Kind.SUBSCRIPTIONS,
         "summary": summary},
        {"decided_on": datetime.date(year - 1, 2, 1),
         "outcome": CouncilDecision.Outcome.APPROVED,
         "meeting": f"Mid-Winter Meeting {year - 1}"},
    )  # fmt: skip


@transaction.atomic
def load(report: LoadReport) -> None:
    confederations = {c.code: c for c in Confederation.objects.all()}
    for confederation in confederations.values():
        upsert(
            Confederation,
            report,
            {"pk": confederation.pk},
            {
                "subscription_payment_details": PAYMENT_DETAILS.format(
                    acronym=confederation.acronym
                ),
                "arrears_cost_the_vote_after_days": 365,
            },
        )
    for code, year, full, associate in SCALES:
        confederation = confederations.get(code)
        if confederation is None:
            continue
        decision = _decision(
            report, confederation, year, f"The subscriptions of {year}: the scale (demo)."
        )
        scale = Scale.objects.filter(confederation=confederation, year=year).first()
        if scale is None:
            scale = Scale.objects.create(
                confederation=confederation,
                year=year,
                full_member=Decimal(full),
                associate_member=Decimal(associate),
                due_on=datetime.date(year, 3, 31),
                decision=decision,
            )
            report.created += 1
        if year in ISSUED_YEARS and not Invoice.objects.filter(scale=scale).exists():
            made = services.issue_invoices(
                scale=scale, issued_on=datetime.date(year, 1, 15), send=False
            )
            report.created += len(made)
            for invoice in made:
                _settle(report, invoice)


def _settle(report: LoadReport, invoice: Invoice) -> None:
    association = NationalAssociation.objects.select_related("nation").get(
        pk=invoice.association_id
    )
    key = (invoice.confederation.code, association.nation.code, invoice.year)
    amounts = PAID.get(key, [str(invoice.amount)])
    for number, amount in enumerate(amounts, start=1):
        services.record_payment(
            invoice=invoice,
            received_on=invoice.due_on - datetime.timedelta(days=40 - 20 * number),
            amount=Decimal(amount),
            reference=f"DEMO {invoice.number}/{number}",
        )
        report.created += 1
    if key in WAIVED:
        decision = _decision(
            report,
            invoice.confederation,
            invoice.year + 1,
            f"{association.display_name} is excused its subscription of {invoice.year} (demo).",
        )
        services.issue_credit_note(
            invoice=invoice,
            kind=CreditKind.WAIVER,
            reason=f"The council excused the subscription of {invoice.year}.",
            decision=decision,
            issued_on=decision.decided_on,
        )
        report.created += 1
