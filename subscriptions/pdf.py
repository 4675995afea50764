"""The PDFs of invoices and credit notes, drawn by WeasyPrint from a template in the
invoice's language. Each is made once, when first asked for (the email that carries
it, or a download), and kept: what was issued reads the same ever after, whatever
becomes of the template. The outbox makes an email's attachment from here, by name
(confed.outbox.Attachment)."""

import logging
import uuid

import weasyprint
from django.contrib.staticfiles import finders
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.template.loader import render_to_string
from django.utils import translation

from .models import CreditNote, Invoice

logger = logging.getLogger(__name__)


def _draw(template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template, context)
    # The style sheet from the source, as the templates are: no web request draws it.
    style = weasyprint.CSS(filename=finders.find("css/invoice.css"))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[style])


def _read(field) -> bytes | None:
    try:
        with field.open("rb") as stored:
            return stored.read()
    except OSError:  # the file is gone from the storage: drawn again, as issued
        logger.error("%s: its kept PDF %s cannot be read", field.instance, field.name)
        return None


def _kept(model, obj, folder: str, draw) -> bytes:
    if obj.pdf:
        content = _read(obj.pdf)
        return content if content is not None else draw()
    content = draw()
    # A folder of its own for each drawing, so that two makers at once never write
    # (or remove) the same name, on a disk or in object storage alike.
    name = default_storage.save(
        f"invoices/{folder}/{uuid.uuid4().hex}/{obj.filename}", ContentFile(content)
    )
    # Two makers at once: the first kept stays, the other removes its own file.
    if not model.objects.filter(pk=obj.pk, pdf="").update(pdf=name):
        default_storage.delete(name)
        obj.refresh_from_db(fields=["pdf"])
        kept = _read(obj.pdf)
        return kept if kept is not None else content
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
