"""The edges people meet: a delegate sitting for the head, a refused proxy typed in
the portal, a secret poll seen from the admin, an agenda item put in the wrong
place, a written vote opened from the admin."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from confed.models import Email
from council import services
from council.models import AgendaItem, CouncilRules, Session
from delegations import services as delegation_services
from delegations.models import Delegation
from tests.council.conftest import decision_item, meeting_session, opened
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_delegate_named_for_the_head_sees_the_poll_and_casts_the_seat(client, five, session):
    association, head = next(iter(five.items()))
    delegate = PersonFactory(
        nation=association.nation, association=association, user=UserFactory(username="d")
    )
    for person, role in ((head.person, "head"), (delegate, "delegate")):
        delegation_services.add_member(
            association=association, event=session.event, person=person, role=role
        )
    delegation = Delegation.objects.get(association=association)
    delegation_services.submit(delegation=delegation)
    delegation_services.approve(delegation=delegation)
    services.name_delegate(session=session, association=association, person=delegate)
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    client.force_login(delegate.user)
    seat = session.seats.get(association=association)

    assert client.get(reverse("council:sessions")).status_code == 200
    assert client.get(poll.get_absolute_url()).status_code == 200
    response = client.post(poll.get_absolute_url(), {"seat": seat.pk, "choice": "yes"})

    assert response.status_code == 302
    assert poll.ballots.get().cast_by == delegate.user


def test_a_proxy_refused_in_the_portal_says_why_beside_the_field(client, cior, five, session):
    CouncilRules.objects.create(confederation=cior, proxies_per_holder=1)
    first, second, third = list(five)[:3]
    services.give_proxy(session=session, giver=second, holder=first)
    decision_item(session)
    services.publish_agenda(session=session)
    client.force_login(five[third])

    response = client.post(
        reverse("council:give_proxy", args=[session.pk, third.pk]),
        {f"proxy-{third.pk}-holder": first.pk},
    )

    assert response.status_code == 400
    assert "holds 1 proxy already" in response.content.decode()


def test_a_secret_polls_counts_and_times_stay_out_of_the_admin_until_the_close(
    secretariat_client, five, session
):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item, method="secret")
    association, user = next(iter(five.items()))
    seat = session.seats.get(association=association)
    services.cast_vote(poll=poll, seat=seat, choice="yes", by=user)
    url = reverse("admin:council_poll_change", args=[poll.pk])

    page = secretariat_client.get(url).content.decode()
    ballot_page = secretariat_client.get(
        reverse("admin:council_ballot_change", args=[poll.ballots.get().pk])
    ).content.decode()

    assert "field-yes" not in page
    assert "field-cast_at" not in page
    assert "field-cast_at" not in ballot_page
    assert secretariat_client.get(url + "history/").status_code == 404
    services.close_poll(poll=poll)
    assert "field-yes" in secretariat_client.get(url).content.decode()


def test_an_item_under_an_item_of_another_agenda_is_refused_beside_the_field(cior, five, session):
    other = meeting_session(cior, held_on=datetime.date(2027, 7, 26))
    elsewhere = decision_item(other)
    item = AgendaItem(session=session, position=1, kind="information", title_en="X",
                      parent=elsewhere, minutes_of=other)  # fmt: skip

    with pytest.raises(ValidationError) as refused:
        item.full_clean()

    assert set(refused.value.message_dict) == {"parent", "minutes_of"}


def test_a_written_vote_opened_in_the_admin_tells_the_heads_of_delegation(cior, five):
    session = Session.objects.create(confederation=cior, held_on=datetime.date.today())
    item = decision_item(session)

    services.open_poll(item=item, closes_at=datetime.datetime.now(datetime.UTC)
                       + datetime.timedelta(days=5))  # fmt: skip

    session.refresh_from_db()
    assert session.agenda_to_delegations_at is not None
    assert Email.objects.filter(template="council/emails/written_vote").count() == 5


def test_a_vote_in_a_closed_session_is_refused(five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    services.close_poll(poll=poll)
    services.close_session(session=session)

    with pytest.raises(ValidationError, match="This session is closed"):
        services.open_poll(item=item)
