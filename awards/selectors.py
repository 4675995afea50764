"""Reads of the awards, each a fixed number of queries however many awards there are."""

from dataclasses import dataclass

from django.db.models import Q, QuerySet

from confed.i18n import sort_key
from members.models import NationalAssociation, Person

from .models import AWARDED, Award, Nomination, NominationStatus


def awards() -> list[Award]:
    """Every award, with its confederation (1 query)."""
    return list(Award.objects.select_related("confederation"))


def earlier_awards(person: Person, *, exclude: Nomination | None = None) -> QuerySet[Nomination]:
    """The awards a person was given (of any award), their decisions with them."""
    found = Nomination.objects.filter(person=person, status__in=AWARDED).select_related(
        "award__confederation", "decision", "conferred_at"
    )
    if exclude is not None:
        found = found.exclude(pk=exclude.pk)
    return found.order_by("-decision__decided_on", "-pk")


def given_or_put_to_council(
    award: Award, *, person: Person | None = None, year: int | None = None
) -> QuerySet[Nomination]:
    """The award's nominations that count against its rules: those it was given (in
    `year`, by the decision's date), and those on a council's agenda still waiting for
    its vote (in the year of their session)."""
    given = Q(status__in=AWARDED)
    waiting = Q(status=NominationStatus.NOMINATED, agenda_item__isnull=False)
    if year is not None:
        given &= Q(decision__decided_on__year=year)
        waiting &= Q(agenda_item__session__held_on__year=year)
    found = Nomination.objects.filter(given | waiting, award=award)
    if person is not None:
        found = found.filter(person=person)
    return found


@dataclass
class RollYear:
    year: int
    entries: list[Nomination]


def roll(award: Award) -> list[RollYear]:
    """The award's roll of honour: the awards conferred and not revoked, of the people
    who agreed to be shown, by year (the latest first) and by nation (1 query)."""
    found = list(
        Nomination.objects.filter(
            award=award, status=NominationStatus.CONFERRED, shown_on_roll=True
        ).select_related("person__nation")
    )
    found.sort(
        key=lambda n: (
            -n.conferred_on.year,
            sort_key(str(n.person.nation)),
            sort_key(n.person.family_name),
        )
    )
    years: list[RollYear] = []
    for nomination in found:
        if not years or years[-1].year != nomination.conferred_on.year:
            years.append(RollYear(nomination.conferred_on.year, []))
        years[-1].entries.append(nomination)
    return years


def nominees(associations: list[NationalAssociation], *, presidency: bool) -> QuerySet[Person]:
    """Whom a nominator may choose: the people of their associations' nations; anyone
    in the registry for the presidency."""
    people = Person.objects.select_related("nation").order_by("family_name", "given_name")
    if presidency:
        return people
    return people.filter(nation__in=[a.nation_id for a in associations])


def waiting_for_a_decision() -> QuerySet[Nomination]:
    """Nominations the secretariat has to see decided (the desk)."""
    return Nomination.objects.filter(status=NominationStatus.NOMINATED)
