"""The annual subscriptions of the national associations: each year's scale, the
invoices issued from it, the credit notes that correct or waive them, and the payments
received. An association's standing (paid, due, in arrears) is worked out from these
rows (selectors.py), never typed in.

What is issued is kept as issued: an invoice or a credit note is never changed or
deleted, and a payment is never deleted. A trigger in the database holds it
(migrations 0002, 0004 and 0006), so that no code path, the admin's included, can do otherwise. A
mistake is undone by a recorded state change: a voided invoice or payment, with who,
when and why, or a credit note that refers to the invoice it corrects.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from confed.i18n import format_date, format_money
from governance.models import CouncilDecision
from members.models import Confederation, NationalAssociation

# The confederations invoice and are paid in euros.
CURRENCY = "EUR"
# An invoice issued after its scale's due date (an association admitted during the
# year) falls due this many days after it is issued.
LATE_INVOICE_PAYMENT_DAYS = 30

money = {"max_digits": 10, "decimal_places": 2}
at_least_zero = [MinValueValidator(Decimal("0"))]
more_than_zero = [MinValueValidator(Decimal("0.01"))]
years = [MinValueValidator(1900), MaxValueValidator(2200)]


class Scale(models.Model):
    """What each association owes for a year, by category, as the council set it."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="subscription_scales",
        verbose_name=_("confederation"),
    )
    year = models.PositiveSmallIntegerField(_("year"), validators=years)
    full_member = models.DecimalField(_("a full member pays"), validators=at_least_zero, **money)
    associate_member = models.DecimalField(
        _("an associate member pays"), validators=at_least_zero, **money
    )
    due_on = models.DateField(_("due date"), help_text=_("The day the year's invoices fall due."))
    decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("council decision"),
        help_text=_("The decision of the council that set this scale."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["confederation", "-year"]
        verbose_name = _("subscription scale")
        verbose_name_plural = _("subscription scales")
        constraints = [
            models.UniqueConstraint(
                fields=["confederation", "year"],
                name="one_scale_per_confederation_and_year",
                violation_error_message=_("This confederation has a scale for this year already."),
            ),
            models.CheckConstraint(
                condition=Q(full_member__gte=0, associate_member__gte=0),
                name="scale_amounts_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.confederation} {self.year}"


class ScaleRate(models.Model):
    """A different amount for one association, where the council decided so."""

    scale = models.ForeignKey(
        Scale, on_delete=models.PROTECT, related_name="rates", verbose_name=_("scale")
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("association"),
    )
    amount = models.DecimalField(_("pays"), validators=at_least_zero, **money)
    decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("council decision"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["scale", "association"]
        verbose_name = _("rate for one association")
        verbose_name_plural = _("rates for one association")
        constraints = [
            models.UniqueConstraint(
                fields=["scale", "association"],
                name="one_rate_per_association_and_scale",
                violation_error_message=_("This association has a rate in this scale already."),
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="rate_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.association}: {format_money(self.amount)}"


class NumberSequence(models.Model):
    """The last number given, per confederation, year and series: numbers are taken
    in the transaction that issues, so a rolled-back issue gives its number back and
    the series has no gap (services.next_number)."""

    confederation = models.ForeignKey(
        Confederation, on_delete=models.PROTECT, related_name="+", verbose_name=_("confederation")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    series = models.CharField(_("series"), max_length=2)  # "" invoices, "CN" credit notes
    last = models.PositiveIntegerField(_("last number"))

    class Meta:
        verbose_name = _("number sequence")
        verbose_name_plural = _("number sequences")
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["confederation", "year", "series"], name="one_sequence_per_series"
            )
        ]

    def __str__(self) -> str:
        return f"{self.confederation} {self.year} {self.series}: {self.last}"


class Voidable(models.Model):
    """Voided: no longer counts, kept with who voided it, when and why."""

    voided_at = models.DateTimeField(_("date voided"), null=True, blank=True, editable=False)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voided by"),
        editable=False,
    )
    void_reason = models.TextField(_("why voided"), blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None


def void_condition() -> Q:
    """voided_at, voided_by and the reason are set together, or none of them."""
    return Q(voided_at__isnull=True, voided_by__isnull=True, void_reason="") | Q(
        voided_at__isnull=False, voided_by__isnull=False
    ) & ~Q(void_reason="")


class Issued(models.Model):
    """What an invoice and a credit note both keep: who issued it, when, and its PDF
    (made once, subscriptions/pdf.py), named after its number."""

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("issued by"),
        editable=False,
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    pdf = models.FileField(_("PDF"), upload_to="invoices/", blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def filename(self) -> str:
        return f"{self.number}.pdf"


class InvoiceQuerySet(models.QuerySet):
    def not_void(self) -> "InvoiceQuerySet":
        return self.filter(voided_at__isnull=True)


class Invoice(Voidable, Issued):
    """An association's subscription for a year, as issued: never changed afterwards.
    What it was issued to and in which language is kept on it, so that its PDF says
    the same whenever it is made."""

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("confederation"),
        editable=False,
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("association"),
        editable=False,
    )
    year = models.PositiveSmallIntegerField(_("year"), editable=False)
    scale = models.ForeignKey(
        Scale,
        on_delete=models.PROTECT,
        related_name="invoices",
        verbose_name=_("scale"),
        editable=False,
    )
    issued_on = models.DateField(_("date of issue"), editable=False)
    due_on = models.DateField(_("due date"), editable=False)
    amount = models.DecimalField(_("amount"), editable=False, **money)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY, editable=False)
    billed_to = models.CharField(_("billed to"), max_length=300, editable=False)
    language = models.CharField(_("language"), max_length=10, editable=False)
    credit_at_issue = models.DecimalField(
        _("credit from earlier years"),
        default=Decimal("0"),
        editable=False,
        help_text=_("What the association had overpaid when the invoice was issued."),
        **money,
    )

    history = HistoricalRecords()
    objects = InvoiceQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "number"]
        verbose_name = _("invoice")
        verbose_name_plural = _("invoices")
        default_permissions = ("add", "change", "view")  # nothing issued is deleted
        constraints = [
            models.UniqueConstraint(
                fields=["association", "year"],
                condition=Q(voided_at__isnull=True),
                name="one_invoice_per_association_and_year",
                violation_error_message=_(
                    "This association has an invoice for this year already."
                ),
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="invoice_amount_positive"),
            models.CheckConstraint(condition=Q(currency=CURRENCY), name="invoice_in_euros"),
            models.CheckConstraint(
                condition=Q(due_on__gte=models.F("issued_on")), name="invoice_due_after_issue"
            ),
            models.CheckConstraint(condition=void_condition(), name="invoice_void_complete"),
        ]
        indexes = [models.Index(fields=["confederation", "year"], name="invoice_year")]

    def __str__(self) -> str:
        return self.number

    @property
    def to_pay_at_issue(self) -> Decimal:
        return max(self.amount - self.credit_at_issue, Decimal("0.00"))


class CreditKind(models.TextChoices):
    CORRECTION = "correction", _("correction")
    WAIVER = "waiver", _("waiver (the council excused the year)")


class CreditNote(Issued):
    """Credits an invoice: a correction, or a waiver the council granted. Issued, it
    is never changed; it cannot credit more than the invoice's amount."""

    number = models.CharField(_("number"), max_length=30, unique=True, editable=False)
    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="credit_notes", verbose_name=_("invoice")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=CreditKind.choices)
    issued_on = models.DateField(_("date of issue"))
    amount = models.DecimalField(_("amount"), validators=more_than_zero, **money)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY, editable=False)
    reason = models.TextField(_("reason"))
    decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("council decision"),
        help_text=_("The decision that granted a waiver; a waiver needs one."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-issued_on", "-number"]
        verbose_name = _("credit note")
        verbose_name_plural = _("credit notes")
        default_permissions = ("add", "view")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="credit_note_amount_positive"),
            models.CheckConstraint(condition=Q(currency=CURRENCY), name="credit_note_in_euros"),
            models.CheckConstraint(
                condition=~Q(kind=CreditKind.WAIVER) | Q(decision__isnull=False),
                name="a_waiver_has_its_decision",
                violation_error_message=_("A waiver needs the council decision that granted it."),
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Payment(Voidable):
    """Money received against an invoice, as the bank statement shows it."""

    invoice = models.ForeignKey(
        Invoice, on_delete=models.PROTECT, related_name="payments", verbose_name=_("invoice")
    )
    received_on = models.DateField(_("received on"))
    amount = models.DecimalField(_("amount"), validators=more_than_zero, **money)
    currency = models.CharField(_("currency"), max_length=3, default=CURRENCY)
    reference = models.CharField(
        _("bank reference"), max_length=140, help_text=_("As on the bank statement.")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
        editable=False,
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-received_on", "-pk"]
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        default_permissions = ("add", "change", "view")
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="payment_amount_positive"),
            models.CheckConstraint(condition=Q(currency=CURRENCY), name="payment_in_euros"),
            models.CheckConstraint(condition=void_condition(), name="payment_void_complete"),
        ]

    def __str__(self) -> str:
        return (
            f"{self.invoice.number}: {format_money(self.amount, self.currency)} "
            f"({format_date(self.received_on)})"
        )
