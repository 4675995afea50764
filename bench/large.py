"""The large data set of the performance benchmark.

It asks how the portal's pages hold up at the size the confederations reach
after twenty years of use: 3 confederations, 60 associations, 20 years of meetings,
20,000 people, 100,000 terms, 5,000 events. `load_large_data_set` grows a database
that holds the demo data (`manage.py load_demo`, on an otherwise empty database) to
exactly those totals, the demo's rows included, and adds delegations, committee
members, council decisions, membership changes and applications in proportion.

What it adds:
- CIOX (code "ciobench"), an invented third confederation named as the benchmark's,
  with the associations that make 60 in all, its committees, offices, presidencies
  and presidency rotation;
- people of the member nations, up to 20,000;
- the past of every office, each seat's terms one after the other: presidencies
  before the demo's first, National Vice Presidents and committee officers back 25
  years. Real offices have only a few seats, so the rest of the 100,000 terms are
  past terms in CIOX's "benchmark offices", offices of many seats whose terms have
  all ended (on /leadership/ they are listed among CIOX's vacancies);
- the four regular meetings of each of the last 20 years, and committee events up
  to 5,000 events, most in the past, some cancelled, some not public;
- delegations of the larger associations to the past regular meetings; Estonia's
  CIOR delegation (the demo login vp-cior-est) went to every one of them;
- twenty years of subscriptions of each confederation: each year's scale, an invoice
  to each member of the day, the payments received, a few credit notes, and a few
  associations in arrears (the years the demo invoiced stay as it has them);
- twenty years of council sessions: one of each confederation's council at each of
  its past regular meetings (four a year), each with an agenda of a dozen items, a
  seat for every member of the day, a few proxies, one or two polls closed with their
  ballots and results (in the register of decisions) and its minutes sent.

The present stays as the demo has it: the current presidencies, National Vice
Presidents and committee officers of CIOR and CIOMR, the demo's events and
delegations. Rows are written with bulk_create, which writes no django-simple-history
records; the few structural rows (CIOX's associations, the offices of its committees
and associations, the approval of its next presidency) go through the services,
which check the membership rules. The random choices come from one seeded generator:
the same demo database on the same day gives the same data.
"""

import bisect
import contextlib
import datetime
import itertools
import random
import time
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.models import Min, Model
from django.utils import timezone

from awards.models import Award
from awards.models import Nomination as AwardNomination
from confed.cache import invalidate
from council.models import (
    DEFAULT_MAJORITY,
    AgendaItem,
    Ballot,
    CouncilRules,
    Majority,
    Minutes,
    Poll,
    PollMethod,
    PollOutcome,
    Proxy,
    Seat,
    Session,
    VotingRule,
)
from council.selectors import carried, quorum_needed, votes_on
from delegations.models import Delegation, DelegationMember, DelegationStatus, Role
from elections.models import Call
from elections.models import Nomination as ElectionNomination
from events.demo import SUMMER_CONGRESSES
from events.models import MEETING_KINDS, Event, EventKind, EventStatus
from governance import services as governance_services
from governance.demo import OFFICES, load_offices
from governance.models import (
    PENDING_APPLICATION_STATUSES,
    ApplicationStatus,
    Committee,
    CommitteeMember,
    CouncilDecision,
    MembershipApplication,
    Office,
    OfficeKind,
    Presidency,
    PresidencyAppointment,
    RotationPlace,
    Term,
)
from governance.selectors import Vote
from members import services as member_services
from members.demo import DEMO_NAMES, LoadReport
from members.models import (
    Confederation,
    MembershipCategory,
    MembershipChange,
    MembershipStatus,
    Nation,
    NationalAssociation,
    NatoRank,
    Person,
    Profession,
    Service,
)
from subscriptions.models import (
    CURRENCY,
    LATE_INVOICE_PAYMENT_DAYS,
    CreditKind,
    CreditNote,
    Invoice,
    NumberSequence,
    Payment,
    Scale,
)

SEED = 7
TARGET_ASSOCIATIONS = 60
TARGET_PEOPLE = 20_000
TARGET_TERMS = 100_000
TARGET_EVENTS = 5_000
MEETING_YEARS = 20  # regular meetings of the last 20 years, this one included
HISTORY_YEARS = 25  # terms of office go back to 1 January, this many years ago
BATCH_SIZE = 5_000
NOTE = "benchmark data (bench/large.py)"

FULL, ASSOCIATE = MembershipCategory.FULL, MembershipCategory.ASSOCIATE
Period = tuple[datetime.date, datetime.date | None]

CIOX = {
    "code": "ciobench",
    "acronym": "CIOX",
    "name_en": "Benchmark Confederation of Reserve Officers (invented benchmark data)",
    "name_fr": "Confédération de référence des officiers de réserve (données de test inventées)",
    "description_en": (
        "An invented confederation: the performance benchmark needs a third "
        "one. Nothing about it is real."
    ),
    "description_fr": (
        "Une confédération inventée : le banc d'essai de performance (ticket 7) en veut "
        "une troisième. Rien n'en est réel."
    ),
    "founded_year": 1990,
    "position": 3,
    "governing_body_en": "Benchmark Council",
    "governing_body_fr": "Conseil de référence",
    "delegation_size_limit": 6,
    "presidency_term_years": 2,
}
# CIOX's members, as many as make up the 60 associations, in order of admission.
CIOX_NATIONS = [
    "USA", "DEU", "FRA", "GBR", "ITA", "POL", "ESP", "NLD", "NOR", "CAN", "FIN", "SWE",
    "AUT", "BEL", "DNK", "CZE", "EST", "ROU", "GRC", "CHE", "ZAF",
]  # fmt: skip
CIOX_OFFICES = {"president", "president-elect", "secretary-general", "secretary-general-elect"}
CIOX_COMMITTEES = [
    ("XYRO-C", "Young Reserve Officers Committee", "Commission des jeunes officiers de réserve"),
    ("XCIMIC-C", "Civil-Military Cooperation Committee", "Commission civilo-militaire"),
    ("XMED-C", "Medical Committee", "Commission médicale"),
    ("XSTRAT-C", "Strategy and Communication Committee", "Commission stratégie et communication"),
    ("XCYBER-C", "Cyber Reserve Committee", "Commission de la cyber-réserve"),
    ("XLEGAL-C", "Legal Affairs Committee", "Commission des affaires juridiques"),
]
# Offices of many seats that carry the terms beyond those of the real offices.
BENCHMARK_OFFICES = 4
BENCHMARK_SEATS = 250

# How many people an association has, relative to the others.
NATION_WEIGHTS = {
    "USA": 6, "DEU": 5, "FRA": 5, "GBR": 4, "ITA": 4, "POL": 4, "ESP": 3, "CAN": 3,
    "NLD": 3, "NOR": 2, "ROU": 2, "GRC": 2, "BEL": 2, "CZE": 2, "FIN": 2, "SWE": 2,
}  # fmt: skip
CONFEDERATION_WEIGHTS = {"cior": 1.0, "ciomr": 0.6, "ciobench": 0.5}
MINIMUM_PEOPLE = 60  # per association: enough for its delegations and officers
# The larger associations, whose delegations to past meetings are recorded.
DELEGATION_NATIONS = ["USA", "DEU", "FRA", "GBR", "ITA", "POL", "ESP", "CAN", "NLD", "NOR"]
DEMO_LOGIN_NATION = "EST"  # vp-cior-est: their association went to every meeting

RANKS = [
    ("Lieutenant", NatoRank.OF1, 2),
    ("Captain", NatoRank.OF2, 4),
    ("Major", NatoRank.OF3, 5),
    ("Lieutenant Colonel", NatoRank.OF4, 5),
    ("Colonel", NatoRank.OF5, 3),
    ("Brigadier General", NatoRank.OF6, 1),
]
PROFESSIONS = [
    (Profession.PHYSICIAN, 6),
    (Profession.DENTIST, 2),
    (Profession.PHARMACIST, 2),
    (Profession.VETERINARIAN, 1),
    (Profession.NURSE, 2),
    (Profession.MEDICAL_SERVICE_CORPS, 2),
]
FRENCH_SPEAKERS = {"FRA": 1.0, "LUX": 0.7, "BEL": 0.5, "CHE": 0.4, "CAN": 0.3}
INITIALS = "ABCDEFGHJKLMNPRSTVW"

CITIES = {
    "BEL": ["Brussels", "Ghent", "Antwerp"], "FRA": ["Paris", "Strasbourg", "Toulon"],
    "NLD": ["The Hague", "Maastricht", "Utrecht"], "LUX": ["Luxembourg"],
    "DNK": ["Copenhagen", "Aarhus"], "GRC": ["Athens", "Thessaloniki"],
    "USA": ["Washington, D.C.", "San Antonio", "Norfolk"], "ITA": ["Rome", "Turin", "Verona"],
    "DEU": ["Berlin", "Hamburg", "Fulda", "Koblenz"],
    "GBR": ["London", "Edinburgh", "Portsmouth"], "CAN": ["Ottawa", "Quebec City", "Halifax"],
    "NOR": ["Oslo", "Stavanger", "Bergen"], "ESP": ["Madrid", "Seville", "Zaragoza"],
    "EST": ["Tallinn", "Tartu"], "POL": ["Warsaw", "Kraków", "Gdańsk"],
    "CZE": ["Prague", "Brno"], "BGR": ["Sofia", "Varna"], "ROU": ["Bucharest", "Constanța"],
    "SVN": ["Ljubljana", "Maribor"], "PRT": ["Lisbon", "Porto"], "MKD": ["Skopje", "Ohrid"],
    "FIN": ["Helsinki", "Turku"], "SWE": ["Stockholm", "Gothenburg"],
    "AUT": ["Vienna", "Graz"], "CHE": ["Bern", "Geneva"], "ZAF": ["Pretoria", "Cape Town"],
    "SGP": ["Singapore"],
}  # fmt: skip
TIME_ZONES = {
    "USA": "America/New_York", "CAN": "America/Toronto", "ZAF": "Africa/Johannesburg",
    "SGP": "Asia/Singapore", "GBR": "Europe/London", "PRT": "Europe/Lisbon",
    "EST": "Europe/Tallinn", "FIN": "Europe/Helsinki", "GRC": "Europe/Athens",
    "BGR": "Europe/Sofia", "ROU": "Europe/Bucharest",
}  # fmt: skip

