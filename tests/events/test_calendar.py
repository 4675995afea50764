import datetime
import re

import icalendar
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events import services
from events.models import Event, EventKind, EventStatus
from tests.factories import CommitteeFactory, EventFactory, NationFactory

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(D(2026, 11, 22))


@pytest.fixture
def calendar(cior, ciomr):
    """A small calendar: a joint congress hosted by Estonia, a CIOMR-only workshop, a
    CIOR committee event, a cancelled meeting, a private draft and last year's congress."""
    estonia = NationFactory(country="EE")
    cyber = CommitteeFactory(confederation=cior, code="CR-C", slug="cr-c")
    return {
        "congress": EventFactory(
            title_en="Summer Congress 2027",
            title_fr="Congrès d'été 2027",
            slug="summer-congress-2027",
            confederations=[cior, ciomr],
            host_nation=estonia,
            starts_on=D(2027, 7, 26),
            ends_on=D(2027, 7, 30),
        ),
        "workshop": EventFactory(
            title_en="Medical Workshop 2027",
            slug="medical-workshop-2027",
            kind=EventKind.OTHER,
            confederations=[ciomr],
            starts_on=D(2027, 3, 1),
            ends_on=D(2027, 3, 1),
        ),
        "cyber": EventFactory(
            title_en="International Cyber Event 2027",
            slug="ice-2027",
            kind=EventKind.INTERNATIONAL_CYBER_EVENT,
            confederations=[cior],
            organising_committee=cyber,
            starts_on=D(2027, 10, 5),
            ends_on=D(2027, 10, 7),
        ),
        "cancelled": EventFactory(
            title_en="Spring In-Between Meeting 2027",
            slug="spring-2027",
            kind=EventKind.SPRING_IN_BETWEEN_MEETING,
            confederations=[cior, ciomr],
            status=EventStatus.CANCELLED,
            starts_on=D(2027, 4, 23),
            ends_on=D(2027, 4, 24),
        ),
        "draft": EventFactory(
            title_en="Fall In-Between Meeting 2027",
            slug="fall-2027",
            confederations=[cior],
            is_public=False,
            starts_on=D(2027, 10, 15),
            ends_on=D(2027, 10, 16),
        ),
        "past": EventFactory(
            title_en="Summer Congress 2026",
            slug="summer-congress-2026",
            confederations=[cior, ciomr],
            starts_on=D(2026, 7, 27),
            ends_on=D(2026, 7, 31),
        ),
        "long_ago": EventFactory(
            title_en="Summer Congress 2019",
            slug="summer-congress-2019",
            confederations=[cior, ciomr],
            starts_on=D(2019, 8, 1),
            ends_on=D(2019, 8, 5),
        ),
    }


def listed_titles(client, query: str = "") -> list[str]:
    response = client.get(f"/events/{query}")
    assert response.status_code == 200
    return [event.title for event in response.context["page"].object_list]


def test_calendar_lists_upcoming_soonest_first_then_past_latest_first(client, calendar):
    assert listed_titles(client) == [
        "Medical Workshop 2027",
        "Spring In-Between Meeting 2027",
        "Summer Congress 2027",
        "International Cyber Event 2027",
        "Summer Congress 2026",
        "Summer Congress 2019",
    ]  # the private draft is not shown


def test_calendar_groups_past_events_under_their_year(client, calendar):
    page = client.get("/events/").content.decode()
    upcoming, past = page.split(">2026</h2>")
    assert "Summer Congress 2027" in upcoming
    assert "Summer Congress 2026" in past.split(">2019</h2>")[0]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?confederation=ciomr", {"Medical Workshop 2027", "Spring In-Between Meeting 2027",
                                  "Summer Congress 2027", "Summer Congress 2026",
                                  "Summer Congress 2019"}),
        ("?kind=ice", {"International Cyber Event 2027"}),
        ("?committee=cr-c", {"International Cyber Event 2027"}),
        ("?nation=est", {"Summer Congress 2027"}),
        ("?year=2026", {"Summer Congress 2026"}),
        ("?confederation=ciomr&kind=summer-congress&year=2027", {"Summer Congress 2027"}),
    ],
)  # fmt: skip
def test_each_filter_narrows_the_calendar(client, calendar, query, expected):
    assert set(listed_titles(client, query)) == expected


def test_an_unknown_filter_value_is_a_400_that_names_it_and_the_rest_still_applies(
    client, calendar
):
    response = client.get("/events/?committee=nope&kind=ice")
    page = response.content.decode()
    assert response.status_code == 400
    assert "No committee has the code “nope”." in page
    assert [e.title for e in response.context["page"].object_list] == [
        "International Cyber Event 2027"
    ]


