"""The secretariat's subscriptions: scales, the issue of a year's invoices, payments
and credit notes recorded through their services, and the treasurer's pages (the
report, the ledger's CSV, the associations in arrears).

What is issued is shown, never edited: an invoice, a credit note or a payment opens
read-only, and its only change is its voiding, an action with its reason. The add
forms of payments and credit notes call the services' checks, so that a refusal
stands next to its field."""

import csv

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import urlencode
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from confed.admin import (
    ConfedAdmin,
    RefusalsAsMessages,
    RowsReadOnce,
    confirm_action,
    spreadsheet_safe,
)
from confed.i18n import format_date, format_money
from governance.models import CouncilDecision
from members.models import Confederation

from . import selectors, services
from .models import CreditKind, CreditNote, Invoice, Payment, Scale, ScaleRate


class SubscriptionDecisions:
    """A scale, a rate or a waiver cites a decision the council took on subscriptions
    and approved: the choice offers those alone, in a plain list (a few a year)."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "decision":
            kwargs["queryset"] = (
                CouncilDecision.objects.filter(kind=CouncilDecision.Kind.SUBSCRIPTIONS)
                .filter(outcome=CouncilDecision.Outcome.APPROVED)
                .select_related("confederation")
                .order_by("-decided_on")
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


def short_name(association) -> str:
    """What fits a list's column: the acronym (or the name) and the nation's code."""
    return f"{association.acronym or association.name} ({association.nation.code})"


class ReadOnlyInline(RowsReadOnce, admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


def scale_open(scale: Scale) -> bool:
    """services.scale_is_open, asked once for the page: Django asks the permissions of
    the scale's form and of its rates' inline a dozen times while it draws one page.
    A save checks it again, under a lock (ScaleAdmin.save_model)."""
    if not hasattr(scale, "_open_for_this_page"):
        scale._open_for_this_page = services.scale_is_open(scale)
    return scale._open_for_this_page


class ScaleRateForm(forms.ModelForm):
    class Meta:
        model = ScaleRate
        fields = ["association", "amount", "decision"]

    def clean(self):
        cleaned = super().clean()
        association = cleaned.get("association")
        if association is not None:
            try:
                services.check_decision(cleaned.get("decision"), association.confederation_id)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class ScaleRateInline(SubscriptionDecisions, RowsReadOnce, admin.TabularInline):
    model = ScaleRate
    form = ScaleRateForm
    extra = 0
    autocomplete_fields = ["association"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("association__nation", "association__confederation")
        )

    def _open(self, obj) -> bool:
        return obj is None or scale_open(obj)

    def has_add_permission(self, request, obj=None) -> bool:
        return self._open(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None) -> bool:
        return self._open(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None) -> bool:
        return self._open(obj) and super().has_delete_permission(request, obj)


class ScaleForm(forms.ModelForm):
    class Meta:
        model = Scale
        fields = ["confederation", "year", "full_member", "associate_member", "due_on", "decision"]

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None and self.has_changed():
            services.check_scale_open(self.instance)
        confederation = cleaned.get("confederation")
        if confederation is not None:
            try:
                services.check_decision(cleaned.get("decision"), confederation.pk)
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class IssueForm(forms.Form):
    issued_on = forms.DateField(
        label=capfirst(_("date of issue")),
        initial=timezone.localdate,
        help_text=_(
            "Today, or a day past. Each member without an invoice for the year gets one, "
            "and its contact and vice president an email with the PDF."
        ),
    )

    def clean_issued_on(self):
        issued_on = self.cleaned_data["issued_on"]
        services.check_issue_date(issued_on)
        return issued_on


@admin.register(Scale)
class ScaleAdmin(SubscriptionDecisions, RefusalsAsMessages, ConfedAdmin):
    form = ScaleForm
    list_display = [
        "__str__",
        "full_member_pays",
        "associate_member_pays",
        "due_on",
        "decided_on",
        "invoices_issued",
    ]
    list_filter = ["confederation"]
    list_select_related = ["confederation", "decision__confederation"]
    inlines = [ScaleRateInline]
    actions = [*ConfedAdmin.actions, "issue"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(issued=Count("invoices", filter=Q(invoices__voided_at__isnull=True)))
        )

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is not None and not scale_open(obj):
            return ScaleForm.Meta.fields
        return []

    @admin.display(description=_("a full member pays"), ordering="full_member")
    def full_member_pays(self, scale: Scale) -> str:
        return format_money(scale.full_member)

    @admin.display(description=_("an associate member pays"), ordering="associate_member")
    def associate_member_pays(self, scale: Scale) -> str:
        return format_money(scale.associate_member)

    @admin.display(description=_("decided on"), ordering="decision__decided_on")
    def decided_on(self, obj) -> str:
        return format_date(obj.decision.decided_on)

    @admin.display(description=_("invoices issued"), ordering="issued")
    def invoices_issued(self, scale: Scale):
        url = reverse("admin:subscriptions_invoice_changelist")
        query = urlencode({"scale__id__exact": scale.pk})
        return format_html('<a href="{}?{}">{}</a>', url, query, scale.issued)

    def save_model(self, request, obj: Scale, form, change: bool) -> None:
        if change and form.has_changed():
            # Waits for an issue under way, then sees its invoices (READ COMMITTED).
            services.check_scale_open(Scale.objects.select_for_update().get(pk=obj.pk))
        super().save_model(request, obj, form, change)

    def has_issue_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("subscriptions.add_invoice")

    @admin.action(description=_("Issue the year's invoices to every member"),
                  permissions=["issue"])  # fmt: skip
    def issue(self, request: HttpRequest, queryset: QuerySet):
        form = IssueForm(request.POST if "confirm" in request.POST else None)
        if "confirm" not in request.POST or not form.is_valid():
            return confirm_action(
                self, request, queryset, form_class=IssueForm,
                title=gettext("Issue the year's invoices"),
                perform=lambda scale, data: True, done="", already="",
            )  # fmt: skip
        for scale in queryset:
            try:
                made = services.issue_invoices(
                    scale=scale, issued_on=form.cleaned_data["issued_on"], issued_by=request.user
                )
            except ValidationError as error:
                self.message_user(request, f"{scale}: {' '.join(error.messages)}", messages.ERROR)
                continue
            if made:
                self.message_user(
                    request,
                    ngettext(
                        "%(scale)s: %(n)s invoice issued, %(first)s.",
                        "%(scale)s: %(n)s invoices issued, %(first)s to %(last)s.",
                        len(made),
                    )
                    % {"scale": scale, "n": len(made), "first": made[0], "last": made[-1]},
                    messages.SUCCESS,
                )
            else:
                self.message_user(
                    request,
                    gettext("%(scale)s: every member has its invoice for the year already.")
                    % {"scale": scale},
                    messages.WARNING,
                )
        return None


class CreditNoteInline(ReadOnlyInline):
    model = CreditNote
    fields = ["number", "issued_on", "kind", "amount", "reason", "decision"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("decision__confederation")


class PaymentInline(ReadOnlyInline):
    model = Payment
    fields = ["received_on", "amount", "reference", "recorded_by", "voided_at", "void_reason"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("recorded_by")


class VoidForm(forms.Form):
    reason = forms.CharField(label=_("why"), widget=forms.Textarea(attrs={"rows": 3}))


class VoidedFilter(admin.SimpleListFilter):
    title = _("status")
    parameter_name = "void"

    def lookups(self, request, model_admin):
        return [("no", _("valid")), ("yes", _("voided"))]

    def queryset(self, request, queryset):
        if self.value() == "no":
            return queryset.filter(voided_at__isnull=True)
        if self.value() == "yes":
            return queryset.filter(voided_at__isnull=False)
        return queryset


class Voids:
    """The void action of an admin whose rows are kept read-only."""

    void_service = None

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # read-only: what is issued is never edited

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_void_permission(self, request: HttpRequest) -> bool:
        opts = self.model._meta
        return request.user.has_perm(f"{opts.app_label}.change_{opts.model_name}")

    @admin.action(description=_("Void, saying why"), permissions=["void"])
    def void(self, request: HttpRequest, queryset: QuerySet):
        return confirm_action(
            self, request, queryset, form_class=VoidForm,
            title=gettext("Void, saying why"),
            perform=lambda obj, data: type(self).void_service(
                obj, reason=data["reason"], voided_by=request.user
            ),
            done=gettext("%(object)s is void."),
            already=gettext("%(object)s was void already."),
        )  # fmt: skip

    @admin.display(description=_("voided"), boolean=True)
    def is_void(self, obj) -> bool:
        return obj.is_void


def _void_invoice(invoice, **kwargs):
    return services.void_invoice(invoice=invoice, **kwargs)


def _void_payment(payment, **kwargs):
    return services.void_payment(payment=payment, **kwargs)


@admin.register(Invoice)
class InvoiceAdmin(Voids, ConfedAdmin):
    void_service = _void_invoice
    list_display = [
        "number",
        "member",
        "amount_in_euros",
        "paid",
        "credited",
        "due_on",
        "is_void",
    ]
    list_filter = ["confederation", "year", VoidedFilter]
    list_select_related = ["confederation", "association__nation", "association__confederation"]
    search_fields = ["number", "billed_to", "association__name", "association__acronym"]
    date_hierarchy = "issued_on"
    inlines = [CreditNoteInline, PaymentInline]
    actions = [*ConfedAdmin.actions, "void"]
    readonly_fields = [
        "number",
        "confederation",
        "association",
        "year",
        "scale",
        "issued_on",
        "due_on",
        "amount_in_euros",
        "credit_from_earlier_years",
        "standing_today",
        "billed_to",
        "language_name",
        "issued_by",
        "issued_at",
        "the_pdf",
        "reminders",
        "voided_at",
        "voided_by",
        "void_reason",
    ]
    fields = readonly_fields
    export_columns = [
        "number",
        "confederation",
        "association",
        "year",
        "amount",
        "paid",
        "credited",
        "issued_on",
        "due_on",
        "is_void",
        "void_reason",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # What each was paid and credited by today, in the list's one query.
        on = timezone.localdate()
        return super().get_queryset(request).annotate(**selectors.settled_annotations(on))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # issued from the year's scale (ScaleAdmin.issue)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_in_euros(self, invoice: Invoice) -> str:
        return format_money(invoice.amount, invoice.currency)

    @admin.display(description=_("member"), ordering="billed_to")
    def member(self, invoice: Invoice) -> str:
        return short_name(invoice.association)

    @admin.display(description=_("credit from earlier years"))
    def credit_from_earlier_years(self, invoice: Invoice) -> str:
        return format_money(invoice.credit_at_issue, invoice.currency)

    @admin.display(description=_("language"))
    def language_name(self, invoice: Invoice) -> str:
        return dict(settings.LANGUAGES).get(invoice.language, invoice.language)

    @admin.display(description=_("standing today"))
    def standing_today(self, invoice: Invoice) -> str:
        if invoice.is_void:
            return gettext("void")
        entry = selectors.standing(invoice.association)
        owed = next((i for i in entry.invoices if i.invoice.pk == invoice.pk), None)
        if owed is None:
            return "—"
        return gettext(
            "%(state)s: paid %(paid)s, credited %(credited)s, outstanding %(outstanding)s"
        ) % {
            "state": owed.state_label,
            "paid": format_money(owed.paid),
            "credited": format_money(owed.credited_or_carried),
            "outstanding": format_money(owed.outstanding),
        }

    @admin.display(description=_("amount paid"), ordering="paid_by")
    def paid(self, invoice: Invoice) -> str:
        return format_money(invoice.paid_by, invoice.currency)

    @admin.display(description=_("amount credited"), ordering="credited_by")
    def credited(self, invoice: Invoice) -> str:
        return format_money(invoice.credited_by, invoice.currency)

    @admin.display(description=_("PDF"))
    def the_pdf(self, invoice: Invoice):
        return format_html(
            '<a href="{}">{}</a>', reverse("subscriptions:pdf", args=[invoice.number]),
            invoice.filename,
        )  # fmt: skip

    @admin.display(description=_("reminders"))
    def reminders(self, invoice: Invoice):
        url = reverse("admin:reminders_reminder_changelist")
        return format_html(
            '<a href="{}?{}">{}</a>', url, urlencode({"q": f"invoice:{invoice.pk}"}),
            gettext("Who was reminded, and when"),
        )  # fmt: skip

    def change_view(self, request, object_id, form_url="", extra_context=None):
        invoice = self.get_object(request, object_id)
        extra = {}
        if invoice is not None and not invoice.is_void:
            extra["record_payment_url"] = (
                reverse("admin:subscriptions_payment_add") + f"?invoice={invoice.pk}"
            )
            extra["credit_url"] = (
                reverse("admin:subscriptions_creditnote_add") + f"?invoice={invoice.pk}"
            )
        return super().change_view(
            request, object_id, form_url, {**extra, **(extra_context or {})}
        )

    # The treasurer's pages.

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("arrears/", view(self.arrears_view), name="subscriptions_arrears"),
            path("report/", view(self.report_view), name="subscriptions_report"),
            path("ledger.csv", view(self.ledger_view), name="subscriptions_ledger"),
            *super().get_urls(),
        ]

    def _check_view(self, request: HttpRequest) -> None:
        if not self.has_view_permission(request):
            raise PermissionDenied

    def arrears_view(self, request: HttpRequest) -> TemplateResponse:
        self._check_view(request)
        entries = selectors.arrears()
        heads = services.vice_presidents_of(e.association.pk for e in entries)
        rows = [(entry, heads.get(entry.association.pk)) for entry in entries]
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Associations in arrears"),
            "opts": self.model._meta,
            "rows": rows,
            "today": timezone.localdate(),
        }
        return TemplateResponse(request, "admin/subscriptions/arrears.html", context)

    def _confederation_and_year(self, request: HttpRequest):
        confederations = list(Confederation.objects.all())
        code = request.GET.get("confederation") or (
            confederations[0].code if confederations else ""
        )
        confederation = get_object_or_404(Confederation, code=code)
        year = request.GET.get("year", "")
        if year and not (year.isascii() and year.isdigit() and 1900 <= int(year) <= 2200):
            return (
                confederations,
                confederation,
                None,
                gettext("A year is four digits, e.g. 2027."),
            )
        return confederations, confederation, int(year) if year else None, ""

    def report_view(self, request: HttpRequest) -> TemplateResponse:
        self._check_view(request)
        confederations, confederation, year, error = self._confederation_and_year(request)
        year = year or timezone.localdate().year
        report = selectors.treasurers_report(confederation, year)
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Treasurer's report"),
            "opts": self.model._meta,
            "report": report,
            "confederations": confederations,
            "error": error,
            "years": sorted({f.year for f in report.years} | {year}, reverse=True),
        }
        return TemplateResponse(
            request, "admin/subscriptions/report.html", context, status=400 if error else 200
        )

    def ledger_view(self, request: HttpRequest) -> HttpResponse:
        self._check_view(request)
        _confederations, confederation, year, error = self._confederation_and_year(request)
        if error:
            return HttpResponse(error, status=400, content_type="text/plain; charset=utf-8")
        name = f"ledger-{confederation.code}-{year or 'all'}.csv"
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        response.write("\ufeff")  # so that spreadsheet programs read UTF-8
        writer = csv.writer(response)
        writer.writerow([
            gettext("date"), gettext("kind"), gettext("number"), gettext("association"),
            gettext("nation"), gettext("year"), gettext("debit"), gettext("credit"),
            gettext("currency"), gettext("reference"), gettext("void"),
        ])  # fmt: skip
        for line in selectors.ledger(confederation, year):
            writer.writerow([
                spreadsheet_safe(line.on), spreadsheet_safe(line.kind),
                spreadsheet_safe(line.number), spreadsheet_safe(line.association.display_name),
                spreadsheet_safe(line.association.nation.code), line.year,
                "" if line.debit is None else f"{line.debit:.2f}",
                "" if line.credit is None else f"{line.credit:.2f}",
                line.currency, spreadsheet_safe(line.reference), spreadsheet_safe(line.void),
            ])  # fmt: skip
        return response


class InvoiceChosenInTheLink:
    """ "Record a payment" and "Issue a credit note" come with ?invoice=<pk>; a value
    that is not one (a link typed by hand) is left out rather than answered with 500."""

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        initial = super().get_changeform_initial_data(request)
        if not str(initial.get("invoice", "0")).isdecimal():
            initial.pop("invoice")
        return initial


class PaymentForm(forms.ModelForm):
    class Meta:
        model = Payment
        fields = ["invoice", "received_on", "amount", "currency", "reference"]

    def clean_currency(self) -> str:
        return self.cleaned_data["currency"].strip().upper()

    def clean(self):
        cleaned = super().clean()
        invoice = cleaned.get("invoice")
        if invoice is not None:
            try:
                services.check_payment(
                    invoice=invoice,
                    received_on=cleaned.get("received_on"),
                    amount=cleaned.get("amount"),
                    currency=cleaned.get("currency", ""),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Payment)
class PaymentAdmin(InvoiceChosenInTheLink, RefusalsAsMessages, Voids, ConfedAdmin):
    void_service = _void_payment
    form = PaymentForm
    list_display = [
        "received_on",
        "invoice",
        "member",
        "amount_in_euros",
        "reference",
        "is_void",
    ]
    export_columns = [
        "received_on",
        "invoice",
        "member",
        "amount",
        "currency",
        "reference",
        "recorded_by",
        "recorded_at",
        "is_void",
        "void_reason",
    ]
    list_filter = ["invoice__confederation", "invoice__year", VoidedFilter]
    list_select_related = ["invoice__association__nation", "recorded_by"]
    search_fields = ["reference", "invoice__number", "invoice__billed_to"]
    autocomplete_fields = ["invoice"]
    date_hierarchy = "received_on"
    actions = [*ConfedAdmin.actions, "void"]

    def get_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return PaymentForm.Meta.fields
        return [*PaymentForm.Meta.fields, "recorded_by", "recorded_at", "voided_at",
                "voided_by", "void_reason"]  # fmt: skip

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    @admin.display(description=_("member"), ordering="invoice__billed_to")
    def member(self, payment: Payment) -> str:
        return short_name(payment.invoice.association)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_in_euros(self, payment: Payment) -> str:
        return format_money(payment.amount, payment.currency)

    def save_model(self, request, obj: Payment, form, change: bool) -> None:
        recorded = services.record_payment(
            invoice=form.cleaned_data["invoice"],
            received_on=form.cleaned_data["received_on"],
            amount=form.cleaned_data["amount"],
            currency=form.cleaned_data["currency"],
            reference=form.cleaned_data["reference"],
            recorded_by=request.user,
        )
        obj.pk = recorded.pk
        obj._state.adding = False


class CreditNoteForm(forms.ModelForm):
    amount = forms.DecimalField(
        label=capfirst(_("amount")),
        required=False,
        max_digits=10,
        decimal_places=2,
        help_text=_("For a waiver, leave it empty to credit what the invoice still asks."),
    )

    class Meta:
        model = CreditNote
        fields = ["invoice", "kind", "issued_on", "amount", "reason", "decision"]

    def clean(self):
        cleaned = super().clean()
        invoice = cleaned.get("invoice")
        if cleaned.get("amount") is None and cleaned.get("kind") == CreditKind.CORRECTION:
            self.add_error("amount", _("A correction credits an amount: say how much."))
        if invoice is not None and cleaned.get("amount") is None and not self.errors:
            try:
                cleaned["amount"] = services.waiver_amount(
                    invoice, cleaned.get("issued_on") or timezone.localdate()
                )
            except ValidationError as error:
                self.add_error(None, error)
                return cleaned
        if invoice is not None:
            try:
                services.check_credit_note(
                    invoice=invoice,
                    kind=cleaned.get("kind"),
                    amount=cleaned.get("amount"),
                    decision=cleaned.get("decision"),
                    issued_on=cleaned.get("issued_on"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(CreditNote)
class CreditNoteAdmin(
    SubscriptionDecisions, InvoiceChosenInTheLink, RefusalsAsMessages, ConfedAdmin
):
    form = CreditNoteForm
    list_display = ["number", "invoice", "member", "kind", "amount_in_euros", "issued_on"]
    list_filter = ["invoice__confederation", "kind"]
    list_select_related = ["invoice__association__nation"]
    search_fields = ["number", "invoice__number", "invoice__billed_to", "reason"]
    autocomplete_fields = ["invoice"]

    def get_changeform_initial_data(self, request: HttpRequest) -> dict:
        return {"issued_on": timezone.localdate(), **super().get_changeform_initial_data(request)}

    def get_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return CreditNoteForm.Meta.fields
        return ["number", *CreditNoteForm.Meta.fields, "issued_by", "issued_at", "the_pdf"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("member"), ordering="invoice__billed_to")
    def member(self, note: CreditNote) -> str:
        return short_name(note.invoice.association)

    @admin.display(description=_("amount"), ordering="amount")
    def amount_in_euros(self, note: CreditNote) -> str:
        return format_money(note.amount, note.currency)

    @admin.display(description=_("PDF"))
    def the_pdf(self, note: CreditNote):
        return format_html(
            '<a href="{}">{}</a>', reverse("subscriptions:pdf", args=[note.number]), note.filename
        )

    def save_model(self, request, obj: CreditNote, form, change: bool) -> None:
        issued = services.issue_credit_note(
            invoice=form.cleaned_data["invoice"],
            kind=form.cleaned_data["kind"],
            reason=form.cleaned_data["reason"],
            amount=form.cleaned_data["amount"],
            decision=form.cleaned_data["decision"],
            issued_on=form.cleaned_data["issued_on"],
            issued_by=request.user,
        )
        obj.pk, obj.number = issued.pk, issued.number
        obj._state.adding = False
