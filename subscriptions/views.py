"""The vice president's subscriptions: their associations' standing, invoices, credit
notes and payments, and the PDFs. Nobody else's: another association's invoice is
not found (404), as if it did not exist."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from governance.selectors import associations_led_by

from . import pdf as pdfs
from .models import CreditNote, Invoice, Payment
from .selectors import seat_votes, standings


@login_required
@require_safe
@transaction.non_atomic_requests  # it only reads, as the public pages do
def area(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("subscriptions.see_own"):
        raise PermissionDenied(_("Only a national vice president in office has an area here."))
    associations = associations_led_by(request.user)
    by_pk = standings(associations)
    votes = seat_votes(associations, known=by_pk)
    payments = {}
    credit_notes = {}
    for note in CreditNote.objects.filter(invoice__association__in=associations).select_related(
        "invoice"
    ):
        credit_notes.setdefault(note.invoice.association_id, []).append(note)

    for payment in (
        Payment.objects.filter(invoice__association__in=associations, voided_at__isnull=True)
        .select_related("invoice")
        .order_by("-received_on", "-pk")
    ):
        payments.setdefault(payment.invoice.association_id, []).append(payment)
    rows = [
        {
            "association": association,
            "standing": by_pk[association.pk],
            "vote": votes[association.pk],
            "invoices": list(reversed(by_pk[association.pk].invoices)),
            "credit_notes": credit_notes.get(association.pk, []),
            "payments": payments.get(association.pk, []),
        }
        for association in associations
    ]
    return render(request, "subscriptions/area.html", {"rows": rows})


@login_required
@require_safe
def pdf(request: HttpRequest, number: str) -> HttpResponse:
    """An invoice's or a credit note's PDF, to its association's vice president and
    to the secretariat."""
    document = (
        Invoice.objects.select_related("association").filter(number=number).first()
        or CreditNote.objects.select_related("invoice__association").filter(number=number).first()
    )
    if document is None:
        raise Http404
    invoice = document if isinstance(document, Invoice) else document.invoice
    if not request.user.has_perm("subscriptions.see_association", invoice.association):
        raise Http404
    make = pdfs.invoice_pdf if isinstance(document, Invoice) else pdfs.credit_note_pdf
    response = HttpResponse(make(document.pk), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{document.filename}"'
    response["Cache-Control"] = "private, no-store"
    return response
