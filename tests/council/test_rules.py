"""The rules of the council's votes, as truth tables: which seats vote on which kind of
business, the quorum with and without proxies, each majority on ties and edges, and a
secret poll that cannot tell who voted what."""

import datetime
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import connection

from council import selectors, services
from council.models import Ballot, CouncilRules, Majority, Poll, VotingRule
from governance.selectors import Vote
from subscriptions import services as subscription_services
from subscriptions.models import Scale
from tests.council.conftest import decision_item, meeting_session, member, opened, vice_president
from tests.factories import CouncilDecisionFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("vote", "associates_vote", "votes"),
    [
        (Vote.FULL, False, True),
        (Vote.FULL, True, True),
        (Vote.LIMITED, False, False),
        (Vote.LIMITED, True, True),
        (Vote.SUSPENDED, False, False),
        (Vote.SUSPENDED, True, False),
        (Vote.ARREARS, False, False),
        (Vote.ARREARS, True, False),
        (Vote.ADVISORY, True, False),
    ],
)
def test_a_seat_votes_as_its_membership_and_the_business_rule_say(vote, associates_vote, votes):
    assert selectors.votes_on(vote, associates_vote=associates_vote) is votes


@pytest.fixture
def council_of_every_kind(cior, time_machine):
    """CIOR with a full member, an associate, a suspended member, a full member two
    years in arrears and a full member that gives its proxy to the first."""
    cior.arrears_cost_the_vote_after_days = 365
    cior.save()
    seats = {
        "full": member(cior, "BE"),
        "associate": member(cior, "AT", category="associate"),
        "suspended": member(cior, "DK", status="suspended"),
        "in arrears": member(cior, "PT"),
        "proxy": member(cior, "NL"),
    }
    for association in seats.values():
        vice_president(association)
    scale = Scale.objects.create(
        confederation=cior, year=2025, full_member=Decimal("100"), associate_member=Decimal("50"),
        due_on=datetime.date(2025, 3, 31),
        decision=CouncilDecisionFactory(confederation=cior, kind="subscriptions"),
    )  # fmt: skip
    subscription_services.issue_invoices(
        scale=scale, issued_on=datetime.date(2025, 1, 15), associations=[seats["in arrears"]]
    )
    VotingRule.objects.create(
        confederation=cior, business="other", majority=Majority.SIMPLE, associates_vote=True
    )
    session = meeting_session(cior, held_on=datetime.date(2026, 12, 10))
    services.give_proxy(session=session, giver=seats["proxy"], holder=seats["full"])
    return session, seats


@pytest.mark.parametrize(
    ("business", "voting"),
    [
        # Ordinary business: CIOR's rule gives associates a vote on it.
        ("other", {"full", "associate", "proxy"}),
        # Admissions, the budget, the constitution: no rule recorded, associates advisory.
        ("admission", {"full", "proxy"}),
        ("budget", {"full", "proxy"}),
        ("constitution", {"full", "proxy"}),
    ],
)
def test_which_seats_vote_on_which_business(council_of_every_kind, business, voting):
    session, seats = council_of_every_kind
    item = decision_item(session, business=business)
    opened(session)
    poll = services.open_poll(item=item)

    standing = selectors.poll_standing(poll)

    names = {association.pk: name for name, association in seats.items()}
    assert {names[s.association_id] for s in standing.seats_with_a_vote} == voting


def test_the_roll_says_why_a_seat_has_no_vote_or_less_than_a_full_one(council_of_every_kind):
    session, seats = council_of_every_kind
    opened(session)
    reasons = {
        row.association.pk: (row.vote.vote, row.vote.reason) for row in selectors.roll(session)
    }

    assert reasons[seats["full"].pk] == (Vote.FULL, "")
    assert reasons[seats["associate"].pk] == (Vote.LIMITED, "associate member")
    assert reasons[seats["suspended"].pk] == (Vote.SUSPENDED, "membership suspended")
    assert reasons[seats["in arrears"].pk][0] == Vote.ARREARS
    assert "subscription in arrears since" in reasons[seats["in arrears"].pk][1]