# key, kind, English title, French title, (month, day) of the first day, days.
REGULAR_MEETINGS = [
    ("mid-winter-meeting", EventKind.MID_WINTER_MEETING, "Mid-Winter Meeting",
     "Réunion d'hiver", (2, 4), 3),
    ("spring-in-between-meeting", EventKind.SPRING_IN_BETWEEN_MEETING,
     "Spring In-Between Meeting", "Réunion intermédiaire de printemps", (4, 23), 2),
    ("summer-congress", EventKind.SUMMER_CONGRESS, "Summer Congress", "Congrès d'été",
     None, 5),
    ("fall-in-between-meeting", EventKind.FALL_IN_BETWEEN_MEETING, "Fall In-Between Meeting",
     "Réunion intermédiaire d'automne", (10, 15), 2),
]  # fmt: skip
# The events each committee organises; a committee not named organises the default.
COMMITTEE_EVENT_KINDS = {
    "YRO-C": [EventKind.YRO_WORKSHOP, EventKind.YRO_SEMINAR],
    "XYRO-C": [EventKind.YRO_WORKSHOP, EventKind.YRO_SEMINAR],
    "CLA-C": [EventKind.LANGUAGE_ACADEMY],
    "CIMIC-C": [EventKind.CIMEX],
    "XCIMIC-C": [EventKind.CIMEX],
    "MILCOMP-C": [EventKind.MILCOMP],
    "CR-C": [EventKind.INTERNATIONAL_CYBER_EVENT],
    "XCYBER-C": [EventKind.INTERNATIONAL_CYBER_EVENT],
    "STRATCOM-C": [EventKind.SEMINAR, EventKind.SYMPOSIUM],
    "XSTRAT-C": [EventKind.SEMINAR, EventKind.SYMPOSIUM],
}
DEFAULT_EVENT_KINDS = [EventKind.SEMINAR, EventKind.OTHER]
EVENT_TITLES = {
    EventKind.YRO_WORKSHOP: ("YRO Workshop", "Atelier des jeunes officiers"),
    EventKind.YRO_SEMINAR: ("YRO Seminar", "Séminaire des jeunes officiers"),
    EventKind.LANGUAGE_ACADEMY: ("Language Academy", "Académie des langues"),
    EventKind.CIMEX: ("CIMEX", "CIMEX"),
    EventKind.MILCOMP: ("Military Competition", "Compétition militaire"),
    EventKind.INTERNATIONAL_CYBER_EVENT: (
        "International Cyber Event",
        "Événement cyber international",
    ),
    EventKind.SEMINAR: ("Seminar", "Séminaire"),
    EventKind.SYMPOSIUM: ("Symposium", "Symposium"),
    EventKind.OTHER: ("Working Session", "Séance de travail"),
}
EVENT_DAYS = {EventKind.LANGUAGE_ACADEMY: (12, 12), EventKind.MILCOMP: (5, 5)}

SUBSCRIPTION_YEARS = 20  # this year's and the 19 before
# What a full and an associate member pay this year (the demo's CIOR and CIOMR scales);
# every fourth year back, a tenth less.
SUBSCRIPTION_RATES = {
    "cior": (Decimal("1500.00"), Decimal("500.00")),
    "ciomr": (Decimal("600.00"), Decimal("200.00")),
    "ciobench": (Decimal("1200.00"), Decimal("400.00")),
}
# How many of each confederation's members owe their last one to three years.
IN_ARREARS = {"cior": 2, "ciomr": 2, "ciobench": 3}
CENT = Decimal("0.01")

# A council session's agenda: (kind, business, English title, French title, public).
# An item of POLLED is one of MOTIONS, put to a vote (the second, one time in two,
# deferred); the other item for decision is adopted without one. The reports of the
# committees have two items under them.
POLLED = "polled"
SESSION_AGENDA = [
    ("information", "", "Opening and roll call", "Ouverture et appel", True),
    ("decision", "other", "Adoption of the agenda", "Adoption de l'ordre du jour", True),
    ("information", "", "Report of the President", "Rapport du Président", True),
    ("information", "", "Report of the Secretary General", "Rapport du Secrétaire général",
     True),
    ("discussion", "", "Reports of the committees", "Rapports des commissions", True),
    ("decision", POLLED, "", "", True),
    ("decision", POLLED, "", "", True),
    ("discussion", "", "Matters in closed session", "Questions à huis clos", False),
    ("information", "", "Date and place of the next session",
     "Date et lieu de la prochaine session", True),
    ("information", "", "Closing", "Clôture", True),
]  # fmt: skip
COMMITTEE_REPORTS = [
    ("Young Reserve Officers Committee", "Commission des jeunes officiers de réserve"),
    ("Civil-Military Cooperation Committee", "Commission civilo-militaire"),
]
# What is put to a vote: (business, English title, French title), {n} a number.
MOTIONS = [
    (CouncilDecision.Kind.CONSTITUTION, "Amendment of the by-laws, article {n}",
     "Modification du règlement intérieur, article {n}"),
    (CouncilDecision.Kind.OTHER, "A resolution on the readiness of the reserves ({n})",
     "Une résolution sur la disponibilité des réserves ({n})"),
    (CouncilDecision.Kind.OTHER, "The work programme of the committees, part {n}",
     "Le programme de travail des commissions, partie {n}"),
    (CouncilDecision.Kind.APPOINTMENT, "Appointment of the auditors ({n})",
     "Nomination des vérificateurs aux comptes ({n})"),
]  # fmt: skip
OUTCOMES = {  # a poll's result, as the minutes say it
    PollOutcome.CARRIED: ("Carried", "Adopté"),
    PollOutcome.NOT_CARRIED: ("Not carried", "Rejeté"),
    PollOutcome.NO_QUORUM: ("No quorum", "Pas de quorum"),
}
PRESENT_SHARE = 0.9  # of the seats with someone to sit in them


@dataclass
class Holders:
    """Who held one seat when: the seat's terms in order."""

    starts: list[datetime.date] = field(default_factory=list)
    ends: list[datetime.date | None] = field(default_factory=list)
    people: list[int] = field(default_factory=list)

    def on(self, day: datetime.date) -> int | None:
        index = bisect.bisect_right(self.starts, day) - 1
        if index >= 0 and (self.ends[index] is None or self.ends[index] > day):
            return self.people[index]
        return None


@dataclass
class Turn:
    """One association's presidency of a confederation."""

    association: NationalAssociation
    starts_on: datetime.date
    ends_on: datetime.date | None
    place: str


@dataclass
class Build:
    """What the steps share: the generator, today, and the registry as loaded so far."""

    rng: random.Random
    today: datetime.date
    stdout: object
    started: float = field(default_factory=time.perf_counter)
    nations: dict[str, Nation] = field(default_factory=dict)  # by ISO alpha-3
    confederations: dict[str, Confederation] = field(default_factory=dict)  # by code
    associations: list[NationalAssociation] = field(default_factory=list)  # members
    admitted_on: dict[int, datetime.date] = field(default_factory=dict)  # by association
    admitted_as: dict[int, str] = field(default_factory=dict)  # category at admission
    people_of: dict[int, list[int]] = field(default_factory=dict)  # association: people
    admissions: dict[int, CouncilDecision] = field(default_factory=dict)  # CIOX's

    @property
    def history_start(self) -> datetime.date:
        return datetime.date(self.today.year - HISTORY_YEARS, 1, 1)

    @property
    def first_meeting_year(self) -> int:
        return self.today.year - MEETING_YEARS + 1

    @property
    def vacant_since(self) -> datetime.date:
        """When the offices the demo leaves vacant were last held."""
        return first_friday_of_august(self.today.year - 2)

    def say(self, message: str) -> None:
        self.stdout.write(f"[{time.perf_counter() - self.started:6.1f}s] {message}\n")

    def members_of(self, confederation_id: int) -> list[NationalAssociation]:
        return [a for a in self.associations if a.confederation_id == confederation_id]

    def people_in(self, confederation_id: int) -> list[int]:
        return [p for a in self.members_of(confederation_id) for p in self.people_of[a.pk]]

    def member(self, confederation_code: str, nation_code: str) -> NationalAssociation | None:
        confederation = self.confederations[confederation_code]
        return next(
            (
                a
                for a in self.members_of(confederation.pk)
                if a.nation_id == self.nations[nation_code].pk
            ),
            None,
        )


# --- helpers -----------------------------------------------------------------------


def insert(model: type[Model], objects: Iterable[Model], *, keep: bool = True) -> list:
    """bulk_create in batches; the saved objects (with their keys) unless keep=False."""
    saved = []
    iterator = iter(objects)
    while batch := list(itertools.islice(iterator, BATCH_SIZE)):
        created = model.objects.bulk_create(batch)
        if keep:
            saved.extend(created)
    return saved


def first_friday_of_august(year: int) -> datetime.date:
    """The usual last day of the Summer Congress, and the day of the handover."""
    day = datetime.date(year, 8, 1)
    return day + datetime.timedelta(days=(4 - day.weekday()) % 7)


def at(day: datetime.date, rng: random.Random) -> datetime.datetime:
    """A time of the working day on `day`."""
    return datetime.datetime.combine(
        day, datetime.time(rng.randint(8, 19), rng.choice([0, 15, 30, 45])), tzinfo=datetime.UTC
    )


def chain(
    rng: random.Random, start: datetime.date, until: datetime.date, days: tuple[int, int]
) -> list[Period]:
    """Consecutive periods from `start` up to `until`, each of a number of days drawn
    from `days`; the last is cut short at `until`."""
    periods: list[Period] = []
    while start < until:
        ends_on = min(start + datetime.timedelta(days=rng.randint(*days)), until)
        periods.append((start, ends_on))
        start = ends_on
    return periods


def open_chain(
    rng: random.Random, start: datetime.date, today: datetime.date, days: tuple[int, int]
) -> list[Period]:
    """As chain, up to today, the last period running on today and open-ended."""
    periods = chain(rng, start, today + datetime.timedelta(days=1), days)
    if periods:
        periods[-1] = (periods[-1][0], None)
    return periods


def split(
    rng: random.Random, start: datetime.date, until: datetime.date, count: int
) -> list[Period]:
    """Exactly `count` consecutive periods of random lengths that fill [start, until)."""
    total = (until - start).days
    cuts = sorted(rng.sample(range(1, total), count - 1)) if count > 1 else []
    bounds = [0, *cuts, total] if count else []
    return [
        (start + datetime.timedelta(days=a), start + datetime.timedelta(days=b))
        for a, b in itertools.pairwise(bounds)
    ]


def apportion(total: int, weights: list[float], minimum: int) -> list[int]:
    """Share `total` out by weight, at least `minimum` each, largest remainders first."""
    shares = [(total - minimum * len(weights)) * w / sum(weights) for w in weights]
    counts = [minimum + int(share) for share in shares]
    by_remainder = sorted(
        range(len(weights)), key=lambda i: shares[i] - int(shares[i]), reverse=True
    )
    for index in by_remainder[: total - sum(counts)]:
        counts[index] += 1
    return counts


def terms_for(
    rng: random.Random,
    office: Office,
    periods: list[Period],
    people: list[int],
    *,
    began_by: str,
    seat: int = 1,
    again: float = 0.3,
) -> list[Term]:
    """A term for each period, each holder of `people`; `again`: the chance that the
    holder of a term is re-elected for the next."""
    terms = []
    person = None
    for starts_on, ends_on in periods:
        if person is None or rng.random() >= again:
            person = rng.choice(people)
        terms.append(
            Term(
                office=office,
                seat=seat,
                person_id=person,
                starts_on=starts_on,
                ends_on=ends_on,
                began_by=began_by,
                note=NOTE,
            )
        )
    return terms


def first_terms(offices: Iterable[Office]) -> dict[int, datetime.date]:
    """The day each office's first recorded term starts, for those that have one."""
    return dict(
        Term.objects.filter(office__in=list(offices))
        .order_by()
        .values("office")
        .annotate(first=Min("starts_on"))
        .values_list("office", "first")
    )


def national_vice_presidents() -> dict[int, Holders]:
    """Every association's National Vice Presidents, by association."""
    holders: dict[int, Holders] = defaultdict(Holders)
    terms = (
        Term.objects.filter(office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT)
        .order_by("office__association_id", "starts_on")
        .values_list("office__association_id", "starts_on", "ends_on", "person_id")
    )
    for association_id, starts_on, ends_on, person_id in terms:
        holders[association_id].starts.append(starts_on)
        holders[association_id].ends.append(ends_on)
        holders[association_id].people.append(person_id)
    return holders


