"""A meeting's page says what happens there: its description, its programme day by
day at local time, its venue and the way there, its public papers; and the calendar
says how to subscribe to it."""

import datetime
import urllib.parse

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from documents import services as documents
from documents.models import Access, DocumentKind
from events.models import ProgrammeItem
from tests.factories import EventFactory, NationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def congress(cior):
    return EventFactory(
        title_en="Summer Congress 2027",
        slug="summer-congress-2027",
        starts_on=datetime.date(2027, 7, 29),
        ends_on=datetime.date(2027, 7, 30),
        time_zone="Europe/Tallinn",
        host_nation=NationFactory(country="EE"),
        city="Tallinn",
        venue="Estonian National Defence College",
        address="Riia 12",
        description_en="Hosted by **Estonia**.<script>alert('x')</script>",
        confederations=[cior],
    )


def item(event, day: int, starts_at: str, title: str, **fields) -> ProgrammeItem:
    return ProgrammeItem.objects.create(
        event=event,
        day=datetime.date(2027, 7, day),
        starts_at=datetime.time.fromisoformat(starts_at),
        title_en=title,
        **fields,
    )


def paper(event, title: str, access: str):
    content = weasyprint.HTML(string="<p>A sample paper.</p>").write_pdf()
    return documents.add_document(
        upload=SimpleUploadedFile("paper.pdf", content, content_type="application/pdf"),
        confederation=event.confederations.get(),
        kind=DocumentKind.MEETING_PAPER,
        title_en=title,
        event=event,
        access=access,
    )


def page(client, event, language: str = "") -> str:
    response = client.get(f"{language}{event.get_absolute_url()}")
    assert response.status_code == 200
    return response.content.decode()


def test_the_description_is_written_in_markdown_and_shown_without_its_script(client, congress):
    html = page(client, congress)
    assert "Hosted by <strong>Estonia</strong>." in html
    assert "alert(" not in html


def test_the_programme_is_shown_day_by_day_at_the_meetings_local_time(client, congress):
    item(congress, 30, "14:00", "Council session", ends_at=datetime.time(17, 0), room="Hall A")
    item(congress, 29, "09:00", "Opening ceremony")
    item(congress, 29, "11:00", "Committee meetings")
    html = page(client, congress)
    assert "Times are local, in Tallinn." in html
    thursday, friday = html.index("Thursday, July 29, 2027"), html.index("Friday, July 30, 2027")
    assert thursday < html.index("Opening ceremony") < html.index("Committee meetings") < friday
    assert "14:00–17:00</span> Council session" in html
    assert "Hall A" in html
    french = page(client, congress, "/fr")
    assert "Jeudi 29 juillet 2027" in french


def test_a_meeting_without_a_programme_shows_no_programme_heading(client, congress):
    assert 'id="programme"' not in page(client, congress)


def test_the_venue_gives_its_address_and_a_link_to_the_map(client, congress):
    html = page(client, congress)
    assert "Estonian National Defence College, Tallinn, Estonia<br>Riia 12" in html
    query = urllib.parse.urlencode(
        {"query": "Estonian National Defence College, Riia 12, Tallinn, Estonia"}
    )
    assert f'href="https://www.openstreetmap.org/search?{query}"' in html.replace("&amp;", "&")


def test_a_meeting_without_a_place_has_no_map_link(client, cior):
    event = EventFactory(city="", confederations=[cior])
    assert "openstreetmap" not in page(client, event)


def test_the_meeting_page_lists_its_public_papers_and_not_the_councils(client, congress):
    paper(congress, "Congress programme booklet", Access.PUBLIC)
    paper(congress, "Budget proposal", Access.COUNCIL)
    html = page(client, congress)
    assert "Congress programme booklet" in html
    assert "Budget proposal" not in html


def test_the_delegation_deadline_is_shown_to_those_who_submit_one(client, cior):
    meeting = EventFactory(
        kind="mid-winter-meeting",
        starts_on=datetime.date(2027, 2, 4),
        delegation_deadline=datetime.date(2027, 1, 15),
        confederations=[cior],
    )
    assert "Delegations due" in page(client, meeting)


def test_the_meeting_page_takes_a_fixed_number_of_queries(client, congress):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            page(client, congress)
        return len(captured)

    item(congress, 29, "09:00", "Opening ceremony")
    paper(congress, "Programme booklet 0", Access.PUBLIC)
    before = queries()
    for number in range(1, 6):
        item(congress, 30, f"1{number}:00", f"Session {number}")
        paper(congress, f"Programme booklet {number}", Access.PUBLIC)
    assert queries() == before


def test_the_calendar_offers_a_webcal_subscription_and_the_address_to_copy(
    client, congress, settings
):
    settings.PORTAL_URL = "https://portal.cior.example"
    html = client.get("/events/").content.decode()
    assert 'href="webcal://portal.cior.example/events/calendar.ics"' in html
    assert 'value="https://portal.cior.example/events/calendar.ics"' in html
    google = "https://calendar.google.com/calendar/render?" + urllib.parse.urlencode(
        {"cid": "webcal://portal.cior.example/events/calendar.ics"}
    )
    assert f'href="{google}"' in html.replace("&amp;", "&")
    for app in ["Google Calendar", "Apple Calendar", "Outlook"]:
        assert app in html


def test_a_filtered_calendar_subscribes_to_those_meetings_only(client, congress, settings):
    settings.PORTAL_URL = "https://portal.cior.example"
    html = client.get("/events/?confederation=cior").content.decode()
    assert 'href="webcal://portal.cior.example/events/calendar.ics?confederation=cior"' in html
    feed = client.get("/events/calendar.ics?confederation=cior")
    assert feed.status_code == 200
    assert b"Summer Congress 2027" in feed.content


def test_the_subscription_names_the_portal_not_the_host_a_visitor_sent(client, congress, settings):
    settings.PORTAL_URL = "https://portal.cior.example"
    settings.ALLOWED_HOSTS = ["*"]
    html = client.get("/events/", HTTP_HOST="attacker.example").content.decode()
    assert "attacker.example" not in html


def test_without_portal_url_the_subscription_names_the_address_asked(client, congress, settings):
    settings.PORTAL_URL = ""
    html = client.get("/events/").content.decode()
    assert 'href="webcal://testserver/events/calendar.ics"' in html
