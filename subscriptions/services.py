"""Every write of the subscriptions: issuing a year's invoices, crediting one,
recording and voiding payments, voiding an invoice. Each in one transaction; each
refusal a ValidationError that names the rule (the admin's forms call the same
checks, so that the message stands next to the field)."""

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from confed.constraints import violations_as_errors
from confed.emails import send_email_after_commit
from confed.i18n import format_date, format_money
from confed.outbox import Attachment
from governance.models import CouncilDecision, OfficeKind, Term, is_approval
from members.models import MembershipCategory, NationalAssociation

from .models import (
    CURRENCY,
    LATE_INVOICE_PAYMENT_DAYS,
    CreditKind,
    CreditNote,
    Invoice,
    Payment,
    Scale,
)
from .selectors import ZERO, standings

INVOICES = ""
CREDIT_NOTES = "CN"


def next_number(*, confederation_id: int, year: int, series: str) -> int:
    """The next number of a series, taken in the caller's transaction: a concurrent
    issue waits for it to commit or roll back, so numbers are never given twice and,
    a rolled-back issue giving its number back, leave no gap."""
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO subscriptions_numbersequence (confederation_id, year, series, last)
            VALUES (%s, %s, %s, 1)
            ON CONFLICT (confederation_id, year, series)
            DO UPDATE SET last = subscriptions_numbersequence.last + 1
            RETURNING last
            """,
            [confederation_id, year, series],
        )
        return cursor.fetchone()[0]


def _number(acronym: str, year: int, series: str, n: int) -> str:
    return f"{acronym}-{year}-{series}-{n:03d}" if series else f"{acronym}-{year}-{n:03d}"


def amount_due(scale: Scale, association: NationalAssociation, rates: dict[int, Decimal]):
    """What the scale asks of the association: its own rate, else its category's."""
    if association.pk in rates:
        return rates[association.pk]
    if association.category == MembershipCategory.FULL:
        return scale.full_member
    return scale.associate_member


def scale_is_open(scale: Scale) -> bool:
    """A year's scale may change until the first invoice of that year is issued."""
    return scale.pk is None or not Invoice.objects.filter(scale=scale).exists()


def check_scale_open(scale: Scale) -> None:
    if not scale_is_open(scale):
        raise ValidationError(
            _("Invoices of %(year)s are issued: the scale of that year can no longer change.")
            % {"year": scale.year}
        )


def check_decision(decision: CouncilDecision | None, confederation_id: int) -> None:
    """A scale or a rate is set by an approving decision of its confederation's council."""
    if decision is not None and (
        decision.confederation_id != confederation_id or not is_approval(decision)
    ):
        raise ValidationError(
            {"decision": _("The decision must be an approving one of this confederation's "
                           "council.")}
        )  # fmt: skip


def check_issue_date(issued_on: datetime.date) -> None:
    if issued_on > timezone.localdate():
        raise ValidationError(_("An invoice is issued today or on a day past, not later."))


def vice_presidents_of(association_ids) -> dict[int, object]:
    """The current National Vice President (a Person) of each association (1 query)."""
    return {
        term.office.association_id: term.person
        for term in Term.objects.current()
        .filter(
            office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT,
            office__association__in=list(association_ids),
        )
        .select_related("office", "person")
    }


def recipients(association: NationalAssociation, vice_president) -> list[str]:
    """The association's contact and its vice president, each once."""
    found = []
    for email in (association.email, getattr(vice_president, "email", "")):
        if email and email.lower() not in {e.lower() for e in found}:
            found.append(email)
    return found


@transaction.atomic
def issue_invoices(
    *,
    scale: Scale,
    issued_on: datetime.date | None = None,
    issued_by: AbstractBaseUser | None = None,
    associations: list[NationalAssociation] | None = None,
    send: bool = True,
) -> list[Invoice]:
    """Issue the scale's year's invoice to every member of its confederation (or to
    those named) that has none yet; returns the invoices made, none if every member
    has its invoice already.

    Numbers follow the nations' order, from the confederation's gapless series of the
    year. Issues of one scale wait for each other (its row is locked), so that two
    secretaries pressing the button at once issue each invoice once. A member whose
    scale asks nothing of it is not invoiced. Side effects: the invoices, their
    history, and an email to each association's contact and vice president, with
    the PDF, owed in this transaction (unless `send` is False: the demo's past
    years).
    """
    issued_on = issued_on or timezone.localdate()
    check_issue_date(issued_on)
    scale = Scale.objects.select_for_update().select_related("confederation").get(pk=scale.pk)
    members = (
        NationalAssociation.objects.members()
        .filter(confederation=scale.confederation)
        .select_related("nation", "confederation")
        .order_by("nation__country")
    )
    if associations is not None:
        members = members.filter(pk__in=[a.pk for a in associations])
    invoiced = set(
        Invoice.objects.not_void()
        .filter(confederation=scale.confederation, year=scale.year)
        .values_list("association_id", flat=True)
    )
    to_invoice = [a for a in members if a.pk not in invoiced]
    rates = dict(scale.rates.values_list("association_id", "amount"))
    credit = standings(to_invoice, issued_on)
    heads = vice_presidents_of(a.pk for a in to_invoice)
    due_on = scale.due_on
    if due_on < issued_on:
        due_on = issued_on + datetime.timedelta(days=LATE_INVOICE_PAYMENT_DAYS)
    made = []
    for association in to_invoice:
        amount = amount_due(scale, association, rates)
        if amount <= ZERO:
            continue
        n = next_number(confederation_id=scale.confederation_id, year=scale.year, series=INVOICES)
        with violations_as_errors():
            invoice = Invoice.objects.create(
                number=_number(scale.confederation.acronym, scale.year, INVOICES, n),
                confederation=scale.confederation,
                association=association,
                year=scale.year,
                scale=scale,
                issued_on=issued_on,
                due_on=due_on,
                amount=amount,
                currency=CURRENCY,
                billed_to=association.display_name,
                language=association.language,
                credit_at_issue=credit[association.pk].credit,
                issued_by=issued_by,
            )
        if send:
            _send(invoice, association, heads.get(association.pk), "subscriptions/emails/invoice")
        made.append(invoice)
    return made