def city_of(build: Build, nation: Nation) -> str:
    return build.rng.choice(CITIES[nation.code])


# --- the registry ------------------------------------------------------------------


def load_registry(build: Build) -> None:
    """What the steps look up: nations, confederations, member associations, people."""
    build.nations = {nation.code: nation for nation in Nation.objects.all()}
    build.confederations = {c.code: c for c in Confederation.objects.all()}
    build.associations = list(
        NationalAssociation.objects.members()
        .select_related("nation", "confederation")
        .order_by("pk")
    )
    build.admitted_on, build.admitted_as = {}, {}
    changes = MembershipChange.objects.order_by("-effective_on", "-id")
    for association_id, effective_on, category in changes.values_list(
        "association_id", "effective_on", "category"
    ):  # the earliest last: each association's admission
        build.admitted_on[association_id] = effective_on
        build.admitted_as[association_id] = category
    build.people_of = {association.pk: [] for association in build.associations}
    people = Person.objects.filter(association__isnull=False).order_by("pk")
    for association_id, person_id in people.values_list("association_id", "pk"):
        if association_id in build.people_of:
            build.people_of[association_id].append(person_id)


def add_confederation(build: Build) -> Confederation:
    if settings.CONFED_ENVIRONMENT == "production":
        raise RuntimeError("The large data set is invented: not under production settings.")
    if Confederation.objects.filter(code=CIOX["code"]).exists():
        raise RuntimeError("The large data set is loaded already: start again from load_demo.")
    confederation = Confederation.objects.create(**CIOX)
    build.say(f"Confederation {confederation.acronym} added.")
    return confederation


def add_associations(build: Build, ciox: Confederation) -> None:
    """CIOX's members, admitted through the service that checks the membership rules:
    full members only from NATO nations; an associate becomes full when its nation
    joins NATO. Each has its National Vice President office and admission decision."""
    missing = TARGET_ASSOCIATIONS - NationalAssociation.objects.count()
    if missing > len(CIOX_NATIONS):
        raise RuntimeError(f"{missing} associations are missing; CIOX_NATIONS has fewer.")
    admitted = []
    for number, code in enumerate(CIOX_NATIONS[:missing]):
        nation = build.nations[code]
        admitted_on = datetime.date(build.history_start.year, 9, 1) + datetime.timedelta(
            days=75 * number
        )
        country = governance_services.country_name(nation, "en")
        category = FULL if nation.is_nato_member(admitted_on) else ASSOCIATE
        association = member_services.admit_association(
            confederation=ciox,
            nation=nation,
            name=f"{country} Reserve Officers Association (benchmark)",
            acronym=f"X{code}",
            category=category,
            admitted_on=admitted_on,
            note=NOTE,
        )
        if category == ASSOCIATE and nation.nato_member_since:
            member_services.change_membership(
                association=association,
                category=FULL,
                effective_on=nation.nato_member_since,
                note=f"{country} joined NATO",
            )
        governance_services.national_vice_president_office(association)
        admitted.append((association, admitted_on))
    suspend_and_reinstate(build, ciox)
    decisions = insert(
        CouncilDecision,
        (
            CouncilDecision(
                confederation=ciox,
                decided_on=admitted_on,
                kind=CouncilDecision.Kind.ADMISSION,
                outcome=CouncilDecision.Outcome.APPROVED,
                summary=f"{association.name} admitted as "
                f"{MembershipCategory(association.category).label}",
            )
            for association, admitted_on in admitted
        ),
    )
    build.admissions = {a.pk: d for (a, _), d in zip(admitted, decisions, strict=True)}
    build.say(f"{len(admitted)} associations admitted to {ciox.acronym}.")


def suspend_and_reinstate(build: Build, ciox: Confederation) -> None:
    """A suspension for unpaid dues, lifted two years later: membership has a history."""
    suspended_on = datetime.date(build.today.year - 7, 5, 1)
    associates = NationalAssociation.objects.filter(confederation=ciox, category=ASSOCIATE)
    for association in associates.order_by("pk")[:1]:
        member_services.change_membership(
            association=association,
            status=MembershipStatus.SUSPENDED,
            effective_on=suspended_on,
            note="annual contribution unpaid",
        )
        member_services.change_membership(
            association=association,
            status=MembershipStatus.ACTIVE,
            effective_on=suspended_on.replace(year=suspended_on.year + 2),
            note="contributions paid up",
        )


def add_ciox_offices(build: Build, ciox: Confederation) -> list[Office]:
    """CIOX's presidency offices (as CIOR's) and its benchmark offices, which it returns."""
    specs = [spec for spec in OFFICES["cior"] if spec.code in CIOX_OFFICES]
    offices = load_offices(LoadReport(), ciox, specs)
    benchmark = insert(
        Office,
        (
            Office(
                confederation=ciox,
                kind=OfficeKind.ASSISTANT_SECRETARY_GENERAL,
                code=f"benchmark-{number}",
                title_en=f"Benchmark office {number} (past terms only)",
                title_fr=f"Poste de référence {number} (mandats passés seulement)",
                holders_at_once=BENCHMARK_SEATS,
                reminder_lead_days=[],
                position=900 + number,
            )
            for number in range(1, BENCHMARK_OFFICES + 1)
        ),
    )
    build.say(f"{len(offices) + len(benchmark)} offices of {ciox.acronym} added.")
    return benchmark


def add_ciox_committees(build: Build, ciox: Confederation) -> None:
    committees = insert(
        Committee,
        (
            Committee(
                confederation=ciox,
                code=code,
                slug=f"ciox-{code.lower()}",
                name_en=f"{name_en} (benchmark)",
                name_fr=f"{name_fr} (référence)",
                mission_en="An invented committee of the benchmark confederation.",
                mission_fr="Une commission inventée de la confédération de référence.",
                formed_on=datetime.date(build.history_start.year + 2 + number, 1, 1),
            )
            for number, (code, name_en, name_fr) in enumerate(CIOX_COMMITTEES)
        ),
    )
    for committee in committees:
        governance_services.committee_offices(committee)
    build.say(f"{len(committees)} committees of {ciox.acronym} added.")


# --- people --------------------------------------------------------------------------


def add_people(build: Build) -> None:
    """People of the member nations up to TARGET_PEOPLE, most of them of an association
    (the larger nations' the more), a few of their nation only."""
    missing = TARGET_PEOPLE - Person.objects.count()
    without_association = missing // 20
    weights = [
        NATION_WEIGHTS.get(a.nation.code, 1) * CONFEDERATION_WEIGHTS[a.confederation.code]
        for a in build.associations
    ]
    counts = apportion(missing - without_association, weights, MINIMUM_PEOPLE)
    people = [
        new_person(build, association.nation, association)
        for association, count in zip(build.associations, counts, strict=True)
        for _ in range(count)
    ]
    people += [
        new_person(build, build.rng.choice(build.associations).nation, None)
        for _ in range(without_association)
    ]
    for number, person in enumerate(people, start=1):
        if build.rng.random() < 0.85:
            person.email = f"bench-{number:05d}@example.org"
    insert(Person, people, keep=False)
    load_registry(build)
    build.say(f"{len(people)} people added.")


def new_person(build: Build, nation: Nation, association: NationalAssociation | None) -> Person:
    rng = build.rng
    given_names, family_names = DEMO_NAMES[nation.code]
    given_name = rng.choice(given_names)
    if rng.random() < 0.6:
        given_name = f"{given_name} {rng.choice(INITIALS)}."
    family_name = rng.choice(family_names)
    if rng.random() < 0.15:
        family_name = "-".join(rng.sample(family_names, 2))
    rank, nato_rank, _weight = rng.choices(RANKS, weights=[r[2] for r in RANKS])[0]
    medical = association is not None and association.confederation.code == "ciomr"
    return Person(
        given_name=given_name,
        family_name=family_name,
        rank=rank,
        nato_rank=nato_rank,
        service=(
            Service.JOINT_MEDICAL
            if medical
            else rng.choice([Service.ARMY, Service.ARMY, Service.NAVY, Service.AIR_FORCE])
        ),
        nation=nation,
        association=association,
        profession=(
            rng.choices([p for p, _ in PROFESSIONS], weights=[w for _, w in PROFESSIONS])[0]
            if medical
            else ""
        ),
        is_medical_officer=medical,
        language="fr" if rng.random() < FRENCH_SPEAKERS.get(nation.code, 0) else "en",
    )


# --- presidencies --------------------------------------------------------------------


def congress_places() -> dict[int, str]:
    return {year: city for year, city, *_ in SUMMER_CONGRESSES if city}


def full_from_admission(build: Build, confederation: Confederation) -> list:
    """The confederation's members that were full members when admitted, in order of
    admission: those that take the presidency in turn."""
    members = [
        a
        for a in build.members_of(confederation.pk)
        if a.category == FULL
        and a.status == MembershipStatus.ACTIVE
        and build.admitted_as[a.pk] == FULL
    ]
    return sorted(members, key=lambda a: (build.admitted_on[a.pk], a.pk))


def turns_in_rotation(
    build: Build,
    candidates: list[NationalAssociation],
    years: list[int],
    until: datetime.date | None,
    avoid: NationalAssociation | None = None,
) -> list[Turn]:
    """A presidency for each year, handed over at the Summer Congress, the candidates
    taking their turns in order; the last ends on `until` (None: it is current)."""
    places = congress_places()
    order = itertools.cycle(candidates)
    starts = [first_friday_of_august(year) for year in years]
    turns = []
    for starts_on, ends_on in zip(starts, [*starts[1:], until], strict=True):
        association = next(order)
        if avoid is not None and association.pk == avoid.pk:
            association = next(order)
        place = places.get(starts_on.year) or city_of(build, association.nation)
        turns.append(Turn(association, starts_on, ends_on, place))
    return turns


def add_presidencies(build: Build, confederation: Confederation, turns: list[Turn]) -> None:
    """Handed-over presidencies with their council decisions, appointments and the
    terms of their teams (an International Vice President from another nation)."""
    rng = build.rng
    offices = list(
        Office.objects.filter(confederation=confederation, held_by_presidency=True).order_by(
            "position"
        )
    )
    decisions = insert(
        CouncilDecision,
        (
            CouncilDecision(
                confederation=confederation,
                decided_on=datetime.date(turn.starts_on.year - 2, 2, 1),
                meeting=f"Mid-Winter Meeting {turn.starts_on.year - 2}",
                kind=CouncilDecision.Kind.PRESIDENCY,
                outcome=CouncilDecision.Outcome.APPROVED,
                summary=f"Presidency {turn.starts_on.year}–{turn.starts_on.year + 2} given "
                f"to {turn.association.display_name}",
            )
            for turn in turns
        ),
    )
    presidencies = insert(
        Presidency,
        (
            Presidency(
                confederation=confederation,
                association=turn.association,
                starts_on=turn.starts_on,
                ends_on=turn.ends_on,
                handover_place=turn.place,
                decision=decision,
                handed_over=True,
            )
            for turn, decision in zip(turns, decisions, strict=True)
        ),
    )
    international = international_vice_presidents(build, confederation, offices, turns)
    appointments, terms = [], []
    for turn, presidency in zip(turns, presidencies, strict=True):
        for office in offices:
            person, decision = international.get((turn.starts_on, office.pk)) or (
                rng.choice(build.people_of[turn.association.pk]),
                None,
            )
            appointments.append(
                PresidencyAppointment(
                    presidency=presidency, office=office, person_id=person, decision=decision
                )
            )
            years = office.term_years or confederation.presidency_term_years
            terms.append(
                Term(
                    office=office,
                    person_id=person,
                    starts_on=turn.starts_on,
                    ends_on=turn.ends_on or governance_services.add_years(turn.starts_on, years),
                    began_by=Term.BeganBy.NOMINATED_IN_ROTATION,
                    decision=decision or presidency.decision,
                    note=NOTE,
                )
            )
    insert(PresidencyAppointment, appointments, keep=False)
    insert(Term, terms, keep=False)
    build.say(f"{len(turns)} presidencies of {confederation.acronym} added.")


