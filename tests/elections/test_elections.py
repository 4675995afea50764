"""Nominations checked against the records, the nominee's answer, the council's vote
between one, two and three candidates, and the winner's term."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from council import services as council
from council.models import PollOutcome
from council.selectors import round_result
from delegations.models import Delegation
from elections import selectors, services
from elections.models import NominationStatus
from governance import services as governance
from governance.models import CouncilDecision, Office, OfficeKind, Presidency, Term
from tests.council.conftest import meeting_session, opened
from tests.factories import (
    ConfederationFactory,
    CouncilDecisionFactory,
    OfficeFactory,
    PersonFactory,
    TermFactory,
)

from .conftest import TERM_STARTS, accepted, close, delegate, elect_by_hands, open_call

pytestmark = pytest.mark.django_db


def refused(call, nominee, association, user, message):
    with pytest.raises(ValidationError) as error:
        services.nominate(
            call=call, nominee=nominee, association=association, statement="Able.", by=user
        )
    assert message in " ".join(error.value.messages)


def test_opening_a_call_emails_each_head_of_delegation_and_sets_the_terms_end(
    office, heads, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        call = open_call(office)
    assert call.term_ends_on == datetime.date(2029, 7, 1)  # the office's two years
    assert len(mailoutbox) == 5
    assert "Deputy Secretary General" in mailoutbox[0].subject


def test_a_head_nominates_a_delegate_who_accepts_from_the_link_in_the_email(
    office, heads, mailoutbox, django_capture_on_commit_callbacks
):
    estonia, user = next(iter(heads.items()))
    call = open_call(office)
    person = delegate(estonia)
    with django_capture_on_commit_callbacks(execute=True):
        nomination = services.nominate(
            call=call, nominee=person, association=estonia, statement="Twenty years.", by=user
        )
    assert mailoutbox[0].to == [person.email]
    assert nomination.get_answer_url() in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert services.answer_nomination(nomination=nomination, accept=True)
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    assert mailoutbox[-1].to == [user.email]  # the head who nominated is told


def test_nobody_outside_the_delegations_can_be_nominated(office, heads):
    estonia, user = next(iter(heads.items()))
    refused(open_call(office), PersonFactory(nation=estonia.nation), estonia, user,
            "is not a member of a delegation of CIOR")  # fmt: skip


def test_a_head_nominates_only_for_their_own_association(office, heads):
    (estonia, _user), (_latvia, latvian) = list(heads.items())[:2]
    refused(open_call(office), delegate(estonia), estonia, latvian,
            "Only a head of delegation of CIOR nominates")  # fmt: skip


def test_self_nomination_is_refused_where_the_office_forbids_it(office, heads):
    estonia, user = next(iter(heads.items()))
    call = open_call(office)
    assert services.nominate(
        call=call, nominee=user.person, association=estonia, statement="Me.", by=user
    )
    office.self_nomination = False
    office.save()
    other = open_call(office, term_starts_on=datetime.date(2029, 7, 1))
    refused(other, user.person, estonia, user, "forbid nominating yourself")


def test_an_office_of_the_presidency_team_goes_to_the_presidency_nation(cior, heads):
    (estonia, estonian), (latvia, latvian) = list(heads.items())[:2]
    office = OfficeFactory(
        confederation=cior, kind=OfficeKind.ASSISTANT_SECRETARY_GENERAL, code="asg-plans",
        title_en="ASG Plans", held_by_presidency=True,
    )  # fmt: skip
    Presidency.objects.create(
        confederation=cior, association=estonia, starts_on=datetime.date(2026, 8, 1),
        decision=CouncilDecisionFactory(confederation=cior),
    )  # fmt: skip
    call = open_call(office)
    refused(call, delegate(latvia), latvia, latvian, "belongs to the presidency's nation")
    assert services.nominate(
        call=call, nominee=delegate(estonia), association=estonia, statement="Ours.", by=estonian
    )


def test_one_seat_per_nation_where_the_rules_say_so(cior, heads):
    estonia, user = next(iter(heads.items()))
    office = OfficeFactory(
        confederation=cior, kind=OfficeKind.DEPUTY_SECRETARY_GENERAL, code="vp",
        title_en="Vice President", holders_at_once=2, one_seat_per_nation=True,
    )  # fmt: skip
    TermFactory(
        office=office, seat=1, person=delegate(estonia),
        starts_on=datetime.date(2026, 7, 1), ends_on=datetime.date(2028, 7, 1),
    )  # fmt: skip
    refused(open_call(office, seat=2), delegate(estonia), estonia, user, "one seat per nation")


def test_term_limits_count_the_terms_held_in_a_row(office, heads):
    estonia, user = next(iter(heads.items()))
    office.consecutive_terms = 2
    office.save()
    person = delegate(estonia)
    for start in (2023, 2025):
        TermFactory(
            office=office,
            person=person,
            starts_on=datetime.date(start, 7, 1),
            ends_on=datetime.date(start + 2, 6, 15),
        )  # a handover a fortnight early
    refused(open_call(office), person, estonia, user, "2 terms in a row")
    # After a term out of office, they may stand again.
    later = open_call(office, term_starts_on=datetime.date(2029, 7, 1))
    assert services.nominate(call=later, nominee=person, association=estonia, statement="Back.",
                             by=user)  # fmt: skip


def test_no_one_who_holds_a_conflicting_office_for_the_term(cior, office, heads):
    estonia, user = next(iter(heads.items()))
    treasurer = OfficeFactory(confederation=cior, kind=OfficeKind.ASSISTANT_SECRETARY_GENERAL,
                              code="treasurer", title_en="Treasurer")  # fmt: skip
    office.conflicting_offices.add(treasurer)
    person = delegate(estonia)
    TermFactory(office=treasurer, person=person, starts_on=datetime.date(2026, 1, 1),
                ends_on=datetime.date(2028, 1, 1))  # fmt: skip
    refused(open_call(office), person, estonia, user, "holds Treasurer for the term")
    # The rule reads both ways.
    assert list(treasurer.conflicting_offices.all()) == [office]


def test_nominations_close_on_the_calls_day(office, heads, time_machine):
    estonia, user = next(iter(heads.items()))
    call = open_call(office)
    time_machine.move_to(datetime.datetime(2027, 1, 16, 9, 0))
    refused(call, delegate(estonia), estonia, user, "Nominations for this call are closed")


def test_the_same_person_is_nominated_once_in_a_call(office, heads):
    (estonia, estonian), (latvia, latvian) = list(heads.items())[:2]
    call = open_call(office)
    person = estonian.person
    services.nominate(call=call, nominee=person, association=estonia, statement="A", by=estonian)
    refused(call, person, latvia, latvian, "nominated in this call already")


def test_a_nominee_who_declines_or_does_not_answer_is_not_a_candidate(office, heads, session):
    (estonia, estonian), (latvia, latvian), (lithuania, lithuanian) = list(heads.items())[:3]
    call = open_call(office, session=session)
    standing = accepted(call, estonia, estonian)
    declining = services.nominate(call=call, nominee=delegate(latvia), association=latvia,
                                  statement="B", by=latvian)  # fmt: skip
    services.answer_nomination(nomination=declining, accept=False)
    silent = services.nominate(call=call, nominee=delegate(lithuania), association=lithuania,
                               statement="C", by=lithuanian)  # fmt: skip
    item = close(call, standing)
    assert [c.name for c in item.candidates.all()] == [standing.candidate.name]
    silent.refresh_from_db()
    assert silent.status == NominationStatus.NO_ANSWER
    with pytest.raises(ValidationError, match="has closed"):
        services.answer_nomination(nomination=silent, accept=True)


def test_one_candidate_is_approved_and_given_the_term(
    office, heads, session, mailoutbox, django_capture_on_commit_callbacks
):
    estonia, user = next(iter(heads.items()))
    call = open_call(office, session=session)
    nomination = accepted(call, estonia, user)
    item = close(call, nomination)
    assert item.session == session
    assert item.majority == office.election_majority
    with django_capture_on_commit_callbacks(execute=True):
        poll = elect_by_hands(session, dict.fromkeys(heads, "yes"))
    assert poll.outcome == PollOutcome.CARRIED
    assert poll.elected == nomination.candidate
    call.refresh_from_db()
    term = call.term
    assert (term.person, term.starts_on, term.ends_on) == (
        nomination.nominee,
        TERM_STARTS,
        datetime.date(2029, 7, 1),
    )
    assert term.began_by == Term.BeganBy.ELECTED
    assert term.decision.kind == CouncilDecision.Kind.ELECTION
    assert nomination.nominee.name_with_rank in term.decision.summary
    assert any(m.to == [nomination.nominee.email] and "elected" in m.subject for m in mailoutbox)


def test_one_candidate_not_approved_is_not_elected(office, heads, session):
    estonia, user = next(iter(heads.items()))
    call = open_call(office, session=session)
    nomination = accepted(call, estonia, user)
    close(call)
    poll = elect_by_hands(session, dict.fromkeys(heads, "no"))
    assert poll.outcome == PollOutcome.NOT_CARRIED
    nomination.refresh_from_db()
    call.refresh_from_db()
    assert nomination.status == NominationStatus.NOT_ELECTED
    assert call.term is None


def test_between_two_each_seat_chooses_one_and_the_majority_elects(office, heads, session):
    seats = list(heads.items())
    call = open_call(office, session=session)
    first = accepted(call, *seats[0])
    second = accepted(call, *seats[1])
    close(call, first, second)
    a, b = first.candidate_id, second.candidate_id
    poll = elect_by_hands(session, dict(zip(heads, [a, b, b, b, "abstain"], strict=True)))
    assert poll.outcome == PollOutcome.CARRIED
    assert poll.elected_id == b
    assert {row.candidate_id: row.votes for row in poll.tally.all()} == {a: 1, b: 3}
    call.refresh_from_db()
    assert call.term.person == second.nominee
    first.refresh_from_db()
    assert first.status == NominationStatus.NOT_ELECTED


def test_between_three_without_a_majority_the_first_two_go_to_a_second_round(
    office, heads, session
):
    seats = list(heads.items())
    call = open_call(office, session=session)
    nominations = [accepted(call, *seats[i]) for i in range(3)]
    close(call, *nominations)
    a, b, c = (n.candidate_id for n in nominations)
    first_round = elect_by_hands(session, dict(zip(heads, [a, a, b, b, c], strict=True)))
    assert first_round.outcome == PollOutcome.NO_MAJORITY
    second_round = first_round.item.polls.get(round=2)
    assert set(second_round.tally.values_list("candidate_id", flat=True)) == {a, b}
    call.refresh_from_db()
    assert call.term is None  # nothing decided yet
    seat_of = {s.association_id: s.pk for s in session.seats.all()}
    with pytest.raises(ValidationError, match="does not stand in this round"):
        council.record_show_of_hands(poll=second_round, choices={seat_of[seats[4][0].pk]: str(c)})
    council.record_show_of_hands(
        poll=second_round,
        choices={
            seat_of[x.pk]: str(choice) for x, choice in zip(heads, [a, b, b, b, a], strict=True)
        },
    )
    council.close_poll(poll=second_round)
    second_round.refresh_from_db()
    assert second_round.outcome == PollOutcome.CARRIED
    assert second_round.elected_id == b
    call.refresh_from_db()
    assert call.term.person == nominations[1].nominee
    assert call.term.decision.votes_for == 3
    assert call.term.decision.votes_against == 2


def test_a_tie_in_the_second_round_elects_no_one(office, heads, session):
    seats = list(heads.items())
    call = open_call(office, session=session)
    first, second = accepted(call, *seats[0]), accepted(call, *seats[1])
    close(call, first, second)
    a, b = first.candidate_id, second.candidate_id
    round_one = elect_by_hands(session, dict(zip(heads, [a, a, b, b, "abstain"], strict=True)))
    assert round_one.outcome == PollOutcome.NO_MAJORITY
    round_two = round_one.item.polls.get(round=2)
    seat_of = {s.association_id: s.pk for s in session.seats.all()}
    council.record_show_of_hands(
        poll=round_two,
        choices={seat_of[x.pk]: str(v) for x, v in zip(heads, [a, a, b, b], strict=False)},
    )
    council.close_poll(poll=round_two)
    round_two.refresh_from_db()
    assert round_two.outcome == PollOutcome.NOT_CARRIED
    call.refresh_from_db()
    assert call.term is None


def test_a_secret_ballot_between_candidates_keeps_no_choice(office, heads, session):
    seats = list(heads.items())
    call = open_call(office, session=session)
    first, second = accepted(call, *seats[0]), accepted(call, *seats[1])
    close(call, first, second)
    opened(session)
    poll = council.open_poll(item=call.item if call.item else session.items.get(kind="election"),
                             method="secret")  # fmt: skip
    seat_of = {s.association_id: s for s in session.seats.all()}
    for (association, user), choice in zip(heads.items(), [1, 1, 1, 0, None], strict=True):
        candidate = [first, second][choice].candidate_id if choice is not None else None
        council.cast_vote(poll=poll, seat=seat_of[association.pk], by=user,
                          choice="" if candidate else "abstain", candidate=candidate)  # fmt: skip
    assert set(poll.ballots.values_list("choice", "candidate")) == {("", None)}
    council.close_poll(poll=poll)
    poll.refresh_from_db()
    assert poll.elected_id == second.candidate_id
    assert poll.abstain == 1


def test_a_call_whose_seat_is_held_for_the_term_is_not_closed(office, heads, session):
    estonia, user = next(iter(heads.items()))
    TermFactory(office=office, person=PersonFactory(family_name="Holder"),
                starts_on=datetime.date(2026, 7, 1), ends_on=None)  # fmt: skip
    call = open_call(office, session=session)
    accepted(call, estonia, user)
    with pytest.raises(ValidationError, match=r"is held by Given\d+ Holder"):
        close(call)


def test_a_term_recorded_since_the_close_leaves_the_result_standing_and_the_term_to_open(
    office, heads, session
):
    estonia, user = next(iter(heads.items()))
    call = open_call(office, session=session)
    nomination = accepted(call, estonia, user)
    close(call, nomination)
    holder = TermFactory(office=office, person=PersonFactory(family_name="Holder"),
                         starts_on=datetime.date(2026, 7, 1), ends_on=None)  # fmt: skip
    poll = elect_by_hands(session, dict.fromkeys(heads, "yes"))
    assert poll.outcome == PollOutcome.CARRIED  # the council's result stands
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ELECTED
    assert list(selectors.elected_without_a_term()) == [call]
    with pytest.raises(ValidationError, match=r"is held by Given\d+ Holder"):
        services.open_elected_term(call=call)
    governance.end_term(term=holder, on=TERM_STARTS)
    assert services.open_elected_term(call=call)
    call.refresh_from_db()
    assert call.term.person == nomination.nominee
    assert call.term.decision == poll.item.decision
    assert not selectors.elected_without_a_term().exists()
    assert not services.open_elected_term(call=call)  # already done


def test_an_election_is_not_put_to_another_councils_session(cior, office, heads):
    estonia, user = next(iter(heads.items()))
    other = ConfederationFactory(code="ciox", acronym="CIOX", position=3)
    call = open_call(office, session=meeting_session(other))
    accepted(call, estonia, user)
    with pytest.raises(ValidationError, match="a session of the office's council"):
        close(call)


def test_a_second_round_without_a_quorum_is_voted_again_between_the_same(office, heads, session):
    seats = list(heads.items())
    call = open_call(office, session=session)
    nominations = [accepted(call, *seats[i]) for i in range(3)]
    close(call, *nominations)
    a, b, c = (n.candidate_id for n in nominations)
    first_round = elect_by_hands(session, dict(zip(heads, [a, a, b, b, c], strict=True)))
    second_round = first_round.item.polls.get(round=2)
    council.mark_attendance(session=session, present=set())  # everyone has left the room
    council.close_poll(poll=second_round)
    second_round.refresh_from_db()
    assert second_round.outcome == PollOutcome.NO_QUORUM
    council.mark_attendance(session=session, present={s.pk for s in session.seats.all()})
    again = council.open_poll(item=first_round.item)
    assert again.round == 2
    assert set(again.tally.values_list("candidate_id", flat=True)) == {a, b}


def test_the_minutes_name_whom_each_seat_chose(office, heads, session):
    seats = list(heads.items())
    call = open_call(office, session=session)
    first, second = accepted(call, *seats[0]), accepted(call, *seats[1])
    close(call, first, second)
    a, b = first.candidate_id, second.candidate_id
    elect_by_hands(session, dict(zip(heads, [a, b, b, b, "abstain"], strict=True)))
    text = council.minutes_text(session, "en")
    estonia = seats[0][0]
    assert f"| {estonia.nation} | {first.candidate.name} |" in text
    assert f"{second.candidate.name} is elected." in text


def test_a_draft_or_an_old_delegation_does_not_make_a_delegate(office, heads):
    estonia, user = next(iter(heads.items()))
    person = delegate(estonia)
    Delegation.objects.filter(members__person=person).update(status="draft")
    refused(open_call(office), person, estonia, user, "is not a member of a delegation")


@pytest.mark.parametrize(
    ("majority", "votes", "last_round", "elected", "next_round"),
    [
        ("simple", {1: 3, 2: 2}, False, 1, []),
        ("simple", {1: 2, 2: 2}, False, None, [1, 2]),  # a tie: a second round
        ("simple", {1: 2, 2: 2, 3: 1}, False, None, [1, 2]),
        ("simple", {1: 3, 2: 2, 3: 2}, False, None, [1, 2, 3]),  # tied with the second
        ("two-thirds", {1: 6, 2: 4}, False, None, [1, 2]),
        ("two-thirds", {1: 8, 2: 4}, False, 1, []),
        ("absolute", {1: 3, 2: 0, 3: 0}, False, None, [1, 2]),  # no vote: only to make two
        ("simple", {1: 2, 2: 3}, True, 2, []),  # the last round: the most votes
        ("simple", {1: 2, 2: 2}, True, None, []),  # a tie in it elects no one
        ("simple", {1: 0, 2: 0}, False, None, []),  # nobody voted for anyone
    ],
)
def test_a_round_elects_by_the_offices_majority_or_goes_to_the_first_two(
    majority, votes, last_round, elected, next_round
):
    result = round_result(majority, votes, seats_with_a_vote=10, last_round=last_round)
    assert (result.elected, sorted(result.next_round)) == (elected, next_round)


def test_the_international_vice_president_is_chosen_by_the_president_designate(
    cior, heads, session
):
    designate_user = next(iter(heads.values()))
    elect_office = OfficeFactory(confederation=cior, kind=OfficeKind.PRESIDENT_ELECT,
                                 code="president-elect", title_en="President-elect")  # fmt: skip
    governance.appoint(office=elect_office, person=designate_user.person,
                       starts_on=datetime.date(2026, 2, 1))  # fmt: skip
    ivp = OfficeFactory(confederation=cior, kind=OfficeKind.INTERNATIONAL_VICE_PRESIDENT,
                        code="ivp", title_en="International Vice President")  # fmt: skip
    call = open_call(ivp, session=session, by_president_designate=True)
    latvia, latvian = list(heads.items())[1]
    refused(call, delegate(latvia), latvia, latvian, "Only the president designate")
    chosen = delegate(latvia)
    nomination = services.nominate(call=call, nominee=chosen, association=None,
                                   statement="My choice.", by=designate_user)  # fmt: skip
    refused(call, delegate(latvia), None, designate_user, "has chosen a candidate already")
    services.answer_nomination(nomination=nomination, accept=True)
    close(call)
    elect_by_hands(session, dict.fromkeys(heads, "yes"))
    assert Office.objects.get(pk=ivp.pk).terms.get().person == chosen
