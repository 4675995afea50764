"""An association's standing, worked out from its invoices, credit notes and
payments on a day, never typed in; and what it costs its vote.

Each invoice is settled by what was paid against it and credited to it; what an
association paid beyond an invoice is carried, as credit, to its next year's invoice
(and on, year after year), never back to an earlier one. Everything here is a fixed
number of queries however many years and associations there are.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import DecimalField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from confed.i18n import format_date
from governance.selectors import Vote, membership_vote
from members.models import MembershipStatus, NationalAssociation

from .models import CreditNote, Invoice, Payment

ZERO = Decimal("0.00")


class State:
    PAID = "paid"
    PARTLY_PAID = "partly-paid"
    DUE = "due"
    IN_ARREARS = "in-arrears"
    NOTHING_INVOICED = "nothing-invoiced"


STATE_LABELS = {
    State.PAID: _("paid"),
    State.PARTLY_PAID: _("partly paid"),
    State.DUE: _("due"),
    State.IN_ARREARS: _("in arrears"),
    State.NOTHING_INVOICED: _("nothing invoiced"),
}


@dataclass
class InvoiceStanding:
    invoice: Invoice
    paid: Decimal  # received against it
    credited: Decimal  # by its credit notes
    carried_in: Decimal  # overpaid on earlier years
    state: str = State.DUE

    @property
    def settled(self) -> Decimal:
        return self.paid + self.credited + self.carried_in

    @property
    def outstanding(self) -> Decimal:
        return max(self.invoice.amount - self.settled, ZERO)

    @property
    def overpaid(self) -> Decimal:
        return max(self.settled - self.invoice.amount, ZERO)

    @property
    def credited_or_carried(self) -> Decimal:
        return self.credited + self.carried_in

    @property
    def state_label(self) -> str:
        if self.state == State.PAID and self.credited and not self.paid:
            return str(_("settled by a credit note"))  # a waiver, say
        return STATE_LABELS[self.state]


@dataclass
class Standing:
    """An association's standing on a day."""

    association: NationalAssociation
    on: datetime.date
    invoices: list[InvoiceStanding] = field(default_factory=list)  # oldest first

    @property
    def in_arrears(self) -> list[InvoiceStanding]:
        return [i for i in self.invoices if i.state == State.IN_ARREARS]

    @property
    def state(self) -> str:
        states = {i.state for i in self.invoices}
        for state in (State.IN_ARREARS, State.PARTLY_PAID, State.DUE, State.PAID):
            if state in states:
                return state
        return State.NOTHING_INVOICED

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

    @property
    def years_in_arrears(self) -> int:
        return len(self.in_arrears)

    @property
    def arrears_since(self) -> datetime.date | None:
        """The due date of the oldest invoice still in arrears."""
        return min((i.invoice.due_on for i in self.in_arrears), default=None)

    @property
    def outstanding(self) -> Decimal:
        return sum((i.outstanding for i in self.invoices), ZERO)

    @property
    def credit(self) -> Decimal:
        """Paid beyond every invoice so far: carried to the next one issued."""
        return self.invoices[-1].overpaid if self.invoices else ZERO

    @property
    def costs_the_vote(self) -> bool:
        """The confederation's rule: in arrears longer than its days after the due date
        (members.Confederation.arrears_cost_the_vote_after_days), no vote until paid."""
        if self.association.status == MembershipStatus.WITHDRAWN:
            return False  # it has no seat to vote with
        days = self.association.confederation.arrears_cost_the_vote_after_days
        since = self.arrears_since
        return days is not None and since is not None and (self.on - since).days > days


def _sum_of(model, *, invoice_field: str, date_field: str, on: datetime.date, extra: Q):
    rows = (
        model.objects.filter(extra, **{invoice_field: OuterRef("pk"), f"{date_field}__lte": on})
        .order_by()
        .values(invoice_field)
        .annotate(total=Sum("amount"))
        .values("total")
    )
    return Coalesce(Subquery(rows), Value(ZERO), output_field=DecimalField())


def settled_annotations(on: datetime.date) -> dict:
    """`paid_by` and `credited_by`: what was paid against an invoice (payments not
    void) and credited to it by that day, as annotations of the invoices' query."""
    return {
        "paid_by": _sum_of(
            Payment, invoice_field="invoice", date_field="received_on", on=on,
            extra=Q(voided_at__isnull=True),
        ),
        "credited_by": _sum_of(
            CreditNote, invoice_field="invoice", date_field="issued_on", on=on, extra=Q()
        ),
    }  # fmt: skip


