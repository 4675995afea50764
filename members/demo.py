"""Demo data for the member registry: public facts about the confederations' members.

Association names, categories and joining years are public facts (verify before
relying on them); every person is invented. Loading is idempotent: a row is
written only when it is missing or differs.
"""

import datetime
import zlib
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models, transaction
from django_countries import countries

from confed.secretariat import SECRETARIAT_GROUP

from .models import (
    NATO_FOUNDED,
    Confederation,
    DatePrecision,
    MembershipCategory,
    MembershipChange,
    Nation,
    NationalAssociation,
    NatoRank,
    Partnership,
    Person,
    Profession,
)
from .services import admit_association, change_membership

# ISO alpha-3: (date of NATO accession or None, partnership outside NATO)
NATIONS: dict[str, tuple[datetime.date | None, str]] = {
    "BEL": (NATO_FOUNDED, ""),
    "CAN": (NATO_FOUNDED, ""),
    "DNK": (NATO_FOUNDED, ""),
    "FRA": (NATO_FOUNDED, ""),
    "ITA": (NATO_FOUNDED, ""),
    "LUX": (NATO_FOUNDED, ""),
    "NLD": (NATO_FOUNDED, ""),
    "NOR": (NATO_FOUNDED, ""),
    "PRT": (NATO_FOUNDED, ""),
    "GBR": (NATO_FOUNDED, ""),
    "USA": (NATO_FOUNDED, ""),
    "GRC": (datetime.date(1952, 2, 18), ""),
    "TUR": (datetime.date(1952, 2, 18), ""),
    "DEU": (datetime.date(1955, 5, 6), ""),
    "ESP": (datetime.date(1982, 5, 30), ""),
    "CZE": (datetime.date(1999, 3, 12), ""),
    "HUN": (datetime.date(1999, 3, 12), ""),
    "POL": (datetime.date(1999, 3, 12), ""),
    "BGR": (datetime.date(2004, 3, 29), ""),
    "EST": (datetime.date(2004, 3, 29), ""),
    "LVA": (datetime.date(2004, 3, 29), ""),
    "LTU": (datetime.date(2004, 3, 29), ""),
    "ROU": (datetime.date(2004, 3, 29), ""),
    "SVK": (datetime.date(2004, 3, 29), ""),
    "SVN": (datetime.date(2004, 3, 29), ""),
    "ALB": (datetime.date(2009, 4, 1), ""),
    "HRV": (datetime.date(2009, 4, 1), ""),
    "MNE": (datetime.date(2017, 6, 5), ""),
    "MKD": (datetime.date(2020, 3, 27), ""),
    "FIN": (datetime.date(2023, 4, 4), ""),
    "SWE": (datetime.date(2024, 3, 7), ""),
    "AUT": (None, Partnership.PARTNERSHIP_FOR_PEACE),
    "CHE": (None, Partnership.PARTNERSHIP_FOR_PEACE),
    "UKR": (None, Partnership.PARTNERSHIP_FOR_PEACE),
    "ZAF": (None, Partnership.OTHER),
    "SGP": (None, Partnership.OTHER),
}

