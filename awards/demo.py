"""Demo awards, invented but for the award itself: the CIOR Medal of Merit, decided by
the presidency, once per person; given in each of the last three years to members of
CIOR's committees, nominated by their vice presidents and conferred at a congress (one
of them has not agreed to be on the roll of honour); and a fourth nomination waiting
for the presidency's decision. CIOMR has none. Idempotent: an award with nominations already
is left as it is."""

import datetime

from django.db import transaction
from django.utils import timezone

from events.models import MEETING_KINDS, Event
from members.demo import LoadReport, upsert
from members.models import Confederation, NationalAssociation, Person

from . import services
from .models import Award, Decider, Nomination, Nominators

CITATIONS = [
    (
        "For twenty years of service to the Young Reserve Officers' Workshop, and for "
        "bringing reserve officers of the Alliance's newest members into it.",
        "For twenty years of service to the Young Reserve Officers' Workshop",
        "Pour vingt années au service de l'atelier des jeunes officiers de réserve",
    ),
    (
        "For leading the Military Competition's organising team through three congresses.",
        "For leading the Military Competition through three congresses",
        "Pour avoir dirigé la compétition militaire lors de trois congrès",
    ),
    (
        "For the seminar on reserve forces and civil resilience, now held every year.",
        "For the seminar on reserve forces and civil resilience",
        "Pour le séminaire sur les réserves et la résilience civile",
    ),
]


def _nominator(person: Person) -> tuple[NationalAssociation | None, object]:
    """The person's association and its vice president's account, if the demo has one."""
    association = person.association
    if association is None:
        return None, None
    vice_president = Person.objects.filter(
        user__username=f"vp-cior-{association.nation.code.lower()}"
    ).first()
    return association, vice_president.user if vice_president else None


@transaction.atomic
def load(report: LoadReport) -> None:
    cior = Confederation.objects.get(code="cior")
    medal = upsert(
        Award,
        report,
        {"slug": "cior-medal-of-merit"},
        {
            "confederation": cior,
            "name_en": "Medal of Merit",
            "name_fr": "Médaille du mérite",
            "description_en": "Awarded to individuals who have outstanding merits for CIOR "
            "and/or NATO in reserve matters.",
            "description_fr": "Décernée aux personnes ayant des mérites exceptionnels envers "
            "la CIOR ou l'OTAN dans le domaine des réserves.",
            "nominated_by": Nominators.VICE_PRESIDENTS_AND_PRESIDENCY,
            "once_per_person": True,
            "per_year": None,
            "decided_by": Decider.PRESIDENCY,
        },
    )
    if medal.nominations.exists():
        return
    # Members of CIOR's committees, one per nation, whose nation's vice president has
    # an account in the demo.
    people = []
    for person in (
        Person.objects.filter(
            email__startswith="cior-", email__contains="-member-", association__confederation=cior
        )
        .select_related("association__nation")
        .order_by("email")
    ):
        association, user = _nominator(person)
        if user is not None and association.nation_id not in {p.nation_id for p, *_ in people}:
            people.append((person, association, user))
    if len(people) < len(CITATIONS) + 1:
        return
    today = timezone.localdate()
    for years_ago, ((person, association, user), citation) in enumerate(
        zip(people, CITATIONS, strict=False), start=1
    ):
        year = today.year - years_ago
        congress = (
            Event.objects.filter(kind__in=MEETING_KINDS, confederations=cior, starts_on__year=year)
            .order_by("-starts_on")
            .first()
        )
        conferred_on = congress.starts_on if congress else datetime.date(year, 7, 30)
        text, roll_en, roll_fr = citation
        nomination = services.nominate(
            award=medal, person=person, association=association, citation=text,
            roll_citation=roll_en, by=user,
        )  # fmt: skip
        services.decide_nomination(
            nomination=nomination, approve=True, decided_on=conferred_on - datetime.timedelta(60)
        )
        services.confer(
            nomination=nomination, conferred_on=conferred_on, event=congress,
            conferred_by="the President",
        )  # fmt: skip
        # Nominated months before the decision, not on the day the demo was loaded; the
        # second of them has not (yet) agreed to be named on the roll of honour.
        Nomination.objects.filter(pk=nomination.pk).update(
            nominated_at=datetime.datetime.combine(
                conferred_on - datetime.timedelta(120), datetime.time(9), tzinfo=datetime.UTC
            ),
            roll_citation_fr=roll_fr,
            shown_on_roll=years_ago != 2,
        )
        report.created += 1
    person, association, user = people[len(CITATIONS)]
    services.nominate(
        award=medal,
        person=person,
        association=association,
        citation="For founding the reserve officers' language academy and teaching at it "
        "for a decade.",
        roll_citation="For founding the reserve officers' language academy",
        by=user,
    )
    report.created += 1
