"""Demo data for governance: offices, CIOR's published presidencies continued to the
present, standing committees, the council. Every office holder is invented.

Presidencies are loaded through the same services the secretariat uses (approval,
handover), so the demo's terms, rotation and honorary delegates come out as they
would in use. Idempotent: what exists is left alone.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django_countries import countries

from members.demo import LoadReport, invented_person, upsert
from members.models import Confederation, NationalAssociation, Person

from . import services
from .models import (
    Committee,
    CommitteeMember,
    CouncilDecision,
    Office,
    OfficeKind,
    Presidency,
    PresidencyAppointment,
    RotationPlace,
    Term,
)


@dataclass
class OfficeSpec:
    code: str
    kind: str
    title_en: str
    title_fr: str
    term_years: int | None = 2
    held_by_presidency: bool = False
    honorary: bool = False
    elect_of: str = ""


PRESIDENT = OfficeSpec("president", OfficeKind.PRESIDENT, "President", "Président", 2, True, True)
PRESIDENT_ELECT = OfficeSpec(
    "president-elect",
    OfficeKind.PRESIDENT_ELECT,
    "President-elect",
    "Président élu",
    None,
    elect_of="president",
)

OFFICES = {
    "cior": [
        PRESIDENT,
        PRESIDENT_ELECT,
        OfficeSpec(
            "secretary-general",
            OfficeKind.SECRETARY_GENERAL,
            "Secretary General",
            "Secrétaire général",
            2,
            True,
            True,
        ),
        OfficeSpec(
            "secretary-general-elect",
            OfficeKind.SECRETARY_GENERAL_ELECT,
            "Secretary General-elect",
            "Secrétaire général élu",
            None,
            elect_of="secretary-general",
        ),
        *[
            OfficeSpec(
                f"asg-{portfolio.lower()}",
                OfficeKind.ASSISTANT_SECRETARY_GENERAL,
                f"Assistant Secretary General ({portfolio})",
                f"Secrétaire général adjoint ({portfolio_fr})",
                2,
                True,
            )
            for portfolio, portfolio_fr in [
                ("Organisation", "organisation"),
                ("Operations", "opérations"),
                ("Plans", "plans"),
                ("International", "international"),
            ]
        ],
        OfficeSpec(
            "permanent-representative",
            OfficeKind.PERMANENT_REPRESENTATIVE,
            "Permanent Representative to NATO",
            "Représentant permanent auprès de l'OTAN",
            None,
        ),
    ],
    "ciomr": [
        PRESIDENT,
        PRESIDENT_ELECT,
        OfficeSpec(
            "international-vice-president",
            OfficeKind.INTERNATIONAL_VICE_PRESIDENT,
            "International Vice President",
            "Vice-président international",
            2,
            True,
        ),
        OfficeSpec(
            "secretary-general",
            OfficeKind.SECRETARY_GENERAL,
            "Secretary General",
            "Secrétaire général",
            2,
            honorary=True,
        ),
        OfficeSpec(
            "deputy-secretary-general",
            OfficeKind.DEPUTY_SECRETARY_GENERAL,
            "Deputy Secretary General",
            "Secrétaire général adjoint",
            2,
        ),
    ],
}

# (nation, handover day, place): CIOR's published presidencies.
# Where only the year is published, the day is the congress's approximate date.
CIOR_PRESIDENCIES = [
    ("NOR", datetime.date(2010, 8, 6), "Stavanger"),
    ("FRA", datetime.date(2012, 8, 3), "Copenhagen"),
    ("BGR", datetime.date(2014, 8, 1), "Fulda"),
    ("CZE", datetime.date(2016, 8, 5), "Madrid"),
    ("GBR", datetime.date(2018, 8, 3), "Quebec City"),
    ("DEU", datetime.date(2020, 9, 4), "Tallinn"),
    ("EST", datetime.date(2022, 8, 5), "Athens"),
    ("NOR", datetime.date(2024, 8, 2), "Tallinn"),
    # Invented: the rotation continued to the present.
    ("POL", datetime.date(2026, 7, 31), ""),
]
# Invented, approved ahead as the council does: the presidency after the current one.
CIOR_NEXT = ("ITA", datetime.date(2028, 8, 4))

# CIOMR publishes no list of presidencies: these are invented.
CIOMR_PRESIDENCIES = [
    ("DEU", datetime.date(2022, 8, 5), "Athens"),
    ("GBR", datetime.date(2024, 8, 2), "Tallinn"),
    ("NLD", datetime.date(2026, 7, 31), ""),
]
CIOMR_NEXT = ("BEL", datetime.date(2028, 8, 4))

COMMITTEES = {
    "cior": [
        ("YRO-C", "Young Reserve Officers Committee",
         "Commission des jeunes officiers de réserve", None, "",
         "Brings young reserve officers of the member nations together to learn and work "
         "on NATO topics.",
         "YRO Workshop\nYRO Seminar (100+ officers from 14-16 nations a year)",
         "Atelier des jeunes officiers de réserve\nSéminaire des jeunes officiers de réserve"),
        ("CLA-C", "Language Academy Committee", "Commission de l'Académie des langues",
         None, "", "Runs the CIOR Language Academy in NATO's two official languages.",
         "CIOR Language Academy (English and French)",
         "Académie des langues de la CIOR (anglais et français)"),
        ("CIMIC-C", "Civil-Military Cooperation Committee",
         "Commission de coopération civilo-militaire", datetime.date(2012, 1, 1), "",
         "Trains reserve officers in civil-military cooperation.",
         "CIMEX table-top exercise before the Summer Congress",
         "Exercice sur table CIMEX avant le congrès d'été"),
        ("MILCOMP-C", "Military Competition Committee",
         "Commission de la compétition militaire", None, "",
         "Organises the Military Competition at the Summer Congress and keeps its rules.",
         "Military Competition (MILCOMP) at the Summer Congress\nPermanent Regulations",
         "Compétition militaire (MILCOMP) au congrès d'été\nRèglement permanent"),
        ("CR-C", "Cyber Reserve Committee", "Commission de la cyber-réserve",
         datetime.date(2022, 8, 1), "Athens",
         "Develops the role of reservists in cyber defence.",
         "International Cyber Event (ICE)", "Événement cyber international (ICE)"),
        ("STRATCOM-C", "Strategy and Communication Committee",
         "Commission stratégie et communication", None, "",
         "Carries CIOR's message to NATO, the nations and the public.",
         "CIOR Seminar\nCIOR Symposium\nArticles and media",
         "Séminaire de la CIOR\nSymposium de la CIOR\nArticles et médias"),
        ("DEFSEC-C", "Defence Attitudes and Security Issues Committee",
         "Commission des attitudes de défense et des questions de sécurité", None, "",
         "Researches defence attitudes and reaches out to prospective members.",
         "Research\nOutreach to new members", "Recherche\nContacts avec de nouveaux membres"),
        ("LEGAL-C", "Legal Affairs Committee", "Commission des affaires juridiques", None, "",
         "Advises the Council, the Presidency and the committees on legal matters.",
         "Legal advice to the Council, the Presidency and the committees",
         "Conseil juridique au Conseil, à la présidence et aux commissions"),
    ],
    "ciomr": [
        ("OPMED-C", "Operational Medicine Committee", "Commission de médecine opérationnelle",
         None, "", "Studies medical support to operations with reserve medical personnel.",
         "Operational medicine workshops", "Ateliers de médecine opérationnelle"),
        ("SCI-C", "Scientific Committee", "Commission scientifique", None, "",
         "Prepares the scientific programme of CIOMR's sessions.",
         "Scientific programme of the sessions\nJunior Medical Reserve Officer Workshop",
         "Programme scientifique des sessions\nAtelier des jeunes officiers médicaux de "
         "réserve"),
    ],
}  # fmt: skip

MISSIONS_FR = {
    "YRO-C": "Réunit les jeunes officiers de réserve des nations membres pour se former et "
    "travailler sur des sujets de l'OTAN.",
    "CLA-C": "Organise l'Académie des langues de la CIOR dans les deux langues officielles de "
    "l'OTAN.",
    "CIMIC-C": "Forme les officiers de réserve à la coopération civilo-militaire.",
    "MILCOMP-C": "Organise la compétition militaire du congrès d'été et en tient le règlement.",
    "CR-C": "Développe le rôle des réservistes dans la cyberdéfense.",
    "STRATCOM-C": "Porte le message de la CIOR auprès de l'OTAN, des nations et du public.",
    "DEFSEC-C": "Étudie les attitudes de défense et prend contact avec de futurs membres.",
    "LEGAL-C": "Conseille le Conseil, la présidence et les commissions sur les questions "
    "juridiques.",
    "OPMED-C": "Étudie le soutien médical aux opérations par le personnel médical de réserve.",
    "SCI-C": "Prépare le programme scientifique des sessions de la CIOMR.",
}

# Nations whose officers sit on each demo committee (invented).
COMMITTEE_NATIONS = ["DEU", "EST", "FRA", "GBR", "NLD", "NOR", "POL", "USA"]
NVP_TERMS_START = datetime.date(2024, 1, 1)


def member(confederation: Confederation, code: str) -> NationalAssociation:
    """The confederation's member association of the nation with ISO alpha-3 `code`."""
    return (
        NationalAssociation.objects.members()
        .select_related("nation", "confederation")
        .get(confederation=confederation, nation__country=countries.alpha2(code))
    )