def international_vice_presidents(
    build: Build, confederation: Confederation, offices: list[Office], turns: list[Turn]
) -> dict[tuple[datetime.date, int], tuple[int, CouncilDecision]]:
    """For each turn, the International Vice President the president designate chose
    from another nation, approved by the council: (person, decision)."""
    chosen = []
    for office in (o for o in offices if o.kind == OfficeKind.INTERNATIONAL_VICE_PRESIDENT):
        for turn in turns:
            others = [
                a
                for a in build.members_of(confederation.pk)
                if a.nation_id != turn.association.nation_id
            ]
            person = build.rng.choice(build.people_of[build.rng.choice(others).pk])
            chosen.append((turn, office, person))
    decisions = insert(
        CouncilDecision,
        (
            CouncilDecision(
                confederation=confederation,
                decided_on=turn.starts_on - datetime.timedelta(days=180),
                kind=CouncilDecision.Kind.INTERNATIONAL_VICE_PRESIDENT,
                outcome=CouncilDecision.Outcome.APPROVED,
                summary=f"International Vice President approved for the presidency "
                f"{turn.starts_on.year}–{turn.starts_on.year + 2}",
            )
            for turn, _office, _person in chosen
        ),
    )
    return {
        (turn.starts_on, office.pk): (person, decision)
        for (turn, office, person), decision in zip(chosen, decisions, strict=True)
    }


def add_past_presidencies(build: Build, confederation: Confederation) -> None:
    """The presidencies before the demo's first, back to the start of the history."""
    first = (
        Presidency.objects.filter(confederation=confederation, handed_over=True)
        .select_related("association")
        .order_by("starts_on")
        .first()
    )
    if first is None:
        return
    start_year = build.history_start.year + (first.starts_on.year - build.history_start.year) % 2
    years = list(range(start_year, first.starts_on.year, 2))
    candidates = [
        a
        for a in full_from_admission(build, confederation)
        if build.admitted_on[a.pk] < datetime.date(start_year, 1, 1)
    ]
    turns = turns_in_rotation(build, candidates, years, first.starts_on, avoid=first.association)
    add_presidencies(build, confederation, turns)


def add_ciox_presidencies(build: Build, ciox: Confederation) -> None:
    """CIOX's presidencies to the current one, the rotation after it, and the next
    presidency, approved through the service (which opens the -elect terms)."""
    candidates = full_from_admission(build, ciox)
    first_year = max(build.admitted_on[a.pk] for a in candidates[:2]).year + 2
    years = [
        year
        for year in range(first_year, build.today.year + 1, 2)
        if first_friday_of_august(year) <= build.today
    ]
    turns = turns_in_rotation(build, candidates, years, None)
    add_presidencies(build, ciox, turns)
    current = turns[-1].association
    index = candidates.index(current)
    in_turn = candidates[index + 1 :] + candidates[:index]
    others = [a for a in build.members_of(ciox.pk) if a not in candidates]
    insert(
        RotationPlace,
        (
            RotationPlace(confederation=ciox, association=association, position=position)
            for position, association in enumerate([*in_turn, *others, current], start=1)
        ),
    )
    starts_on = first_friday_of_august(turns[-1].starts_on.year + 2)
    upcoming = Presidency.objects.create(
        confederation=ciox, association=in_turn[0], starts_on=starts_on
    )
    insert(
        PresidencyAppointment,
        (
            PresidencyAppointment(
                presidency=upcoming,
                office=office,
                person_id=build.rng.choice(build.people_of[in_turn[0].pk]),
            )
            for office in Office.objects.filter(confederation=ciox, held_by_presidency=True)
        ),
    )
    governance_services.approve_presidency(
        presidency=upcoming,
        decided_on=min(build.today, datetime.date(starts_on.year - 2, 2, 1)),
        meeting=f"Mid-Winter Meeting {starts_on.year - 2}",
    )
    build.say(f"Next presidency of {ciox.acronym} approved, rotation of {len(candidates)}.")


# --- terms of office -----------------------------------------------------------------


def add_national_vice_president_terms(build: Build) -> None:
    """Each association's National Vice Presidents since its admission (or the start
    of the history): up to the demo's current one, or to a current one of our own."""
    offices = {
        office.association_id: office
        for office in Office.objects.filter(kind=OfficeKind.NATIONAL_VICE_PRESIDENT)
    }
    first = first_terms(offices.values())
    terms = []
    for association in build.associations:
        office = offices[association.pk]
        start = max(build.history_start, build.admitted_on[association.pk])
        if office.pk in first:
            periods = chain(build.rng, start, first[office.pk], (365, 1096))
        else:
            periods = open_chain(build.rng, start, build.today, (365, 1096))
        terms += terms_for(
            build.rng,
            office,
            periods,
            build.people_of[association.pk],
            began_by=Term.BeganBy.ELECTED,
        )
    insert(Term, terms, keep=False)
    build.say(f"{len(terms)} terms of National Vice Presidents added.")


def add_committee_officer_terms(build: Build, ciox: Confederation) -> None:
    """Chairs and secretaries since the committee was formed: up to the demo's holder,
    or up to the vacancy the demo leaves; CIOX's up to a current holder."""
    offices = list(Office.objects.filter(committee__isnull=False).select_related("committee"))
    first = first_terms(offices)
    terms = []
    for office in offices:
        start = max(build.history_start, office.committee.formed_on or build.history_start)
        if office.confederation_id == ciox.pk:
            periods = open_chain(build.rng, start, build.today, (365, 1461))
        else:
            periods = chain(
                build.rng, start, first.get(office.pk, build.vacant_since), (365, 1461)
            )
        people = build.people_in(office.confederation_id)
        terms += terms_for(build.rng, office, periods, people, began_by=Term.BeganBy.APPOINTED)
    insert(Term, terms, keep=False)
    build.say(f"{len(terms)} terms of committee chairs and secretaries added.")


def add_other_officer_terms(build: Build, ciox: Confederation) -> None:
    """The offices outside the presidency (CIOR's Permanent Representative, provided by
    Belgium; CIOMR's Secretary General and Deputy): up to the demo's holder, or up to
    the vacancy the demo leaves."""
    offices = list(
        Office.objects.filter(
            held_by_presidency=False,
            elect_of__isnull=True,
            association__isnull=True,
            committee__isnull=True,
        ).exclude(confederation=ciox)
    )
    first = first_terms(offices)
    terms = []
    for office in offices:
        if office.kind == OfficeKind.PERMANENT_REPRESENTATIVE:
            belgium = next(
                a
                for a in build.members_of(office.confederation_id)
                if a.nation_id == build.nations["BEL"].pk
            )
            people, days = build.people_of[belgium.pk], (1461, 2922)
        else:
            people, days = build.people_in(office.confederation_id), (700, 760)
        until = first.get(office.pk, build.vacant_since)
        periods = chain(build.rng, build.history_start, until, days)
        terms += terms_for(build.rng, office, periods, people, began_by=Term.BeganBy.ELECTED)
    insert(Term, terms, keep=False)
    build.say(f"{len(terms)} terms of other officers added.")


def add_benchmark_terms(build: Build, offices: list[Office]) -> None:
    """The terms that make up TARGET_TERMS, shared out over the seats of the benchmark
    offices: on each seat, consecutive terms that all ended a month ago or earlier."""
    missing = TARGET_TERMS - Term.objects.count()
    seats = [(office, seat) for office in offices for seat in range(1, office.holders_at_once + 1)]
    if missing < len(seats):
        raise RuntimeError(f"Only {missing} terms are missing; the benchmark offices need more.")
    until = build.today - datetime.timedelta(days=30)
    everyone = [p for people in build.people_of.values() for p in people]

    def terms():
        for index, (office, seat) in enumerate(seats):
            count = missing // len(seats) + (index < missing % len(seats))
            periods = split(build.rng, build.history_start, until, count)
            yield from terms_for(
                build.rng,
                office,
                periods,
                everyone,
                began_by=Term.BeganBy.APPOINTED,
                seat=seat,
                again=0,
            )

    insert(Term, terms(), keep=False)
    build.say(f"{missing} terms in {len(seats)} seats of benchmark offices added.")


# --- events --------------------------------------------------------------------------


def new_event(
    build: Build,
    *,
    slug: str,
    kind: str,
    titles: tuple[str, str],
    starts_on: datetime.date,
    days: int,
    host: Nation | None,
    host_association: NationalAssociation | None,
    city: str,
    **values,
) -> Event:
    return Event(
        uid=uuid.UUID(int=build.rng.getrandbits(128), version=4),
        slug=slug,
        kind=kind,
        title_en=titles[0],
        title_fr=titles[1],
        starts_on=starts_on,
        ends_on=starts_on + datetime.timedelta(days=days - 1),
        time_zone=TIME_ZONES.get(host.code, "Europe/Brussels") if host else "Europe/Brussels",
        host_nation=host,
        host_association=host_association,
        city=city,
        **values,
    )


def add_regular_meetings(build: Build) -> int:
    """The four regular meetings of each of the last MEETING_YEARS years that the demo
    does not have, held by the three confederations together."""
    rng = build.rng
    taken = set(Event.objects.values_list("slug", flat=True))
    hosts = [n for code, n in build.nations.items() if code in CITIES and code != "BEL"]
    meetings, host_decisions = [], []
    for year in range(build.first_meeting_year, build.today.year + 1):
        for key, kind, name_en, name_fr, month_day, days in REGULAR_MEETINGS:
            if f"{key}-{year}" in taken:
                continue
            if month_day is None:  # the Summer Congress ends on the first Friday of August
                starts_on = first_friday_of_august(year) - datetime.timedelta(days=days - 1)
            else:
                starts_on = datetime.date(year, *month_day)
            host = build.nations["BEL"] if kind == EventKind.MID_WINTER_MEETING else None
            host = host or rng.choice(hosts)
            city = "Brussels" if host.code == "BEL" else city_of(build, host)
            if kind == EventKind.SUMMER_CONGRESS:
                titles = f"{name_en} {year}, {city}", f"{name_fr} {year}, {city}"
                host_decisions.append(congress_host_decision(build, year, host, city))
            else:
                titles = f"{name_en} {year}", f"{name_fr} {year}"
            meetings.append(
                new_event(
                    build,
                    slug=f"{key}-{year}",
                    kind=kind,
                    titles=titles,
                    starts_on=starts_on,
                    days=days,
                    host=host,
                    host_association=build.member("cior", host.code),
                    city=city,
                    venue="NATO Headquarters" if kind == EventKind.MID_WINTER_MEETING else "",
                    delegation_deadline=starts_on - datetime.timedelta(days=21),
                    status=EventStatus.CONFIRMED,
                )
            )
    decisions = iter(insert(CouncilDecision, host_decisions))
    for meeting in meetings:
        if meeting.kind == EventKind.SUMMER_CONGRESS:
            meeting.host_decision = next(decisions)
    meetings = insert(Event, meetings)
    link_confederations(meetings, [list(build.confederations.values())] * len(meetings))
    build.say(f"{len(meetings)} regular meetings added.")
    return len(meetings)


