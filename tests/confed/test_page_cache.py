"""Public pages come from the cache until the data behind them changes."""

import ast
import datetime
import gzip
from pathlib import Path

import pytest
import time_machine
from django.apps import apps
from django.core.cache import cache
from django.core.management import call_command
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils.text import compress_string

from confed import cache as page_cache
from confed.cache import _key
from tests.factories import (
    CommitteeFactory,
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
)
from tests.governance.test_applications import form_data

pytestmark = pytest.mark.django_db


def visit(client, url: str) -> tuple[str, int]:
    """The page's text and the number of queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


# The public lists, and pages of one confederation: each a page the cache keeps.
LISTS = [
    "/",
    "/nations/",
    "/leadership/",
    "/committees/",
    "/events/",
    "/events/calendar.ics",
    "/about/cior/",
    "/contact/",
]


@pytest.mark.parametrize("url", [*LISTS, "/documents/", "/about/", "/privacy/", "/fr/about/cior/"])
def test_a_second_visit_is_served_from_the_cache_without_a_query(client, cior, url):
    first, queries_first = visit(client, url)
    second, queries_second = visit(client, url)
    assert queries_first > 0
    assert queries_second == 0
    assert second == first


def test_a_meeting_added_to_a_confederation_shows_at_once(client, cior, ciomr):
    event = EventFactory(
        title_en="Joint Seminar", starts_on=datetime.date.today(), confederations=[cior]
    )
    assert "Joint Seminar" not in visit(client, "/events/?confederation=ciomr")[0]
    event.confederations.add(ciomr)
    assert "Joint Seminar" in visit(client, "/events/?confederation=ciomr")[0]


def test_the_commit_of_a_change_retires_the_pages_again(
    client, cior, django_capture_on_commit_callbacks
):
    """A page another request renders between the save and the commit is not kept."""
    association = NationalAssociationFactory(confederation=cior, name="Old Name Association")
    with django_capture_on_commit_callbacks(execute=True):
        association.name = "New Name Association"
        association.save()
        visit(client, "/nations/")  # cached before the commit, as another request might
        assert visit(client, "/nations/")[1] == 0
    assert visit(client, "/nations/")[1] > 0


def test_french_and_english_are_cached_apart(client, cior):
    NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    assert "Estonia" in visit(client, "/nations/")[0]
    assert "Estonie" in visit(client, "/fr/nations/")[0]
    assert "Estonia" in visit(client, "/nations/")[0]


@pytest.mark.parametrize("url", ["/leadership/", "/events/calendar.ics"])
def test_a_browser_that_takes_gzip_is_given_the_page_compressed_and_others_plain(
    client, cior, url
):
    EventFactory.create_batch(3, confederations=[cior])  # a feed worth compressing
    plain, _ = visit(client, url)
    compressed = [client.get(url, headers={"accept-encoding": "gzip, br"}) for _ in "12"]
    assert [r["Content-Encoding"] for r in compressed] == ["gzip", "gzip"]
    assert all(gzip.decompress(r.content).decode() == plain for r in compressed)
    assert "Accept-Encoding" in compressed[1]["Vary"]
    assert visit(client, url)[0] == plain  # the compressed copy is not given to it


def test_a_compressed_page_is_kept_compressed_not_compressed_anew(client, cior, monkeypatch):
    compressions = []

    def counted(*args, **kwargs):
        compressions.append(args)
        return compress_string(*args, **kwargs)

    monkeypatch.setattr("django.middleware.gzip.compress_string", counted)
    gzip_ = {"accept-encoding": "gzip"}
    first = client.get("/leadership/", headers=gzip_)
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/leadership/", headers=gzip_)
    assert first["Content-Encoding"] == second["Content-Encoding"] == "gzip"
    assert second.content == first.content
    assert (len(compressions), len(queries)) == (1, 0)


def test_a_visitor_holding_the_page_is_told_it_has_not_changed_until_it_has(client, cior):
    association = NationalAssociationFactory(confederation=cior, name="Old Name Association")
    first = client.get("/nations/")
    with CaptureQueriesContext(connection) as queries:
        again = client.get("/nations/", headers={"if-none-match": first["ETag"]})
    assert (again.status_code, again.content, len(queries)) == (304, b"", 0)
    assert again["ETag"] == first["ETag"]
    association.name = "New Name Association"
    association.save()
    changed = client.get("/nations/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200
    assert "New Name Association" in changed.content.decode()
    assert changed["ETag"] != first["ETag"]


def test_the_compressed_and_the_plain_page_are_told_apart_by_their_etags(client, cior):
    plain = client.get("/leadership/")
    compressed = client.get("/leadership/", headers={"accept-encoding": "gzip"})
    assert plain["ETag"] != compressed["ETag"]
    asked = client.get("/leadership/", headers={"if-none-match": compressed["ETag"]})
    assert asked.status_code == 200  # the plain page is not the one it holds


def test_a_logged_in_visitor_holding_the_page_is_told_it_has_not_changed(secretariat_user, cior):
    logged_in = Client()
    logged_in.force_login(secretariat_user)
    anonymous_etag = Client().get("/")["ETag"]
    again = logged_in.get("/", headers={"if-none-match": anonymous_etag})
    assert (again.status_code, again["ETag"]) == (304, anonymous_etag)


def test_the_query_string_is_part_of_the_page(client, cior, ciomr):
    EventFactory(title_en="Only CIOR", starts_on=datetime.date.today(), confederations=[cior])
    assert "Only CIOR" in visit(client, "/events/?confederation=cior")[0]
    assert "Only CIOR" not in visit(client, "/events/?confederation=ciomr")[0]


def test_a_page_of_dates_is_rendered_afresh_the_next_day(client, cior):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 12, tzinfo=datetime.UTC)):
        EventFactory(
            title_en="June Seminar",
            starts_on=datetime.date(2026, 6, 2),
            ends_on=datetime.date(2026, 6, 2),
            confederations=[cior],
        )
        upcoming = visit(client, "/events/")[0]
    with time_machine.travel(datetime.datetime(2026, 6, 3, 12, tzinfo=datetime.UTC)):
        page, queries = visit(client, "/events/")
    assert queries > 0
    assert "Upcoming" in upcoming
    assert "Upcoming" not in page


def test_the_page_cache_can_be_turned_off(client, cior, settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    first = client.get("/nations/")
    with CaptureQueriesContext(connection) as queries:
        second = client.get("/nations/")
    assert second.content == first.content
    assert len(queries) > 0
    assert "ETag" not in second


@pytest.mark.parametrize(
    "url",
    [
        "/events/?utm_source=newsletter",  # made up
        "/nations/?page=2",  # the calendar's, on a page that takes none
        "/events/calendar.ics?page=2",  # the list's, not the feed's
        "/events/month/2027/1/?page=2",
        "/events/?kind=ice&kind=ice",  # taken, but once
    ],
)
def test_a_query_the_page_does_not_take_is_answered_but_not_cached(client, cior, url):
    visit(client, url)
    assert visit(client, url)[1] > 0


def test_the_page_cache_depends_on_no_app_of_the_portal():
    """Each public view says which query parameters it takes; confed/cache.py, which
    every app imports, imports none of them."""
    module = Path(page_cache.__file__)
    portal = {
        config.name
        for config in apps.get_app_configs()
        if Path(config.path).parent == module.parents[1] and config.name != "confed"
    }
    tree = ast.parse(module.read_text())
    imported = {
        name.split(".")[0]
        for node in ast.walk(tree)
        for name in (
            [alias.name for alias in node.names]
            if isinstance(node, ast.Import)
            else [node.module or ""]
            if isinstance(node, ast.ImportFrom)
            else []
        )
    }
    assert portal
    assert not imported & portal


def test_the_feed_links_to_the_host_it_was_asked_on(client, cior, settings):
    settings.ALLOWED_HOSTS = ["portal.example.org", "www.example.org"]
    EventFactory(confederations=[cior])
    client.get("/events/calendar.ics", HTTP_HOST="portal.example.org")
    feed = client.get("/events/calendar.ics", HTTP_HOST="www.example.org").content.decode()
    assert "URL:http://www.example.org/events/" in feed
    assert "portal.example.org" not in feed


def test_a_deploy_retires_the_pages_of_the_old_release(client, cior):
    visit(client, "/")
    call_command("migrate", verbosity=0)
    assert visit(client, "/")[1] > 0


def test_with_redis_out_of_reach_pages_are_rendered_and_edits_saved(client, cior, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "confed.redis_cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }
    association = NationalAssociationFactory(confederation=cior, name="Saved Without Redis")
    association.name = "Changed Without Redis"
    association.save()
    assert "Changed Without Redis" in visit(client, "/nations/")[0]


PAGE_HEADERS = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "Content-Language",
    "Vary",
    "Cross-Origin-Opener-Policy",
    "Referrer-Policy",
    "X-Content-Type-Options",
]


@pytest.mark.parametrize("url", ["/nations/", "/fr/nations/"])
def test_a_page_from_the_cache_says_what_the_rendered_page_said(client, cior, url):
    rendered = client.get(url)
    with CaptureQueriesContext(connection) as queries:
        cached = client.get(url)
    assert len(queries) == 0
    assert all(rendered.has_header(name) for name in PAGE_HEADERS)
    assert {name: cached[name] for name in PAGE_HEADERS} == {
        name: rendered[name] for name in PAGE_HEADERS
    }


@pytest.mark.parametrize("url", ["/nations/", "/fr/nations/"])
@pytest.mark.parametrize("kept", [True, False], ids=["page kept", "page expired"])
def test_not_modified_varies_as_the_page_does(client, cior, url, kept):
    gzip_ = {"accept-encoding": "gzip"}
    page = client.get(url, headers=gzip_)
    if not kept:  # gone from Redis, while the generation, so the ETag, is the same
        cache.delete(_key(RequestFactory().get(url, headers=gzip_)))
    again = client.get(url, headers={**gzip_, "if-none-match": page["ETag"]})
    assert (again.status_code, again.content) == (304, b"")
    assert (again["ETag"], again["Vary"]) == (page["ETag"], page["Vary"])


def test_a_page_that_is_not_public_is_never_kept(client, cior):
    client.get("/healthz")  # 200, the same for everyone, no cookie: only not a public page
    assert visit(client, "/healthz")[1] > 0


def test_a_visitor_holding_other_cookies_is_served_from_the_cache(client, cior):
    client.get("/accounts/login/")  # the CSRF cookie for its form
    assert "csrftoken" in client.cookies
    visit(client, "/leadership/")
    assert visit(client, "/leadership/")[1] == 0


def test_a_head_request_is_answered_from_the_cache(client, cior):
    page = client.get("/committees/")
    with CaptureQueriesContext(connection) as queries:
        head = client.head("/committees/")
    assert (head.status_code, head["ETag"], len(queries)) == (200, page["ETag"], 0)


# -- logged-in visitors: the same page, from the same cache ------------------------------

RECORDS = ["nation", "committee", "event", "month", "event's feed"]
WITH_LAYOUT = [url for url in LISTS if not url.endswith(".ics")] + RECORDS[:4]


@pytest.fixture
def pages(cior) -> dict[str, str]:
    """The pages of one record each, by name."""
    today = datetime.date.today()
    association = NationalAssociationFactory(
        confederation=cior, nation=NationFactory(country="LV"), name="Kept Page Association"
    )
    committee = CommitteeFactory(confederation=cior)
    event = EventFactory(title_en="Kept Page Congress", starts_on=today, confederations=[cior])
    return {
        "nation": association.nation.get_absolute_url(),
        "committee": committee.get_absolute_url(),
        "event": event.get_absolute_url(),
        "month": f"/events/month/{today.year}/{today.month}/",
        "event's feed": f"/events/{event.slug}.ics",
    }


@pytest.fixture
def logged_in(request, secretariat_user, vice_president_user):
    """A client logged in as the role the test is parametrised with."""
    client = Client()
    client.force_login(
        {"secretary": secretariat_user, "vice president": vice_president_user}[request.param]
    )
    return client


ROLES = pytest.mark.parametrize("logged_in", ["secretary", "vice president"], indirect=True)


@ROLES
@pytest.mark.parametrize("url", LISTS + RECORDS)
def test_a_logged_in_visitor_is_served_from_the_cache_what_anyone_is(logged_in, pages, url):
    url = pages.get(url, url)
    first, queries_first = visit(logged_in, url)
    second, queries_second = visit(logged_in, url)
    anyones, queries_anyones = visit(Client(), url)
    assert queries_first > 0
    assert (queries_second, queries_anyones) == (0, 0)
    assert second == first == anyones


@ROLES
@pytest.mark.parametrize("url", WITH_LAYOUT)
def test_a_public_page_holds_no_token_no_name_and_no_log_out(logged_in, pages, url):
    page, _ = visit(logged_in, pages.get(url, url))
    assert "csrfmiddlewaretoken" not in page
    assert "secretary" not in page
    assert "vp-cior-est" not in page
    assert "Log out" not in page
    assert '<a class="nav-link" href="/accounts/">Account</a>' in page


@ROLES
@pytest.mark.parametrize("url", LISTS + RECORDS)
def test_a_public_page_does_not_vary_on_cookies(logged_in, pages, url):
    url = pages.get(url, url)
    for response in [logged_in.get(url), Client().get(url), logged_in.get(url)]:
        assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize("visitor", ["anonymous", "logged in"])
def test_an_edit_shows_at_once_to_either_visitor(client, secretariat_user, cior, visitor):
    if visitor == "logged in":
        client.force_login(secretariat_user)
    association = NationalAssociationFactory(confederation=cior, name="Old Name Association")
    assert "Old Name Association" in visit(client, "/nations/")[0]
    association.name = "New Name Association"
    association.save()
    page = visit(client, "/nations/")[0]
    assert "New Name Association" in page
    assert "Old Name Association" not in page


def leave_a_message(client, cior) -> None:
    """Apply for membership: "Thank you" waits in the messages cookie for the next page."""
    client.defaults["REMOTE_ADDR"] = "192.0.2.250"
    response = client.post("/apply/", form_data(cior, country="JP", category="associate"))
    assert response.status_code == 302
    assert "messages" in client.cookies


@pytest.mark.parametrize("visitor", ["anonymous", "logged in"])
def test_a_visitor_with_a_message_waiting_sees_it_on_a_kept_page(
    client, secretariat_user, cior, visitor
):
    if visitor == "logged in":
        client.force_login(secretariat_user)
    visit(Client(), "/nations/")  # kept
    leave_a_message(client, cior)
    assert "your application has been received" in visit(client, "/nations/")[0]
    assert client.cookies["messages"].value == ""  # shown once, then gone
    assert "your application has been received" not in visit(client, "/nations/")[0]


@pytest.mark.parametrize("visitor", ["anonymous", "logged in"])
def test_a_page_showing_a_message_is_not_kept_for_the_next_visitor(
    client, secretariat_user, cior, visitor
):
    if visitor == "logged in":
        client.force_login(secretariat_user)
    leave_a_message(client, cior)
    assert "your application has been received" in visit(client, "/nations/")[0]
    page, queries = visit(Client(), "/nations/")
    assert "your application has been received" not in page
    assert queries > 0  # rendered for this visitor, not the page with the message


def use_template(settings, tmp_path, name: str, text: str) -> None:
    (tmp_path / name).write_text(text)
    settings.TEMPLATES = [
        {**settings.TEMPLATES[0], "DIRS": [tmp_path, *settings.TEMPLATES[0]["DIRS"]]}
    ]


def test_a_public_view_renders_for_anyone_even_for_a_logged_in_visitor(
    secretariat_user, cior, settings, tmp_path
):
    use_template(
        settings,
        tmp_path,
        "home.html",
        "[{{ user.username }}|{% if perms.members %}may edit{% endif %}|"
        "{% if user.is_authenticated %}logged in{% endif %}]",
    )
    logged_in = Client()
    logged_in.force_login(secretariat_user)
    assert logged_in.get("/").content.decode() == "[||]"


def test_a_page_holding_a_csrf_token_is_not_kept(secretariat_user, cior, settings, tmp_path):
    use_template(settings, tmp_path, "home.html", "<form>{% csrf_token %}</form>")
    logged_in = Client()
    logged_in.force_login(secretariat_user)
    first, second = logged_in.get("/"), Client().get("/")
    assert "csrfmiddlewaretoken" in second.content.decode()
    assert second.content != first.content  # a token of its own, so rendered again
    assert not second.has_header("ETag")


# -- only what a page takes, spelt as its links spell it, is kept -------------------------


def keys_in_redis() -> list[bytes]:
    """The keys under this test run's prefix: pages, and the generation."""
    client = cache._cache.get_client()
    return list(client.scan_iter(match=f"{cache.key_prefix}:*", count=1000))