CONFEDERATIONS = [
    {
        "code": "cior",
        "acronym": "CIOR",
        "name_en": "Interallied Confederation of Reserve Officers",
        "name_fr": "Confédération interalliée des officiers de réserve",
        "description_en": (
            "The world's largest organisation of military reserve officers, in nations "
            "within and beyond NATO. It supports the policies of NATO, promotes the role of "
            "reserves and fosters the professional development of reserve officers."
        ),
        "description_fr": (
            "La plus grande organisation d'officiers de réserve au monde, présente dans des "
            "nations membres de l'OTAN et au-delà. Elle soutient les politiques de l'OTAN, "
            "promeut le rôle des réserves et favorise le développement professionnel des "
            "officiers de réserve."
        ),
        "founded_year": 1948,
        "position": 1,
        "governing_body_en": "Executive Council",
        "governing_body_fr": "Conseil exécutif",
        "delegation_size_limit": 6,
        "delegation_requires_medical_officer": False,
        "presidency_term_years": 2,
        "website": "https://cior.net/",
        "secretariat_email": "secretariat.cior@example.org",
        # An example address: the secretariat sets the real one in the admin.
        "postal_address": "CIOR\nRue de l'Exemple 1\n1000 Bruxelles\nBelgique",
    },
    {
        "code": "ciomr",
        "acronym": "CIOMR",
        "name_en": "Interallied Confederation of Medical Reserve Officers",
        "name_fr": "Confédération interalliée des officiers médicaux de réserve",
        "description_en": (
            "The umbrella of the national associations of multi-professional reserve "
            "medical services of NATO nations and their partners, observer at COMEDS and "
            "at the NATO Joint Medical Committee."
        ),
        "description_fr": (
            "L'organisation faîtière des associations nationales des services médicaux de "
            "réserve des nations de l'OTAN et de leurs partenaires, observatrice au COMEDS "
            "et au Comité médical interarmées de l'OTAN."
        ),
        "founded_year": 1948,
        "position": 2,
        "governing_body_en": "Executive Committee",
        "governing_body_fr": "Comité exécutif",
        "delegation_size_limit": 6,
        "delegation_requires_medical_officer": True,
        "presidency_term_years": 2,
        "website": "https://ciomr.org/",
        "secretariat_email": "secretariat.ciomr@example.org",
        "postal_address": "CIOMR\nRue de l'Exemple 2\n1000 Bruxelles\nBelgique",
    },
]


@dataclass
class Step:
    """One membership step: when (a year, or an exact date), category, and a note."""

    on: int | datetime.date
    category: str
    note: str = ""
    estimated: bool = False


@dataclass
class Member:
    nation: str
    name: str
    acronym: str = ""
    steps: list[Step] = field(default_factory=list)


FULL, ASSOCIATE = MembershipCategory.FULL, MembershipCategory.ASSOCIATE
NOT_PUBLISHED = "year of admission not published"


def estimated(year: int, category: str) -> Step:
    return Step(year, category, NOT_PUBLISHED, estimated=True)


