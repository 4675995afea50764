"""Reads in governance. Each makes a fixed number of queries, whatever the number of rows."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, Prefetch, Q, QuerySet
from django.utils import timezone

from confed.i18n import sort_key
from members.models import (
    Confederation,
    MembershipCategory,
    MembershipStatus,
    NationalAssociation,
    Person,
    member_condition,
)

from .models import (
    PENDING_APPLICATION_STATUSES,
    Committee,
    CommitteeMember,
    MembershipApplication,
    Office,
    OfficeKind,
    Presidency,
    PresidencyAppointment,
    RotationPlace,
    Term,
)


class Vote:
    FULL = "full"
    LIMITED = "limited"
    ADVISORY = "advisory"
    SUSPENDED = "suspended"
    ARREARS = "arrears"  # no vote: the subscription is in arrears (subscriptions.selectors)


def membership_vote(association: NationalAssociation) -> str:
    """A member's vote as its membership gives it: full, limited (an associate), none
    while suspended. What arrears of subscription take away on top of it is
    subscriptions.selectors.seat_vote's, which reads this."""
    if association.status == MembershipStatus.SUSPENDED:
        return Vote.SUSPENDED
    # Associates have limited voting rights (CIOR, since 2010).
    if association.category == MembershipCategory.FULL:
        return Vote.FULL
    return Vote.LIMITED


@dataclass
class CouncilSeat:
    """One member association's seat in the council: its head of delegation and vote
    (the public page's: its subscriptions' standing is not public)."""

    association: NationalAssociation
    head: Term | None

    @property
    def vote(self) -> str:
        return membership_vote(self.association)


@dataclass
class HonoraryDelegate:
    """A past President or Secretary General: advisory, without a vote."""

    person: object
    past_terms: list[Term]
    vote: str = Vote.ADVISORY


@dataclass
class Council:
    confederation: Confederation
    seats: list[CouncilSeat] = field(default_factory=list)
    presidency_team: list[Term] = field(default_factory=list)
    honorary_delegates: list[HonoraryDelegate] = field(default_factory=list)


@dataclass
class Rotation:
    """Where a confederation stands in the order in which its associations preside."""

    presidency: Presidency | None = None  # in office
    next_presidency: Presidency | None = None  # approved by the council, not yet in office
    # The active full members waiting their turn after those two, in order.
    after: list[RotationPlace] = field(default_factory=list)

    @property
    def next_association(self) -> NationalAssociation | None:
        """Who presides next: the association of the approved next presidency, else the
        first waiting its turn."""
        if self.next_presidency is not None:
            return self.next_presidency.association
        return self.after[0].association if self.after else None


@dataclass
class Leadership:
    confederation: Confederation
    council: Council
    rotation: Rotation
    past_presidencies: list[Presidency] = field(default_factory=list)
    other_officers: list[Term] = field(default_factory=list)
    vacancies: list[Office] = field(default_factory=list)


def _current_terms(confederations, on: datetime.date) -> QuerySet[Term]:
    return (
        Term.objects.current(on)
        .filter(office__confederation__in=confederations)
        .select_related("office", "person__nation")
        .order_by("office__position", "office__title_en", "seat")
    )


def councils(
    confederations,
    on: datetime.date | None = None,
    current_terms: list[Term] | None = None,
    *,
    seats: bool = True,
) -> dict[int, Council]:
    """The council of each confederation, derived from terms (4 queries in all, or 3 when
    given the current terms): heads of delegation of the member associations with
    their vote, the presidency team, and honorary delegates. Without `seats`, only
    those who attend without a seat of their own, the presidency team and the
    honorary delegates (3 queries)."""
    on = on or timezone.localdate()
    confederations = list(confederations)
    if current_terms is None:
        terms = _current_terms(confederations, on)
        if not seats:  # the presidency team's terms alone: no head of delegation asked
            terms = terms.filter(office__held_by_presidency=True)
        current_terms = list(terms)
    result = {c.pk: Council(c) for c in confederations}
    heads: dict[int, Term] = {}
    for term in current_terms:
        office = term.office
        if office.kind == OfficeKind.NATIONAL_VICE_PRESIDENT:
            heads.setdefault(office.association_id, term)
        elif office.held_by_presidency:
            result[office.confederation_id].presidency_team.append(term)
    members = (
        NationalAssociation.objects.members()
        .filter(confederation__in=confederations)
        .select_related("nation")
        if seats
        else []
    )
    for association in sorted(members, key=lambda a: sort_key(a.nation)):
        result[association.confederation_id].seats.append(
            CouncilSeat(association, heads.get(association.pk))
        )
    for confederation_id, delegates in honorary_delegates(confederations, on).items():
        result[confederation_id].honorary_delegates = delegates
    return result