def congress_host_decision(build: Build, year: int, host: Nation, city: str) -> CouncilDecision:
    return CouncilDecision(
        confederation=build.confederations["cior"],
        decided_on=datetime.date(year - 3, 2, 6),
        meeting=f"Mid-Winter Meeting {year - 3}",
        kind=CouncilDecision.Kind.CONGRESS_HOST,
        outcome=CouncilDecision.Outcome.APPROVED,
        summary=f"Summer Congress {year} hosted by {host.code} in {city}",
    )


def link_confederations(events: list[Event], confederations: list[list]) -> None:
    through = Event.confederations.through
    insert(
        through,
        (
            through(event_id=event.pk, confederation_id=confederation.pk)
            for event, linked in zip(events, confederations, strict=True)
            for confederation in linked
        ),
        keep=False,
    )


def add_committee_events(build: Build) -> None:
    """Committee events (and a few conferences of no committee) up to TARGET_EVENTS,
    spread over the meeting years and the next: most past, some upcoming."""
    rng = build.rng
    missing = TARGET_EVENTS - Event.objects.count()
    committees = list(Committee.objects.select_related("confederation").order_by("pk"))
    confederations = list(build.confederations.values())
    hosts = [n for code, n in build.nations.items() if code in CITIES]
    first_day = datetime.date(build.first_meeting_year, 1, 1)
    last_day = datetime.date(build.today.year + 1, 12, 31)
    events, linked = [], []
    for number in range(1, missing + 1):
        committee = rng.choice(committees) if rng.random() < 0.9 else None
        if committee is not None:
            kind = rng.choice(COMMITTEE_EVENT_KINDS.get(committee.code, DEFAULT_EVENT_KINDS))
            confederation = committee.confederation
            start = max(first_day, committee.formed_on or first_day)
            joint = [c for c in confederations if c != confederation and rng.random() < 0.05]
            event_confederations = [confederation, *joint]
        else:
            kind = rng.choice([EventKind.SEMINAR, EventKind.SYMPOSIUM, EventKind.OTHER])
            event_confederations = rng.sample(confederations, rng.randint(1, 3))
            confederation, start = event_confederations[0], first_day
        starts_on = start + datetime.timedelta(days=rng.randrange((last_day - start).days))
        host = rng.choice(hosts)
        city = city_of(build, host)
        events.append(
            new_event(
                build,
                slug=f"{EventKind(kind).value}-{starts_on.year}-{number:04d}",
                kind=kind,
                titles=event_titles(kind, committee, confederation, starts_on.year, city),
                starts_on=starts_on,
                days=rng.randint(*EVENT_DAYS.get(kind, (1, 4))),
                host=host,
                host_association=build.member(confederation.code, host.code),
                city=city,
                organising_committee=committee,
                status=event_status(rng, starts_on, build.today),
                is_public=rng.random() >= 0.06,
                **event_times(rng),
                **event_description(committee),
            )
        )
        linked.append(event_confederations)
    events = insert(Event, events)
    link_confederations(events, linked)
    build.say(f"{len(events)} committee events added.")


def event_titles(
    kind: str, committee: Committee | None, confederation: Confederation, year: int, city: str
) -> tuple[str, str]:
    title_en, title_fr = EVENT_TITLES[kind]
    if kind == EventKind.OTHER and committee is not None:
        prefix = committee.code
    elif kind in (EventKind.SEMINAR, EventKind.SYMPOSIUM, EventKind.LANGUAGE_ACADEMY):
        prefix = confederation.acronym
    else:
        return f"{title_en} {year}, {city}", f"{title_fr} {year}, {city}"
    return f"{prefix} {title_en} {year}, {city}", f"{title_fr} {prefix} {year}, {city}"


def event_status(rng: random.Random, starts_on: datetime.date, today: datetime.date) -> str:
    if rng.random() < 0.04:
        return EventStatus.CANCELLED
    if starts_on > today and rng.random() < 0.4:
        return EventStatus.PLANNED
    return EventStatus.CONFIRMED


def event_times(rng: random.Random) -> dict:
    if rng.random() < 0.3:
        return {"start_time": datetime.time(9, 0), "end_time": datetime.time(17, 0)}
    return {}


def event_description(committee: Committee | None) -> dict:
    if committee is None:
        return {}
    return {
        "description_en": f"Organised by the {committee.name_en} ({committee.code}).",
        "description_fr": f"Organisé par la commission {committee.code}.",
    }


# --- delegations, committee members, decisions, applications -------------------------


def add_delegations(build: Build) -> None:
    """The larger associations' delegations to the past regular meetings, each headed
    by the National Vice President of the day; Estonia's CIOR delegation (the demo
    login vp-cior-est) went to every one."""
    rng = build.rng
    meetings = (
        Event.objects.filter(
            kind__in=MEETING_KINDS,
            ends_on__lt=build.today,
            starts_on__gte=datetime.date(build.first_meeting_year, 1, 1),
        )
        .prefetch_related("confederations")
        .order_by("starts_on")
    )
    heads = national_vice_presidents()
    always = build.member("cior", DEMO_LOGIN_NATION)
    senders = [a for a in build.associations if a.nation.code in DELEGATION_NATIONS or a == always]
    existing = set(Delegation.objects.values_list("association_id", "event_id"))
    delegations, members = [], []
    for meeting in meetings:
        linked = {c.pk for c in meeting.confederations.all()}
        for association in senders:
            if association.confederation_id not in linked:
                continue
            if (association.pk, meeting.pk) in existing:
                continue
            if association != always and rng.random() < 0.1:
                continue  # did not attend
            head = heads[association.pk].on(meeting.starts_on)
            if head is None:
                continue
            delegations.append(new_delegation(rng, association, meeting))
            others = [p for p in build.people_of[association.pk] if p != head]
            members.append([head, *rng.sample(others, rng.randint(2, 5))])
    delegations = insert(Delegation, delegations)
    insert(
        DelegationMember,
        (
            DelegationMember(
                delegation=delegation,
                person_id=person,
                role=delegation_role(rng, seat, len(people)),
                seat=seat,
                seat_limit=delegation.association.confederation.delegation_size_limit,
            )
            for delegation, people in zip(delegations, members, strict=True)
            for seat, person in enumerate(people, start=1)
        ),
        keep=False,
    )
    build.say(f"{len(delegations)} delegations to past meetings added.")


def new_delegation(
    rng: random.Random, association: NationalAssociation, meeting: Event
) -> Delegation:
    deadline = meeting.delegation_deadline or meeting.starts_on - datetime.timedelta(days=21)
    submitted_at = at(deadline - datetime.timedelta(days=rng.randint(0, 20)), rng)
    approved = rng.random() < 0.95
    return Delegation(
        association=association,
        event=meeting,
        status=DelegationStatus.APPROVED if approved else DelegationStatus.SUBMITTED,
        submitted_at=submitted_at,
        approved_at=submitted_at + datetime.timedelta(days=rng.randint(1, 10))
        if approved
        else None,
    )


def delegation_role(rng: random.Random, seat: int, size: int) -> str:
    if seat == 1:
        return Role.HEAD
    if seat == size and rng.random() < 0.15:
        return Role.OBSERVER
    return Role.DELEGATE


def add_committee_members(build: Build) -> None:
    """Past members of every committee over the meeting years, and current ones up to a
    dozen or so nations a committee, each nominated by their National Vice President."""
    rng = build.rng
    heads = national_vice_presidents()
    open_memberships = CommitteeMember.objects.filter(until__isnull=True)
    seated = set(open_memberships.values_list("committee_id", "person_id"))
    nations_on: dict[int, set[int]] = defaultdict(set)
    for committee_id, nation_id in open_memberships.values_list("committee_id", "nation_id"):
        nations_on[committee_id].add(nation_id)

    def member(committee, association, since, until=None) -> CommitteeMember:
        person = rng.choice(build.people_of[association.pk])
        while until is None and (committee.pk, person) in seated:  # one open membership
            person = rng.choice(build.people_of[association.pk])
        if until is None:
            seated.add((committee.pk, person))
        return CommitteeMember(
            committee=committee,
            person_id=person,
            nation_id=association.nation_id,
            nominated_by_id=heads[association.pk].on(since),
            since=since,
            until=until,
        )

    rows = []
    for committee in Committee.objects.order_by("pk"):
        associations = build.members_of(committee.confederation_id)
        formed_on = committee.formed_on or datetime.date(build.first_meeting_year, 1, 1)
        for year in range(max(build.first_meeting_year, formed_on.year), build.today.year + 1):
            for _ in range(rng.randint(2, 4)):
                since = max(formed_on, datetime.date(year, 1, 1))
                since += datetime.timedelta(days=rng.randrange(300))
                until = since + datetime.timedelta(days=rng.randint(365, 1461))
                members = [a for a in associations if build.admitted_on[a.pk] <= since]
                if until < build.today and members:
                    rows.append(member(committee, rng.choice(members), since, until))
        newcomers = [a for a in associations if a.nation_id not in nations_on[committee.pk]]
        rng.shuffle(newcomers)
        wanted = rng.randint(9, 14) - len(nations_on[committee.pk])
        for association in newcomers[: max(0, wanted)]:
            since = build.today - datetime.timedelta(days=rng.randint(30, 1400))
            since = max(since, formed_on, build.admitted_on[association.pk])
            rows.append(member(committee, association, since))
    insert(CommitteeMember, rows, keep=False)
    build.say(f"{len(rows)} committee members added.")


def add_council_decisions(build: Build) -> None:
    """The routine decisions of each Mid-Winter Meeting: budget, accounts, and now and
    then a proposal deferred or rejected."""
    rng = build.rng
    rows = []
    for confederation in build.confederations.values():
        for year in range(build.first_meeting_year, build.today.year + 1):
            decided_on = datetime.date(year, 2, 5)
            if decided_on > build.today:
                continue
            routine = [
                (CouncilDecision.Outcome.APPROVED, f"Budget {year} approved"),
                (CouncilDecision.Outcome.APPROVED, f"Accounts {year - 1} approved"),
            ]
            if rng.random() < 0.25:
                routine.append(
                    (CouncilDecision.Outcome.DEFERRED, "Amendment of the statutes deferred")
                )
            if rng.random() < 0.1:
                routine.append(
                    (CouncilDecision.Outcome.REJECTED, "Proposal to raise the contribution")
                )
            rows += [
                CouncilDecision(
                    confederation=confederation,
                    decided_on=decided_on,
                    meeting=f"Mid-Winter Meeting {year}",
                    kind=CouncilDecision.Kind.OTHER,
                    outcome=outcome,
                    summary=summary,
                )
                for outcome, summary in routine
            ]
    insert(CouncilDecision, rows, keep=False)
    build.say(f"{len(rows)} routine council decisions added.")


# --- subscriptions -----------------------------------------------------------------