@pytest.mark.parametrize("url", ["/events/", "/events/month/2027/7/", "/events/calendar.ics"])
@pytest.mark.parametrize(
    "code",
    [
        "zzz",  # no country
        "fra",  # a country, not in the registry
        "233",  # Estonia's numeric code: nations go by their three letters
    ],
)
def test_a_nation_not_in_the_registry_is_a_400_that_names_it(client, calendar, url, code):
    response = client.get(url, {"nation": code})
    assert response.status_code == 400
    assert f"No nation has the code “{code}”." in response.content.decode()


@pytest.mark.parametrize("url", ["/events/", "/events/month/2027/7/", "/events/calendar.ics"])
@pytest.mark.parametrize("year", ["2018", "2028", "1948", "2200", "99999999999999999999"])
def test_a_year_the_calendar_does_not_cover_is_a_400_that_says_which_it_does(
    client, calendar, url, year
):
    response = client.get(url, {"year": year})
    assert response.status_code == 400
    message = f"No event in {year}: the calendar runs from 2019 to 2027."
    assert message in response.content.decode()


def test_a_year_between_the_first_and_the_last_is_taken_even_with_no_event(client, calendar):
    assert listed_titles(client, "?year=2022") == []


def test_a_calendar_with_no_event_yet_says_so_for_any_year(client, cior):
    response = client.get("/events/?year=2027")
    assert response.status_code == 400
    assert "The calendar has no event yet." in response.content.decode()


@pytest.mark.parametrize("number", ["2", "0", "-1", "x", "1.5", ""])
def test_a_page_the_calendar_does_not_have_is_not_found(client, calendar, number):
    assert client.get("/events/", {"page": number}).status_code == 404


def test_the_first_page_is_there_when_asked_by_number(client, calendar):
    assert listed_titles(client, "?page=1") == listed_titles(client)


def test_filters_are_plain_links_that_keep_the_other_filters(client, calendar):
    page = client.get("/events/?confederation=cior").content.decode()
    assert 'href="/events/?confederation=cior&amp;kind=summer-congress"' in page


def test_month_view_shows_each_day_of_a_multi_day_event(client, calendar):
    response = client.get("/events/month/2027/7/")
    days = {
        cell.day.day
        for week in response.context["month"].weeks
        for cell in week
        if any(e.slug == "summer-congress-2027" for e in cell.events)
    }
    assert days == {26, 27, 28, 29, 30}
    assert response.context["month"].previous == D(2027, 6, 1)


def test_on_a_phone_the_month_lists_each_event_once_on_the_day_it_begins(client, calendar):
    """An event begun in June is listed under July's first day; a congress of five days
    once, under the day it opens."""
    EventFactory(
        title_en="Language Academy 2027",
        slug="language-academy-2027",
        confederations=calendar["congress"].confederations.all(),
        starts_on=D(2027, 6, 28),
        ends_on=D(2027, 7, 9),
    )
    response = client.get("/events/month/2027/7/")
    assert [
        (cell.day, [event.slug for event in cell.events])
        for cell in response.context["month"].beginnings
    ] == [
        (D(2027, 7, 1), ["language-academy-2027"]),
        (D(2027, 7, 26), ["summer-congress-2027"]),
    ]
    page = response.content.decode()
    assert '<time datetime="2027-07-26">Monday 26</time>' in page
    assert "No event in this month." not in page
    assert "No event in this month." in client.get("/events/month/2027/8/").content.decode()


@pytest.mark.parametrize(
    ("url", "weekdays"),
    [
        ("/events/month/2027/7/", ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]),
        ("/fr/events/month/2027/7/", ["lun", "mar", "mer", "jeu", "ven", "sam", "dim"]),
    ],
)
def test_the_month_view_names_every_day_of_the_week(client, calendar, url, weekdays):
    """July 2027 begins on a Thursday: its first week starts with three days of June."""
    page = client.get(url).content.decode()
    header = page.split("<thead>")[1].split("</thead>")[0]
    assert re.findall(r"<abbr [^>]*>([^<]*)</abbr>", header) == weekdays


def test_a_place_follows_its_dates_without_a_stray_space(client, calendar):
    estonia = calendar["congress"].host_nation
    page = client.get(estonia.get_absolute_url()).content.decode()
    assert "July 30, 2027</time>, Tallinn, Estonia" in page


def test_an_impossible_month_answers_404(client):
    assert client.get("/events/month/2027/13/").status_code == 404


