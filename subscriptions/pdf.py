"""The PDFs of invoices and credit notes, drawn by WeasyPrint from a template in the
invoice's language. Each is made once, when first asked for (the email that carries
it, or a download), and kept: what was issued reads the same ever after, whatever
becomes of the template. The outbox makes an email's attachment from here, by name
(confed.outbox.Attachment)."""

import weasyprint
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from .models import CreditNote, Invoice


def _draw(template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template, context)
    return weasyprint.HTML(string=html).write_pdf()


def _kept(model, obj, folder: str, draw) -> bytes:
    if obj.pdf:
        with obj.pdf.open("rb") as stored:
            return stored.read()
    content = draw()
    name = default_storage.save(f"invoices/{folder}/{obj.filename}", ContentFile(content))
    # Two makers at once: the first kept stays, the other's file is removed.
    if not model.objects.filter(pk=obj.pk, pdf="").update(pdf=name):
        default_storage.delete(name)
        obj.refresh_from_db(fields=["pdf"])
        with obj.pdf.open("rb") as stored:
            return stored.read()
    return content


def invoice_pdf(invoice_id: int) -> bytes:
    invoice = Invoice.objects.select_related("confederation", "association__nation").get(
        pk=invoice_id
    )
    context = {"invoice": invoice, "confederation": invoice.confederation}
    return _kept(
        Invoice,
        invoice,
        invoice.confederation.code,
        lambda: _draw("subscriptions/invoice_pdf.html", context, invoice.language),
    )


def credit_note_pdf(credit_note_id: int) -> bytes:
    note = CreditNote.objects.select_related(
        "invoice__confederation", "invoice__association__nation", "decision"
    ).get(pk=credit_note_id)
    context = {
        "invoice": note.invoice,
        "credit_note": note,
        "confederation": note.invoice.confederation,
    }
    return _kept(
        CreditNote,
        note,
        note.invoice.confederation.code,
        lambda: _draw("subscriptions/invoice_pdf.html", context, note.invoice.language),
    )