@transaction.atomic
def load(report: LoadReport) -> None:
    for confederation in Confederation.objects.all():
        offices = load_offices(report, confederation)
        load_rotation(report, confederation)
        load_national_vice_presidents(report, confederation)
        history = CIOR_PRESIDENCIES if confederation.code == "cior" else CIOMR_PRESIDENCIES
        upcoming = CIOR_NEXT if confederation.code == "cior" else CIOMR_NEXT
        load_presidencies(report, confederation, offices, history, upcoming)
        load_committees(report, confederation)
        if "permanent-representative" in offices:
            load_permanent_representative(report, confederation, offices)


def load_offices(
    report: LoadReport, confederation: Confederation, specs: list | None = None
) -> dict[str, Office]:
    """The confederation's offices from `specs` (by default its own in OFFICES)."""
    offices: dict[str, Office] = {}
    specs = OFFICES.get(confederation.code, []) if specs is None else specs
    for position, spec in enumerate(specs):
        offices[spec.code] = upsert(
            Office,
            report,
            {"confederation": confederation, "code": spec.code},
            {
                "kind": spec.kind,
                "title_en": spec.title_en,
                "title_fr": spec.title_fr,
                "term_years": spec.term_years,
                "held_by_presidency": spec.held_by_presidency,
                "holders_become_honorary_delegates": spec.honorary,
                "elect_of": offices.get(spec.elect_of),
                "position": position * 10,
            },
        )
    return offices


