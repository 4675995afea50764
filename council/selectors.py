"""Reads of the council's business, and the rules of its votes in one place: which
seats vote on which business (`votes_on`), the quorum (`quorum_needed`), each
majority (`carried`), who casts a seat (`castable_seats`). Each read is a fixed
number of queries however many seats, items or sessions there are."""

import datetime
from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from confed.i18n import sort_key
from governance.models import CouncilDecision, OfficeKind, Term
from governance.selectors import Vote
from members.models import Confederation, NationalAssociation, Person
from subscriptions.selectors import SeatVote, seat_votes

from .models import (
    DEFAULT_MAJORITY,
    AgendaItem,
    Ballot,
    Candidate,
    CouncilRules,
    Majority,
    Motion,
    Poll,
    PollCandidate,
    Proxy,
    Seat,
    Session,
    VotingRule,
)


def rules_of(confederation: Confederation) -> CouncilRules:
    """The confederation's rules of procedure, or the defaults where none are recorded."""
    try:
        return confederation.council_rules
    except CouncilRules.DoesNotExist:
        return CouncilRules(confederation=confederation)


def voting_rule(confederation: Confederation, business: str) -> VotingRule:
    """What a kind of business needs in the confederation's council: its recorded rule,
    or by default two thirds of votes cast for the constitution, admissions and
    exclusions and a simple majority for the rest, associates advisory on all."""
    found = VotingRule.objects.filter(confederation=confederation, business=business).first()
    return found or VotingRule(
        confederation=confederation,
        business=business,
        majority=DEFAULT_MAJORITY.get(business, Majority.SIMPLE),
        associates_vote=False,
    )


def votes_on(vote: str, *, associates_vote: bool) -> bool:
    """Whether a seat with this vote (a governance.selectors.Vote, as
    subscriptions.selectors.seat_vote gives it) votes on a business: a full member's
    seat does; an associate's where the rule of that business says so; a suspended
    association's, one in arrears and an advisory seat never."""
    return vote == Vote.FULL or (vote == Vote.LIMITED and associates_vote)


def quorum_needed(seats_with_a_vote: int, percent: int) -> int:
    """The seats a quorum needs, present or represented: more than `percent` per cent
    of the seats with a vote (50: more than half, so 5 of 8 and 5 of 9)."""
    return seats_with_a_vote * percent // 100 + 1


def carried(majority: str, *, yes: int, no: int, seats_with_a_vote: int) -> bool:
    """Whether a motion carries. Votes cast are yes and no: abstentions are not counted.
    The chair has no casting vote, so a tie does not carry; nor does a poll where
    nobody voted yes."""
    cast = yes + no
    if yes == 0:
        return False
    if majority == Majority.SIMPLE:
        return yes > no
    if majority == Majority.TWO_THIRDS:
        return 3 * yes >= 2 * cast
    if majority == Majority.ABSOLUTE:
        return 2 * yes > seats_with_a_vote
    if majority == Majority.UNANIMITY:
        return no == 0
    raise ValueError(f"unknown majority {majority!r}")


@dataclass
class RollSeat:
    """A member association's place on the roll of a session."""

    association: NationalAssociation
    seat: Seat | None  # none yet before the opening, unless a delegate was named
    sitting: Person | None  # the head of delegation, or the delegate named
    head: Person | None
    vote: SeatVote
    proxy_to: NationalAssociation | None = None
    proxies_held: list[NationalAssociation] = field(default_factory=list)

    @property
    def present(self) -> bool:
        return bool(self.seat and self.seat.present)


def _heads(association_ids, on: datetime.date) -> dict[int, Person]:
    return {
        term.office.association_id: term.person
        for term in Term.objects.current(on)
        .filter(
            office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT,
            office__association__in=list(association_ids),
        )
        .select_related("office", "person")
    }


def live_proxies(session: Session) -> QuerySet[Proxy]:
    return session.proxies.filter(revoked_at__isnull=True)


def seats_of(session: Session) -> list[Seat]:
    """The session's seats with what the roll, the votes and the poll pages show of
    them, by nation (1 query)."""
    # One session's: ordered by nation alone, with no join for the session's ordering.
    return list(
        session.seats.select_related("association__nation", "sitting", "delegate").order_by(
            "association__nation__country"
        )
    )


def proxies_of(session: Session) -> list[Proxy]:
    """The session's live proxies in the order given (1 query). Their giver and holder
    are not joined: roll() gives them theirs from the roll's associations."""
    return list(live_proxies(session).order_by("given_at"))


