"""Demo data for the calendar: the published history of the Summer Congresses, and the
current and next year's meetings and committee events (invented, as realistic as the
published pattern allows). Idempotent: events are keyed by slug."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_countries import countries

from governance.models import Committee, CouncilDecision
from members.demo import LoadReport, upsert
from members.models import Confederation, Nation, NationalAssociation

from .models import Event, EventKind, EventStatus, ProgrammeItem
from .services import NATO_HEADQUARTERS, NATO_HEADQUARTERS_FR

# (year, city, nation, first day, last day); None: only the year is published, and the
# demo puts the congress in the first days of August.
SUMMER_CONGRESSES = [
    (2001, "Madrid", "ESP", None, None),
    (2002, "Strasbourg", "FRA", None, None),
    (2003, "Maastricht", "NLD", None, None),
    (2005, "Ghent", "BEL", None, None),
    (2006, "Rome", "ITA", None, None),
    (2007, "Riga", "LVA", None, None),
    (2008, "Istanbul", "TUR", None, None),
    (2009, "Sofia", "BGR", None, None),
    (2010, "Stavanger", "NOR", None, datetime.date(2010, 8, 6)),
    (2011, "Warsaw", "POL", None, None),
    (2012, "Copenhagen", "DNK", None, datetime.date(2012, 8, 3)),
    (2013, "Brno", "CZE", None, None),
    (2014, "Fulda", "DEU", None, datetime.date(2014, 8, 1)),
    (2016, "Madrid", "ESP", None, datetime.date(2016, 8, 5)),
    (2017, "Prague", "CZE", None, None),
    (2018, "Quebec City", "CAN", None, datetime.date(2018, 8, 3)),
    (2019, "Tallinn", "EST", None, None),
    (2020, "Tallinn", "EST", datetime.date(2020, 9, 1), datetime.date(2020, 9, 4)),
    (2021, "", "", None, None),  # held online
    (2022, "Athens", "GRC", None, datetime.date(2022, 8, 5)),
    (2023, "Helsinki", "FIN", datetime.date(2023, 6, 25), datetime.date(2023, 6, 30)),
    (2024, "Tallinn", "EST", datetime.date(2024, 7, 29), datetime.date(2024, 8, 2)),
]
APPROXIMATE = (
    "Only the year and the place of this congress are published; the days are approximate."
)
APPROXIMATE_FR = (
    "Seuls l'année et le lieu de ce congrès sont publiés ; les dates sont approximatives."
)

# The cities French names otherwise; the others it names as English does.
CITIES_FR = {
    "Athens": "Athènes",
    "Brussels": "Bruxelles",
    "Bucharest": "Bucarest",
    "Copenhagen": "Copenhague",
    "Ghent": "Gand",
    "Hamburg": "Hambourg",
    "Quebec City": "Québec",
    "The Hague": "La Haye",
    "Vienna": "Vienne",
    "Warsaw": "Varsovie",
}
VENUES_FR = {NATO_HEADQUARTERS: NATO_HEADQUARTERS_FR, "online": "en ligne"}
ADDRESSES = {NATO_HEADQUARTERS: "Boulevard Léopold III, 1110"}

MID_WINTER_MEETING = (
    "CIOR and CIOMR meet at NATO Headquarters: the committees, the presidencies, CIOR's "
    "**Executive Council** and CIOMR's **Executive Committee**, each with its own agenda. "
    "Heads of delegation submit their delegation in the portal before the deadline."
)
MID_WINTER_MEETING_FR = (
    "La CIOR et la CIOMR se réunissent au siège de l'OTAN : les commissions, les "
    "présidences, le **Conseil exécutif** de la CIOR et le **Comité exécutif** de la CIOMR, "
    "chacun avec son propre ordre du jour. Les chefs de délégation enregistrent la composition "
    "de leur délégation sur le portail avant la date limite."
)
# An invented programme of the Mid-Winter Meeting: (day, from, until, English, French).
MID_WINTER_PROGRAMME = [
    (0, "09:00", "12:30", "Committee meetings", "Réunions des commissions"),
    (0, "14:00", "17:30", "Presidency meetings", "Réunions des présidences"),
    (1, "09:00", "12:30", "Executive Council (CIOR) and Executive Committee (CIOMR)",
     "Conseil exécutif (CIOR) et Comité exécutif (CIOMR)"),
    (1, "14:00", "17:00", "Council sessions, continued",
     "Conseil exécutif et Comité exécutif (suite)"),
    (1, "19:00", None, "Reception", "Réception"),
    (2, "09:00", "12:00", "Committee reports and closing", "Rapports des commissions et clôture"),
]  # fmt: skip


def in_french(city: str) -> str:
    return CITIES_FR.get(city, city)


# Invented hosts of the coming Summer Congresses, by year.
FUTURE_HOSTS = {
    0: ("NOR", "Oslo"),
    1: ("ROU", "Bucharest"),
    2: ("ITA", "Rome"),
    3: ("NLD", "The Hague"),
}


def nation(code: str) -> Nation | None:
    return Nation.objects.filter(country=countries.alpha2(code)).first() if code else None


def cior_member(code: str) -> NationalAssociation | None:
    return (
        NationalAssociation.objects.members()
        .filter(confederation__code="cior", nation__country=countries.alpha2(code))
        .first()
        if code
        else None
    )


def load_event(
    report: LoadReport, confederations: list[Confederation], slug: str, **values
) -> Event:
    event = upsert(Event, report, {"slug": slug}, values)
    if set(event.confederations.all()) != set(confederations):
        event.confederations.set(confederations)
        report.updated += 1
    return event


@transaction.atomic
def load(report: LoadReport) -> None:
    both = list(Confederation.objects.filter(code__in=["cior", "ciomr"]))
    cior = [c for c in both if c.code == "cior"]
    for year, city, code, first, last in SUMMER_CONGRESSES:
        last = last or datetime.date(year, 8, 5)
        first = first or last - datetime.timedelta(days=4)
        load_event(
            report,
            both,
            f"summer-congress-{year}",
            kind=EventKind.SUMMER_CONGRESS,
            title_en=f"Summer Congress {year}" + (f", {city}" if city else " (online)"),
            title_fr=f"Congrès d'été {year}" + (f", {in_french(city)}" if city else " (en ligne)"),
            starts_on=first,
            ends_on=last,
            city=city,
            city_fr=CITIES_FR.get(city, ""),
            venue="" if city else "online",
            venue_fr="" if city else VENUES_FR["online"],
            host_nation=nation(code),
            host_association=cior_member(code),
            status=EventStatus.CONFIRMED,
            description_en="" if first.year in (2020, 2023, 2024) else APPROXIMATE,
            description_fr="" if first.year in (2020, 2023, 2024) else APPROXIMATE_FR,
        )
    this_year = timezone.localdate().year
    for year in (this_year, this_year + 1):
        load_year(report, year, both, cior)


def load_year(
    report: LoadReport, year: int, both: list[Confederation], cior: list[Confederation]
) -> None:
    belgium = nation("BEL")
    committees = {c.code: c for c in Committee.objects.filter(confederation__code="cior")}
    host_code, host_city = FUTURE_HOSTS[year % 4]
    host_decision = upsert(
        CouncilDecision,
        report,
        {
            "confederation": cior[0],
            "kind": CouncilDecision.Kind.CONGRESS_HOST,
            "summary": f"Summer Congress {year} hosted by {host_code} in {host_city}",
        },
        {
            "decided_on": datetime.date(year - 3, 2, 6),
            "outcome": CouncilDecision.Outcome.APPROVED,
            "meeting": f"Mid-Winter Meeting {year - 3}",
        },
    )
    is_next_year = year > timezone.localdate().year
    meetings = [
        ("mid-winter-meeting", EventKind.MID_WINTER_MEETING, "Mid-Winter Meeting",
         "Réunion d'hiver", datetime.date(year, 2, 4), 3, "Brussels", NATO_HEADQUARTERS,
         belgium, None, both),
        ("spring-in-between-meeting", EventKind.SPRING_IN_BETWEEN_MEETING,
         "Spring In-Between Meeting", "Réunion intermédiaire de printemps",
         datetime.date(year, 4, 23), 2, "Luxembourg", "", nation("LUX"), None, both),
        ("summer-congress", EventKind.SUMMER_CONGRESS, f"Summer Congress {year}, {host_city}",
         f"Congrès d'été {year}, {in_french(host_city)}", datetime.date(year, 7, 27), 5,
         host_city, "", nation(host_code), None, both),
        ("fall-in-between-meeting", EventKind.FALL_IN_BETWEEN_MEETING,
         "Fall In-Between Meeting", "Réunion intermédiaire d'automne",
         datetime.date(year, 10, 15), 2, "Vienna", "", nation("AUT"), None, both),
        ("yro-workshop", EventKind.YRO_WORKSHOP, "YRO Workshop", "Atelier des jeunes officiers",
         datetime.date(year, 2, 3), 1, "Brussels", NATO_HEADQUARTERS, belgium, "YRO-C", cior),
        ("cior-seminar", EventKind.SEMINAR, "CIOR Seminar", "Séminaire de la CIOR",
         datetime.date(year, 2, 6), 1, "Brussels", NATO_HEADQUARTERS, belgium, "STRATCOM-C",
         cior),
        ("language-academy", EventKind.LANGUAGE_ACADEMY, "CIOR Language Academy",
         "Académie des langues de la CIOR", datetime.date(year, 7, 6), 12, "Ljubljana", "",
         nation("SVN"), "CLA-C", cior),
        ("cimex", EventKind.CIMEX, "CIMEX", "CIMEX", datetime.date(year, 7, 24), 3, host_city,
         "", nation(host_code), "CIMIC-C", cior),
        ("milcomp", EventKind.MILCOMP, "Military Competition", "Compétition militaire",
         datetime.date(year, 7, 27), 5, host_city, "", nation(host_code), "MILCOMP-C", cior),
        ("yro-seminar", EventKind.YRO_SEMINAR, "YRO Seminar", "Séminaire des jeunes officiers",
         datetime.date(year, 9, 14), 4, "Hamburg", "", nation("DEU"), "YRO-C", cior),
        ("international-cyber-event", EventKind.INTERNATIONAL_CYBER_EVENT,
         "International Cyber Event", "Événement cyber international",
         datetime.date(year, 10, 5), 3, "Tallinn", "", nation("EST"), "CR-C", cior),
        ("cior-symposium", EventKind.SYMPOSIUM, "CIOR Symposium", "Symposium de la CIOR",
         datetime.date(year, 11, 18), 1, "Paris", "", nation("FRA"), "STRATCOM-C", cior),
    ]  # fmt: skip
    for (key, kind, title_en, title_fr, starts_on, days, city, venue, host, committee,
         confederations) in meetings:  # fmt: skip
        status = EventStatus.CONFIRMED
        if is_next_year and kind == EventKind.FALL_IN_BETWEEN_MEETING:
            status = EventStatus.PLANNED  # dates still to be confirmed
        if not is_next_year and kind == EventKind.SYMPOSIUM:
            status = EventStatus.CANCELLED
        regular = kind in (
            EventKind.MID_WINTER_MEETING,
            EventKind.SPRING_IN_BETWEEN_MEETING,
            EventKind.SUMMER_CONGRESS,
            EventKind.FALL_IN_BETWEEN_MEETING,
        )
        event = load_event(
            report,
            confederations,
            f"{key}-{year}",
            kind=kind,
            title_en=title_en if kind == EventKind.SUMMER_CONGRESS else f"{title_en} {year}",
            title_fr=title_fr if kind == EventKind.SUMMER_CONGRESS else f"{title_fr} {year}",
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=days - 1),
            city=city,
            city_fr=CITIES_FR.get(city, ""),
            venue=venue,
            venue_fr=VENUES_FR.get(venue, ""),
            address=ADDRESSES.get(venue, ""),
            host_nation=host,
            host_association=cior_member(host.code) if host else None,
            host_decision=host_decision if kind == EventKind.SUMMER_CONGRESS else None,
            organising_committee=committees.get(committee),
            delegation_deadline=starts_on - datetime.timedelta(days=21) if regular else None,
            status=status,
            is_public=True,
            **(
                {"description_en": MID_WINTER_MEETING, "description_fr": MID_WINTER_MEETING_FR}
                if kind == EventKind.MID_WINTER_MEETING
                else {}
            ),
        )
        if kind == EventKind.MID_WINTER_MEETING:
            load_programme(report, event, MID_WINTER_PROGRAMME)


def load_programme(report: LoadReport, event: Event, programme: list) -> None:
    for day, starts_at, ends_at, title_en, title_fr in programme:
        upsert(
            ProgrammeItem,
            report,
            {
                "event": event,
                "day": event.starts_on + datetime.timedelta(days=day),
                "starts_at": datetime.time.fromisoformat(starts_at),
            },
            {
                "ends_at": datetime.time.fromisoformat(ends_at) if ends_at else None,
                "title_en": title_en,
                "title_fr": title_fr,
            },
        )