def add_subscriptions(build: Build) -> None:
    """The last SUBSCRIPTION_YEARS years of every confederation's subscriptions: each
    year's scale and the council decision that set it, an invoice to each member of the
    day, numbered in its confederation's series of the year, and what became of it:
    most paid in full by the due date, some in instalments or late, now and then a
    correction or a waiver (with the council's decision); a few associations owe their
    last one to three years, some of it paid; CIOX's suspended member paid its years
    in arrears when reinstated. Nothing is paid beyond an invoice, so no credit is
    carried. The years the demo invoiced stay as the demo has them; the number
    sequences go on from the last number given, so that the next issue continues the
    series. Invoices, credit notes and payments are inserted as issued: the database
    refuses to change them afterwards."""
    rng, today = build.rng, build.today
    years = list(range(today.year - SUBSCRIPTION_YEARS + 1, today.year + 1))
    scales = {(s.confederation_id, s.year): s for s in Scale.objects.filter(year__in=years)}
    invoiced = set(Invoice.objects.values_list("confederation_id", "year").distinct())
    sequences = {(q.confederation_id, q.year, q.series): q for q in NumberSequence.objects.all()}
    last = {key: sequence.last for key, sequence in sequences.items()}
    timelines = membership_timelines()

    missing = [
        (c, y) for c in build.confederations.values() for y in years if (c.pk, y) not in scales
    ]
    decisions = insert(
        CouncilDecision,
        (
            CouncilDecision(
                confederation=confederation,
                decided_on=datetime.date(year - 1, 2, 5),
                meeting=f"Mid-Winter Meeting {year - 1}",
                kind=CouncilDecision.Kind.SUBSCRIPTIONS,
                outcome=CouncilDecision.Outcome.APPROVED,
                summary=f"The subscriptions of {year}: the scale.",
            )
            for confederation, year in missing
        ),
    )
    new_scales = insert(
        Scale,
        (
            new_scale(confederation, year, decision, today)
            for (confederation, year), decision in zip(missing, decisions, strict=True)
        ),
    )
    scales.update({(s.confederation_id, s.year): s for s in new_scales})

    invoices, plans, owing = [], [], 0
    for confederation in build.confederations.values():
        own_years = [y for y in years if (confederation.pk, y) not in invoiced]
        if not own_years:
            continue
        members = build.members_of(confederation.pk)
        # Who owes its last one to three years: members invoiced in each of them.
        candidates = [
            a
            for a in members
            if a.nation.code != DEMO_LOGIN_NATION
            and build.admitted_on[a.pk] <= datetime.date(own_years[-3:][0], 1, 15)
        ]
        in_arrears = {
            a.pk: set(own_years[-rng.randint(1, 3) :])
            for a in rng.sample(candidates, min(IN_ARREARS[confederation.code], len(candidates)))
        }
        owing += len(in_arrears)
        for year in own_years:
            scale = scales[confederation.pk, year]
            opening = min(datetime.date(year, 1, 15), today)
            to_invoice = sorted(
                (
                    (max(opening, build.admitted_on[a.pk]), a.nation.country.code, a)
                    for a in members
                    if max(opening, build.admitted_on[a.pk])
                    <= min(today, datetime.date(year, 12, 31))
                ),
                key=lambda entry: entry[:2],
            )
            for issued_on, _country, association in to_invoice:
                timeline = timelines[association.pk]
                key = (confederation.pk, year, "")
                last[key] = last.get(key, 0) + 1
                full = category_on(timeline, issued_on, association.category) == FULL
                due_on = scale.due_on
                if due_on < issued_on:
                    due_on = issued_on + datetime.timedelta(days=LATE_INVOICE_PAYMENT_DAYS)
                invoice = Invoice(
                    number=f"{confederation.acronym}-{year}-{last[key]:03d}",
                    confederation=confederation,
                    association=association,
                    year=year,
                    scale=scale,
                    issued_on=issued_on,
                    due_on=due_on,
                    amount=scale.full_member if full else scale.associate_member,
                    currency=CURRENCY,
                    billed_to=association.display_name,
                    language=association.language,
                    credit_at_issue=Decimal("0.00"),
                )
                invoices.append(invoice)
                plans.append(
                    settlement(
                        rng,
                        invoice,
                        today,
                        owes=year in in_arrears.get(association.pk, ()),
                        paid_on=paid_when_reinstated(timeline, year),
                    )
                )
    invoices = insert(Invoice, invoices)

    waivers = [
        (invoice, credit)
        for invoice, (_payments, credits) in zip(invoices, plans, strict=True)
        for credit in credits
        if credit[0] == CreditKind.WAIVER
    ]
    waiver_decisions = insert(
        CouncilDecision,
        (
            CouncilDecision(
                confederation_id=invoice.confederation_id,
                decided_on=issued_on,
                meeting=f"Mid-Winter Meeting {issued_on.year}",
                kind=CouncilDecision.Kind.SUBSCRIPTIONS,
                outcome=CouncilDecision.Outcome.APPROVED,
                summary=f"{invoice.billed_to} is excused its subscription of {invoice.year}.",
            )
            for invoice, (_kind, issued_on, _amount, _reason) in waivers
        ),
    )
    # One waiver at most an invoice: its decision, by the invoice's number.
    decision_of = {
        invoice.number: decision
        for (invoice, _credit), decision in zip(waivers, waiver_decisions, strict=True)
    }
    notes = []
    credits = sorted(
        (
            (invoice.confederation_id, credit[1], invoice.number, invoice, credit)
            for invoice, (_payments, credits) in zip(invoices, plans, strict=True)
            for credit in credits
        ),
        key=lambda entry: entry[:3],
    )
    for confederation_id, issued_on, _number, invoice, credit in credits:
        kind, _issued_on, amount, reason = credit
        key = (confederation_id, issued_on.year, "CN")
        last[key] = last.get(key, 0) + 1
        acronym = invoice.confederation.acronym
        notes.append(
            CreditNote(
                number=f"{acronym}-{issued_on.year}-CN-{last[key]:03d}",
                invoice=invoice,
                kind=kind,
                issued_on=issued_on,
                amount=amount,
                currency=CURRENCY,
                reason=reason,
                decision=decision_of.get(invoice.number) if kind == CreditKind.WAIVER else None,
            )
        )
    insert(CreditNote, notes, keep=False)
    payments = [
        Payment(
            invoice=invoice,
            received_on=received_on,
            amount=amount,
            currency=CURRENCY,
            reference=f"BENCH {invoice.number}/{number}",
        )
        for invoice, (payments, _credits) in zip(invoices, plans, strict=True)
        for number, (received_on, amount) in enumerate(payments, start=1)
    ]
    insert(Payment, payments, keep=False)

    for key, value in last.items():
        if key in sequences and sequences[key].last != value:
            NumberSequence.objects.filter(pk=sequences[key].pk).update(last=value)
    insert(
        NumberSequence,
        (
            NumberSequence(confederation_id=confederation_id, year=year, series=series, last=n)
            for (confederation_id, year, series), n in sorted(last.items())
            if (confederation_id, year, series) not in sequences
        ),
        keep=False,
    )
    build.say(
        f"{len(new_scales)} subscription scales, {len(invoices)} invoices, {len(notes)} "
        f"credit notes, {len(payments)} payments added; {owing} associations in arrears."
    )


