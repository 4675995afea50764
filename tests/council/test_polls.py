"""A session's business from the agenda to the register: motions, proxies, votes,
results and minutes, and the refusals a hurried person meets on the way."""

import datetime
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from pypdf import PdfReader

from confed.models import Email
from council import selectors, services
from council.models import Ballot, CouncilRules, Minutes, Motion, Poll
from delegations import services as delegation_services
from delegations.models import Delegation
from documents.models import Document
from governance.models import CouncilDecision
from tests.council.conftest import decision_item, meeting_session, member, opened
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


def seats_of(session) -> dict:
    return {seat.association_id: seat for seat in session.seats.all()}


def vote_all(poll, five, seats, choices):
    for (association, user), choice in zip(five.items(), choices, strict=False):
        services.cast_vote(poll=poll, seat=seats[association.pk], choice=choice, by=user)


def test_sending_the_agenda_emails_each_head_of_delegation_once(five, session):
    decision_item(session)

    assert services.publish_agenda(session=session) is True
    assert services.publish_agenda(session=session) is False

    sent = Email.objects.filter(template="council/emails/agenda")
    assert sorted(e for email in sent for e in email.to) == sorted(
        user.email for user in five.values()
    )


def test_the_public_agenda_waits_for_the_heads_of_delegation(session):
    decision_item(session)
    with pytest.raises(ValidationError, match="heads of delegation before"):
        services.publish_agenda(session=session, to_public=True)


def test_a_poll_carries_with_its_figures_and_goes_into_the_register(five, session):
    item = decision_item(session, title="Admit Iceland", business="admission")
    opened(session)
    poll = services.open_poll(item=item)
    vote_all(poll, five, seats_of(session), ["yes", "yes", "yes", "no", "abstain"])

    assert services.close_poll(poll=poll) is True
    assert services.close_poll(poll=poll) is False

    poll.refresh_from_db()
    assert (poll.outcome, poll.yes, poll.no, poll.abstain) == ("carried", 3, 1, 1)
    assert (poll.seats_with_a_vote, poll.present, poll.quorum) == (5, 5, 3)
    assert poll.majority == "two-thirds"  # an admission, by default
    decision = CouncilDecision.objects.get(agenda_item=item)
    assert (decision.kind, decision.outcome, decision.summary) == (
        "admission",
        "approved",
        "Admit Iceland",
    )
    assert (decision.votes_for, decision.votes_against, decision.abstentions) == (3, 1, 1)