def honorary_delegates(confederations, on: datetime.date) -> dict[int, list[HonoraryDelegate]]:
    """Past holders of offices whose past holders are honorary delegates (2 queries)."""
    past = (
        Term.objects.past(on)
        .filter(
            office__confederation__in=confederations,
            office__holders_become_honorary_delegates=True,
        )
        .select_related("office")
        # The people apart (by key): joined, the planner expects a thousand terms an
        # office and scans every person (10 ms at 20,000 people).
        .prefetch_related(Prefetch("person", queryset=Person.objects.select_related("nation")))
        .order_by("-starts_on")
    )
    by_confederation: dict[int, dict[int, HonoraryDelegate]] = defaultdict(dict)
    for term in past:
        delegates = by_confederation[term.office.confederation_id]
        if term.person_id not in delegates:
            delegates[term.person_id] = HonoraryDelegate(term.person, [])
        delegates[term.person_id].past_terms.append(term)
    return {key: list(value.values()) for key, value in by_confederation.items()}


def current_presidency(confederation: Confederation) -> Presidency | None:
    return (
        Presidency.objects.filter(confederation=confederation, handed_over=True, ends_on=None)
        .select_related("association")
        .first()
    )


def rotations(
    confederation_ids: list[int], presidencies: list[Presidency] | None = None
) -> dict[int, Rotation]:
    """Each confederation's presidency, the next one and the order after them (3 queries,
    2 when given every presidency of these confederations in order of start)."""
    if presidencies is None:
        presidencies = list(
            Presidency.objects.filter(confederation__in=confederation_ids)
            .select_related("association__nation", "decision")
            .order_by("starts_on")
        )
    result = {pk: Rotation() for pk in confederation_ids}
    for presidency in presidencies:
        rotation = result[presidency.confederation_id]
        if presidency.handed_over and presidency.ends_on is None:
            rotation.presidency = presidency
        elif (
            not presidency.handed_over
            and presidency.is_approved
            and rotation.next_presidency is None
        ):
            rotation.next_presidency = presidency
    places = list(
        RotationPlace.objects.filter(confederation__in=confederation_ids)
        .select_related("association__nation")
        .order_by("position")
    )
    # A member admitted since the secretariat last ordered the rotation comes last, in
    # the order of admission, until it is given a place.
    unplaced = (
        NationalAssociation.objects.active_full_members()
        .filter(confederation__in=confederation_ids, rotation_places__isnull=True)
        .select_related("nation")
        .order_by("pk")
    )
    places += [RotationPlace(association=a, confederation_id=a.confederation_id) for a in unplaced]
    for place in places:
        rotation = result[place.confederation_id]
        taken = {p.association_id for p in [rotation.presidency, rotation.next_presidency] if p}
        if place.is_eligible and place.association_id not in taken:
            rotation.after.append(place)
    return result


def leadership(on: datetime.date | None = None) -> list[Leadership]:
    """Everything /leadership/ shows, for every confederation (10 queries in all)."""
    on = on or timezone.localdate()
    confederations = list(Confederation.objects.all())
    current_terms = list(_current_terms(confederations, on))
    council_of = councils(confederations, on, current_terms)
    presidencies = list(
        Presidency.objects.select_related("confederation", "association__nation", "decision")
        .prefetch_related(
            # Only the next presidency's are shown: those designated and not yet in office.
            Prefetch(
                "appointments",
                queryset=PresidencyAppointment.objects.filter(presidency__handed_over=False)
                .select_related("office", "person")
                .order_by("office__position"),
                to_attr="designates",
            )
        )
        .order_by("starts_on")
    )
    rotation_of = rotations([c.pk for c in confederations], presidencies)
    result = {c.pk: Leadership(c, council_of[c.pk], rotation_of[c.pk]) for c in confederations}
    for presidency in reversed(presidencies):
        if presidency.handed_over and presidency.ends_on is not None:
            result[presidency.confederation_id].past_presidencies.append(presidency)

    held: dict[int, int] = defaultdict(int)
    for term in current_terms:
        held[term.office_id] += 1
        office = term.office
        if not office.held_by_presidency and office.kind not in {
            OfficeKind.NATIONAL_VICE_PRESIDENT,
            OfficeKind.COMMITTEE_CHAIR,
            OfficeKind.COMMITTEE_SECRETARY,
        }:
            result[office.confederation_id].other_officers.append(term)
    vacant = (
        Office.objects.filter(elect_of__isnull=True)
        .filter(Q(association__isnull=True) | member_condition(via="association__"))
        .order_by("position", "title_en")
    )
    for office in vacant:
        if held[office.pk] < office.holders_at_once:
            result[office.confederation_id].vacancies.append(office)
    return list(result.values())


def _committee_queryset(on: datetime.date) -> QuerySet[Committee]:
    current_members = Q(until__isnull=True) | Q(until__gt=on)
    return Committee.objects.select_related("confederation").prefetch_related(
        Prefetch(
            "offices",
            queryset=Office.objects.prefetch_related(
                Prefetch(
                    "terms",
                    queryset=Term.objects.current(on).select_related("person__nation"),
                    to_attr="current_terms",
                )
            ),
        ),
        Prefetch(
            "members",
            queryset=CommitteeMember.objects.filter(current_members, since__lte=on)
            .select_related("person", "nation")
            .order_by("person__family_name"),
            to_attr="current_members",
        ),
    )


