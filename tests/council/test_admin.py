"""The secretariat's side of the council's business in the admin: each change goes
through the services, is in the history with who made it, and a refusal is a message
beside the form, never a 500."""

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from council import services
from council.models import Motion, Poll, Proxy, Seat
from tests.council.conftest import decision_item, opened

pytestmark = pytest.mark.django_db


@pytest.fixture
def desk(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def act(desk, model: str, action: str, objects, **data):
    url = reverse(f"admin:council_{model}_changelist")
    return desk.post(
        url, {"action": action, ACTION_CHECKBOX_NAME: [o.pk for o in objects], **data}, follow=True
    )


def test_the_secretariat_sends_the_agenda_and_opens_the_session(desk, five, session):
    decision_item(session)

    sent = act(desk, "session", "send_agenda", [session]).content.decode()
    again = act(desk, "session", "send_agenda", [session]).content.decode()
    opened_page = act(desk, "session", "open_sessions", [session]).content.decode()

    assert "the agenda is sent to the heads of delegation" in sent
    assert "the agenda was sent already" in again
    assert "is open: mark who is present" in opened_page
    assert session.seats.count() == 5


def test_attendance_marked_on_the_roll_is_in_each_seats_history(
    desk, five, session, secretariat_user
):
    decision_item(session)
    services.publish_agenda(session=session)
    services.open_session(session=session)
    seats = list(session.seats.all())
    url = reverse("admin:council_session_roll", args=[session.pk])

    response = desk.post(url, {"present": [str(seats[0].pk), str(seats[1].pk)]}, follow=True)

    assert "Attendance saved: 2 seats changed." in response.content.decode()
    assert set(Seat.objects.filter(present=True)) == {seats[0], seats[1]}
    assert seats[0].history.latest().history_user == secretariat_user


def test_a_motion_accepted_or_returned_by_an_action_names_who(
    desk, five, session, secretariat_user
):
    association, user = next(iter(five.items()))
    first = services.submit_motion(
        session=session, association=association, title="First", text="A.", by=user
    )
    second = services.submit_motion(
        session=session, association=association, title="Second", text="B.", by=user
    )

    act(desk, "motion", "accept", [first])
    asked = act(desk, "motion", "return_to_mover", [second]).content.decode()
    empty = act(desk, "motion", "return_to_mover", [second], confirm="1", reason="").content
    returned = act(
        desk, "motion", "return_to_mover", [second], confirm="1", reason="Out of order."
    ).content.decode()

    assert "Why it is returned" in asked
    assert "This field is required" in empty.decode()
    assert "Second is returned." in returned
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status, second.return_reason) == (
        "accepted",
        "returned",
        "Out of order.",
    )
    assert first.history.latest().history_user == secretariat_user
    assert second.history.latest().history_user == secretariat_user


def test_a_proxy_from_a_letter_is_recorded_and_one_beyond_the_cap_refused(
    desk, five, session, secretariat_user
):
    associations = list(five)
    url = reverse("admin:council_proxy_add")
    data = {"session": session.pk, "giver": associations[1].pk, "holder": associations[0].pk,
            "from_letter": "on", "_save": "Save"}  # fmt: skip

    assert desk.post(url, data).status_code == 302
    refused = desk.post(url, {**data, "giver": associations[2].pk}, follow=True)

    proxy = Proxy.objects.get()
    assert (proxy.giver, proxy.holder, proxy.from_letter, proxy.given_by) == (
        associations[1],
        associations[0],
        True,
        secretariat_user,
    )
    assert proxy.history.latest().history_user == secretariat_user
    assert "holds 1 proxy already" in refused.content.decode()
    assert Proxy.objects.count() == 1
    act(desk, "proxy", "revoke", [proxy])
    proxy.refresh_from_db()
    assert proxy.revoked_at is not None


def test_a_poll_opened_recorded_by_hands_and_closed_in_the_admin(desk, five, session):
    item = decision_item(session)
    opened(session)

    asked = act(desk, "agendaitem", "open_poll", [item]).content.decode()
    act(desk, "agendaitem", "open_poll", [item], confirm="1", method="roll-call")
    poll = Poll.objects.get()
    hands = reverse("admin:council_poll_hands", args=[poll.pk])
    seats = list(session.seats.all())
    desk.post(hands, {f"seat-{seats[0].pk}": "yes", f"seat-{seats[1].pk}": "no"})
    closed = act(desk, "poll", "close", [poll]).content.decode()

    assert "Open a poll" in asked
    assert "is closed." in closed
    poll.refresh_from_db()
    assert (poll.yes, poll.no, poll.outcome) == (1, 1, "not-carried")
    # Nothing of a poll is edited in the admin.
    change = reverse("admin:council_poll_change", args=[poll.pk])
    assert desk.post(change, {"yes": 5}).status_code == 403


def test_a_poll_without_quorum_is_refused_with_the_figures(desk, five, session):
    item = decision_item(session)
    opened(session, present=[])

    page = act(
        desk, "agendaitem", "open_poll", [item], confirm="1", method="roll-call"
    ).content.decode()

    assert "No quorum: 0 of 5 seats with a vote are present or represented" in page
    assert not Poll.objects.exists()


def test_approved_minutes_open_read_only(desk, five, session, cior):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    services.close_poll(poll=poll)
    minutes = services.draft_minutes(session=session)
    url = reverse("admin:council_minutes_change", args=[minutes.pk])
    assert 'name="_save"' in desk.get(url).content.decode()
    services.approve_minutes(minutes=minutes)

    assert 'name="_save"' not in desk.get(url).content.decode()
    assert desk.post(url, {"text_en": "Rewritten"}).status_code == 403
    assert Motion.objects.count() == 0
