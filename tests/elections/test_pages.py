"""The elections' pages as a head of delegation, a nominee and an outsider use them, and
the candidatures for the presidency, up to the planned presidency."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council import services as council
from council.models import PollOutcome
from elections import services
from elections.models import CandidatureStatus, NominationStatus
from governance.selectors import rotations
from tests.council.conftest import members_with_heads, opened
from tests.factories import ConfederationFactory, OfficeFactory, UserFactory

from .conftest import accepted, close, delegate, open_call

pytestmark = pytest.mark.django_db


@pytest.fixture
def estonia(heads):
    return next(iter(heads.items()))


def test_a_head_of_delegation_nominates_from_the_calls_page(client, office, estonia):
    association, user = estonia
    call = open_call(office)
    person = delegate(association)
    client.force_login(user)
    page = client.get(reverse("elections:calls"))
    assert call.get_absolute_url() in page.content.decode()
    response = client.post(
        call.get_absolute_url(),
        {"association": association.pk, "nominee": person.pk, "statement": "Able and keen."},
    )
    assert response.status_code == 302
    nomination = call.nominations.get()
    assert (nomination.nominee, nomination.status) == (person, NominationStatus.NOMINATED)
    assert person.family_name in client.get(call.get_absolute_url()).content.decode()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"statement": ""}, "statement", "This field is required."),
        ({"nominee": "999999"}, "nominee", "Select a valid choice."),
        ({"nominee": "<script>"}, "nominee", "Select a valid choice."),
        ({"statement": "x" * 10001}, "statement", "at most 10000 characters"),
    ],
)
def test_a_hurried_nomination_is_refused_beside_its_field(
    client, office, estonia, data, field, message
):
    association, user = estonia
    call = open_call(office)
    person = delegate(association)
    client.force_login(user)
    posted = {"association": association.pk, "nominee": person.pk, "statement": "Able."}
    response = client.post(call.get_absolute_url(), {**posted, **data})
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not call.nominations.exists()


def test_a_rule_of_the_records_is_said_beside_the_nominee(client, office, estonia):
    association, user = estonia
    call = open_call(office)
    office.self_nomination = False
    office.save()
    client.force_login(user)
    response = client.post(
        call.get_absolute_url(),
        {"association": association.pk, "nominee": user.person.pk, "statement": "Me."},
    )
    assert response.status_code == 400
    assert "forbid nominating yourself" in " ".join(response.context["form"].errors["nominee"])


def test_someone_outside_the_council_finds_no_call(client, office, estonia):
    call = open_call(office)
    client.force_login(UserFactory())
    assert client.get(call.get_absolute_url()).status_code == 404
    assert client.get(reverse("elections:calls")).status_code == 404
    assert client.get(reverse("elections:candidatures")).status_code == 404


def test_the_nominee_accepts_and_may_change_their_mind_until_the_close(client, office, estonia):
    association, user = estonia
    call = open_call(office)
    nomination = services.nominate(
        call=call, nominee=delegate(association), association=association, statement="A", by=user
    )
    url = nomination.get_answer_url()
    page = client.get(url)
    assert page.status_code == 200
    assert "I accept" in page.content.decode()
    assert client.post(url, {"answer": "accept"}).status_code == 302
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    assert client.post(url, {"answer": "perhaps"}).status_code == 400
    client.post(url, {"answer": "decline"})
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.DECLINED
    close(call)
    response = client.post(url, {"answer": "accept"})
    assert response.status_code == 400
    assert "has closed" in response.content.decode()


def test_an_unknown_answer_link_is_not_found(client):
    url = reverse("elections:answer", kwargs={"token": "00000000-0000-0000-0000-000000000000"})
    assert client.get(url).status_code == 404


def test_the_call_and_its_list_make_as_many_queries_for_thirty_nominations_as_for_three(
    client, cior, office
):
    heads = members_with_heads(cior, 30)
    call = open_call(office)
    people = [(a, u) for a, u in heads.items()]
    user = people[0][1]
    client.force_login(user)

    def queries() -> tuple[int, int]:
        counts = []
        for url in (call.get_absolute_url(), reverse("elections:calls")):
            with CaptureQueriesContext(connection) as captured:
                assert client.get(url).status_code == 200
            counts.append(len(captured))
        return tuple(counts)

    for association, head in people[:3]:
        accepted(call, association, head)
    three = queries()
    for association, head in people[3:]:
        accepted(call, association, head)
    assert queries() == three


def test_a_vice_president_applies_for_the_presidency_and_sees_their_turn(client, cior, heads):
    association, user = next(iter(heads.items()))
    client.force_login(user)
    page = client.get(reverse("elections:candidatures"))
    assert "in the rotation" in page.content.decode()
    response = client.post(
        reverse("elections:candidatures"),
        {"association": association.pk, "kind": "presidency", "year": 2029, "statement": "Ready."},
    )
    assert response.status_code == 302
    assert association.candidatures.get().status == CandidatureStatus.SUBMITTED
    refused = client.post(
        reverse("elections:candidatures"),
        {"association": association.pk, "kind": "presidency", "year": 2040, "statement": "x"},
    )
    assert refused.status_code == 400
    assert "year" in refused.context["form"].errors


def test_the_candidatures_page_makes_as_many_queries_for_two_associations_as_for_one(
    client, cior, ciomr, heads
):
    """A vice president of CIOR's and CIOMR's associations of one nation: each its turn
    and its place in the form's choices, for the queries of one."""
    from governance import services as governance
    from tests.council.conftest import member

    association, user = next(iter(heads.items()))
    client.force_login(user)

    def queries() -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client.get(reverse("elections:candidatures"))
        assert response.status_code == 200
        return len(captured), response.content.decode()

    one, page = queries()
    assert (page.count("(CIOR)</option>"), page.count("(CIOMR)</option>")) == (1, 0)
    medical = member(ciomr, association.nation.country.code)
    governance.appoint(
        office=governance.national_vice_president_office(medical),
        person=user.person,
        starts_on=datetime.date(2020, 1, 1),
    )
    two, page = queries()
    assert two == one
    assert (page.count("(CIOR)</option>"), page.count("(CIOMR)</option>")) == (1, 1)
    assert ("(CIOR):" in page, "(CIOMR):" in page) == (True, True)  # each its turn