def new_scale(
    confederation: Confederation, year: int, decision: CouncilDecision, today: datetime.date
) -> Scale:
    """SUBSCRIPTION_RATES of this year, a tenth less every fourth year back, in tens."""
    factor = Decimal("0.9") ** ((today.year - year) // 4)

    def rate(amount: Decimal) -> Decimal:
        return ((amount * factor / 10).quantize(Decimal("1")) * 10).quantize(CENT)

    full, associate = SUBSCRIPTION_RATES[confederation.code]
    return Scale(
        confederation=confederation,
        year=year,
        full_member=rate(full),
        associate_member=rate(associate),
        due_on=datetime.date(year, 3, 31),
        decision=decision,
    )


Timeline = list[tuple[datetime.date, str, str]]  # (effective on, category, status)


def membership_timelines() -> dict[int, Timeline]:
    """Every association's membership changes in order, by association."""
    timelines: dict[int, Timeline] = defaultdict(list)
    changes = MembershipChange.objects.order_by("association_id", "effective_on", "id")
    for association_id, *change in changes.values_list(
        "association_id", "effective_on", "category", "status"
    ):
        timelines[association_id].append(tuple(change))
    return timelines


def category_on(timeline: Timeline, day: datetime.date, default: str) -> str:
    category = default
    for effective_on, changed_to, _status in timeline:
        if effective_on > day:
            break
        category = changed_to
    return category


def paid_when_reinstated(timeline: Timeline, year: int) -> datetime.date | None:
    """For a member suspended for unpaid dues: the day it was reinstated, when it paid
    the year's subscription, if the year is one of those it owed (the year before the
    suspension to that of the reinstatement)."""
    suspended_on = None
    for effective_on, _category, status in timeline:
        if status == MembershipStatus.SUSPENDED and suspended_on is None:
            suspended_on = effective_on
        elif status == MembershipStatus.ACTIVE and suspended_on is not None:
            if suspended_on.year - 1 <= year <= effective_on.year:
                return effective_on
            suspended_on = None
    return None


Credit = tuple[str, datetime.date, Decimal, str]  # kind, issued on, amount, reason


def settlement(
    rng: random.Random,
    invoice: Invoice,
    today: datetime.date,
    *,
    owes: bool,
    paid_on: datetime.date | None,
) -> tuple[list[tuple[datetime.date, Decimal]], list[Credit]]:
    """What became of an invoice: the payments received (day, amount) and the credit
    notes issued; never more than it asks, nothing dated after today."""
    amount, issued_on, due_on = invoice.amount, invoice.issued_on, invoice.due_on

    def on_time() -> datetime.date:
        return max(issued_on, due_on - datetime.timedelta(days=rng.randint(0, 60)))

    def received(payments):
        return [(day, paid) for day, paid in payments if day <= today]

    if owes:  # in arrears: nothing paid, or a part of it
        if rng.random() < 0.4:
            part = amount * rng.choice([Decimal("0.25"), Decimal("0.5")])
            return received([(on_time(), part.quantize(CENT))]), []
        return [], []
    if paid_on is not None:
        return received([(max(paid_on, issued_on), amount)]), []
    roll = rng.random()
    waived_on = datetime.date(invoice.year + 1, 2, 5)  # the next Mid-Winter Meeting
    if roll < 0.015 and waived_on <= today:
        reason = f"The council excused the subscription of {invoice.year}."
        return [], [(CreditKind.WAIVER, waived_on, amount, reason)]
    credits: list[Credit] = []
    corrected_on = issued_on + datetime.timedelta(days=rng.randint(7, 45))
    if roll < 0.04 and corrected_on <= today:
        share = rng.choice([Decimal("0.1"), Decimal("0.2"), Decimal("0.5")])
        credit = (amount * share).quantize(CENT)
        reason = "Invoiced at the wrong rate: the difference is credited."
        credits.append((CreditKind.CORRECTION, corrected_on, credit, reason))
        amount -= credit
    if roll < 0.12:  # in instalments
        count = rng.randint(2, 3)
        part = (amount / count).quantize(CENT)
        day = issued_on + datetime.timedelta(days=rng.randint(5, 40))
        payments = []
        for number in range(count):
            payments.append((day, part if number < count - 1 else amount - part * (count - 1)))
            day += datetime.timedelta(days=rng.randint(20, 90))
        return received(payments), credits
    if roll < 0.18:  # late
        return received(
            [(due_on + datetime.timedelta(days=rng.randint(10, 150)), amount)]
        ), credits
    return received([(on_time(), amount)]), credits


def add_applications(build: Build, ciox: Confederation) -> None:
    """The applications CIOX's members were admitted on, a few refused or withdrawn,
    and one waiting in each confederation from a nation it does not yet have."""
    rng = build.rng
    rows = [
        application(
            build,
            ciox,
            association.nation.country.code,
            association.name,
            build.admitted_as[association.pk],
            ApplicationStatus.APPROVED,
            build.admitted_on[association.pk] - datetime.timedelta(days=120),
            decision=build.admissions[association.pk],
            association=association,
        )
        for association in build.members_of(ciox.pk)
    ]
    refused = [
        ("cior", "MT", ApplicationStatus.REJECTED, 9),
        ("ciomr", "GE", ApplicationStatus.REJECTED, 6),
        ("ciobench", "MD", ApplicationStatus.WITHDRAWN, 4),
        ("cior", "IE", ApplicationStatus.WITHDRAWN, 2),
    ]
    rejections = insert(
        CouncilDecision,
        (
            CouncilDecision(
                confederation=build.confederations[code],
                decided_on=datetime.date(build.today.year - years_ago, 2, 5),
                meeting=f"Mid-Winter Meeting {build.today.year - years_ago}",
                kind=CouncilDecision.Kind.ADMISSION,
                outcome=CouncilDecision.Outcome.REJECTED,
                summary=f"Application from {country} not accepted",
            )
            for code, country, status, years_ago in refused
            if status == ApplicationStatus.REJECTED
        ),
    )
    for code, country, status, years_ago in refused:
        submitted = datetime.date(build.today.year - years_ago - 1, 10, 1)
        decision = rejections.pop(0) if status == ApplicationStatus.REJECTED else None
        rows.append(
            application(
                build,
                build.confederations[code],
                country,
                f"Reserve Officers Association ({country})",
                ASSOCIATE,
                status,
                submitted,
                decision=decision,
            )
        )
    for confederation in build.confederations.values():
        represented = {a.nation_id for a in build.members_of(confederation.pk)}
        nation = rng.choice(
            [n for _, n in sorted(build.nations.items()) if n.pk not in represented]
        )
        rows.append(
            application(
                build,
                confederation,
                nation.country.code,
                f"{governance_services.country_name(nation, 'en')} Reserve Officers Association",
                FULL if nation.is_nato_member(build.today) else ASSOCIATE,
                rng.choice(PENDING_APPLICATION_STATUSES),
                build.today - datetime.timedelta(days=rng.randint(3, 40)),
            )
        )
    insert(MembershipApplication, rows, keep=False)
    build.say(f"{len(rows)} membership applications added.")


def application(
    build: Build,
    confederation: Confederation,
    country: str,
    name: str,
    category: str,
    status: str,
    submitted_on: datetime.date,
    **values,
) -> MembershipApplication:
    return MembershipApplication(
        confederation=confederation,
        country=country,
        association_name=name,
        contact_name=f"Secretary of the {name}",
        contact_email=f"applications-{confederation.code}-{country.lower()}@example.org",
        category=category,
        statement="We apply for membership to work with the reserve officers of our allies.",
        status=status,
        submitted_at=at(submitted_on, build.rng),
        **values,
    )


# --- council sessions --------------------------------------------------------------


@contextlib.contextmanager
def as_recorded(*fields):
    """Rows of the past written with their own times in these auto_now_add fields, not
    the moment of the load."""
    for model_field in fields:
        model_field.auto_now_add = False
    try:
        yield
    finally:
        for model_field in fields:
            model_field.auto_now_add = True


def status_on(timeline: Timeline, day: datetime.date) -> str:
    status = MembershipStatus.ACTIVE
    for effective_on, _category, changed_to in timeline:
        if effective_on > day:
            break
        status = changed_to
    return status


def seat_vote_on(timeline: Timeline, day: datetime.date, default: str) -> str:
    """A seat's vote on `day`, as its membership gave it (arrears aside)."""
    if status_on(timeline, day) == MembershipStatus.SUSPENDED:
        return Vote.SUSPENDED
    if category_on(timeline, day, default) == FULL:
        return Vote.FULL
    return Vote.LIMITED


@dataclass
class CouncilRows:
    """The council's rows of every session, in the order they are inserted."""

    decisions: list[CouncilDecision] = field(default_factory=list)
    sessions: list[Session] = field(default_factory=list)
    items: list[AgendaItem] = field(default_factory=list)
    children: list[AgendaItem] = field(default_factory=list)  # items under an item
    seats: list[Seat] = field(default_factory=list)
    proxies: list[Proxy] = field(default_factory=list)
    polls: list[tuple[Poll, dict]] = field(default_factory=list)  # and how each closed
    ballots: list[Ballot] = field(default_factory=list)
    minutes: list[Minutes] = field(default_factory=list)


def add_council_sessions(build: Build) -> None:
    """A session of each confederation's council at each of its past regular meetings
    of the last MEETING_YEARS years that has none (the demo's stay as they are), held
    as the services would leave it: its agenda (SESSION_AGENDA) sent and published; a
    seat for each member of the day, its vote as its membership gave it, its National
    Vice President of the day sitting in it, most present, a few of the absent giving
    their proxy by letter to a seat present; one or two items put to a vote by roll
    call (or now and then by secret ballot), counted and closed, each result in the
    register of decisions, linked to its item; the session closed, its minutes
    drafted and sent to the heads of delegation (their approval, which files them in
    the library as PDFs, is left out). The polls are inserted open, their ballots
    after them, and then closed: the database refuses a ballot in a closed poll."""
    now = timezone.now()
    heads = national_vice_presidents()
    timelines = membership_timelines()
    rules = {r.confederation_id: r for r in CouncilRules.objects.all()}
    voting = {(r.confederation_id, r.business): r for r in VotingRule.objects.all()}
    taken = set(
        Session.objects.filter(event__isnull=False).values_list("confederation_id", "event_id")
    )
    meetings = (
        Event.objects.filter(
            kind__in=MEETING_KINDS,
            ends_on__lt=build.today,
            starts_on__gte=datetime.date(build.first_meeting_year, 1, 1),
        )
        .exclude(status=EventStatus.CANCELLED)
        .prefetch_related("confederations")
        .order_by("starts_on", "pk")
    )
    rows = CouncilRows()
    for meeting in meetings:
        for confederation in meeting.confederations.all():
            if (confederation.pk, meeting.pk) not in taken:
                council = rules.get(confederation.pk) or CouncilRules(confederation=confederation)
                add_session(
                    build, rows, confederation, meeting, council, voting, now, timelines, heads
                )

    insert(CouncilDecision, rows.decisions, keep=False)  # bulk_create gives each its pk
    insert(Session, rows.sessions, keep=False)
    insert(AgendaItem, rows.items, keep=False)
    insert(AgendaItem, rows.children, keep=False)
    insert(Seat, rows.seats, keep=False)
    polls = [poll for poll, _closing in rows.polls]
    fields = (Proxy._meta.get_field("given_at"), Poll._meta.get_field("opened_at"))
    with as_recorded(*fields, Ballot._meta.get_field("cast_at")):
        insert(Proxy, rows.proxies, keep=False)
        insert(Poll, polls, keep=False)
        insert(Ballot, rows.ballots, keep=False)
    for poll, closing in rows.polls:
        for name, value in closing.items():
            setattr(poll, name, value)
    Poll.objects.bulk_update(polls, list(rows.polls[0][1]) if polls else [], batch_size=1000)
    insert(Minutes, rows.minutes, keep=False)
    build.say(
        f"{len(rows.sessions)} council sessions added: {len(rows.items) + len(rows.children)} "
        f"agenda items, {len(rows.seats)} seats, {len(rows.proxies)} proxies, {len(polls)} "
        f"polls, {len(rows.ballots)} ballots, {len(rows.decisions)} decisions."
    )


def add_session(
    build: Build,
    rows: CouncilRows,
    confederation: Confederation,
    meeting: Event,
    council: CouncilRules,
    voting: dict[tuple[int, str], VotingRule],
    now: datetime.datetime,
    timelines: dict[int, Timeline],
    heads: dict[int, Holders],
) -> None:
    """One session held at the meeting, its rows added to `rows`."""
    rng, day = build.rng, meeting.starts_on
    opened_at = datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC)
    session = Session(
        confederation=confederation,
        event=meeting,
        held_on=day,
        place=rng.choice(["Plenary hall", "Main hall", "Room 1"]),
        agenda_to_delegations_at=opened_at - datetime.timedelta(days=30),
        agenda_to_public_at=opened_at - datetime.timedelta(days=14),
        opened_at=opened_at,
        closed_at=opened_at + datetime.timedelta(hours=4),
    )
    rows.sessions.append(session)

    # The agenda.
    items, polled = [], []
    for position, (kind, business, title_en, title_fr, public) in enumerate(SESSION_AGENDA, 1):
        motion = business == POLLED
        if motion:
            business, title_en, title_fr = rng.choice(MOTIONS)
            number = rng.randint(2, 40)
            title_en, title_fr = title_en.format(n=number), title_fr.format(n=number)
        item = AgendaItem(
            session=session, position=position, kind=kind, business=business,
            title_en=title_en, title_fr=title_fr, is_public=public,
        )  # fmt: skip
        if motion:
            polled.append(item)
        elif kind == "decision":
            item.outcome_en, item.outcome_fr = "Adopted without a vote.", "Adopté sans vote."
        items.append(item)
        if title_en == "Reports of the committees":
            for under, (report_en, report_fr) in enumerate(COMMITTEE_REPORTS, 1):
                child = AgendaItem(
                    session=session, parent=item, position=under, kind="information",
                    title_en=report_en, title_fr=report_fr,
                )  # fmt: skip
                rows.children.append(child)
    rows.items += items

    # The roll, as the opening kept it, and who was there.
    seats = []
    for association in build.members_of(confederation.pk):
        if build.admitted_on[association.pk] > day:
            continue
        vote = seat_vote_on(timelines[association.pk], day, association.category)
        sitting = heads[association.pk].on(day)
        seats.append(
            Seat(
                session=session,
                association=association,
                sitting_id=sitting,
                vote=vote,
                present=sitting is not None and rng.random() < PRESENT_SHARE,
            )
        )
    rows.seats += seats
    present_seats = [seat for seat in seats if seat.present]
    proxy_to: dict[int, int] = {}  # giver's association: holder's
    held: dict[int, int] = defaultdict(int)
    for seat in seats:
        if seat.present or seat.vote == Vote.SUSPENDED or not present_seats:
            continue
        holder = rng.choice(present_seats)
        if rng.random() < 0.4 and held[holder.association_id] < council.proxies_per_holder:
            held[holder.association_id] += 1
            proxy_to[seat.association_id] = holder.association_id
            rows.proxies.append(
                Proxy(
                    session=session,
                    giver_id=seat.association_id,
                    holder_id=holder.association_id,
                    from_letter=True,
                    given_at=opened_at - datetime.timedelta(days=rng.randint(1, 20)),
                )
            )
    present_associations = {seat.association_id for seat in present_seats}

    def counts(seat: Seat) -> bool:
        holder = proxy_to.get(seat.association_id)
        if holder is None:
            return seat.present
        return council.proxies_count_towards_quorum and holder in present_associations

    # The votes.
    for number, item in enumerate(polled):
        if number and rng.random() < 0.5:
            item.outcome_en = "Deferred to the next session."
            item.outcome_fr = "Reporté à la prochaine session."
            continue
        rule = voting.get((confederation.pk, item.business))
        majority = rule.majority if rule else DEFAULT_MAJORITY.get(item.business, Majority.SIMPLE)
        associates_vote = rule.associates_vote if rule else False
        secret = rng.random() < 0.2
        with_a_vote = [s for s in seats if votes_on(s.vote, associates_vote=associates_vote)]
        present = [s for s in with_a_vote if counts(s)]
        quorum = quorum_needed(len(with_a_vote), council.quorum_percent)
        poll_opened_at = opened_at + datetime.timedelta(hours=1 + number)
        poll = Poll(
            item=item,
            method=PollMethod.SECRET if secret else PollMethod.ROLL_CALL,
            business=item.business,
            majority=majority,
            associates_vote=associates_vote,
            opened_at=poll_opened_at,
        )
        weights = (45, 45, 10) if rng.random() < 0.2 else (75, 15, 10)  # contested or not
        tally = dict.fromkeys(("yes", "no", "abstain"), 0)
        for seat in present:
            if rng.random() < 0.03:
                continue  # did not vote
            choice = rng.choices(list(tally), weights)[0]
            tally[choice] += 1
            rows.ballots.append(
                Ballot(
                    poll=poll,
                    seat=seat,
                    choice="" if secret else choice,
                    by_proxy=seat.association_id in proxy_to,
                    recorded_by_secretariat=not secret,  # a show of hands, recorded
                    cast_at=poll_opened_at + datetime.timedelta(minutes=rng.randint(1, 9)),
                )
            )
        if len(present) < quorum:
            outcome = PollOutcome.NO_QUORUM
        elif carried(
            majority, yes=tally["yes"], no=tally["no"], seats_with_a_vote=len(with_a_vote)
        ):
            outcome = PollOutcome.CARRIED
        else:
            outcome = PollOutcome.NOT_CARRIED
        rows.polls.append(
            (
                poll,
                {
                    "closed_at": poll_opened_at + datetime.timedelta(minutes=10),
                    **tally,
                    "seats_with_a_vote": len(with_a_vote),
                    "present": len(present),
                    "quorum": quorum,
                    "outcome": outcome,
                },
            )
        )
        yes, no, abstain = tally.values()
        said_en, said_fr = OUTCOMES[outcome]
        item.outcome_en = f"{said_en}: for {yes}, against {no}, abstentions {abstain}."
        item.outcome_fr = f"{said_fr} : pour {yes}, contre {no}, abstentions {abstain}."
        if outcome != PollOutcome.NO_QUORUM:
            item.decision = CouncilDecision(
                confederation=confederation,
                decided_on=day,
                meeting=meeting.title_en[:200],
                kind=item.business,
                outcome=CouncilDecision.Outcome.APPROVED
                if outcome == PollOutcome.CARRIED
                else CouncilDecision.Outcome.REJECTED,
                summary=item.title_en,
                is_public=item.is_public,
                votes_for=tally["yes"],
                votes_against=tally["no"],
                abstentions=tally["abstain"],
            )
            rows.decisions.append(item.decision)

    # The minutes, as drafted from the session and sent.
    represented = sum(1 for seat in seats if seat.present or seat.association_id in proxy_to)
    body_en, body_fr = confederation.governing_body_en, confederation.governing_body_fr
    text_en = [
        f"# Minutes: {confederation.acronym} {body_en}: {meeting.title_en}",
        f"{represented} of {len(seats)} seats present or represented.",
    ]
    text_fr = [
        f"# Procès-verbal : {confederation.acronym} {body_fr or body_en} : {meeting.title_fr}",
        f"{represented} sièges sur {len(seats)} présents ou représentés.",
    ]
    for item in items:
        text_en += [f"## {item.position}. {item.title_en}", item.outcome_en]
        text_fr += [f"## {item.position}. {item.title_fr or item.title_en}", item.outcome_fr]
    circulated_at = session.closed_at + datetime.timedelta(days=14)
    rows.minutes.append(
        Minutes(
            session=session,
            text_en="\n\n".join(line for line in text_en if line),
            text_fr="\n\n".join(line for line in text_fr if line),
            circulated_at=circulated_at if circulated_at <= now else None,
        )
    )