# Where the public sources give no association name (CAN, LUX, BGR, PRT, MKD, CHE, ZAF) the name
# is a descriptive one for the demo.
CIOR_MEMBERS = [
    Member(
        "BEL",
        "Koninklijke Nationale Vereniging van de Reserveofficieren / Union Royale "
        "Nationale des Officiers de Réserve",
        "KNVRO-URNOR",
        [Step(1948, FULL, "founder")],
    ),
    Member(
        "FRA", "Union nationale des officiers de réserve", "UNOR", [Step(1948, FULL, "founder")]
    ),
    Member(
        "NLD",
        "Koninklijke Vereniging van Nederlandse Reserveofficieren",
        "KVNRO",
        [Step(1948, FULL, "founder")],
    ),
    Member("LUX", "Association des officiers de réserve du Luxembourg", "", [Step(1952, FULL)]),
    Member("DNK", "Reserveofficersforeningen i Danmark", "ROID", [Step(1956, FULL)]),
    Member(
        "GRC", "Supreme Panhellenic Federation of Reserve Officers", "SPFRO", [Step(1956, FULL)]
    ),
    Member("USA", "Reserve Organization of America", "ROA", [Step(1958, FULL)]),
    Member("ITA", "Unione Nazionale Ufficiali in Congedo d'Italia", "UNUCI", [Step(1960, FULL)]),
    Member("DEU", "Verband der Reservisten der Deutschen Bundeswehr", "VdRBw", [Step(1961, FULL)]),
    Member("GBR", "UK Reserve Forces Association", "UKRFA", [Step(1963, FULL)]),
    Member("CAN", "Reserve Officers Association of Canada", "", [Step(1964, FULL)]),
    Member("NOR", "Norske Reserveoffiserers Forbund", "NROF", [Step(1966, FULL)]),
    Member(
        "ESP", "Federación de Organizaciones de Reservistas de España", "FORE", [Step(1992, FULL)]
    ),
    Member(
        "EST",
        "Eesti Reservohvitseride Kogu",
        "EROK",
        [
            Step(1999, ASSOCIATE),
            Step(datetime.date(2004, 3, 29), FULL, "Estonia joined NATO"),
        ],
    ),
    Member(
        "POL",
        "Federacja Stowarzyszeń Rezerwistów i Weteranów SZ RP",
        "FSRiW",
        [estimated(1999, FULL)],
    ),
    Member("CZE", "Asociace záložních brigád", "AZB", [Step(1999, FULL)]),
    Member(
        "BGR",
        "Bulgarian Reserve Officers Association",
        "",
        [estimated(2004, FULL)],
    ),
    Member(
        "ROU",
        "Asociația Ofițerilor în Rezervă din România",
        "AORR",
        [estimated(2004, FULL)],
    ),
    Member(
        "SVN",
        "Zveza slovenskih častnikov",
        "ZSČ",
        [estimated(2004, FULL)],
    ),
    Member("PRT", "Portuguese Reserve Officers Association", "", [estimated(2019, FULL)]),
    Member("MKD", "Reserve Officers Association of North Macedonia", "", [Step(2021, FULL)]),
    Member(
        "FIN",
        "Suomen Reserviupseeriliitto",
        "RUL",
        [
            Step(1996, ASSOCIATE),
            Step(datetime.date(2023, 4, 4), FULL, "Finland joined NATO"),
        ],
    ),
    Member(
        "SWE",
        "Sveriges Reservofficerare",
        "SVEROF",
        [
            Step(1999, ASSOCIATE),
            Step(datetime.date(2024, 3, 7), FULL, "Sweden joined NATO"),
        ],
    ),
    Member("AUT", "Österreichische Offiziersgesellschaft", "ÖOG", [Step(1995, ASSOCIATE)]),
    Member(
        "CHE",
        "Swiss Reserve Officers Association",
        "",
        [estimated(2000, ASSOCIATE)],
    ),
    Member("ZAF", "South African Reserve Officers Association", "", [Step(2010, ASSOCIATE)]),
    Member(
        "UKR",
        "Ukrainian Association of Reserve Officers and Veterans",
        "",
        [
            Step(
                datetime.date(2025, 1, 30),
                ASSOCIATE,
                "category not published; associate, as the nation is outside NATO",
            ),
        ],
    ),
]

# CIOMR publishes no list of association names: these are descriptive demo names.
CIOMR_MEMBERS = [
    Member(
        code,
        f"Medical Reserve Officers Association of {name}",
        "",
        [Step(year, category, "year of admission not published", estimated=year != 1948)],
    )
    for code, name, year, category in [
        ("BEL", "Belgium", 1948, FULL),
        ("FRA", "France", 1948, FULL),
        ("NLD", "the Netherlands", 1948, FULL),
        ("DNK", "Denmark", 1956, FULL),
        ("USA", "the United States", 1958, FULL),
        ("ITA", "Italy", 1960, FULL),
        ("DEU", "Germany", 1961, FULL),
        ("GBR", "the United Kingdom", 1963, FULL),
        ("CAN", "Canada", 1964, FULL),
        ("NOR", "Norway", 1966, FULL),
        ("GRC", "Greece", 1970, FULL),
        ("ESP", "Spain", 1992, FULL),
        ("POL", "Poland", 2000, FULL),
        ("CZE", "the Czech Republic", 2000, FULL),
        ("EST", "Estonia", 2005, FULL),
        ("ROU", "Romania", 2005, FULL),
        ("AUT", "Austria", 1996, ASSOCIATE),
        ("CHE", "Switzerland", 1998, ASSOCIATE),
        ("ZAF", "South Africa", 2004, ASSOCIATE),
        ("SGP", "Singapore", 2008, ASSOCIATE),
    ]
]