def _holder(committee: Committee, kind: str) -> Term | None:
    for office in committee.offices.all():
        if office.kind == kind and office.current_terms:
            return office.current_terms[0]
    return None


def _annotate_committee(committee: Committee) -> Committee:
    committee.chair = _holder(committee, OfficeKind.COMMITTEE_CHAIR)
    committee.secretary = _holder(committee, OfficeKind.COMMITTEE_SECRETARY)
    by_nation: dict[str, list[CommitteeMember]] = defaultdict(list)
    for member in committee.current_members:
        by_nation[member.nation].append(member)
    committee.members_by_nation = sorted(by_nation.items(), key=lambda item: sort_key(item[0]))
    return committee


def committees(on: datetime.date | None = None) -> list[Committee]:
    """Every committee with its chair, secretary and current members by nation (5 queries)."""
    on = on or timezone.localdate()
    return [_annotate_committee(c) for c in _committee_queryset(on)]


def committee(slug: str, on: datetime.date | None = None) -> Committee:
    on = on or timezone.localdate()
    return _annotate_committee(_committee_queryset(on).get(slug=slug))


def associations_led_by(user, on: datetime.date | None = None) -> list[NationalAssociation]:
    """The associations whose current National Vice President is this user's person.
    Access follows the term: it ends on the day the term ends (1 query)."""
    if not user.is_authenticated:
        return []
    cache = getattr(user, "_associations_led", None)  # once per request's user object
    if cache is not None and on is None:
        return cache
    # A semi-join on the user's own current terms, with no DISTINCT over a join of
    # every office and term: planned without statistics (a transaction that has just
    # written the data, as a test does) the join took minutes on the demo's data.
    associations = list(
        NationalAssociation.objects.filter(
            pk__in=Term.objects.current(on)
            .filter(person__user=user, office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT)
            .values("office__association_id")
        ).select_related("nation", "confederation")
    )
    if on is None:
        user._associations_led = associations
    return associations


def current_vice_president(association: NationalAssociation) -> Term | None:
    """The association's current National Vice President's term, if any."""
    return (
        Term.objects.current()
        .filter(office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT, office__association=association)
        .select_related("person")
        .first()
    )


@dataclass
class Waiting:
    """Applications waiting for a decision: how many, and since when the oldest."""

    count: int
    oldest_submitted_at: datetime.datetime | None


def applications_waiting() -> Waiting:
    """(1 query)"""
    found = MembershipApplication.objects.filter(
        status__in=PENDING_APPLICATION_STATUSES
    ).aggregate(count=Count("pk"), oldest=Min("submitted_at"))
    return Waiting(found["count"], found["oldest"])


# A term ending this soon needs its successor found.
TERMS_ENDING_SOON_DAYS = 90


def terms_ending_soon(on: datetime.date | None = None) -> QuerySet[Term]:
    """Terms that end within TERMS_ENDING_SOON_DAYS."""
    on = on or timezone.localdate()
    return Term.objects.filter(
        ends_on__gt=on, ends_on__lte=on + datetime.timedelta(days=TERMS_ENDING_SOON_DAYS)
    )


def _council_terms(person_id: int | QuerySet, on: datetime.date) -> QuerySet[Term]:
    """The person's terms that put them in a council on `on`: a head of delegation's of
    a member association, a presidency team's, or a past one of an office whose past
    holders are honorary delegates."""
    terms = Term.objects.filter(person_id=person_id)
    in_office = terms.current(on).filter(
        (
            Q(office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT)
            & member_condition("office__association__")
        )
        | Q(office__held_by_presidency=True)
    )
    honorary = terms.past(on).filter(office__holders_become_honorary_delegates=True)
    return in_office | honorary


def sits_in_council(person_id: int | None, confederation_id: int, on=None) -> bool:
    """Whether the person is of the council of the confederation now: a head of
    delegation of a member association (its National Vice President), of the presidency
    team, or an honorary delegate (a past holder of an office whose past holders are).
    The council of `councils()`, asked of one person (1 query)."""
    if person_id is None:
        return False
    on = on or timezone.localdate()
    return _council_terms(person_id, on).filter(office__confederation_id=confederation_id).exists()


def councils_of(person_id: int | QuerySet | None, on=None) -> set[int]:
    """The confederations (their pks) whose council the person is of now, as
    sits_in_council says it of each (1 query, however many confederations). The person
    by pk, or by a subquery giving it (councils_of_user)."""
    if person_id is None:
        return set()
    on = on or timezone.localdate()
    return set(
        _council_terms(person_id, on)
        .order_by()
        .values_list("office__confederation_id", flat=True)
        .distinct()
    )


def councils_of_user(user, on=None) -> set[int]:
    """councils_of the account's person, found in the same query: no query of its own
    for who they are (1 query; none for a visitor not logged in)."""
    if not user.is_authenticated:
        return set()
    return councils_of(Person.objects.filter(user=user).order_by().values("pk")[:1], on)