# --- the whole ---------------------------------------------------------------------


def count_rows(today: datetime.date) -> dict[str, int]:
    return {
        "confederations": Confederation.objects.count(),
        "nations": Nation.objects.count(),
        "associations": NationalAssociation.objects.count(),
        "membership_changes": MembershipChange.objects.count(),
        "people": Person.objects.count(),
        "offices": Office.objects.count(),
        "terms": Term.objects.count(),
        "current_terms": Term.objects.current(today).count(),
        "presidencies": Presidency.objects.count(),
        "committees": Committee.objects.count(),
        "committee_members": CommitteeMember.objects.count(),
        "council_decisions": CouncilDecision.objects.count(),
        "membership_applications": MembershipApplication.objects.count(),
        "pending_applications": MembershipApplication.objects.filter(
            status__in=PENDING_APPLICATION_STATUSES
        ).count(),
        "events": Event.objects.count(),
        "regular_meetings": Event.objects.filter(kind__in=MEETING_KINDS).count(),
        "delegations": Delegation.objects.count(),
        "delegation_members": DelegationMember.objects.count(),
        "subscription_scales": Scale.objects.count(),
        "invoices": Invoice.objects.count(),
        "credit_notes": CreditNote.objects.count(),
        "payments": Payment.objects.count(),
        "council_sessions": Session.objects.count(),
        "agenda_items": AgendaItem.objects.count(),
        "seats": Seat.objects.count(),
        "polls": Poll.objects.count(),
        "ballots": Ballot.objects.count(),
        "minutes": Minutes.objects.count(),
        "calls_for_nominations": Call.objects.count(),
        "nominations": ElectionNomination.objects.count(),
        "awards_conferred": AwardNomination.objects.filter(status="conferred").count(),
    }


def add_elections(build: Build) -> None:
    """Twenty years of elections: the Deputy Secretary General of each confederation
    that has one (the demo's CIOMR) called every second year, three to five heads of
    delegation nominated, all but the one elected not elected; and thirty more
    nominations, waiting for their answer, in each call still open (the demo's)."""
    rng = build.rng
    heads = national_vice_presidents()
    offices = {
        office.confederation_id: office
        for office in Office.objects.filter(kind=OfficeKind.DEPUTY_SECRETARY_GENERAL).order_by(
            "pk"
        )
    }
    calls = []
    for confederation in build.confederations.values():
        office = offices.get(confederation.pk)
        if office is None:
            continue
        for year in range(build.first_meeting_year, build.today.year, 2):
            starts_on = datetime.date(year, 8, 1)
            calls.append(
                Call(
                    office=office,
                    term_starts_on=starts_on,
                    term_ends_on=datetime.date(year + 2, 8, 1),
                    closes_on=datetime.date(year, 1, 5),
                    opened_at=at(datetime.date(year - 1, 11, 1), rng),
                    closed_at=at(datetime.date(year, 1, 6), rng),
                )
            )
    calls = insert(Call, calls)
    people = sorted({person for holders in heads.values() for person in holders.people})
    nominations = []
    for call in calls:
        chosen = rng.sample(people, rng.randint(3, 5))
        for index, person in enumerate(chosen):
            nominations.append(
                ElectionNomination(
                    call=call,
                    nominee_id=person,
                    statement="Served the delegation well.",
                    status="elected" if index == 0 else "not-elected",
                    answered_at=call.opened_at,
                )
            )
    for call in Call.objects.filter(closed_at__isnull=True):
        standing = set(call.nominations.values_list("nominee_id", flat=True))
        for person in rng.sample([p for p in people if p not in standing], 30):
            nominations.append(
                ElectionNomination(call=call, nominee_id=person, statement="Able and keen.")
            )
    insert(ElectionNomination, nominations, keep=False)
    build.say(f"{len(calls)} calls for nominations, {len(nominations)} nominations added.")


def add_awards(build: Build) -> None:
    """Twenty years of the demo's awards: four to eight conferred each year at the
    Summer Congress, each with the presidency's decision in the register; most agreed
    to be shown on the roll."""
    rng = build.rng
    awards = list(Award.objects.select_related("confederation"))
    given = set(AwardNomination.objects.values_list("award_id", "person_id"))
    people = list(Person.objects.filter(nation__isnull=False).values_list("pk", flat=True))
    decisions, rows = [], []
    for award in awards:
        for year in range(build.first_meeting_year, build.today.year):
            for _n in range(rng.randint(4, 8)):
                person = rng.choice(people)
                if (award.pk, person) in given:
                    continue
                given.add((award.pk, person))
                decided_on = datetime.date(year, 2, 5)
                decisions.append(
                    CouncilDecision(
                        confederation=award.confederation,
                        decided_on=decided_on,
                        meeting="decided by the presidency",
                        kind=CouncilDecision.Kind.AWARD,
                        outcome=CouncilDecision.Outcome.APPROVED,
                        summary=f"{award.name_en} awarded",
                    )
                )
                rows.append(
                    AwardNomination(
                        award=award,
                        person_id=person,
                        citation="For outstanding merits in reserve matters.",
                        status="conferred",
                        conferred_on=first_friday_of_august(year),
                        conferred_by="the President",
                        shown_on_roll=rng.random() < 0.9,
                    )
                )
    for decision, row in zip(insert(CouncilDecision, decisions), rows, strict=True):
        row.decision = decision
    insert(AwardNomination, rows, keep=False)
    build.say(f"{len(rows)} awards conferred added.")


def load_large_data_set(stdout) -> dict[str, int]:
    """Grow a demo database to the benchmark's totals (see the module); returns the
    counts of the rows in the database when done. Refuses to run twice."""
    build = Build(
        # Not for security: a fixed seed, so that every run builds the same data.
        rng=random.Random(SEED),  # noqa: S311
        today=timezone.localdate(),
        stdout=stdout,
    )
    with transaction.atomic():
        ciox = add_confederation(build)
        load_registry(build)
        add_associations(build, ciox)
        load_registry(build)
        benchmark_offices = add_ciox_offices(build, ciox)
        add_ciox_committees(build, ciox)
        add_people(build)
        add_past_presidencies(build, build.confederations["cior"])
        add_past_presidencies(build, build.confederations["ciomr"])
        add_ciox_presidencies(build, ciox)
        add_national_vice_president_terms(build)
        add_committee_officer_terms(build, ciox)
        add_other_officer_terms(build, ciox)
        add_benchmark_terms(build, benchmark_offices)
        add_regular_meetings(build)
        add_committee_events(build)
        add_delegations(build)
        add_committee_members(build)
        add_council_decisions(build)
        add_subscriptions(build)
        add_applications(build, ciox)
        # Last: the generator's draws for the rest are those of before it was added.
        add_council_sessions(build)
        add_elections(build)
        add_awards(build)
        # bulk_create sends no post_save: retire the cached public pages explicitly.
        transaction.on_commit(invalidate)
    counts = count_rows(build.today)
    build.say("Done: " + ", ".join(f"{name} {count}" for name, count in counts.items()))
    return counts
