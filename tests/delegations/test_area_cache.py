"""The vice president's area is kept for the session it was rendered for
(confed.personal_cache): asked again, it comes without a query, until anything changes;
nobody else is ever given it."""

import datetime
import re

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from confed import cache as page_cache
from confed import personal_cache
from confed.models import PagesToRetire
from delegations import services
from governance.selectors import current_vice_president
from tests.delegations.conftest import vice_president

pytestmark = pytest.mark.django_db

AREA = "/delegations/"


def visit(client: Client, url: str = AREA) -> tuple[str, int]:
    """The page's text and the queries it took."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


@pytest.fixture
def vp_client(client, estonian_vp, meeting) -> Client:
    client.force_login(estonian_vp)
    visit(client)  # a first visit: the CSRF cookie its forms' token is of
    return client


def test_the_area_asked_again_comes_from_the_cache_without_a_query(vp_client):
    first, queries_first = visit(vp_client)
    second, queries_second = visit(vp_client)
    assert queries_first > 0
    assert queries_second == 0
    assert second == first
    assert "Mid-Winter Meeting 2027" in second


def test_an_edit_shows_at_once(vp_client, estonia, meeting):
    visit(vp_client)
    page, queries = visit(vp_client)
    assert ("not started" in page, queries) == (True, 0)  # kept
    services.add_member(
        association=estonia,
        event=meeting,
        person=current_vice_president(estonia).person,
        role="head",
    )
    page, queries = visit(vp_client)
    assert queries > 0
    assert "not started" not in page
    assert "draft" in page


def test_a_meeting_renamed_shows_at_once(vp_client, meeting):
    visit(vp_client)
    assert visit(vp_client)[1] == 0  # kept
    meeting.title_en = "Mid-Winter Meeting 2027 in Tallinn"
    meeting.save()
    assert "Mid-Winter Meeting 2027 in Tallinn" in visit(vp_client)[0]


def test_another_vice_president_is_never_given_the_page(estonia, latvia, meeting):
    """Not even with the same CSRF cookie: the page is of the session."""
    estonian = Client()
    estonian.force_login(vice_president(estonia, "vp-est"))
    latvian = Client()
    latvian.force_login(vice_president(latvia, "vp-lva"))
    visit(estonian)
    latvian.cookies[settings.CSRF_COOKIE_NAME] = estonian.cookies[settings.CSRF_COOKIE_NAME].value
    for _ in range(2):
        estonians, latvians = visit(estonian)[0], visit(latvian)[0]
        assert ("Estonia" in estonians, "Latvia" in estonians) == (True, False)
        assert ("Latvia" in latvians, "Estonia" in latvians) == (True, False)


def test_a_session_ended_is_not_given_the_page_it_was_kept_for(vp_client):
    visit(vp_client)
    assert visit(vp_client)[1] == 0  # kept
    old_session = vp_client.cookies[settings.SESSION_COOKIE_NAME].value
    csrf = vp_client.cookies[settings.CSRF_COOKIE_NAME].value
    vp_client.post(reverse("logout"))
    replayed = Client()
    replayed.cookies[settings.SESSION_COOKIE_NAME] = old_session
    replayed.cookies[settings.CSRF_COOKIE_NAME] = csrf
    response = replayed.get(AREA)
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_password_changed_elsewhere_ends_the_other_sessions_page(vp_client, estonian_vp):
    visit(vp_client)
    assert visit(vp_client)[1] == 0
    estonian_vp.set_password("a-new-long-passphrase")
    estonian_vp.save()
    response = vp_client.get(AREA)
    assert response.status_code == 302  # the session's hash no longer matches


def test_a_page_with_a_message_is_neither_served_from_the_cache_nor_kept(vp_client):
    visit(vp_client)
    renewed = vp_client.post(reverse("delegations:renew_private_feed"), follow=True)
    assert "has a new address" in renewed.content.decode()
    page, queries = visit(vp_client)
    assert queries > 0
    assert "has a new address" not in page
    assert "webcal://" in page  # the renewal shows: the edit retired the page


def test_the_csrf_token_of_a_kept_page_is_accepted(estonian_vp, meeting):
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(estonian_vp)
    visit(strict)  # given the CSRF cookie
    visit(strict)  # with it: kept
    page, queries = visit(strict)
    assert queries == 0
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = strict.post(
        reverse("delegations:renew_private_feed"), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_a_visit_without_a_csrf_cookie_is_given_the_cookie_of_its_token(
    client, estonian_vp, meeting
):
    """As wrk or a script asks, with the session cookie alone: the page kept for such a
    visit comes with the CSRF cookie its token is of, and the token is accepted."""
    client.force_login(estonian_vp)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    visits = []
    for _ in range(2):
        bare = Client(enforce_csrf_checks=True)
        bare.cookies[settings.SESSION_COOKIE_NAME] = session
        page, queries = visit(bare)
        visits.append((bare, page, queries))
    (_first, first, queries_first), (second_client, second, queries_second) = visits
    assert (queries_first > 0, queries_second) == (True, 0)
    assert second == first
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', second).group(1)
    response = second_client.post(
        reverse("delegations:renew_private_feed"), {"csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302


def test_the_page_says_private_whether_kept_or_not(vp_client):
    for _ in range(2):
        assert "private" in vp_client.get(AREA)["Cache-Control"]


def test_a_page_kept_yesterday_is_not_served_today(vp_client, time_machine):
    visit(vp_client)
    assert visit(vp_client)[1] == 0
    time_machine.move_to(datetime.datetime(2027, 1, 6, 12, 0, tzinfo=datetime.UTC))
    assert visit(vp_client)[1] > 0


def test_french_and_english_are_kept_apart(vp_client):
    visit(vp_client, "/fr/delegations/")
    assert "Délégations" in visit(vp_client, "/fr/delegations/")[0]
    assert "Délégations" not in visit(vp_client)[0]


class Recording:
    """The cache, with the time each page is kept for written down."""

    def __init__(self, real) -> None:
        self.real, self.timeouts = real, []

    def get_many(self, keys):
        return self.real.get_many(keys)

    def set(self, key, value, timeout):
        self.timeouts.append(timeout)
        return self.real.set(key, value, timeout)


def test_a_page_is_kept_no_longer_than_its_session(vp_client, monkeypatch):
    session = vp_client.session
    session.set_expiry(120)
    session.save()
    recording = Recording(cache)
    monkeypatch.setattr(personal_cache, "cache", recording)
    visit(vp_client)
    assert len(recording.timeouts) == 1
    assert 0 < recording.timeouts[0] <= 120


def test_the_page_is_not_kept_when_the_cache_is_off(vp_client, settings):
    settings.PERSONAL_PAGE_CACHE_SECONDS = 0
    visit(vp_client)
    assert visit(vp_client)[1] > 0


def test_a_retirement_owed_while_redis_was_away_retires_the_personal_pages_too(vp_client):
    visit(vp_client)
    assert visit(vp_client)[1] == 0
    PagesToRetire.objects.create(pk=1, since=datetime.datetime.now(tz=datetime.UTC))
    before = cache.get(personal_cache.GENERATION_KEY)
    assert page_cache.retire_owed_pages()
    assert cache.get(personal_cache.GENERATION_KEY) != before
    assert visit(vp_client)[1] > 0