def test_a_tie_does_not_carry_and_is_recorded_as_rejected(five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    vote_all(poll, five, seats_of(session), ["yes", "yes", "no", "no", "abstain"])
    services.close_poll(poll=poll)

    poll.refresh_from_db()
    assert poll.outcome == "not-carried"
    assert CouncilDecision.objects.get(agenda_item=item).outcome == "rejected"


def test_a_poll_that_lost_its_quorum_by_the_close_decides_nothing(five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    services.mark_attendance(session=session, present=set())  # the room emptied
    services.close_poll(poll=poll)

    poll.refresh_from_db()
    assert (poll.outcome, poll.present, poll.quorum) == ("no-quorum", 0, 3)
    assert not CouncilDecision.objects.exists()
    # The item may be put to the vote again.
    services.mark_attendance(session=session, present={s.pk for s in session.seats.all()})
    assert services.open_poll(item=item).pk != poll.pk


def test_a_second_vote_from_a_seat_is_refused_and_the_first_stands(five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    association, user = next(iter(five.items()))
    seat = seats_of(session)[association.pk]
    services.cast_vote(poll=poll, seat=seat, choice="yes", by=user)

    with pytest.raises(ValidationError, match="has voted in this poll already"):
        services.cast_vote(poll=poll, seat=seat, choice="no", by=user)

    assert list(Ballot.objects.values_list("choice", flat=True)) == ["yes"]


def test_a_vote_after_the_close_is_refused(five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    services.close_poll(poll=poll)
    association, user = next(iter(five.items()))

    with pytest.raises(ValidationError, match="has closed"):
        services.cast_vote(
            poll=poll, seat=seats_of(session)[association.pk], choice="yes", by=user
        )
    assert not Ballot.objects.exists()


def test_the_database_refuses_a_ballot_in_a_closed_poll_and_any_change_of_one(five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    association, user = next(iter(five.items()))
    seat = seats_of(session)[association.pk]
    ballot = services.cast_vote(poll=poll, seat=seat, choice="yes", by=user)
    services.close_poll(poll=poll)

    for write in (
        lambda: Ballot.objects.filter(pk=ballot.pk).update(choice="no"),
        lambda: Ballot.objects.filter(pk=ballot.pk).delete(),
        lambda: Poll.objects.filter(pk=poll.pk).update(yes=0),
        lambda: Ballot.objects.create(poll=poll, seat=list(seats_of(session).values())[1]),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            write()


def test_only_who_holds_the_seat_casts_it(five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    (first, _), (_, second_user) = list(five.items())[:2]

    with pytest.raises(ValidationError, match="do not hold this seat"):
        services.cast_vote(
            poll=poll, seat=seats_of(session)[first.pk], choice="yes", by=second_user
        )


def test_an_absent_seat_does_not_vote_from_the_portal(five, session):
    associations = list(five)
    item = decision_item(session)
    opened(session, present=associations[:4])
    poll = services.open_poll(item=item)

    with pytest.raises(ValidationError, match="not marked this seat present"):
        services.cast_vote(
            poll=poll,
            seat=seats_of(session)[associations[4].pk],
            choice="yes",
            by=five[associations[4]],
        )


def test_a_proxy_holder_casts_both_seats_and_the_giver_none(five, session):
    associations = list(five)
    item = decision_item(session)
    services.publish_agenda(session=session)
    services.give_proxy(session=session, giver=associations[1], holder=associations[0])
    opened(session, present=[associations[0], *associations[2:]])
    poll = services.open_poll(item=item)
    seats = seats_of(session)

    cast = selectors.castable_seats(five[associations[0]], session)
    assert sorted((s.association_id, proxy) for s, proxy in cast) == sorted(
        [(associations[0].pk, False), (associations[1].pk, True)]
    )
    assert selectors.castable_seats(five[associations[1]], session) == []
    ballot = services.cast_vote(
        poll=poll, seat=seats[associations[1].pk], choice="no", by=five[associations[0]]
    )
    assert ballot.by_proxy


def test_a_proxy_beyond_the_cap_is_refused(cior, five, session):
    CouncilRules.objects.create(confederation=cior, proxies_per_holder=1)
    associations = list(five)
    services.give_proxy(session=session, giver=associations[1], holder=associations[0])

    with pytest.raises(ValidationError, match="holds 1 proxy already"):
        services.give_proxy(session=session, giver=associations[2], holder=associations[0])
    # Nor may a holder give its own vote away, nor the giver hold one.
    with pytest.raises(ValidationError, match="holds a proxy"):
        services.give_proxy(session=session, giver=associations[0], holder=associations[3])
    with pytest.raises(ValidationError, match="given its own vote away"):
        services.give_proxy(session=session, giver=associations[3], holder=associations[1])


def test_a_proxy_is_revocable_until_the_session_opens(five, session):
    associations = list(five)
    proxy = services.give_proxy(session=session, giver=associations[1], holder=associations[0])
    assert services.revoke_proxy(proxy=proxy) is True
    again = services.give_proxy(session=session, giver=associations[1], holder=associations[2])
    opened(session)

    with pytest.raises(ValidationError, match="until the session opens"):
        services.revoke_proxy(proxy=again)


def test_the_secretariat_records_a_show_of_hands_seat_by_seat(five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    seats = list(seats_of(session).values())
    association, user = next(iter(five.items()))
    services.cast_vote(poll=poll, seat=seats_of(session)[association.pk], choice="no", by=user)

    recorded = services.record_show_of_hands(poll=poll, choices={seat.pk: "yes" for seat in seats})

    assert recorded == 4  # the seat that voted in the portal keeps its vote
    assert sorted(Ballot.objects.values_list("choice", flat=True)) == ["no"] + ["yes"] * 4


def test_a_delegate_named_sits_instead_of_the_head(cior, five, session):
    association, head = next(iter(five.items()))
    delegate = PersonFactory(nation=association.nation, association=association)
    delegation_services.add_member(
        association=association, event=session.event, person=head.person, role="head"
    )
    delegation_services.add_member(
        association=association, event=session.event, person=delegate, role="delegate"
    )
    with pytest.raises(ValidationError, match="approved delegation"):
        services.name_delegate(session=session, association=association, person=delegate)
    delegation = Delegation.objects.get(association=association, event=session.event)
    delegation_services.submit(delegation=delegation)
    delegation_services.approve(delegation=delegation)

    assert services.name_delegate(session=session, association=association, person=delegate)
    opened(session)

    assert seats_of(session)[association.pk].sitting == delegate


def test_a_motion_goes_to_the_secretariat_and_onto_the_agenda(five, session, time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC), tick=False)
    association, user = next(iter(five.items()))
    paper = SimpleUploadedFile("reasons.pdf", b"%PDF-1.4\n%\xe2\xe3\n1 0 obj<<>>endobj\n")
    motion = services.submit_motion(
        session=session, association=association, title="Hold the 2031 congress in Riga",
        text="The council decides to hold the 2031 congress in Riga.", upload=paper, by=user,
    )  # fmt: skip
    amendment = services.submit_motion(
        session=session, association=association, title="Say Tallinn", text="Tallinn.",
        amends=motion, by=user,
    )  # fmt: skip
    assert Email.objects.filter(template="council/emails/motion_submitted").count() == 2

    item = services.accept_motion(motion=motion)
    under = services.accept_motion(motion=amendment)

    assert (item.kind, item.title_en, item.motion) == ("decision", motion.title, motion)
    assert under.parent == item
    assert [n for n, _ in selectors.agenda(session)] == ["1", "1.1"]
    assert list(item.papers.all()) == list(motion.papers.all())
    assert Document.objects.get().access == "council"
    assert Email.objects.filter(template="council/emails/motion_accepted").count() == 2


def test_a_motion_after_its_deadline_is_refused(five, session, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 1, 10, tzinfo=datetime.UTC), tick=False)
    association, user = next(iter(five.items()))

    with pytest.raises(ValidationError, match="were due by"):
        services.submit_motion(
            session=session, association=association, title="Late", text="Late.", by=user
        )
    assert not Motion.objects.exists()


def test_a_motion_returned_says_why_to_who_moved_it(five, session):
    association, user = next(iter(five.items()))
    motion = services.submit_motion(
        session=session, association=association, title="T", text="T.", by=user
    )
    with pytest.raises(ValidationError, match="Say why"):
        services.return_motion(motion=motion, reason="  ")

    assert services.return_motion(motion=motion, reason="Not for this council.") is True

    email = Email.objects.get(template="council/emails/motion_returned")
    assert email.to == [user.email]
    assert "Not for this council." in email.body


def test_minutes_are_drafted_approved_at_the_next_session_and_frozen(cior, five, session):
    item = decision_item(session, title="Adopt the budget", business="budget")
    opened(session)
    poll = services.open_poll(item=item)
    vote_all(poll, five, seats_of(session), ["yes", "yes", "yes", "no", "abstain"])
    services.close_poll(poll=poll)
    services.close_session(session=session)

    minutes = services.draft_minutes(session=session)
    assert "Adopt the budget" in minutes.text_en
    assert "For 3, against 1, abstentions 1" in minutes.text_en
    assert "Adopter le budget" not in minutes.text_fr  # the item has no French title here
    assert "Pour 3, contre 1, abstentions 1" in minutes.text_fr
    assert services.circulate_minutes(minutes=minutes) is True
    assert Email.objects.filter(template="council/emails/minutes").count() == 5

    following = meeting_session(cior, held_on=datetime.date(2027, 7, 26))
    approval = decision_item(following, title="Approve the minutes", minutes_of=session)
    opened(following)
    poll = services.open_poll(item=approval)
    vote_all(poll, five, seats_of(following), ["yes"] * 5)
    services.close_poll(poll=poll)

    minutes.refresh_from_db()
    assert minutes.is_approved
    document = minutes.document
    assert (document.kind, document.access, document.event) == (
        "minutes",
        "council",
        session.event,
    )
    with document.versions.get().file.open("rb") as kept:
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(kept.read())).pages)
    assert "Adopt the budget" in text
    with pytest.raises(ValidationError, match="approved"):
        services.draft_minutes(session=session)
    with pytest.raises(DatabaseError), transaction.atomic():
        Minutes.objects.filter(pk=minutes.pk).update(text_en="Rewritten")


def test_a_show_of_hands_for_a_seat_not_in_the_room_is_refused(five, session):
    associations = list(five)
    item = decision_item(session)
    opened(session, present=associations[:4])
    poll = services.open_poll(item=item)
    absent = session.seats.get(association=associations[4])

    with pytest.raises(ValidationError, match="not present or represented"):
        services.record_show_of_hands(poll=poll, choices={absent.pk: "yes"})
    assert not Ballot.objects.exists()


def test_a_proxy_to_an_association_without_a_head_of_delegation_is_refused(cior, five, session):
    headless = member(cior, "IS")
    with pytest.raises(ValidationError, match="no head of delegation in office"):
        services.give_proxy(session=session, giver=next(iter(five)), holder=headless)


def test_minutes_are_put_to_the_vote_only_once_drafted(cior, five, session):
    following = meeting_session(cior, held_on=datetime.date(2027, 7, 26))
    approval = decision_item(following, title="Approve the minutes", minutes_of=session)
    opened(following)

    with pytest.raises(ValidationError, match="Draft the minutes"):
        services.open_poll(item=approval)