def invoices_on(on: datetime.date, **filters):
    """The invoices issued by `on` and not void, each with what was paid against it
    and credited to it by that day (1 query)."""
    return (
        Invoice.objects.not_void()
        .filter(issued_on__lte=on, **filters)
        .annotate(**settled_annotations(on))
        .order_by("association_id", "year")
    )


def standings(
    associations: list[NationalAssociation], on: datetime.date | None = None
) -> dict[int, Standing]:
    """Each association's standing on `on` (today by default), by its pk (1 query;
    the associations' confederation should be selected with them)."""
    on = on or timezone.localdate()
    result = {a.pk: Standing(a, on) for a in associations}
    by_association = defaultdict(list)
    for invoice in invoices_on(on, association__in=[a.pk for a in associations]):
        by_association[invoice.association_id].append(invoice)
    for pk, invoices in by_association.items():
        carried = ZERO
        for invoice in invoices:
            entry = InvoiceStanding(invoice, invoice.paid_by, invoice.credited_by, carried)
            carried = entry.overpaid
            if entry.outstanding == ZERO:
                entry.state = State.PAID
            elif on > invoice.due_on:
                entry.state = State.IN_ARREARS
            elif entry.settled > ZERO:
                entry.state = State.PARTLY_PAID
            else:
                entry.state = State.DUE
            result[pk].invoices.append(entry)
    return result


def standing(association: NationalAssociation, on: datetime.date | None = None) -> Standing:
    return standings([association], on)[association.pk]


@dataclass(frozen=True)
class SeatVote:
    vote: str  # a governance.selectors.Vote
    arrears_since: datetime.date | None = None  # when arrears took the vote

    @property
    def reason(self) -> str:
        """Why the seat has no vote, or less than a full one, in the reader's language."""
        if self.vote == Vote.SUSPENDED:
            return str(_("membership suspended"))
        if self.vote == Vote.ARREARS:
            return str(_("subscription in arrears since %(date)s")) % {
                "date": format_date(self.arrears_since)
            }
        if self.vote == Vote.LIMITED:
            return str(_("associate member"))
        return ""


def seat_vote(association: NationalAssociation, on: datetime.date | None = None) -> SeatVote:
    """The vote of an association's seat in its council on a day: its membership's
    (governance.selectors.membership_vote), unless its arrears of subscription take
    it away under its confederation's rule. The council's roll reads it from here."""
    return seat_votes([association], on)[association.pk]


def seat_votes(
    associations: list[NationalAssociation],
    on: datetime.date | None = None,
    *,
    known: dict[int, Standing] | None = None,
) -> dict[int, SeatVote]:
    """seat_vote for many associations at once (1 query; none given their standings,
    `known`, worked out already for the same day)."""
    by_pk = known if known is not None else standings(associations, on)
    votes = {}
    for association in associations:
        vote = membership_vote(association)
        entry = by_pk[association.pk]
        if vote != Vote.SUSPENDED and entry.costs_the_vote:
            votes[association.pk] = SeatVote(Vote.ARREARS, entry.arrears_since)
        else:
            votes[association.pk] = SeatVote(vote)
    return votes


def invoiced() -> list[NationalAssociation]:
    """Every association ever invoiced, members or not: one that withdrew owing its
    subscription still owes it (1 query)."""
    return list(
        NationalAssociation.objects.filter(invoices__isnull=False)
        .distinct()
        .select_related("nation", "confederation")
    )


def arrears(on: datetime.date | None = None) -> list[Standing]:
    """Every association in arrears on `on`, withdrawn ones too, the longest in
    arrears first (2 queries)."""
    in_arrears = [s for s in standings(invoiced(), on).values() if s.in_arrears]
    return sorted(in_arrears, key=lambda s: (s.arrears_since, s.association.confederation.position,
                                             s.association.nation.code))  # fmt: skip


@dataclass
class YearFigures:
    """A confederation's subscriptions of one year, as the treasurer reports them."""

    year: int
    invoices: list[InvoiceStanding] = field(default_factory=list)

    def _sum(self, attribute: str) -> Decimal:
        return sum((getattr(i, attribute) for i in self.invoices), ZERO)

    @property
    def expected(self) -> Decimal:
        return sum((i.invoice.amount for i in self.invoices), ZERO)

    @property
    def received(self) -> Decimal:
        return self._sum("paid")

    @property
    def credited(self) -> Decimal:
        return self._sum("credited")

    @property
    def carried_in(self) -> Decimal:
        return self._sum("carried_in")

    @property
    def outstanding(self) -> Decimal:
        return self._sum("outstanding")

    @property
    def overpaid(self) -> Decimal:
        return self._sum("overpaid")

    @property
    def credited_or_carried(self) -> Decimal:
        return self.credited + self.carried_in