@pytest.fixture
def calendar(cior):
    """An event this year, hosted by Estonia and organised by a committee; and nothing in
    Redis under this run's prefix, not even the pages of earlier tests at the same
    addresses, which a page kept now would replace without adding a key."""
    if keys := keys_in_redis():
        cache._cache.get_client().delete(*keys)
    today = datetime.date.today()
    committee = CommitteeFactory(confederation=cior, code="CR-C", slug="cr-c")
    event = EventFactory(
        title_en="Kept Page Congress",
        starts_on=today,
        ends_on=today,
        confederations=[cior],
        host_nation=NationFactory(country="EE"),
        organising_committee=committee,
    )
    return {
        "list": "/events/",
        "month": f"/events/month/{today.year}/{today.month}/",
        "feed": "/events/calendar.ics",
        "event": event,
    }


MADE_UP = {
    "confederation": [f"made-up-{n}" for n in range(20)],
    "committee": [f"made-up-{n}" for n in range(20)],
    # Three letters each: ten that are no country, ten countries not in the registry.
    "nation": [f"zz{letter}" for letter in "abcdefghij"]
    + ["fra", "deu", "ita", "esp", "pol", "nor", "dnk", "nld", "bel", "prt"],
    "kind": [f"made-up-{n}" for n in range(20)],
    "year": [str(year) for year in range(1990, 2010)],  # the calendar has this year's
    "page": [str(number) for number in range(2, 12)]  # it has one page
    + ["0", "-1", "x", "1.5", "1e3", "", "one", "NaN", "99999999999999999999", "²"],
}