def _attach_ends(proxies: list[Proxy], associations: list[NationalAssociation]) -> None:
    """Each proxy's giver and holder, with their nation, from the associations known
    (the roll's), and the few not among them in one query."""
    by_pk = {association.pk: association for association in associations}
    missing = {
        pk for proxy in proxies for pk in (proxy.giver_id, proxy.holder_id) if pk not in by_pk
    }
    if missing:
        by_pk.update(
            (association.pk, association)
            for association in NationalAssociation.objects.filter(pk__in=missing).select_related(
                "nation"
            )
        )
    for proxy in proxies:
        proxy.giver, proxy.holder = by_pk[proxy.giver_id], by_pk[proxy.holder_id]


def roll(
    session: Session, *, seats: list[Seat] | None = None, proxies: list[Proxy] | None = None
) -> list[RollSeat]:
    """The roll: one seat per member association, who sits in it and with what vote,
    and the proxies (their giver and holder set on them). Before the opening it is
    worked out as of the session's day; from the opening on it is the seats as the
    opening kept them (5 queries before the opening, 2 from it on; 2 fewer given the
    session's seats_of and proxies_of)."""
    if seats is None:
        seats = seats_of(session)
    if proxies is None:
        proxies = proxies_of(session)
    seat_of = {seat.association_id: seat for seat in seats}
    if session.opened_at is not None:
        associations = [seat.association for seat in seat_of.values()]
        votes = {s.association_id: s.seat_vote for s in seat_of.values()}
        heads = {}
    else:
        associations = list(
            NationalAssociation.objects.members()
            .filter(confederation=session.confederation)
            .select_related("nation", "confederation")
        )
        on = max(session.held_on, timezone.localdate())
        votes = seat_votes(associations, on)
        heads = _heads((a.pk for a in associations), min(session.held_on, on))
    _attach_ends(proxies, associations)
    given = {proxy.giver_id: proxy.holder for proxy in proxies}
    held: dict[int, list] = {}
    by_pk = {association.pk: association for association in associations}
    for proxy in proxies:
        if proxy.giver_id in by_pk:
            held.setdefault(proxy.holder_id, []).append(by_pk[proxy.giver_id])
    rows = []
    for association in sorted(associations, key=lambda a: sort_key(str(a.nation))):
        seat = seat_of.get(association.pk)
        head = heads.get(association.pk)
        # From the opening on, who sat as the opening kept it.
        opened = session.opened_at is not None
        sitting = seat.sitting if opened else (seat and seat.delegate) or head
        rows.append(
            RollSeat(
                association=association,
                seat=seat,
                sitting=sitting,
                head=head,
                vote=votes[association.pk],
                proxy_to=given.get(association.pk),
                proxies_held=held.get(association.pk, []),
            )
        )
    return rows


def numbered(items: list[AgendaItem]) -> list[tuple[str, AgendaItem]]:
    """The agenda in its order with each item's number: 1, 2, and 1.1, 1.2 under 1."""
    top = sorted((i for i in items if i.parent_id is None), key=lambda i: i.position)
    children: dict[int, list[AgendaItem]] = {}
    for item in items:
        if item.parent_id is not None:
            children.setdefault(item.parent_id, []).append(item)
    rows = []
    for n, item in enumerate(top, start=1):
        rows.append((str(n), item))
        for m, child in enumerate(sorted(children.get(item.pk, []), key=lambda i: i.position), 1):
            rows.append((f"{n}.{m}", child))
    return rows


def agenda(session: Session, *, public_only: bool = False) -> list[tuple[str, AgendaItem]]:
    """The numbered agenda with each item's papers, motion, candidates and polls with
    their rounds' votes (5 queries; 3 for the public's, which shows no votes). The
    public's shows only the public items (and a public item under a private one is
    not shown: its number would tell of the other)."""
    # Each in its order within its item, without the joins the models' orderings (by
    # session first) would add.
    lookups = [
        "papers",
        Prefetch("candidates", queryset=Candidate.objects.order_by("position", "name")),
    ]
    if not public_only:  # the public's agenda shows no votes
        lookups += [
            Prefetch(
                "polls", queryset=Poll.objects.select_related("elected").order_by("opened_at")
            ),
            Prefetch(
                "polls__tally",
                queryset=PollCandidate.objects.select_related("candidate").order_by(
                    "candidate__position", "candidate__name"
                ),
            ),
        ]
    items = list(
        # The decision, which the public agenda shows; not the motion or the minutes an
        # item approves, which no agenda shows (their ids are on the item).
        session.items.select_related("decision")
        .prefetch_related(*lookups)
        .order_by("position", "pk")
    )
    rows = numbered(items)
    if public_only:
        hidden = {i.pk for i in items if not i.is_public}
        rows = [
            (n, i)
            for n, i in rows
            if i.is_public and (i.parent_id is None or i.parent_id not in hidden)
        ]
    return rows