@dataclass
class Receipts:
    """Money received in a calendar year, and its bar in the report's chart."""

    year: int
    amount: Decimal
    share: float  # of the largest year's
    row: int

    BAR_ROOM = 440  # pixels for the largest year's bar
    ROW_HEIGHT = 24

    @property
    def width(self) -> int:
        return max(round(self.share * self.BAR_ROOM), 1)

    @property
    def top(self) -> int:
        return self.row * self.ROW_HEIGHT


@dataclass
class TreasurersReport:
    confederation: object
    year: int
    on: datetime.date
    figures: YearFigures
    years: list[YearFigures]  # every year invoiced, the latest first
    receipts: list[Receipts]  # money received in each calendar year, oldest first

    @property
    def chart_height(self) -> int:
        return max(len(self.receipts), 1) * Receipts.ROW_HEIGHT


def treasurers_report(confederation, year: int, on: datetime.date | None = None):
    """Expected, received, credited and outstanding for a confederation's year, every
    year's figures beside it, and the money received by year (3 queries)."""
    on = on or timezone.localdate()
    associations = list(
        NationalAssociation.objects.filter(confederation=confederation).select_related(
            "nation", "confederation"
        )
    )
    by_year: dict[int, YearFigures] = {}
    for entry in standings(associations, on).values():
        for invoice_standing in entry.invoices:
            y = invoice_standing.invoice.year
            by_year.setdefault(y, YearFigures(y)).invoices.append(invoice_standing)
    for figures in by_year.values():
        figures.invoices.sort(key=lambda i: i.invoice.number)
    received = (
        Payment.objects.filter(
            invoice__confederation=confederation, voided_at__isnull=True, received_on__lte=on
        )
        .annotate(in_year=ExtractYear("received_on"))
        .order_by("in_year")
        .values_list("in_year")
        .annotate(total=Sum("amount"))
    )
    received = list(received)
    largest = max((total for _year, total in received), default=ZERO)
    receipts = [
        Receipts(y, total, float(total / largest) if largest else 0.0, row)
        for row, (y, total) in enumerate(received)
    ]
    return TreasurersReport(
        confederation=confederation,
        year=year,
        on=on,
        figures=by_year.get(year, YearFigures(year)),
        years=[by_year[y] for y in sorted(by_year, reverse=True)],
        receipts=receipts,
    )


@dataclass
class LedgerLine:
    on: datetime.date
    kind: str
    number: str
    association: NationalAssociation
    year: int
    debit: Decimal | None
    credit: Decimal | None
    currency: str
    reference: str
    void: bool


def ledger(confederation, year: int | None = None) -> list[LedgerLine]:
    """Every invoice, credit note and payment of a confederation (of one year's
    invoices, if a year is given), by date: what the CSV export writes (3 queries)."""
    invoices = Invoice.objects.filter(confederation=confederation).select_related(
        "association__nation", "association__confederation"
    )
    notes = CreditNote.objects.filter(invoice__confederation=confederation).select_related(
        "invoice__association__nation", "invoice__association__confederation"
    )
    payments = Payment.objects.filter(invoice__confederation=confederation).select_related(
        "invoice__association__nation", "invoice__association__confederation"
    )
    if year is not None:
        invoices = invoices.filter(year=year)
        notes = notes.filter(invoice__year=year)
        payments = payments.filter(invoice__year=year)
    lines = [
        LedgerLine(i.issued_on, str(_("invoice")), i.number, i.association, i.year, i.amount,
                   None, i.currency, "", i.is_void)
        for i in invoices
    ] + [
        LedgerLine(n.issued_on, str(n.get_kind_display()), n.number, n.invoice.association,
                   n.invoice.year, None, n.amount, n.currency, n.invoice.number, False)
        for n in notes
    ] + [
        LedgerLine(p.received_on, str(_("payment")), p.invoice.number, p.invoice.association,
                   p.invoice.year, None, p.amount, p.currency, p.reference, p.is_void)
        for p in payments
    ]  # fmt: skip
    return sorted(lines, key=lambda line: (line.on, line.number))