@pytest.mark.parametrize("where", ["list", "month", "feed"])
@pytest.mark.parametrize("name", sorted(MADE_UP))
def test_twenty_made_up_values_of_a_filter_store_nothing_in_redis(client, calendar, where, name):
    url = calendar[where]
    page_cache.generation()
    before = len(keys_in_redis())
    statuses = {client.get(url, {name: value}).status_code for value in MADE_UP[name]}
    assert len(keys_in_redis()) == before
    if name != "page":
        assert statuses == {400}  # the filter's error, named
    elif where == "list":
        assert statuses == {404}  # no such page
    else:
        assert statuses == {200}  # a parameter it does not take: answered, not kept


ACCEPTED = {
    "confederation": "cior",
    "committee": "cr-c",
    "nation": "est",
    "kind": "summer-congress",
    "year": str(datetime.date.today().year),
}


@pytest.mark.parametrize("where", ["list", "month", "feed"])
@pytest.mark.parametrize("name", sorted(ACCEPTED))
def test_a_value_the_filter_takes_is_kept_once(client, calendar, where, name):
    url = f"{calendar[where]}?{name}={ACCEPTED[name]}"
    page_cache.generation()
    before = len(keys_in_redis())
    assert "Kept Page Congress" in visit(client, url)[0]
    assert len(keys_in_redis()) == before + 1
    assert visit(client, url)[1] == 0