def _send(document, association, vice_president, template: str) -> None:
    to = recipients(association, vice_president)
    if not to:
        return
    maker = "invoice_pdf" if isinstance(document, Invoice) else "credit_note_pdf"
    invoice = document if isinstance(document, Invoice) else document.invoice
    send_email_after_commit(
        to=to,
        template=template,
        context={"document": document, "invoice": invoice, "association": association},
        language=invoice.language,
        attachments=[
            Attachment(document.filename, "application/pdf", f"subscriptions.pdf.{maker}",
                       document.pk)
        ],
    )  # fmt: skip


def _locked(invoice: Invoice) -> Invoice:
    return (
        Invoice.objects.select_for_update()
        .select_related("confederation", "association__nation", "association__confederation")
        .get(pk=invoice.pk)
    )


def check_payment(
    *, invoice: Invoice, received_on: datetime.date, amount: Decimal, currency: str
) -> None:
    """Why a payment cannot be recorded against this invoice, if it cannot."""
    if amount is not None and amount <= ZERO:
        raise ValidationError({"amount": _("A payment is an amount above zero.")})
    if invoice.is_void:
        raise ValidationError(
            {"invoice": _("Invoice %(number)s is void: record the payment against the invoice "
                          "that replaced it.") % {"number": invoice.number}}
        )  # fmt: skip
    if currency and currency.strip().upper() != invoice.currency:
        raise ValidationError(
            {"currency": _("Invoice %(number)s is in %(currency)s: record what the bank "
                           "credited, in %(currency)s.")
             % {"number": invoice.number, "currency": invoice.currency}}
        )  # fmt: skip
    if received_on is not None and received_on < invoice.issued_on:
        raise ValidationError(
            {"received_on": _("Invoice %(number)s was issued on %(date)s: a payment against "
                              "it cannot be received before.")
             % {"number": invoice.number, "date": format_date(invoice.issued_on)}}
        )  # fmt: skip
    if received_on is not None and received_on > timezone.localdate():
        raise ValidationError({"received_on": _("A payment is received today or on a day past.")})


@transaction.atomic
def record_payment(
    *,
    invoice: Invoice,
    received_on: datetime.date,
    amount: Decimal,
    reference: str,
    currency: str = CURRENCY,
    recorded_by: AbstractBaseUser | None = None,
) -> Payment:
    """Record money received against an invoice. More than it asks is the
    association's credit, carried to its next year (selectors.standings). Refused: an
    amount of zero or below, a void invoice, a day before the invoice was issued or
    after today, another currency. Side effects: the payment and its history."""
    invoice = _locked(invoice)
    check_payment(invoice=invoice, received_on=received_on, amount=amount, currency=currency)
    with violations_as_errors():
        return Payment.objects.create(
            invoice=invoice,
            received_on=received_on,
            amount=amount,
            currency=currency.strip().upper(),
            reference=reference,
            recorded_by=recorded_by,
        )


def waiver_amount(invoice: Invoice, on: datetime.date) -> Decimal:
    """What a waiver credits unless told: what the invoice still asks on that day, at
    most what no credit note has credited yet. Refused if that is nothing."""
    owed = standings([invoice.association], on)[invoice.association_id]
    asked = next((i.outstanding for i in owed.invoices if i.invoice.pk == invoice.pk), ZERO)
    amount = min(asked, _uncredited(invoice))
    if amount <= ZERO:
        raise ValidationError(
            {"amount": _("Invoice %(number)s asks for nothing more: there is nothing to "
                         "waive.") % {"number": invoice.number}}
        )  # fmt: skip
    return amount


def _uncredited(invoice: Invoice) -> Decimal:
    credited = sum((c.amount for c in invoice.credit_notes.all()), ZERO)
    return invoice.amount - credited