def test_an_approved_candidature_becomes_the_planned_presidency(cior, heads, session):
    association, user = next(iter(heads.items()))
    candidature = services.apply(
        association=association, kind="presidency", year=2030, statement="Ready.", by=user
    )
    services.put_on_agenda(candidature=candidature, session=session)
    poll = elect_by_hands_on_decision(session, heads)
    assert poll.outcome == PollOutcome.CARRIED
    candidature.refresh_from_db()
    presidency = candidature.presidency
    assert candidature.status == CandidatureStatus.APPROVED
    assert (presidency.association, presidency.starts_on) == (
        association,
        datetime.date(2030, 7, 1),
    )
    assert presidency.is_approved
    assert not presidency.handed_over
    # The rotation engine (and so the handover) reads it as the next presidency.
    assert rotations([cior.pk])[cior.pk].next_presidency == presidency


def test_a_congress_candidature_not_carried_is_not_approved(cior, heads, session):
    association, user = next(iter(heads.items()))
    candidature = services.apply(
        association=association, kind="congress", year=2031, statement="Come.", by=user
    )
    services.put_on_agenda(candidature=candidature, session=session)
    elect_by_hands_on_decision(session, heads, "no")
    candidature.refresh_from_db()
    assert candidature.status == CandidatureStatus.REJECTED
    assert candidature.presidency is None


def elect_by_hands_on_decision(session, heads, hand="yes"):
    opened(session)
    item = session.items.get(kind="decision")
    poll = council.open_poll(item=item)
    council.record_show_of_hands(poll=poll, choices={s.pk: hand for s in session.seats.all()})
    council.close_poll(poll=poll)
    poll.refresh_from_db()
    return poll


def test_a_confederation_elsewhere_is_not_offered(cior):
    other = ConfederationFactory(code="ciox", acronym="CIOX", position=3)
    office = OfficeFactory(confederation=other, code="treasurer", title_en="Treasurer")
    heads = members_with_heads(cior, 1)
    association, user = next(iter(heads.items()))
    call = open_call(office)
    with pytest.raises(ValidationError, match="Only a head of delegation of CIOX"):
        services.nominate(call=call, nominee=user.person, association=association,
                          statement="x", by=user)  # fmt: skip


def test_a_head_of_delegation_votes_for_a_candidate_from_the_poll_page(
    client, office, heads, session
):
    seats = list(heads.items())
    call = open_call(office, session=session)
    first, second = accepted(call, *seats[0]), accepted(call, *seats[1])
    close(call)
    first.refresh_from_db()
    second.refresh_from_db()
    opened(session)
    poll = council.open_poll(item=session.items.get(kind="election"), method="secret")
    association, user = seats[2]
    seat = session.seats.get(association=association)
    client.force_login(user)
    page = client.get(poll.get_absolute_url()).content.decode()
    assert first.candidate.name in page
    assert second.candidate.name in page
    assert ">Yes<" not in page  # between candidates, no yes or no
    hostile = client.post(poll.get_absolute_url(), {"seat": seat.pk, "candidate": "1; DROP"})
    assert hostile.status_code == 400
    refused = client.post(poll.get_absolute_url(), {"seat": seat.pk, "choice": "yes"})
    assert refused.status_code == 400
    assert "Choose a candidate, or abstain." in refused.content.decode()
    response = client.post(
        poll.get_absolute_url(), {"seat": seat.pk, "candidate": second.candidate_id}
    )
    assert response.status_code == 302
    assert poll.ballots.get().seat == seat
    council.close_poll(poll=poll)
    closed = client.get(poll.get_absolute_url()).content.decode()
    assert f"{second.candidate.name} is elected." in closed


def test_a_second_candidature_for_the_same_year_waits_for_the_first(cior, heads, session):
    (estonia, estonian), (latvia, latvian) = list(heads.items())[:2]
    first = services.apply(
        association=estonia, kind="presidency", year=2030, statement="Ready.", by=estonian
    )
    second = services.apply(
        association=latvia, kind="presidency", year=2030, statement="Also.", by=latvian
    )
    services.put_on_agenda(candidature=first, session=session)
    with pytest.raises(ValidationError, match="decides one at a time"):
        services.put_on_agenda(candidature=second, session=session)