def test_the_month_view_names_a_wrong_filter_with_400_and_still_shows_the_month(client, calendar):
    response = client.get("/events/month/2027/7/?confederation=nato")
    assert response.status_code == 400
    assert "No confederation has the code “nato”." in response.content.decode()
    assert response.context["month"].first == D(2027, 7, 1)


def test_event_page_shows_dates_place_host_and_calendar_link(client, calendar):
    page = client.get("/events/summer-congress-2027/").content.decode()
    assert "July 26, 2027" in page
    assert "Tallinn, Estonia" in page
    assert 'href="/events/summer-congress-2027.ics"' in page


def test_a_cancelled_event_says_so_plainly(client, calendar):
    page = client.get("/events/spring-2027/").content.decode()
    assert "This event is cancelled." in page


def test_a_private_event_is_not_found(client, calendar):
    assert client.get("/events/fall-2027/").status_code == 404
    assert client.get("/events/fall-2027.ics").status_code == 404


def test_the_calendar_in_french_shows_french_titles(client, calendar):
    page = client.get("/fr/events/").content.decode()
    assert "Congrès d&#x27;été 2027" in page
    assert "Calendrier des réunions" in page


def test_committee_and_nation_pages_list_their_upcoming_events(client, calendar):
    assert "International Cyber Event 2027" in client.get("/committees/cr-c/").content.decode()
    assert "Summer Congress 2027" in client.get("/nations/est/").content.decode()


def parsed(response) -> icalendar.Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(response) -> dict[str, icalendar.Event]:
    return {str(e["summary"]): e for e in parsed(response).walk("VEVENT")}


def test_feed_has_all_day_events_with_exclusive_end_dates(client, calendar):
    congress = vevents(client.get("/events/calendar.ics"))["Summer Congress 2027"]
    assert congress["dtstart"].dt == D(2027, 7, 26)
    assert congress["dtend"].dt == D(2027, 7, 31)  # the day after the last day
    assert str(congress["url"]) == "http://testserver/events/summer-congress-2027/"
    assert str(congress["location"]) == "Tallinn, Estonia"
    assert congress["categories"].cats == ["Summer Congress", "CIOR", "CIOMR"]
    assert str(congress["status"]) == "CONFIRMED"


def test_feed_uids_are_stable_across_requests_and_edits(client, calendar):
    first = vevents(client.get("/events/calendar.ics"))["Summer Congress 2027"]["uid"]
    event = calendar["congress"]
    event.title_en = "Summer Congress 2027, Tallinn"
    event.starts_on = D(2027, 7, 25)
    event.save()
    second = vevents(client.get("/events/calendar.ics"))["Summer Congress 2027, Tallinn"]["uid"]
    assert first == second == f"{event.uid}@confed"


def test_feed_marks_cancelled_events_cancelled(client, calendar):
    cancelled = vevents(client.get("/events/calendar.ics"))["Spring In-Between Meeting 2027"]
    assert str(cancelled["status"]) == "CANCELLED"


def test_feed_leaves_out_events_older_than_its_window(client, calendar, settings):
    settings.ICAL_PAST_DAYS = 365
    titles = set(vevents(client.get("/events/calendar.ics")))
    assert "Summer Congress 2026" in titles
    assert "Summer Congress 2019" not in titles
    assert "Fall In-Between Meeting 2027" not in titles  # not public


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?confederation=ciomr&kind=summer-congress", {"Summer Congress 2027",
                                                       "Summer Congress 2026"}),
        ("?committee=cr-c", {"International Cyber Event 2027"}),
        ("?nation=est", {"Summer Congress 2027"}),
        ("?year=2027&kind=other", {"Medical Workshop 2027"}),
    ],
)  # fmt: skip
def test_feed_takes_the_same_filters(client, calendar, query, expected):
    assert set(vevents(client.get(f"/events/calendar.ics{query}"))) == expected


def test_feed_refuses_an_unknown_filter_with_its_name(client, calendar):
    response = client.get("/events/calendar.ics?confederation=nato")
    assert response.status_code == 400
    assert "No confederation has the code “nato”." in response.content.decode()


def test_one_events_ics_is_valid_icalendar_with_its_timezone(client, calendar):
    event = calendar["workshop"]
    event.start_time = datetime.time(9, 0)
    event.end_time = datetime.time(17, 0)
    event.save()
    ics = parsed(client.get("/events/medical-workshop-2027.ics"))
    [vevent] = ics.walk("VEVENT")
    assert vevent["dtstart"].dt.isoformat() == "2027-03-01T09:00:00+01:00"
    assert [tz["tzid"] for tz in ics.walk("VTIMEZONE")] == ["Europe/Brussels"]


