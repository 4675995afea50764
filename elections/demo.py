"""Demo elections, invented: CIOMR's call for nominations to its Deputy Secretary
General, open until a month before the Mid-Winter Meeting, with a head of delegation
nominated by another who accepted, and one nominated who has not yet answered; and
CIOR's candidatures, one for the presidency waiting for the secretariat and one to
host the Summer Congress on the next session's agenda. Idempotent: a call already
there is left as it is."""

import datetime

from django.db import transaction
from django.utils import timezone

from council.models import Session
from governance.models import Office, OfficeKind, Term
from members.demo import LoadReport
from members.models import Confederation

from . import services
from .models import Call, Candidature


def _heads(confederation: Confederation) -> list[Term]:
    """The current vice presidents with a login, in the order of their nations."""
    return list(
        Term.objects.current()
        .filter(
            office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT,
            office__confederation=confederation,
            person__user__isnull=False,
        )
        .select_related("office__association__nation", "person__user")
        .order_by("office__association__nation__country")
    )


@transaction.atomic
def load(report: LoadReport) -> None:
    today = timezone.localdate()
    ciomr = Confederation.objects.get(code="ciomr")
    office = Office.objects.filter(
        confederation=ciomr, kind=OfficeKind.DEPUTY_SECRETARY_GENERAL
    ).first()
    session = (
        Session.objects.filter(confederation=ciomr, event__isnull=False, held_on__gt=today)
        .order_by("held_on")
        .first()
    )
    heads = _heads(ciomr)
    if office is None or session is None or len(heads) < 3 or Call.objects.exists():
        return
    current = Term.objects.filter(office=office).current().first()
    starts_on = (current.ends_on if current and current.ends_on else None) or datetime.date(
        today.year + 1, 8, 1
    )
    closes_on = max(session.held_on - datetime.timedelta(days=30), today + datetime.timedelta(7))
    call = Call.objects.create(
        office=office,
        term_starts_on=max(starts_on, session.held_on + datetime.timedelta(days=1)),
        closes_on=min(closes_on, session.held_on - datetime.timedelta(days=1)),
        session=session,
        notes_en="Nominations from the members of the delegations, with a statement.",
        notes_fr="Candidatures présentées par les membres des délégations, avec une déclaration.",
    )
    services.open_call(call=call)
    first, second, third = heads[:3]
    nomination = services.nominate(
        call=call, nominee=second.person, association=first.office.association,
        statement="Twelve years in the medical reserve, and the Secretary General's deputy "
                  "at two congresses.",
        by=first.person.user,
    )  # fmt: skip
    services.answer_nomination(nomination=nomination, accept=True)
    services.nominate(
        call=call, nominee=third.person, association=third.office.association,
        statement="I offer my experience of the CIOMR Academy.", by=third.person.user,
    )  # fmt: skip
    report.created += 1
    _candidatures(report, today)


def _candidatures(report: LoadReport, today: datetime.date) -> None:
    cior = Confederation.objects.get(code="cior")
    heads = [t for t in _heads(cior) if t.office.association.is_active_full_member]
    session = (
        Session.objects.filter(
            confederation=cior, event__isnull=False, held_on__gt=today, opened_at__isnull=True
        )
        .order_by("held_on")
        .first()
    )
    if len(heads) < 2 or Candidature.objects.exists():
        return
    services.apply(
        association=heads[0].office.association, kind="presidency", year=today.year + 5,
        statement="Our association offers a presidency team from its reserve officers, "
                  "and its capital for the congress of the handover.",
        by=heads[0].person.user,
    )  # fmt: skip
    congress = services.apply(
        association=heads[1].office.association, kind="congress", year=today.year + 4,
        statement="A congress in our capital, with the military competition at the range "
                  "of the national reserve.",
        by=heads[1].person.user,
    )  # fmt: skip
    if session is not None:
        services.put_on_agenda(candidature=congress, session=session)
    report.created += 2
