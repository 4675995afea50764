"""What a public page shows comes from the cache for the visitors the page cache does not
answer (those logged in), in a layout made for each of them, until the data changes."""

import datetime
import gzip
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.text import compress_string

from tests.factories import CommitteeFactory, EventFactory, NationalAssociationFactory

pytestmark = pytest.mark.django_db

LISTS = ["/", "/nations/", "/leadership/", "/committees/", "/events/", "/events/calendar.ics"]
# What a logged-in visitor's request may read whatever the page: who they are.
THE_VISITOR = {"django_session", "auth_user"}
MAIN = re.compile(r'<main id="content".*</main>', re.DOTALL)


def shown(page: str) -> str:
    """What the page shows, inside the layout (the feed: all of it)."""
    main = MAIN.search(page)
    return main[0] if main else page


def visit(client, url: str, **headers) -> tuple[str, set[str]]:
    """The page's text and the tables its queries read."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    tables = {table for query in queries for table in re.findall(r'FROM "(\w+)"', query["sql"])}
    compressed = response.get("Content-Encoding") == "gzip"
    content = gzip.decompress(response.content) if compressed else response.content
    return content.decode(), tables


@pytest.fixture
def members(cior) -> dict[str, str]:
    """The pages of one record each, by name, beside the lists."""
    today = datetime.date.today()
    association = NationalAssociationFactory(confederation=cior, name="Kept Content Association")
    committee = CommitteeFactory(confederation=cior)
    event = EventFactory(title_en="Kept Content Congress", starts_on=today, confederations=[cior])
    return {
        "nation": association.nation.get_absolute_url(),
        "committee": committee.get_absolute_url(),
        "event": event.get_absolute_url(),
        "month": f"/events/month/{today.year}/{today.month}/",
        "event's feed": f"/events/{event.slug}.ics",
    }


@pytest.fixture
def logged_in(secretariat_user):
    client = Client()
    client.force_login(secretariat_user)
    return client


@pytest.mark.parametrize("url", [*LISTS, "month", "event's feed"])
def test_a_logged_in_visitor_is_shown_the_content_from_the_cache_reading_only_who_they_are(
    logged_in, members, url
):
    url = members.get(url, url)
    first, read_first = visit(logged_in, url)
    second, read_second = visit(logged_in, url)
    assert read_first - THE_VISITOR  # the page's data
    assert read_second <= THE_VISITOR
    assert shown(second) == shown(first)


@pytest.mark.parametrize(
    ("page", "its_record"),
    [
        ("nation", {"members_nation"}),
        ("committee", {"governance_committee"}),
        ("event", {"events_event", "members_confederation"}),
    ],
)
def test_the_page_of_one_record_reads_the_record_for_its_title_and_no_more(
    logged_in, members, page, its_record
):
    first, read_first = visit(logged_in, members[page])
    second, read_second = visit(logged_in, members[page])
    assert its_record <= read_first
    assert read_second - THE_VISITOR == its_record
    assert shown(second) == shown(first)


@pytest.mark.parametrize("url", LISTS[:-1])
def test_the_content_from_the_cache_sits_in_a_layout_made_for_each_visitor(
    logged_in, members, url
):
    anonymous = Client()
    shown_to_anyone, _ = visit(anonymous, url)
    shown_to_the_secretary, _ = visit(logged_in, url)
    assert shown(shown_to_the_secretary) == shown(shown_to_anyone)


@pytest.mark.parametrize("visitor", ["anonymous (page cache)", "logged in (content cache)"])
def test_an_edit_shows_at_once_to_either_visitor(client, logged_in, cior, visitor):
    visitor = logged_in if visitor.startswith("logged in") else client
    association = NationalAssociationFactory(confederation=cior, name="Old Name Association")
    assert "Old Name Association" in visit(visitor, "/nations/")[0]
    association.name = "New Name Association"
    association.save()
    page = visit(visitor, "/nations/")[0]
    assert "New Name Association" in page
    assert "Old Name Association" not in page


def test_the_content_is_kept_apart_for_each_language_and_address(
    logged_in, members, ciomr, settings
):
    settings.ALLOWED_HOSTS = ["testserver", "portal.example.org", "www.example.org"]
    assert "Calendrier des réunions" in shown(visit(logged_in, "/fr/events/")[0])
    assert "Meeting calendar" in shown(visit(logged_in, "/events/")[0])
    assert "Kept Content Congress" in shown(visit(logged_in, "/events/?confederation=cior")[0])
    assert "Kept Content Congress" not in shown(
        visit(logged_in, "/events/?confederation=ciomr")[0]
    )
    visit(logged_in, "/events/calendar.ics", host="portal.example.org")
    feed = visit(logged_in, "/events/calendar.ics", host="www.example.org")[0]
    assert "URL:http://www.example.org/events/" in feed


def test_what_is_kept_is_rendered_as_for_anyone_whoever_asked_first(
    logged_in, cior, settings, tmp_path
):
    """A content block that looked at the visitor would otherwise show the first one's
    name, permissions or CSRF token to everyone after."""
    template = tmp_path / "home.html"
    template.write_text(
        '{% extends "base.html" %}{% block content %}'
        "[{{ user.username }}|{% if perms.members %}may edit{% endif %}|{% csrf_token %}]"
        "{% endblock %}"
    )
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]
    assert "[||]" in shown(visit(logged_in, "/")[0])
    assert "[||]" in shown(visit(Client(), "/")[0])


def test_the_feed_is_kept_compressed_for_those_who_take_gzip_and_plain_for_others(
    logged_in, members, monkeypatch
):
    compressions = []

    def counted(*args, **kwargs):
        compressions.append(args)
        return compress_string(*args, **kwargs)

    monkeypatch.setattr("django.middleware.gzip.compress_string", counted)
    compressed = visit(logged_in, "/events/calendar.ics", **{"accept-encoding": "gzip"})
    plain = visit(logged_in, "/events/calendar.ics")
    again = visit(logged_in, "/events/calendar.ics", **{"accept-encoding": "gzip"})
    assert "Kept Content Congress" in compressed[0]
    assert plain[0] == compressed[0] == again[0]
    assert again[1] <= THE_VISITOR
    assert len(compressions) == 1


def test_a_page_that_is_not_public_keeps_nothing_of_one_visitor_for_another(db):
    first, second = Client(), Client()
    token = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
    first_token = token.search(visit(first, "/accounts/login/")[0])[1]
    second_token = token.search(visit(second, "/accounts/login/")[0])[1]
    assert first_token != second_token


def test_an_answer_other_than_the_page_is_not_kept(logged_in, cior):
    assert logged_in.get("/events/calendar.ics?confederation=nope").status_code == 400
    with CaptureQueriesContext(connection) as queries:
        assert logged_in.get("/events/calendar.ics?confederation=nope").status_code == 400
    assert any('"members_confederation"' in query["sql"] for query in queries)


def test_made_up_query_parameters_are_answered_but_their_content_not_kept(logged_in, members):
    visit(logged_in, "/events/?utm_source=newsletter")
    assert visit(logged_in, "/events/?utm_source=newsletter")[1] - THE_VISITOR


def test_the_content_cache_can_be_turned_off(logged_in, members, settings):
    settings.PUBLIC_CONTENT_CACHE_SECONDS = 0
    visit(logged_in, "/nations/")
    assert visit(logged_in, "/nations/")[1] - THE_VISITOR