def test_a_page_number_the_calendar_has_is_kept_once(client, calendar):
    page_cache.generation()
    before = len(keys_in_redis())
    visit(client, "/events/?page=1")
    assert len(keys_in_redis()) == before + 1
    assert visit(client, "/events/?page=1")[1] == 0


@pytest.mark.parametrize(
    "query",
    [
        "nation=EST",
        "nation=Est",
        "committee=CR-C",
        "confederation=CIOR",
        "year=0" + str(datetime.date.today().year),
        "year=%20" + str(datetime.date.today().year),
        "year=" + str(datetime.date.today().year) + ".0",
        "kind=",
        "kind=summer-congress&nation=",
    ],
)
@pytest.mark.parametrize("where", ["list", "month", "feed"])
def test_a_value_spelt_otherwise_than_the_links_spell_it_is_answered_but_not_kept(
    client, calendar, where, query
):
    url = f"{calendar[where]}?{query}"
    page_cache.generation()
    before = len(keys_in_redis())
    for _ in "12":
        response = client.get(url)
        assert response.status_code == 200
        assert "Kept Page Congress" in response.content.decode()
    assert len(keys_in_redis()) == before


@pytest.mark.parametrize("number", ["01", " 1", "1 ", "+1"])
def test_a_page_number_spelt_otherwise_is_answered_but_not_kept(client, calendar, number):
    page_cache.generation()
    before = len(keys_in_redis())
    assert client.get("/events/", {"page": number}).status_code == 200
    assert len(keys_in_redis()) == before