@pytest.mark.parametrize(
    ("seats", "percent", "needed"),
    [(0, 50, 1), (1, 50, 1), (2, 50, 2), (8, 50, 5), (9, 50, 5), (10, 50, 6), (9, 66, 6),
     (30, 50, 16)],
)  # fmt: skip
def test_a_quorum_is_more_than_the_share_of_the_seats_with_a_vote(seats, percent, needed):
    assert selectors.quorum_needed(seats, percent) == needed


@pytest.mark.parametrize(
    ("proxies_count", "present", "quorum_met"),
    [
        (True, 2, True),  # 2 present and 1 represented by a present holder: 3 of 5
        (False, 2, False),  # the proxy does not count: 2 of 5, the quorum is 3
        (True, 3, True),
        (False, 3, True),
        (True, 1, False),  # the holder alone: itself and its proxy, 2 of 5
    ],
)
def test_the_quorum_with_and_without_proxies(cior, five, proxies_count, present, quorum_met):
    CouncilRules.objects.create(confederation=cior, proxies_count_towards_quorum=proxies_count)
    associations = list(five)
    session = meeting_session(cior)
    item = decision_item(session)
    services.publish_agenda(session=session)
    # The last gives its proxy to the first, who is present.
    services.give_proxy(session=session, giver=associations[4], holder=associations[0])
    opened(session, present=associations[:present])

    if quorum_met:
        poll = services.open_poll(item=item)
        assert selectors.poll_standing(poll).has_quorum
    else:
        with pytest.raises(Exception, match="No quorum"):
            services.open_poll(item=item)
        assert not Poll.objects.exists()


@pytest.mark.parametrize(
    ("majority", "yes", "no", "seats", "carries"),
    [
        (Majority.SIMPLE, 4, 3, 10, True),
        (Majority.SIMPLE, 3, 3, 10, False),  # a tie: the chair has no casting vote
        (Majority.SIMPLE, 1, 0, 10, True),  # abstentions are not counted
        (Majority.SIMPLE, 0, 0, 10, False),  # nobody voted yes
        (Majority.TWO_THIRDS, 6, 3, 10, True),  # exactly two thirds
        (Majority.TWO_THIRDS, 5, 3, 10, False),
        (Majority.TWO_THIRDS, 2, 1, 10, True),
        (Majority.TWO_THIRDS, 1, 1, 10, False),
        (Majority.ABSOLUTE, 5, 0, 10, False),  # half of the seats is not more than half
        (Majority.ABSOLUTE, 6, 4, 10, True),
        (Majority.ABSOLUTE, 5, 0, 9, True),
        (Majority.ABSOLUTE, 4, 0, 9, False),
        (Majority.UNANIMITY, 5, 0, 10, True),
        (Majority.UNANIMITY, 5, 1, 10, False),
        (Majority.UNANIMITY, 0, 0, 10, False),
    ],
)
def test_each_majority_on_ties_and_edges(majority, yes, no, seats, carries):
    assert selectors.carried(majority, yes=yes, no=no, seats_with_a_vote=seats) is carries


def test_a_secret_poll_keeps_that_a_seat_voted_and_never_what_it_voted(cior, five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item, method="secret")
    seats = {seat.association_id: seat for seat in session.seats.all()}
    choices = ["yes", "no", "abstain", "yes", "yes"]
    for (association, user), choice in zip(five.items(), choices, strict=True):
        services.cast_vote(poll=poll, seat=seats[association.pk], choice=choice, by=user)
    services.close_poll(poll=poll)

    poll.refresh_from_db()
    assert (poll.yes, poll.no, poll.abstain, poll.outcome) == (3, 1, 1, "carried")
    # Each seat's ballot says it voted, and nothing of what.
    assert set(Ballot.objects.values_list("choice", flat=True)) == {""}
    assert Ballot.objects.count() == 5
    # No history keeps the poll's counts as they changed.
    assert not any(
        model._meta.db_table.startswith("council_historicalpoll") for model in apps.get_models()
    )
    # No column anywhere in the council's tables holds a vote beside a seat.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns "
            "WHERE table_name LIKE 'council_%%' AND column_name = 'choice'"
        )
        assert cursor.fetchall() == [("council_ballot", "choice")]