def castable_seats(
    user,
    session: Session,
    *,
    seats: list[Seat] | None = None,
    proxies: list[Proxy] | None = None,
) -> list[tuple[Seat, bool]]:
    """The seats of an opened session this user casts: the one they sit in, and those
    whose proxy its association holds; each with whether it is by proxy (2 queries;
    none given the session's seats_of and live proxies, nor before the opening). A seat
    that gave its proxy is cast by the holder alone."""
    if not user.is_authenticated or session.opened_at is None:
        return []
    if seats is None:
        seats = list(
            session.seats.select_related("association__nation", "sitting").order_by(
                "association__nation__country"
            )
        )
    # Who sits in it is the user's person (one person an account): known from the seat.
    own = [s for s in seats if s.sitting_id is not None and s.sitting.user_id == user.pk]
    if not own:
        return []
    if proxies is None:
        proxies = list(live_proxies(session))
    mine = {s.association_id for s in own}
    givers = {p.giver_id for p in proxies if p.holder_id in mine}
    gave = {p.giver_id for p in proxies if p.giver_id in mine}
    proxied = [s for s in seats if s.association_id in givers]
    return [(s, False) for s in own if s.association_id not in gave] + [(s, True) for s in proxied]


@dataclass
class Count3:
    yes: int
    no: int
    abstain: int


@dataclass
class PollStanding:
    """A poll's seats with a vote, those present or represented, and the quorum; and,
    once closed, its figures."""

    poll: Poll
    seats_with_a_vote: list[Seat]
    present: list[Seat]
    quorum: int
    voted: set[int]

    @property
    def has_quorum(self) -> bool:
        return len(self.present) >= self.quorum


def poll_standing(
    poll: Poll,
    *,
    seats: list[Seat] | None = None,
    proxies: list[Proxy] | None = None,
    ballots: list[Ballot] | None = None,
) -> PollStanding:
    """Who votes in the poll, who counts for its quorum, and who has voted (4 queries;
    one each fewer given the session's seats_of, proxies_of and the poll's ballots,
    none for the rules when the confederation's council_rules were selected with it).

    At a meeting, a seat counts when it is present, or when its proxy's holder is
    present and the rules count proxies; by correspondence, when it has voted."""
    session = poll.item.session
    rules = rules_of(session.confederation)
    if seats is None:
        seats = list(session.seats.select_related("association__nation"))
    eligible = [s for s in seats if votes_on(s.vote, associates_vote=poll.associates_vote)]
    if ballots is None:
        voted = set(poll.ballots.values_list("seat_id", flat=True))
    else:
        voted = {ballot.seat_id for ballot in ballots}
    if session.by_correspondence:
        present = [s for s in eligible if s.pk in voted]
    else:
        present_associations = {s.association_id for s in seats if s.present}
        if proxies is None:
            holders = dict(live_proxies(session).values_list("giver", "holder"))
        else:
            holders = {proxy.giver_id: proxy.holder_id for proxy in proxies}

        def counts(seat: Seat) -> bool:
            holder = holders.get(seat.association_id)
            if holder is None:
                return seat.present
            return rules.proxies_count_towards_quorum and holder in present_associations

        present = [s for s in eligible if counts(s)]
    return PollStanding(
        poll=poll,
        seats_with_a_vote=eligible,
        present=present,
        quorum=quorum_needed(len(eligible), rules.quorum_percent),
        voted=voted,
    )


def roll_call(poll: Poll, *, seats: list[Seat] | None = None) -> list[Ballot]:
    """A roll call's ballots, seat by seat (1 query); a secret poll's say nothing. Given
    the session's seats_of, each ballot's seat is taken from them, in their order."""
    if seats is None:
        return list(
            poll.ballots.select_related(
                "seat__association__nation", "seat__sitting", "candidate"
            ).order_by("seat__association__nation__country")
        )
    by_pk = {seat.pk: (index, seat) for index, seat in enumerate(seats)}
    ballots = list(poll.ballots.select_related("candidate").order_by())
    for ballot in ballots:
        ballot.seat = by_pk[ballot.seat_id][1]
    return sorted(ballots, key=lambda ballot: by_pk[ballot.seat_id][0])


def counted(poll: Poll) -> Count3:
    """A roll call's ballots counted (1 query); a secret poll counts as they come."""
    if poll.is_secret:
        return Count3(poll.yes, poll.no, poll.abstain)
    found = poll.ballots.aggregate(
        yes=Count("pk", filter=Q(choice="yes")),
        no=Count("pk", filter=Q(choice="no")),
        abstain=Count("pk", filter=Q(choice="abstain")),
    )
    return Count3(found["yes"], found["no"], found["abstain"])