MEMBERS = {"cior": CIOR_MEMBERS, "ciomr": CIOMR_MEMBERS}

# Invented names: a given name and a family name that sound of the nation.
DEMO_NAMES: dict[str, tuple[list[str], list[str]]] = {
    "BEL": (["Pieter", "Luc", "Annelies", "Sophie"], ["Vermeulen", "Dubois", "Claes", "Lambert"]),
    "FRA": (
        ["Étienne", "Claire", "Julien", "Margaux"],
        ["Marchand", "Lefort", "Garnier", "Rousseau"],
    ),
    "NLD": (["Joost", "Sanne", "Bram", "Femke"], ["van Dalen", "de Wit", "Kuipers", "Hoekstra"]),
    "LUX": (["Marc", "Sophie"], ["Wagner", "Hoffmann"]),
    "DNK": (["Mads", "Freja", "Søren", "Ida"], ["Thygesen", "Lund", "Bech", "Holm"]),
    "GRC": (
        ["Nikos", "Eleni", "Yannis", "Sofia"],
        ["Papadakis", "Stavrou", "Kostopoulos", "Alexiou"],
    ),
    "USA": (["Daniel", "Megan", "Travis", "Holly"], ["Whitfield", "Carver", "Lundgren", "Ortiz"]),
    "ITA": (["Marco", "Giulia", "Stefano", "Chiara"], ["Ferraro", "Bellini", "Conti", "Mancini"]),
    "DEU": (["Jörg", "Katrin", "Matthias", "Ulrike"], ["Albrecht", "Brandt", "Vogler", "Seidel"]),
    "GBR": (
        ["Alistair", "Fiona", "Rupert", "Imogen"],
        ["Pembroke", "Hargreaves", "Ashdown", "Whitcombe"],
    ),
    "CAN": (["Étienne", "Brooke", "Liam", "Chantal"], ["Tremblay", "MacLeod", "Gagnon", "Fraser"]),
    "NOR": (["Eirik", "Ingrid", "Håkon", "Silje"], ["Solberg", "Haugen", "Brekke", "Aasen"]),
    "ESP": (["Javier", "Lucía", "Álvaro", "Marta"], ["Navarro", "Ortega", "Ibáñez", "Serrano"]),
    "EST": (["Tarmo", "Kadri", "Rein", "Liina"], ["Saar", "Kask", "Mägi", "Tamm"]),
    "POL": (
        ["Tomasz", "Agnieszka", "Paweł", "Katarzyna"],
        ["Wróblewski", "Zielińska", "Kaczmarek", "Sowa"],
    ),
    "CZE": (["Jakub", "Tereza", "Ondřej", "Lucie"], ["Horák", "Dvořáková", "Kučera", "Benešová"]),
    "BGR": (
        ["Georgi", "Milena", "Stoyan", "Vesela"],
        ["Petrov", "Dimitrova", "Kolev", "Angelova"],
    ),
    "ROU": (["Andrei", "Ioana", "Mihai", "Elena"], ["Popescu", "Ionescu", "Dumitru", "Stan"]),
    "SVN": (["Matej", "Nina"], ["Kranjc", "Zupan"]),
    "PRT": (["Tiago", "Inês"], ["Carvalho", "Moura"]),
    "MKD": (["Aleksandar", "Marija"], ["Trajkovski", "Stojanovska"]),
    "FIN": (["Juha", "Aino", "Mikko", "Sanna"], ["Lehtinen", "Virtanen", "Koskinen", "Heikkilä"]),
    "SWE": (
        ["Anders", "Karin", "Oskar", "Elin"],
        ["Lindqvist", "Bergström", "Sjöberg", "Nyström"],
    ),
    "AUT": (["Florian", "Theresa"], ["Gruber", "Huber"]),
    "CHE": (["Reto", "Martina"], ["Keller", "Brunner"]),
    "ZAF": (["Pieter", "Thandi"], ["Botha", "Nkosi"]),
    "UKR": (["Oleksandr", "Iryna"], ["Shevchuk", "Bondarenko"]),
    "SGP": (["Wei Ming", "Siew Ling"], ["Tan", "Lim"]),
}
# Ranks as each nation writes them (Person.rank): in French a rank is a common noun, in
# lower case, its compound hyphenated (lieutenant-colonel); elsewhere, for the demo, in
# English.
DEMO_RANKS = {
    "en": [("Colonel", NatoRank.OF5), ("Lieutenant Colonel", NatoRank.OF4)],
    "fr": [("colonel", NatoRank.OF5), ("lieutenant-colonel", NatoRank.OF4)],
}
FRENCH_SPEAKING_NATIONS = {"FRA", "LUX"}


