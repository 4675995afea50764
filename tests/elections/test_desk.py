"""The secretariat's desk lists the elections' work: a call past its last day, an
election decided whose term waits for its seat, a candidature waiting."""

import datetime

import pytest
from django.urls import reverse

from elections import services
from tests.factories import PersonFactory, TermFactory

from .conftest import accepted, close, elect_by_hands, open_call

pytestmark = pytest.mark.django_db


def desk(client) -> dict[str, int]:
    """The elections' lines: each one's text and the number of rows its link lists."""
    lines = client.get(reverse("admin:index")).context["work_waiting"]
    return {
        line.text: client.get(line.url).context["cl"].result_count
        for line in lines
        if any(word in line.text for word in ("call for", "election", "candidature"))
    }


def test_a_call_past_its_last_day_is_on_the_desk_until_closed(
    secretariat_client, secretariat_user, office, heads, time_machine
):
    call = open_call(office)
    time_machine.move_to(datetime.datetime(2027, 1, 16, 9, tzinfo=datetime.UTC))
    secretariat_client.force_login(secretariat_user)  # a login weeks old has expired
    assert desk(secretariat_client) == {"1 call for nominations is past its last day: close it": 1}
    services.close_call(call=call)
    assert desk(secretariat_client) == {}


def test_an_election_whose_term_waits_for_its_seat_is_on_the_desk(
    secretariat_client, office, heads, session
):
    estonia, user = next(iter(heads.items()))
    call = open_call(office, session=session)
    nomination = accepted(call, estonia, user)
    close(call, nomination)
    TermFactory(office=office, person=PersonFactory(), starts_on=datetime.date(2026, 7, 1),
                ends_on=None)  # fmt: skip
    elect_by_hands(session, dict.fromkeys(heads, "yes"))
    lines = desk(secretariat_client)
    assert lines == {
        "1 election is decided, but the term is not opened: the seat was held at that time": 1
    }


def test_a_candidature_waiting_is_on_the_desk(secretariat_client, heads):
    association, user = next(iter(heads.items()))
    services.apply(association=association, kind="congress", year=2030, statement="Come.",
                   by=user)  # fmt: skip
    assert desk(secretariat_client) == {"1 candidature waits to be put on a session's agenda": 1}
