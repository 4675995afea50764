"""The council's printable papers, drawn by WeasyPrint: a session's agenda (drawn when
asked for, as it stands) and its approved minutes (drawn once, at the approval, and
kept in the library as they were approved)."""

import weasyprint
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.utils import translation

from confed.markdown import render

from .models import Minutes, Session


def _draw(template: str, context: dict, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template, context)
    style = weasyprint.CSS(filename=finders.find("css/council.css"))
    return weasyprint.HTML(string=html).write_pdf(stylesheets=[style])


def agenda_pdf(session: Session, rows: list, language: str) -> bytes:
    """The agenda as `rows` (council.selectors.agenda) give it, in a language."""
    return _draw("council/agenda_pdf.html", {"session": session, "rows": rows}, language)


def minutes_upload(minutes: Minutes) -> SimpleUploadedFile:
    """The approved minutes as one PDF, in English then in French, for the library."""
    context = {
        "minutes": minutes,
        "session": minutes.session,
        "texts": [
            ("en", render(minutes.text_en, id_prefix="en-")),
            *([("fr", render(minutes.text_fr, id_prefix="fr-"))] if minutes.text_fr else []),
        ],
    }
    content = _draw("council/minutes_pdf.html", context, "en")
    name = f"minutes-{minutes.session.confederation.code}-{minutes.session.held_on:%Y-%m-%d}.pdf"
    return SimpleUploadedFile(name, content, content_type="application/pdf")