def demo_ranks(nation: Nation) -> list[tuple[str, str]]:
    return DEMO_RANKS["fr" if nation.code in FRENCH_SPEAKING_NATIONS else "en"]


MEDICAL_PROFESSIONS = [Profession.PHYSICIAN, Profession.DENTIST, Profession.PHARMACIST]


@dataclass
class LoadReport:
    """What a load wrote; a second load of the same data writes nothing."""

    created: int = 0
    updated: int = 0
    accounts: list[str] = field(default_factory=list)


def upsert(model: type[models.Model], report: LoadReport, lookup: dict, values: dict):
    """Get the row by `lookup`; create it, or save it only if `values` differ."""
    obj = model.objects.filter(**lookup).first()
    if obj is None:
        obj = model.objects.create(**{**lookup, **values})
        report.created += 1
        return obj
    changed = [name for name, value in values.items() if getattr(obj, name) != value]
    if changed:
        for name in changed:
            setattr(obj, name, values[name])
        obj.save(update_fields=changed)
        report.updated += 1
    return obj


def step_date(step: Step, nation: Nation) -> tuple[datetime.date, str]:
    """The date to record for a step; a year alone is recorded as its first day that
    the rules allow (a full member of a nation that joined NATO that same year)."""
    if isinstance(step.on, datetime.date):
        return step.on, DatePrecision.DAY
    on = datetime.date(step.on, 1, 1)
    accession = nation.nato_member_since
    if step.category == FULL and on >= NATO_FOUNDED and accession and accession > on:
        on = accession
    return on, DatePrecision.ESTIMATE if step.estimated else DatePrecision.YEAR


@transaction.atomic
def load(report: LoadReport) -> None:
    nations = {
        code: upsert(
            Nation,
            report,
            {"country": countries.alpha2(code)},
            {"nato_member_since": accession, "partnership": partnership},
        )
        for code, (accession, partnership) in NATIONS.items()
    }
    for values in CONFEDERATIONS:
        confederation = upsert(Confederation, report, {"code": values["code"]}, values)
        for number, member in enumerate(MEMBERS[confederation.code]):
            association = load_member(report, confederation, nations[member.nation], member)
            load_vice_president(report, confederation, association, number)
    load_secretariat(report)


def association_language(nation: Nation) -> str:
    """French-speaking nations' associations are invoiced and written to in French."""
    return "fr" if nation.code in FRENCH_SPEAKING_NATIONS else "en"