def check_credit_note(
    *,
    invoice: Invoice,
    kind: str,
    amount: Decimal | None,
    decision: CouncilDecision | None,
    issued_on: datetime.date | None,
) -> None:
    if invoice.is_void:
        raise ValidationError(
            {"invoice": _("Invoice %(number)s is void: there is nothing to credit.")
             % {"number": invoice.number}}
        )  # fmt: skip
    if amount is not None and amount <= ZERO:
        raise ValidationError({"amount": _("A credit note credits an amount above zero.")})
    uncredited = _uncredited(invoice)
    if amount is not None and amount > uncredited:
        raise ValidationError(
            {"amount": _("Invoice %(number)s has %(amount)s not yet credited: a credit note "
                         "cannot credit more.")
             % {"number": invoice.number,
                "amount": format_money(uncredited, invoice.currency)}}
        )  # fmt: skip
    if kind == CreditKind.WAIVER:
        if decision is None:
            raise ValidationError(
                {"decision": _("A waiver needs the council decision that granted it.")}
            )
        if decision.confederation_id != invoice.confederation_id or not is_approval(decision):
            raise ValidationError(
                {"decision": _("A waiver needs an approving decision of %(confederation)s's "
                               "council.") % {"confederation": invoice.confederation}}
            )  # fmt: skip
    if issued_on is not None:
        if issued_on < invoice.issued_on:
            raise ValidationError(
                {"issued_on": _("A credit note cannot be issued before its invoice (%(date)s).")
                 % {"date": format_date(invoice.issued_on)}}
            )  # fmt: skip
        if issued_on > timezone.localdate():
            raise ValidationError(
                {"issued_on": _("A credit note is issued today or on a day past.")}
            )


@transaction.atomic
def issue_credit_note(
    *,
    invoice: Invoice,
    kind: str,
    reason: str,
    amount: Decimal | None = None,
    decision: CouncilDecision | None = None,
    issued_on: datetime.date | None = None,
    issued_by: AbstractBaseUser | None = None,
) -> CreditNote:
    """Credit an invoice: a correction, or a waiver with the council decision that
    granted it. Without an amount, a waiver credits what the invoice still asks (the
    year excused). Numbered from the confederation's gapless series of credit notes of
    the year it is issued. Side effects: the credit note, its history, and an email
    with its PDF to the association's contact and vice president."""
    invoice = _locked(invoice)
    issued_on = issued_on or timezone.localdate()
    if amount is None:
        amount = waiver_amount(invoice, issued_on)
    check_credit_note(
        invoice=invoice, kind=kind, amount=amount, decision=decision, issued_on=issued_on
    )
    n = next_number(
        confederation_id=invoice.confederation_id, year=issued_on.year, series=CREDIT_NOTES
    )
    with violations_as_errors():
        note = CreditNote.objects.create(
            number=_number(invoice.confederation.acronym, issued_on.year, CREDIT_NOTES, n),
            invoice=invoice,
            kind=kind,
            issued_on=issued_on,
            amount=amount,
            reason=reason,
            decision=decision,
            issued_by=issued_by,
        )
    heads = vice_presidents_of([invoice.association_id])
    _send(note, invoice.association, heads.get(invoice.association_id),
          "subscriptions/emails/credit_note")  # fmt: skip
    return note


def _void(obj, *, reason: str, voided_by: AbstractBaseUser) -> bool:
    """Mark a locked row void, with its history record (who, and why)."""
    if obj.is_void:
        return False
    if not reason.strip():
        raise ValidationError({"reason": _("Say why it is voided.")})
    obj.voided_at, obj.voided_by, obj.void_reason = timezone.now(), voided_by, reason.strip()
    obj._history_user = voided_by
    obj._change_reason = obj.void_reason
    obj.save(update_fields=["voided_at", "voided_by", "void_reason"])
    return True


@transaction.atomic
def void_invoice(*, invoice: Invoice, reason: str, voided_by: AbstractBaseUser) -> bool:
    """Void an invoice issued in error: it no longer counts, its number stays used, and
    the association may be invoiced for the year again. Refused while payments or
    credit notes stand against it (void the payments; a credited invoice is corrected
    by credit notes, not voided). False if it was void already."""
    invoice = _locked(invoice)
    if invoice.is_void:
        return False
    if invoice.payments.filter(voided_at__isnull=True).exists():
        raise ValidationError(
            _("Payments are recorded against invoice %(number)s: void them first.")
            % {"number": invoice.number}
        )
    if invoice.credit_notes.exists():
        raise ValidationError(
            _("Invoice %(number)s has credit notes: correct it with another credit note.")
            % {"number": invoice.number}
        )
    return _void(invoice, reason=reason, voided_by=voided_by)


@transaction.atomic
def void_payment(*, payment: Payment, reason: str, voided_by: AbstractBaseUser) -> bool:
    """Void a payment recorded in error (the wrong invoice, a mistyped amount): it no
    longer counts and is kept. False if it was void already."""
    payment = Payment.objects.select_for_update().get(pk=payment.pk)
    return _void(payment, reason=reason, voided_by=voided_by)