def test_feeds_vtimezone_gives_each_timed_event_its_offset_whatever_the_year(client, calendar):
    workshop, congress = calendar["workshop"], calendar["congress"]  # March and July 2027
    congress.starts_on, congress.ends_on = D(2028, 7, 24), D(2028, 7, 28)
    for event in (workshop, congress):
        event.start_time, event.time_zone = datetime.time(9, 0), "Europe/Tallinn"
        event.save()
    client.get("/events/calendar.ics")  # the zone is worked out once, then kept
    [zone] = parsed(client.get("/events/calendar.ics")).walk("VTIMEZONE")
    assert zone["tzid"] == "Europe/Tallinn"
    described = zone.to_tz(lookup_tzid=False)  # from the VTIMEZONE alone

    def offset_on(day: datetime.date) -> float:
        moment = datetime.datetime.combine(day, datetime.time(9, 0), tzinfo=described)
        return moment.utcoffset().total_seconds() / 3600

    assert offset_on(D(2028, 7, 24)) == 3  # and its summer time, the year after


def test_feed_in_french_has_french_titles(client, calendar):
    assert "Congrès d'été 2027" in vevents(client.get("/fr/events/calendar.ics"))


def add_events(cior, count: int, year: int) -> None:
    nation = NationFactory(country="EE")
    committee = CommitteeFactory(confederation=cior)
    for number in range(count):
        EventFactory(
            slug=f"bulk-{year}-{number}",
            confederations=[cior],
            host_nation=nation,
            organising_committee=committee,
            starts_on=D(year, 1, 1) + datetime.timedelta(days=number),
            ends_on=D(year, 1, 1) + datetime.timedelta(days=number),
        )


def queries_made(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/events/", "/events/calendar.ics", "/events/month/2027/1/"])
def test_calendar_pages_make_as_many_queries_for_300_events_as_for_3(client, cior, url):
    add_events(cior, 3, 2027)
    with_three = queries_made(client, url)
    Event.objects.all().delete()
    add_events(cior, 300, 2027)
    assert queries_made(client, url) == with_three


def test_drafting_a_year_creates_its_regular_meetings_once(cior, ciomr):
    NationFactory(country="BE")
    drafted = services.draft_regular_meetings(year=2028, confederations=[cior, ciomr])
    assert [e.kind for e in drafted] == [
        "mid-winter-meeting",
        "spring-in-between-meeting",
        "summer-congress",
        "fall-in-between-meeting",
    ]
    winter = drafted[0]
    assert (winter.starts_on.month, winter.city, winter.venue) == (
        2,
        "Brussels",
        "NATO Headquarters",
    )
    assert (winter.city_fr, winter.venue_fr) == ("Bruxelles", "Siège de l'OTAN")
    assert winter.delegation_deadline == winter.starts_on - datetime.timedelta(days=21)
    assert not any(e.is_public for e in drafted)
    assert set(winter.confederations.all()) == {cior, ciomr}
    assert services.draft_regular_meetings(year=2028, confederations=[cior, ciomr]) == []


def test_drafting_keeps_a_congress_whose_host_is_decided(cior):
    EventFactory(slug="sc-2028", confederations=[cior], starts_on=D(2028, 7, 24))
    drafted = services.draft_regular_meetings(year=2028, confederations=[cior])
    assert "summer-congress" not in [e.kind for e in drafted]


def test_a_wrong_filter_is_named_in_french_on_the_french_calendar(client, calendar):
    response = client.get("/fr/events/?nation=zzz&year=2030")
    page = response.content.decode()
    assert response.status_code == 400
    assert "Aucune nation n&#x27;a le code «\u00a0zzz\u00a0»." in page
    assert "Aucun événement en 2030\u00a0: le calendrier va de 2019 à 2027." in page


def test_a_place_is_named_in_the_language_of_the_page(client):
    EventFactory(
        slug="mid-winter-meeting-2027",
        city="Brussels",
        city_fr="Bruxelles",
        venue="NATO Headquarters",
        venue_fr="Siège de l'OTAN",
        host_nation=NationFactory(country="BE"),
    )
    english = client.get("/events/mid-winter-meeting-2027/").content.decode()
    french = client.get("/fr/events/mid-winter-meeting-2027/").content.decode()
    assert "NATO Headquarters, Brussels, Belgium" in english
    assert "Siège de l&#x27;OTAN, Bruxelles, Belgique" in french
    assert "Brussels" not in french


def test_a_place_without_a_french_name_keeps_its_own(client):
    EventFactory(slug="cyber-2027", city="Tallinn", host_nation=NationFactory(country="EE"))
    assert "Tallinn, Estonie" in client.get("/fr/events/cyber-2027/").content.decode()