def tally(poll: Poll) -> list[PollCandidate]:
    """An election's candidates in this round with their votes (1 query): as counted
    so far in a secret ballot, at the close in a roll call."""
    return list(
        poll.tally.select_related("candidate").order_by("candidate__position", "candidate__name")
    )


def counted_candidates(poll: Poll) -> dict[int, int]:
    """Each candidate's votes in this round (candidate pk → votes; 1 query)."""
    if poll.is_secret:
        return dict(poll.tally.values_list("candidate_id", "votes"))
    found = dict.fromkeys(poll.tally.values_list("candidate_id", flat=True), 0)
    for row in (
        poll.ballots.filter(candidate__isnull=False).values("candidate_id").annotate(n=Count("pk"))
    ):
        found[row["candidate_id"]] = row["n"]
    return found


@dataclass
class Round:
    """What a round of an election between several candidates gave: the one elected,
    or those who go on to the next round."""

    elected: int | None
    next_round: list[int]


def round_result(
    majority: str, votes: dict[int, int], *, seats_with_a_vote: int, last_round: bool
) -> Round:
    """The first with the majority the office needs of the votes cast for a candidate
    (abstentions not counted) is elected. When none has it, the first two go to a
    second round (with any tied with the second), which the one with the most votes
    wins; a tie at the top of the last round elects no one."""
    ranked = sorted(votes.items(), key=lambda kv: -kv[1])
    if not ranked or ranked[0][1] == 0:
        return Round(None, [])
    top, top_votes = ranked[0]
    others = sum(votes.values()) - top_votes
    tied_at_the_top = len(ranked) > 1 and ranked[1][1] == top_votes
    if last_round:
        return Round(None if tied_at_the_top else top, [])
    if not tied_at_the_top and carried(
        majority, yes=top_votes, no=others, seats_with_a_vote=seats_with_a_vote
    ):
        return Round(top, [])
    # The first two, and any tied with the second; a candidate with no vote goes on
    # only to make the two.
    second = ranked[1][1] if len(ranked) > 1 else 0
    finalists = [pk for pk, _n in ranked[:2]]
    return Round(None, finalists + [pk for pk, n in ranked[2:] if n == second and n > 0])


def sessions_for(confederation_ids) -> QuerySet[Session]:
    """Sessions of these confederations whose agenda has gone to the heads of
    delegation, the newest first."""
    return (
        Session.objects.filter(
            confederation__in=confederation_ids, agenda_to_delegations_at__isnull=False
        )
        .select_related("confederation", "event")
        .order_by("-held_on", "pk")
    )


def open_polls(session: Session, agenda: list[tuple[str, AgendaItem]] | None = None) -> list[Poll]:
    """The session's polls still open, by item (1 query; none given its agenda)."""
    if agenda is None:
        return list(
            Poll.objects.filter(item__session=session, closed_at__isnull=True).select_related(
                "item"
            )
        )
    found = [poll for _number, item in agenda for poll in item.polls.all() if poll.is_open]
    # In the order the query gives: the items' (by place), then each item's polls.
    return sorted(found, key=lambda poll: (poll.item.position, poll.item.pk, poll.opened_at))


def motions_of(session: Session, associations) -> list[Motion]:
    return list(
        session.motions.filter(association__in=associations)
        .select_related("association__nation", "amends")
        .order_by("submitted_at")
    )


def register(confederation: Confederation, year: int) -> QuerySet[CouncilDecision]:
    """The public decisions of a confederation's council in a year, with the session
    and item that took each, where a session did (1 query)."""
    return (
        CouncilDecision.objects.filter(
            confederation=confederation, decided_on__year=year, is_public=True
        )
        .select_related("agenda_item__session__event", "agenda_item__session__confederation")
        .order_by("decided_on", "pk")
    )


def register_years(confederation: Confederation) -> list[int]:
    """The years with public decisions, newest first (1 query)."""
    return [
        day.year
        for day in CouncilDecision.objects.filter(
            confederation=confederation, is_public=True
        ).dates("decided_on", "year", order="DESC")
    ]


def motions_waiting() -> QuerySet[Motion]:
    """Motions submitted and not yet accepted or returned."""
    return Motion.objects.filter(status="submitted")


def agendas_due(today: datetime.date) -> list[Session]:
    """Sessions at meetings to come whose agenda is not sent and whose day to send it
    (the confederation's days before) has come (1 query)."""
    coming = (
        Session.objects.filter(
            event__isnull=False, agenda_to_delegations_at__isnull=True, held_on__gte=today
        )
        .select_related("confederation__council_rules", "event")
        .order_by("held_on")
    )
    return [
        session
        for session in coming
        if session.held_on
        - datetime.timedelta(days=rules_of(session.confederation).agenda_to_delegations_days)
        <= today
    ]