def load_rotation(report: LoadReport, confederation: Confederation) -> None:
    """Every member in order of joining, once; handovers then move it on."""
    if RotationPlace.objects.filter(confederation=confederation).exists():
        return
    members = sorted(
        NationalAssociation.objects.members()
        .filter(confederation=confederation)
        .select_related("nation"),
        key=lambda a: (a.membership_changes.earliest("effective_on").effective_on, a.pk),
    )
    for position, association in enumerate(members, start=1):
        RotationPlace.objects.create(
            confederation=confederation, association=association, position=position
        )
        report.created += 1


def load_national_vice_presidents(report: LoadReport, confederation: Confederation) -> None:
    """Each member's demo vice president (members.demo) holds its NVP office."""
    associations = NationalAssociation.objects.members().filter(confederation=confederation)
    for association in associations.select_related("nation"):
        office = services.national_vice_president_office(association)
        person = Person.objects.filter(
            user__username=f"vp-{confederation.code}-{association.nation.code.lower()}"
        ).first()
        if person is None or Term.objects.filter(office=office, person=person).exists():
            continue
        services.appoint(
            office=office,
            person=person,
            starts_on=NVP_TERMS_START,
            began_by=Term.BeganBy.APPOINTED,
            note="demo",
        )
        report.created += 1


def presidency_team(
    report: LoadReport, presidency: Presidency, offices: dict[str, Office]
) -> None:
    association = presidency.association
    for office in offices.values():
        if not office.held_by_presidency:
            continue
        key = (
            f"{presidency.confederation.code}-{office.code}-{presidency.starts_on.year}"
            f"-{association.nation.code.lower()}"
        )
        person = invented_person(report, association.nation, key, association=association)
        decision = None
        if office.kind == OfficeKind.INTERNATIONAL_VICE_PRESIDENT:
            decision = approval(
                report,
                presidency.confederation,
                CouncilDecision.Kind.INTERNATIONAL_VICE_PRESIDENT,
                presidency.starts_on - datetime.timedelta(days=180),
                f"{person} approved as International Vice President ({presidency.years})",
            )
        upsert(
            PresidencyAppointment,
            report,
            {"presidency": presidency, "office": office},
            {"person": person, "decision": decision},
        )


def approval(
    report: LoadReport, confederation: Confederation, kind: str, on: datetime.date, summary: str
) -> CouncilDecision:
    return upsert(
        CouncilDecision,
        report,
        {"confederation": confederation, "kind": kind, "summary": summary},
        {
            "decided_on": on,
            "outcome": CouncilDecision.Outcome.APPROVED,
            "meeting": f"Mid-Winter Meeting {on.year}",
        },
    )


