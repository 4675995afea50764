"""Offices and terms: who holds which seat of an office, from when to when."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from confed.constraints import violations_as_errors
from confed.i18n import nation_in_sentence
from members.models import Nation, NationalAssociation, Person

from ..models import Committee, CouncilDecision, Office, OfficeKind, Term


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def country_name(nation: Nation, language: str) -> str:
    with translation.override(language):
        return str(nation.country.name)


def national_vice_president_office(association: NationalAssociation) -> Office:
    """The association's National Vice President office, created the first time it is asked."""
    office, _created = Office.objects.get_or_create(
        kind=OfficeKind.NATIONAL_VICE_PRESIDENT,
        association=association,
        defaults={
            "confederation": association.confederation,
            "code": f"nvp-{association.nation.code.lower()}-{association.pk}",
            "title_en": f"National Vice President, {country_name(association.nation, 'en')}",
            "title_fr": f"Vice-président national, {country_name(association.nation, 'fr')}",
            "position": 500,
        },
    )
    return office


COMMITTEE_OFFICES = [
    # kind, English title, French title, position
    (OfficeKind.COMMITTEE_CHAIR, "Chair", "Président", 700),
    (OfficeKind.COMMITTEE_SECRETARY, "Secretary", "Secrétaire", 701),
]


def committee_office_titles(committee: Committee, title: str, title_fr: str) -> dict:
    """A committee office's titles, naming the committee as a reader knows it."""
    return {
        "title_en": f"{title}, {committee.name_en}",
        "title_fr": f"{title_fr}, {committee.name_fr or committee.name_en}",
    }


def committee_offices(committee: Committee) -> tuple[Office, Office]:
    """The committee's Chair and Secretary offices, created the first time they are asked."""
    offices = []
    for kind, title, title_fr, position in COMMITTEE_OFFICES:
        office, _created = Office.objects.get_or_create(
            committee=committee,
            kind=kind,
            defaults={
                "confederation": committee.confederation,
                "code": f"{committee.slug}-{kind}",
                "position": position,
                **committee_office_titles(committee, title, title_fr),
            },
        )
        offices.append(office)
    return offices[0], offices[1]


def free_seat(
    *, office: Office, starts_on: datetime.date, ends_on: datetime.date | None
) -> int | None:
    for seat in range(1, office.holders_at_once + 1):
        term = Term(office=office, seat=seat, starts_on=starts_on, ends_on=ends_on)
        if not term.overlapping().exists():
            return seat
    return None


def check_term(
    *,
    office: Office,
    person: Person,
    seat: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
) -> None:
    """Raise ValidationError naming the rule a term would break. The overlap of two
    holders is the database's rule, checked by Term.validate_constraints."""
    if seat > office.holders_at_once:
        raise ValidationError(
            {"seat": _("This office has %(n)s seat(s).") % {"n": office.holders_at_once}}
        )
    Term.check_dates(starts_on, ends_on)
    if office.association_id and person.nation_id != office.association.nation_id:
        raise ValidationError(
            {
                "person": _("The National Vice President of %(nation)s must be of that nation.")
                % {"nation": nation_in_sentence(office.association.nation, "de")}
            }
        )


@transaction.atomic
def appoint(
    *,
    office: Office,
    person: Person,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    began_by: str = Term.BeganBy.APPOINTED,
    decision: CouncilDecision | None = None,
    seat: int | None = None,
    note: str = "",
) -> Term:
    """Open a term of office. Without a seat, takes the first free one.

    Side effects: the term and its history record. Refuses an overlap with the holder
    named, and a National Vice President of another nation.
    """
    # Lock the office so that two appointments to it are checked one after the other.
    office = (
        Office.objects.select_for_update(of=("self",))
        .select_related("association")
        .get(pk=office.pk)
    )
    if seat is None:
        seat = free_seat(office=office, starts_on=starts_on, ends_on=ends_on) or 1
    check_term(office=office, person=person, seat=seat, starts_on=starts_on, ends_on=ends_on)
    term = Term(
        office=office,
        person=person,
        seat=seat,
        starts_on=starts_on,
        ends_on=ends_on,
        began_by=began_by,
        decision=decision,
        note=note,
    )
    term.validate_constraints()  # names the holder of an overlapping term
    with violations_as_errors():  # a term written meanwhile by another transaction
        term.save()
    return term


def end_term(*, term: Term, on: datetime.date) -> bool:
    """End a term on `on` (the first day it is no longer held); a term that had not yet
    begun by then never was, and is removed. False if it already ended by then."""
    if term.ends_on is not None and term.ends_on <= on:
        return False
    if term.starts_on >= on:
        term.delete()
        return True
    term.ends_on = on
    term.save(update_fields=["ends_on"])
    return True
