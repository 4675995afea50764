"""A written vote between meetings: the seats vote in the portal; those that have not
are reminded once each before it closes; it closes by itself at its time."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from confed.models import Email
from council import services
from council.models import Poll, Session
from reminders import services as reminders
from tests.council.conftest import decision_item
from tests.factories import OfficeFactory, PersonFactory, TermFactory, UserFactory

pytestmark = pytest.mark.django_db
D = datetime.date


def at(time_machine, day: datetime.date, hour: int = 10) -> None:
    time_machine.move_to(
        datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC), tick=False
    )


def scan_and_send(time_machine, day: datetime.date) -> list[tuple[str, str]]:
    at(time_machine, day)
    for reminder_id in reminders.scan(today=day).to_send:
        reminders.deliver(reminder_id)
    sent = sorted((m.to[0], m.subject) for m in mail.outbox)
    mail.outbox.clear()
    return sent


@pytest.fixture
def written_vote(cior, five, time_machine):
    """The presidency puts a motion to a written vote on 1 March 2027, closing on the
    8th at 18:00; CIOR reminds two days before the close."""
    at(time_machine, D(2027, 3, 1))
    session = Session.objects.create(confederation=cior, held_on=D(2027, 3, 1))
    item = decision_item(session, title="Move the 2028 Mid-Winter Meeting")
    poll = services.open_poll(
        item=item, closes_at=datetime.datetime(2027, 3, 8, 18, tzinfo=datetime.UTC)
    )
    mail.outbox.clear()
    return poll


def test_each_seat_that_has_not_voted_is_reminded_exactly_once(five, written_vote, time_machine):
    poll = written_vote
    seats = {seat.association_id: seat for seat in poll.item.session.seats.all()}
    voter, voter_user = next(iter(five.items()))
    services.cast_vote(poll=poll, seat=seats[voter.pk], choice="yes", by=voter_user)

    assert scan_and_send(time_machine, D(2027, 3, 5)) == []  # three days before: not yet
    first = scan_and_send(time_machine, D(2027, 3, 6))
    again = scan_and_send(time_machine, D(2027, 3, 6))
    later = scan_and_send(time_machine, D(2027, 3, 7))

    expected = sorted(user.email for association, user in five.items() if association != voter)
    assert [to for to, _subject in first] == expected
    assert all("Move the 2028 Mid-Winter Meeting" in subject for _to, subject in first)
    assert again == []
    assert later == []


def test_a_seat_that_votes_before_its_reminder_goes_is_not_reminded(
    five, written_vote, time_machine
):
    poll = written_vote
    at(time_machine, D(2027, 3, 6))
    owed = reminders.scan(today=D(2027, 3, 6)).to_send
    association, user = next(iter(five.items()))
    seat = poll.item.session.seats.get(association=association)
    services.cast_vote(poll=poll, seat=seat, choice="no", by=user)

    outcomes = [reminders.deliver(pk) for pk in owed]

    assert outcomes.count("obsolete") == 1
    assert user.email not in [m.to[0] for m in mail.outbox]


def test_a_written_vote_closes_by_itself_at_its_time(five, written_vote, time_machine):
    poll = written_vote
    seats = {seat.association_id: seat for seat in poll.item.session.seats.all()}
    for association, user in list(five.items())[:3]:
        services.cast_vote(poll=poll, seat=seats[association.pk], choice="yes", by=user)

    at(time_machine, D(2027, 3, 8), hour=17)
    assert services.close_written_votes() == 0
    at(time_machine, D(2027, 3, 8), hour=18)
    assert services.close_written_votes() == 1

    poll.refresh_from_db()
    # Three of five voted: the quorum (3) is met by those who voted.
    assert (poll.outcome, poll.yes, poll.present, poll.quorum) == ("carried", 3, 3, 3)


def test_a_written_vote_without_enough_votes_has_no_quorum(five, written_vote, time_machine):
    poll = written_vote
    seats = {seat.association_id: seat for seat in poll.item.session.seats.all()}
    for association, user in list(five.items())[:2]:
        services.cast_vote(poll=poll, seat=seats[association.pk], choice="yes", by=user)
    at(time_machine, D(2027, 3, 9))
    services.close_written_votes()

    poll.refresh_from_db()
    assert poll.outcome == "no-quorum"


def test_a_vote_after_its_time_is_refused_even_before_the_close_runs(
    five, written_vote, time_machine
):
    poll = written_vote
    association, user = next(iter(five.items()))
    seat = poll.item.session.seats.get(association=association)
    at(time_machine, D(2027, 3, 8), hour=19)

    with pytest.raises(Exception, match="has closed"):
        services.cast_vote(poll=poll, seat=seat, choice="yes", by=user)


def test_the_presidency_puts_a_motion_to_a_written_vote_from_the_portal(
    client, cior, five, time_machine
):
    at(time_machine, D(2027, 3, 1))
    president = PersonFactory(user=UserFactory(username="president"))
    office = OfficeFactory(confederation=cior, kind="president", held_by_presidency=True)
    TermFactory(office=office, person=president, starts_on=D(2026, 8, 1), ends_on=D(2028, 8, 1))
    client.force_login(president.user)
    url = reverse("council:written_vote")
    data = {"confederation": cior.pk, "title_en": "Move the meeting to Vilnius",
            "business": "other", "method": "roll-call", "days": "7"}  # fmt: skip

    refused = client.post(url, {**data, "days": "0"})
    response = client.post(url, data)

    assert refused.status_code == 400
    poll = Poll.objects.get()
    assert response.url == poll.get_absolute_url()
    assert poll.closes_at == datetime.datetime(2027, 3, 8, 10, tzinfo=datetime.UTC)
    assert poll.item.session.by_correspondence
    sent = Email.objects.filter(template="council/emails/written_vote")
    assert sorted(e for email in sent for e in email.to) == sorted(u.email for u in five.values())
    # A head of delegation outside the presidency has no such page.
    client.force_login(next(iter(five.values())))
    assert client.get(url).status_code == 404
