"""Reads of the elections and candidatures, and the records the eligibility rules
read (elections.services.check_nominee). Each is a fixed number of queries."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from council.models import Session
from delegations.models import DelegationMember, DelegationStatus
from governance.models import CouncilDecision, OfficeKind, Presidency, Term
from governance.selectors import associations_led_by, rotations
from governance.services import country_name
from members.models import Confederation, NationalAssociation, Person, is_member

from .models import Call, Candidature, CandidatureStatus, Nomination, NominationStatus


def candidate_name(person: Person) -> str:
    """How a candidate stands on the agenda, the ballot and the minutes."""
    return f"{person.name_with_rank} ({person.nation.code})"


def country(association: NationalAssociation, language: str) -> str:
    return country_name(association.nation, language)


def heads_of_delegation(confederation: Confederation) -> list[Person]:
    """The current national vice presidents of the confederation's members (1 query)."""
    return list(
        Person.objects.filter(
            pk__in=Term.objects.current()
            .filter(
                office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT,
                office__association__in=NationalAssociation.objects.members().filter(
                    confederation=confederation
                ),
            )
            .values("person")
        )
    )


def president_designate(confederation: Confederation) -> Person | None:
    """Who holds the confederation's President-elect office now (1 query)."""
    term = (
        Term.objects.current()
        .filter(office__kind=OfficeKind.PRESIDENT_ELECT, office__confederation=confederation)
        .select_related("person")
        .first()
    )
    return term.person if term else None


def nominating_associations(user, call: Call) -> list[NationalAssociation]:
    """The member associations of the call's confederation the user heads."""
    return [
        a
        for a in associations_led_by(user)
        if a.confederation_id == call.office.confederation_id and is_member(status=a.status)
    ]


# A member of a delegation: in one an association of the confederation sent (submitted
# or approved) to a meeting of the last DELEGATION_YEARS years, or its head now.
DELEGATION_YEARS = 4


def _members_of_delegations(confederation: Confederation, on: datetime.date) -> Q:
    """People who are members of a delegation of the confederation on `on`, as a
    condition on Person (two subqueries)."""
    since = on.replace(year=on.year - DELEGATION_YEARS, day=min(on.day, 28))
    return Q(
        pk__in=DelegationMember.objects.filter(
            delegation__association__confederation=confederation,
            delegation__status__in=[DelegationStatus.SUBMITTED, DelegationStatus.APPROVED],
            delegation__event__starts_on__gte=since,
        ).values("person")
    ) | Q(
        pk__in=Term.objects.current(on)
        .filter(
            office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT,
            office__confederation=confederation,
        )
        .values("person")
    )


def in_a_delegation(person: Person, confederation: Confederation, on: datetime.date) -> bool:
    """Whether the person is a member of a delegation of the confederation (1 query)."""
    return Person.objects.filter(_members_of_delegations(confederation, on), pk=person.pk).exists()


def presidency_on(confederation: Confederation, day: datetime.date) -> Presidency | None:
    """The approved presidency in office on `day`, as planned or handed over."""
    return (
        Presidency.objects.filter(
            Q(ends_on__isnull=True) | Q(ends_on__gt=day),
            confederation=confederation,
            starts_on__lte=day,
            decision__outcome=CouncilDecision.Outcome.APPROVED,
        )
        .select_related("association__nation")
        .order_by("-starts_on")
        .first()
    )


def _overlapping(call: Call) -> QuerySet[Term]:
    terms = Term.objects.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=call.term_starts_on))
    if call.term_ends_on is not None:
        terms = terms.filter(starts_on__lt=call.term_ends_on)
    return terms


def holder_of_the_nation(call: Call, nation_id: int) -> Term | None:
    """A holder of another seat of the office, of this nation, for the term."""
    terms = _overlapping(call).filter(office=call.office, person__nation_id=nation_id)
    if call.seat is not None:
        terms = terms.exclude(seat=call.seat)
    return terms.select_related("person").first()


def conflicting_term(call: Call, person: Person) -> Term | None:
    """A term of the person's, for the called term, in this office (another seat) or
    one it cannot be held with."""
    offices = [call.office_id, *call.office.conflicting_offices.values_list("pk", flat=True)]
    return (
        _overlapping(call)
        .filter(person=person, office__in=offices)
        .select_related("office")
        .first()
    )


# A term that ends this close before the next one starts still runs on into it (a
# handover a few weeks off the anniversary).
IN_A_ROW = datetime.timedelta(days=92)


