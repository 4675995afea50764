"""Demo documents: files the project makes itself, each saying it is a sample. The
confederations' real texts are not the project's to ship: a demo document names the
text it stands for and says where the real one is kept. Idempotent: a document is
keyed by its confederation and title, and made once."""

import weasyprint
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from events.models import MEETING_KINDS, Event
from members.demo import LoadReport
from members.models import Confederation

from .models import Access, Document, DocumentKind
from .services import add_document

# (confederation, kind, English title, French title, reference, access)
DOCUMENTS = [
    ("cior", DocumentKind.CONSTITUTION, "Constitution", "Statuts", "", Access.PUBLIC),
    ("cior", DocumentKind.BY_LAWS, "By-laws", "Règlement intérieur", "", Access.PUBLIC),
    ("cior", DocumentKind.NATO, "NATO Framework Policy on Reserves",
     "Politique-cadre de l'OTAN sur les réserves", "MC 0441/2", Access.PUBLIC),
    ("cior", DocumentKind.NATO, "The relationship between NATO and CIOR",
     "Les relations entre l'OTAN et la CIOR", "MC 0248/2", Access.PUBLIC),
    ("cior", DocumentKind.REGULATIONS, "MILCOMP Permanent Regulations",
     "Règlement permanent de la MILCOMP", "", Access.PUBLIC),
    ("ciomr", DocumentKind.CONSTITUTION, "Constitution", "Statuts", "", Access.PUBLIC),
]  # fmt: skip


def sample_pdf(title: str, confederation: Confederation) -> bytes:
    """A one-page PDF that says what it stands for, and that it is not that text."""
    return weasyprint.HTML(
        string=(
            f"<h1>{confederation.acronym}: {title}</h1>"
            "<p><strong>Sample document, generated to show the portal.</strong></p>"
            f"<p>It stands for the {confederation.name}'s text of this name, which it is not: "
            "the secretariat uploads the real one in the portal's admin.</p>"
        )
    ).write_pdf()


def _load(report: LoadReport, confederation: Confederation, **fields) -> None:
    if Document.objects.filter(confederation=confederation, title_en=fields["title_en"]).exists():
        return
    content = sample_pdf(fields["title_en"], confederation)
    name = f"{confederation.code}-{fields['title_en'].lower().replace(' ', '-')[:60]}.pdf"
    add_document(upload=ContentFile(content, name=name), confederation=confederation, **fields)
    report.created += 1


@transaction.atomic
def load(report: LoadReport) -> None:
    confederations = {c.code: c for c in Confederation.objects.all()}
    for code, kind, title_en, title_fr, reference, access in DOCUMENTS:
        if code in confederations:
            _load(report, confederations[code], kind=kind, title_en=title_en,
                  title_fr=title_fr, reference=reference, access=access)  # fmt: skip
    # The council's papers for the next statutory meeting, and the last one's minutes.
    today = timezone.localdate()
    meetings = Event.objects.filter(kind__in=MEETING_KINDS).prefetch_related("confederations")
    coming = meetings.filter(starts_on__gte=today).order_by("starts_on").first()
    past = meetings.filter(ends_on__lt=today).order_by("-starts_on").first()
    for meeting, kind, title, title_fr in [
        (coming, DocumentKind.MEETING_PAPER, "Agenda of the {body}, {meeting}",
         "Ordre du jour du {body}, {meeting}"),
        (past, DocumentKind.MINUTES, "Minutes of the {body}, {meeting}",
         "Procès-verbal du {body}, {meeting}"),
    ]:  # fmt: skip
        if meeting is None:
            continue
        for confederation in meeting.confederations.all():
            _load(
                report,
                confederation,
                kind=kind,
                title_en=title.format(
                    body=confederation.governing_body_en, meeting=meeting.title_en
                ),
                title_fr=title_fr.format(
                    body=confederation.governing_body_fr.lower(), meeting=meeting.title_fr
                ),
                access=Access.COUNCIL,
                event=meeting,
            )