def test_a_nation_named_in_capitals_is_answered_but_only_its_linked_page_kept(client, calendar):
    page_cache.generation()
    before = len(keys_in_redis())
    assert "Estonia" in visit(client, "/nations/EST/")[0]
    assert len(keys_in_redis()) == before
    visit(client, "/nations/est/")
    assert len(keys_in_redis()) == before + 1


@pytest.mark.parametrize(
    "url",
    [
        "/nations/zzz/",  # no country
        "/nations/fra/",  # a country not in the registry
        "/nations/233/",  # Estonia's numeric code
        "/nations/ee/",  # and its two letters
        "/committees/made-up/",
        "/committees/CR-C/",  # slugs are lower case
        "/events/made-up/",
        "/events/made-up.ics",
        "/events/month/1947/1/",
        "/events/month/2027/13/",
    ],
)
def test_an_unknown_record_is_not_found_and_nothing_kept(client, calendar, url):
    page_cache.generation()
    before = len(keys_in_redis())
    assert [client.get(url).status_code for _ in "12"] == [404, 404]
    assert len(keys_in_redis()) == before


@pytest.mark.parametrize(
    "query", ["?&", "?&&", "?&&&", "?confederation=%63ior", "?confederation=cior&"]
)
def test_a_query_string_the_pages_links_never_write_is_answered_but_not_kept(
    client, calendar, query
):
    page_cache.generation()
    before = len(keys_in_redis())
    assert client.get(f"/events/{query}").status_code == 200
    assert len(keys_in_redis()) == before


def test_the_same_filters_in_another_order_are_one_page_kept(client, calendar):
    visit(client, "/events/?confederation=cior&year=" + ACCEPTED["year"])
    page_cache.generation()
    before = len(keys_in_redis())
    with CaptureQueriesContext(connection) as queries:
        client.get("/events/?year=" + ACCEPTED["year"] + "&confederation=cior")
    assert (len(queries), len(keys_in_redis())) == (0, before)