def load_member(
    report: LoadReport, confederation: Confederation, nation: Nation, member: Member
) -> NationalAssociation:
    association = (
        NationalAssociation.objects.members()
        .filter(confederation=confederation, nation=nation)
        .first()
    )
    first, *later = member.steps
    if association is None:
        on, precision = step_date(first, nation)
        association = admit_association(
            confederation=confederation,
            nation=nation,
            name=member.name,
            acronym=member.acronym,
            language=association_language(nation),
            category=first.category,
            admitted_on=on,
            admitted_on_precision=precision,
            note=first.note,
        )
        report.created += 1
    else:
        association = upsert(
            NationalAssociation,
            report,
            {"pk": association.pk},
            {
                "name": member.name,
                "acronym": member.acronym,
                "language": association_language(nation),
            },
        )
    for step in later:
        on, precision = step_date(step, nation)
        recorded = MembershipChange.objects.filter(
            association=association, effective_on=on, category=step.category
        ).exists()
        if not recorded:
            change_membership(
                association=association,
                category=step.category,
                effective_on=on,
                effective_on_precision=precision,
                note=step.note,
            )
            report.created += 1
    return association


def invented_person(report: LoadReport, nation: Nation, key: str, **values) -> Person:
    """An invented officer of `nation`, the same one each load for the same `key`, with a
    name no other person of the nation has (loads run in the same order each time)."""
    existing = Person.objects.filter(email=f"{key}@example.org").first()
    given_names, family_names = DEMO_NAMES[nation.code]
    # Double-barrelled names too, so that no nation runs out of names.
    family_names = family_names + [
        f"{first}-{second}" for first in family_names for second in family_names if first != second
    ]
    combinations = [(g, f) for f in family_names for g in given_names]
    taken = set(
        Person.objects.filter(nation=nation)
        .exclude(pk=existing.pk if existing else None)
        .values_list("given_name", "family_name")
    )
    start = zlib.crc32(key.encode())
    given_name, family_name = next(
        (
            combinations[(start + step) % len(combinations)]
            for step in range(len(combinations))
            if combinations[(start + step) % len(combinations)] not in taken
        ),
        combinations[start % len(combinations)],
    )
    ranks = demo_ranks(nation)
    rank, nato_rank = ranks[start % len(ranks)]
    defaults = {
        "given_name": given_name,
        "family_name": family_name,
        "rank": rank,
        "nato_rank": nato_rank,
        "nation": nation,
        **values,
    }
    return upsert(Person, report, {"email": f"{key}@example.org"}, defaults)


def nation_code(nation: Nation) -> str:
    return nation.code.lower()


def load_vice_president(
    report: LoadReport, confederation: Confederation, association: NationalAssociation, number: int
) -> Person:
    """An invented national vice president with a login named vp-<confederation>-<nation>."""
    nation = association.nation
    given_names, family_names = DEMO_NAMES[nation.code]
    # CIOR and CIOMR take different names of the nation, so one person is not both.
    index = 0 if confederation.code == "cior" else 1
    username = f"vp-{confederation.code}-{nation_code(nation)}"
    user = load_account(report, username, is_staff=False)
    ranks = demo_ranks(nation)
    rank, nato_rank = ranks[number % len(ranks)]
    medical = confederation.delegation_requires_medical_officer
    return upsert(
        Person,
        report,
        {"user": user},
        {
            "given_name": given_names[index % len(given_names)],
            "family_name": family_names[index % len(family_names)],
            "rank": rank,
            "nato_rank": nato_rank,
            "nation": nation,
            "association": association,
            "profession": MEDICAL_PROFESSIONS[number % 3] if medical else "",
            "is_medical_officer": medical,
            "email": f"{username}@example.org",
        },
    )


def load_account(report: LoadReport, username: str, *, is_staff: bool):
    user_model = get_user_model()
    user = user_model.objects.filter(username=username).first()
    if user is None:
        user = user_model(username=username, email=f"{username}@example.org", is_staff=is_staff)
        user.set_password(settings.DEMO_PASSWORD)
        user.save()
        report.created += 1
    report.accounts.append(username)
    return user


def load_secretariat(report: LoadReport) -> None:
    """The demo's secretariat account, in the Secretariat group its migration made."""
    group = Group.objects.get(name=SECRETARIAT_GROUP)
    user = load_account(report, "secretariat", is_staff=True)
    if not user.groups.filter(pk=group.pk).exists():
        user.groups.add(group)
        report.updated += 1