def load_presidencies(
    report: LoadReport,
    confederation: Confederation,
    offices: dict[str, Office],
    history: list[tuple[str, datetime.date, str]],
    upcoming: tuple[str, datetime.date],
) -> None:
    today = timezone.localdate()
    for code, handover_on, place in history:
        if handover_on > today:
            break
        association = member(confederation, code)
        presidency = Presidency.objects.filter(
            confederation=confederation, association=association, starts_on=handover_on
        ).first()
        if presidency is not None and presidency.handed_over:
            continue
        if presidency is None:
            presidency = Presidency.objects.create(
                confederation=confederation,
                association=association,
                starts_on=handover_on,
                handover_place=place,
            )
            report.created += 1
        presidency.decision = approval(
            report,
            confederation,
            CouncilDecision.Kind.PRESIDENCY,
            datetime.date(handover_on.year - 2, 2, 1),
            f"Presidency {presidency.years} given to {association.display_name}",
        )
        presidency.save(update_fields=["decision"])
        presidency_team(report, presidency, offices)
        services.hand_over_presidency(presidency=presidency, on=handover_on, place=place)
    code, starts_on = upcoming
    association = member(confederation, code)
    presidency = Presidency.objects.filter(
        confederation=confederation, association=association, handed_over=False
    ).first()
    if presidency is None:
        presidency = Presidency.objects.create(
            confederation=confederation, association=association, starts_on=starts_on
        )
        report.created += 1
        presidency_team(report, presidency, offices)
        services.approve_presidency(
            presidency=presidency,
            decided_on=min(today, datetime.date(starts_on.year - 2, 2, 1)),
            meeting=f"Mid-Winter Meeting {starts_on.year - 2}",
        )


def load_committees(report: LoadReport, confederation: Confederation) -> None:
    nvps = {
        term.office.association.nation.code: term.person
        for term in Term.objects.current()
        .filter(
            office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT, office__confederation=confederation
        )
        .select_related("office__association__nation", "person")
    }
    for index, spec in enumerate(COMMITTEES.get(confederation.code, [])):
        code, name_en, name_fr, formed_on, formed_at, mission, products_en, products_fr = spec
        committee = upsert(
            Committee,
            report,
            {"confederation": confederation, "code": code},
            {
                "slug": f"{code.lower()}"
                if confederation.code == "cior"
                else f"ciomr-{code.lower()}",
                "name_en": name_en,
                "name_fr": name_fr,
                "mission_en": mission,
                "mission_fr": MISSIONS_FR[code],
                "products_en": products_en,
                "products_fr": products_fr,
                "formed_on": formed_on,
                "formed_at": formed_at,
                "is_universal": True,
            },
        )
        chair_office, secretary_office = services.committee_offices(committee)
        nations = [COMMITTEE_NATIONS[(index + k) % len(COMMITTEE_NATIONS)] for k in range(5)]
        for office, nation_code in [(chair_office, nations[0]), (secretary_office, nations[1])]:
            if code == "LEGAL-C" and office == secretary_office:
                continue  # left vacant, as offices sometimes are
            if Term.objects.filter(office=office).exists():
                continue
            association = member(confederation, nation_code)
            person = invented_person(
                report,
                association.nation,
                f"{confederation.code}-{office.code}",
                association=association,
            )
            services.appoint(
                office=office, person=person, starts_on=datetime.date(2024, 8, 2), note="demo"
            )
            report.created += 1
        for nation_code in nations:
            association = member(confederation, nation_code)
            person = invented_person(
                report,
                association.nation,
                f"{confederation.code}-{code.lower()}-member-{nation_code.lower()}",
                association=association,
            )
            upsert(
                CommitteeMember,
                report,
                {"committee": committee, "person": person},
                {
                    "nation": association.nation,
                    "nominated_by": nvps.get(nation_code),
                    "since": datetime.date(2024, 8, 2),
                },
            )


def load_permanent_representative(
    report: LoadReport, confederation: Confederation, offices: dict[str, Office]
) -> None:
    """Provided by Belgium, without a fixed term."""
    office = offices["permanent-representative"]
    if Term.objects.filter(office=office).exists():
        return
    belgium = member(confederation, "BEL")
    person = invented_person(
        report, belgium.nation, f"{confederation.code}-permanent-representative"
    )
    services.appoint(office=office, person=person, starts_on=datetime.date(2019, 1, 1))
    report.created += 1