def terms_in_a_row(call: Call, person: Person) -> int:
    """How many terms of the office the person holds in a row up to the called term."""
    count, cursor = 0, call.term_starts_on
    for term in Term.objects.filter(
        office=call.office, person=person, starts_on__lt=cursor
    ).order_by("-starts_on"):
        if term.ends_on is None or term.ends_on >= cursor - IN_A_ROW:
            count, cursor = count + 1, term.starts_on
        else:
            break
    return count


def next_session(confederation: Confederation) -> Session | None:
    """The confederation's next session at a meeting, not yet opened."""
    return (
        Session.objects.filter(
            confederation=confederation,
            event__isnull=False,
            opened_at__isnull=True,
            held_on__gte=timezone.localdate(),
        )
        .select_related("confederation", "event")
        .order_by("held_on")
        .first()
    )


def calls_for(confederation_ids) -> list[Call]:
    """The calls of these confederations, open first, with their nominations and
    who made them (2 queries)."""
    return list(
        Call.objects.filter(office__confederation__in=confederation_ids, opened_at__isnull=False)
        .select_related("office__confederation", "session__event", "term__person")
        .prefetch_related(
            Prefetch(
                "nominations",
                queryset=Nomination.objects.exclude(status=NominationStatus.NO_ANSWER)
                .select_related("nominee__nation", "association__nation")
                .order_by("nominee__family_name"),
            )
        )
        .order_by("closed_at", "-closes_on", "pk")
    )


def candidates(call: Call) -> list[Nomination]:
    """The call's nominations that stand or stood, with their nominee (1 query)."""
    return list(
        call.nominations.exclude(status=NominationStatus.NO_ANSWER)
        .select_related("nominee__nation", "association__nation", "candidate")
        .order_by("nominee__family_name", "nominee__given_name")
    )


def eligible_nominees(call: Call) -> QuerySet[Person]:
    """Whom the nomination form offers: the members of the confederation's
    delegations (the service checks the rest)."""
    return (
        Person.objects.filter(
            _members_of_delegations(call.office.confederation, timezone.localdate())
        )
        .select_related("nation")
        .order_by("family_name", "given_name")
    )


@dataclass
class Turn:
    """Where an association falls in its confederation's rotation of the presidency."""

    position: int | None  # 1: next to preside; None: not in the rotation
    from_year: int | None  # when its turn would come, the order kept

    @property
    def before(self) -> int:
        """How many take their turn before it."""
        return (self.position or 1) - 1


def turn_in_rotation(association: NationalAssociation) -> Turn:
    """Where the association's turn at the presidency falls, by the rotation engine
    (governance.selectors.rotations): its place after the presidency in office and
    the next approved one, each for the confederation's term of years."""
    return turns_in_rotation([association])[0]


def turns_in_rotation(associations: list[NationalAssociation]) -> list[Turn]:
    """turn_in_rotation of each association, in their order (3 queries however many
    associations and confederations; their confederation should be selected with
    them)."""
    by_confederation = rotations(list({a.confederation_id for a in associations}))
    turns = []
    for association in associations:
        rotation = by_confederation[association.confederation_id]
        years = association.confederation.presidency_term_years
        latest = rotation.next_presidency or rotation.presidency
        start = latest.starts_on.year + years if latest else timezone.localdate().year
        turns.append(
            next(
                (
                    Turn(index + 1, start + index * years)
                    for index, place in enumerate(rotation.after)
                    if place.association_id == association.pk
                ),
                Turn(None, None),
            )
        )
    return turns


def candidatures_of(associations) -> list[Candidature]:
    return list(
        Candidature.objects.filter(association__in=associations)
        .select_related("association__nation", "decision")
        .order_by("-submitted_at")
    )


def calls_to_close(today: datetime.date) -> QuerySet[Call]:
    """Open calls whose last day for nominations has passed: the secretariat closes
    them, and their candidates go onto the agenda."""
    return Call.objects.filter(
        opened_at__isnull=False, closed_at__isnull=True, closes_on__lt=today
    )


def elected_without_a_term() -> QuerySet[Call]:
    """Calls the council decided with someone elected whose term could not be opened:
    the seat was held at that time (elections.services.open_elected_term)."""
    return Call.objects.filter(
        term__isnull=True, nominations__status=NominationStatus.ELECTED
    ).distinct()


def candidatures_waiting() -> QuerySet[Candidature]:
    return Candidature.objects.filter(status=CandidatureStatus.SUBMITTED)
