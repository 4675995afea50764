"""Every write of the council's business: one function per state change, each in one
transaction, refusing with the rule (ValidationError) and changing nothing when the
rule says no.

Sessions: publish_agenda, open_session, mark_attendance, close_session. Seats:
name_delegate, give_proxy, revoke_proxy. Motions: submit_motion, accept_motion,
return_motion. Votes: open_poll, cast_vote, record_show_of_hands, close_poll,
close_written_votes. Minutes: draft_minutes, circulate_minutes, approve_minutes.
"""

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Case, F, Max, When
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from confed.constraints import violations_as_errors
from confed.emails import send_email_after_commit
from confed.i18n import sort_key
from delegations.models import Delegation, DelegationStatus
from documents.models import Access, DocumentKind
from documents.services import add_document
from governance.models import CouncilDecision, OfficeKind, Term
from members.models import NationalAssociation, Person, is_member

from . import pdf, selectors, signals
from .models import (
    VOTED_KINDS,
    AgendaItem,
    Ballot,
    Candidate,
    Choice,
    ItemKind,
    Minutes,
    Motion,
    MotionStatus,
    Poll,
    PollCandidate,
    PollMethod,
    PollOutcome,
    Proxy,
    Seat,
    Session,
)

User = AbstractBaseUser
logger = logging.getLogger(__name__)


def _locked(session: Session) -> Session:
    return (
        Session.objects.select_for_update(of=("self",))
        .select_related("confederation", "event")
        .get(pk=session.pk)
    )


def _heads_emails(session: Session) -> list[tuple[str, str]]:
    """The heads of delegation (and delegates named) on the roll: address, language."""
    seen, found = set(), []
    for row in selectors.roll(session):
        person = row.sitting
        if person is not None and person.email and person.email.lower() not in seen:
            seen.add(person.email.lower())
            found.append((person.email, person.language))
    return found


def _email_heads(session: Session, template: str, context: dict) -> None:
    for email, language in _heads_emails(session):
        send_email_after_commit(to=[email], template=template, context=context, language=language)


# Sessions


@transaction.atomic
def publish_agenda(*, session: Session, to_public: bool = False, by: User | None = None) -> bool:
    """Send the agenda to the heads of delegation (an email to each on the roll), or
    publish its public items to everyone once it has gone to them. False when it was
    done already."""
    session = _locked(session)
    now = timezone.now()
    if to_public:
        if session.agenda_to_public_at is not None:
            return False
        if session.agenda_to_delegations_at is None:
            raise ValidationError(
                _("Send the agenda to the heads of delegation before publishing it.")
            )
        session.agenda_to_public_at = now
        session.save(update_fields=["agenda_to_public_at"])
        return True
    if session.agenda_to_delegations_at is not None:
        return False
    if not session.items.exists():
        raise ValidationError(_("The agenda has no items yet."))
    session.agenda_to_delegations_at = now
    session.save(update_fields=["agenda_to_delegations_at"])
    if session.by_correspondence:
        polls = list(Poll.objects.filter(item__session=session, closed_at__isnull=True))
        _email_heads(session, "council/emails/written_vote", {"session": session, "polls": polls})
    else:
        _email_heads(session, "council/emails/agenda", {"session": session})
    return True


@transaction.atomic
def open_session(*, session: Session, by: User | None = None) -> bool:
    """Open the session: the roll is kept as it stands (each member association's
    seat, who sits in it, its vote and why), for the secretariat to mark who is
    present. A written vote's session opens with its poll. False when open already."""
    session = _locked(session)
    if session.opened_at is not None:
        if session.closed_at is not None:
            raise ValidationError(_("This session is closed."))
        return False
    if session.agenda_to_delegations_at is None and not session.by_correspondence:
        raise ValidationError(_("Send the agenda to the heads of delegation first."))
    rows = selectors.roll(session)
    members = {row.association.pk for row in rows}
    # A delegate named for an association that has since left the roll has no seat.
    session.seats.exclude(association__in=members).delete()
    for row in rows:
        Seat.objects.update_or_create(
            session=session,
            association=row.association,
            defaults={
                "sitting": row.sitting,
                "vote": row.vote.vote,
                "arrears_since": row.vote.arrears_since,
            },
        )
    session.opened_at = timezone.now()
    session.save(update_fields=["opened_at"])
    return True


@transaction.atomic
def mark_attendance(*, session: Session, present: set[int], by: User | None = None) -> int:
    """Mark the seats present (their pks) and the others absent, while the session is
    open. Returns how many seats changed."""
    session = _locked(session)
    if not session.is_open:
        raise ValidationError(_("Attendance is marked while the session is open."))
    if session.by_correspondence:
        raise ValidationError(_("A written vote has no attendance: the seats vote in the portal."))
    changed = 0
    # Seat by seat, not one update: each change is in the seat's history, with who.
    for seat in session.seats.select_for_update():
        if seat.present != (seat.pk in present):
            seat.present = seat.pk in present
            seat.save(update_fields=["present"])
            changed += 1
    return changed


@transaction.atomic
def close_session(*, session: Session, by: User | None = None) -> bool:
    """Close an open session once no poll of it is open. False when closed already."""
    session = _locked(session)
    if session.closed_at is not None:
        return False
    if session.opened_at is None:
        raise ValidationError(_("The session has not opened."))
    if Poll.objects.filter(item__session=session, closed_at__isnull=True).exists():
        raise ValidationError(_("Close the session's open polls first."))
    session.closed_at = timezone.now()
    session.save(update_fields=["closed_at"])
    return True


def _before_opening(session: Session, what: str) -> None:
    if session.opened_at is not None:
        raise ValidationError(
            _("%(what)s until the session opens; it has opened.") % {"what": what}
        )


def _member_of(session: Session, association: NationalAssociation) -> None:
    if association.confederation_id != session.confederation_id or not is_member(
        status=association.status
    ):
        raise ValidationError(
            _("%(association)s has no seat in this council.") % {"association": association}
        )


# Seats and proxies


@transaction.atomic
def name_delegate(
    *,
    session: Session,
    association: NationalAssociation,
    person: Person | None,
    by: User | None = None,
) -> bool:
    """Name the member of the association's approved delegation to the session's
    meeting who sits in its seat instead of the head of delegation; None: the head
    sits. Until the session opens. False when nothing changed."""
    session = _locked(session)
    _before_opening(session, _("A delegate may be named"))
    _member_of(session, association)
    if person is not None:
        if session.by_correspondence:
            raise ValidationError(_("A written vote is cast by the head of delegation."))
        in_delegation = Delegation.objects.filter(
            association=association,
            event=session.event,
            status=DelegationStatus.APPROVED,
            members__person=person,
        ).exists()
        if not in_delegation:
            raise ValidationError(
                {
                    "person": _(
                        "Only a member of the association's approved delegation to "
                        "this meeting may sit in its seat."
                    )
                }
            )
    seat = Seat.objects.filter(session=session, association=association).first()
    if (seat.delegate if seat else None) == person:
        return False
    Seat.objects.update_or_create(
        session=session, association=association, defaults={"delegate": person}
    )
    return True


@transaction.atomic
def give_proxy(
    *,
    session: Session,
    giver: NationalAssociation,
    holder: NationalAssociation,
    by: User | None = None,
    from_letter: bool = False,
) -> Proxy:
    """The giver's vote for the session, to the holder's head of delegation. Until the
    session opens; the holder carries at most the confederation's number of proxies;
    an association that holds a proxy keeps its own vote, and one that gave its vote
    holds none."""
    session = _locked(session)  # proxies of a session are given one at a time
    _before_opening(session, _("A proxy may be given"))
    _member_of(session, giver)
    _member_of(session, holder)
    if giver.pk == holder.pk:
        raise ValidationError({"holder": _("A proxy goes to another association.")})
    proxies = selectors.live_proxies(session)
    if proxies.filter(giver=giver).exists():
        raise ValidationError(
            _("%(association)s has given its proxy for this session already: revoke it first.")
            % {"association": giver}
        )
    if proxies.filter(holder=giver).exists():
        raise ValidationError(
            _("%(association)s holds a proxy for this session: it cannot give its own vote away.")
            % {"association": giver}
        )
    if proxies.filter(giver=holder).exists():
        raise ValidationError(
            {"holder": _("%(association)s has given its own vote away.") % {"association": holder}}
        )
    if (
        not Term.objects.current(session.held_on)
        .filter(office__kind=OfficeKind.NATIONAL_VICE_PRESIDENT, office__association=holder)
        .exists()
    ):
        raise ValidationError(
            {"holder": _("%(association)s has no head of delegation in office to hold it.")
             % {"association": holder}}
        )  # fmt: skip
    cap = selectors.rules_of(session.confederation).proxies_per_holder
    if proxies.filter(holder=holder).count() >= cap:
        raise ValidationError(
            {
                "holder": _(
                    "The head of delegation of %(association)s holds %(count)s proxy "
                    "already, as many as the rules allow."
                )
                % {"association": holder, "count": cap}
            }
        )
    with violations_as_errors():
        return Proxy.objects.create(
            session=session, giver=giver, holder=holder, given_by=by, from_letter=from_letter
        )


@transaction.atomic
def revoke_proxy(*, proxy: Proxy, by: User | None = None) -> bool:
    """Revoke a proxy, until the session opens. False when revoked already."""
    session = _locked(proxy.session)
    proxy = Proxy.objects.select_for_update().get(pk=proxy.pk)
    if proxy.revoked_at is not None:
        return False
    _before_opening(session, _("A proxy may be revoked"))
    proxy.revoked_at = timezone.now()
    proxy.save(update_fields=["revoked_at"])
    return True


# Motions


def motion_deadline(session: Session) -> datetime.date:
    """The last day a motion may be submitted to the session."""
    days = selectors.rules_of(session.confederation).motion_deadline_days
    return session.held_on - datetime.timedelta(days=days)


@transaction.atomic
def submit_motion(
    *,
    session: Session,
    association: NationalAssociation | None,
    title: str,
    text: str,
    reasons: str = "",
    amends: Motion | None = None,
    upload: UploadedFile | None = None,
    language: str = "en",
    by: User | None = None,
) -> Motion:
    """A motion to the session from an association's head of delegation (or, with no
    association, the presidency), by the deadline. An amendment names a motion of the
    same session. A paper uploaded with it goes into the library, for the council.
    Side effect: an email to the confederation's secretariat."""
    session = _locked(session)
    if association is not None:
        _member_of(session, association)
    deadline = motion_deadline(session)
    if timezone.localdate() > deadline:
        raise ValidationError(
            _("Motions to this session were due by %(date)s.")
            % {"date": date_format(deadline, "DATE_FORMAT")}
        )
    if amends is not None and amends.session_id != session.pk:
        raise ValidationError({"amends": _("An amendment changes a motion of the same session.")})
    motion = Motion.objects.create(
        session=session,
        association=association,
        title=title.strip(),
        text=text.strip(),
        reasons=reasons.strip(),
        amends=amends,
        language=language,
        submitted_by=by,
    )
    if upload is not None:
        paper = add_document(
            upload=upload,
            uploaded_by=by,
            confederation=session.confederation,
            kind=DocumentKind.MEETING_PAPER,
            title_en=title.strip()[:200],
            event=session.event,
            access=Access.COUNCIL,
        )
        motion.papers.add(paper)
    secretariat = session.confederation.secretariat_email
    if secretariat:
        send_email_after_commit(
            to=[secretariat],
            template="council/emails/motion_submitted",
            context={"motion": motion, "session": session},
            language="en",
        )
    return motion


def _email_mover(motion: Motion, template: str) -> None:
    user = motion.submitted_by
    if user is not None and user.email:
        person = getattr(user, "person", None)
        send_email_after_commit(
            to=[user.email],
            template=template,
            context={"motion": motion, "session": motion.session},
            language=getattr(person, "language", motion.language),
        )


@transaction.atomic
def accept_motion(*, motion: Motion, by: User | None = None) -> AgendaItem:
    """Put a submitted motion on its session's agenda, as an item for decision (an
    amendment under the motion it changes, when that is on the agenda). Side
    effect: an email to who submitted it."""
    # The session first, as submit_motion locks it: an amendment submitted meanwhile
    # waits instead of deadlocking.
    session = _locked(motion.session)
    motion = Motion.objects.select_for_update(no_key=True).get(pk=motion.pk)
    if motion.status != MotionStatus.SUBMITTED:
        raise ValidationError(
            _("This motion is %(status)s.") % {"status": motion.get_status_display()}
        )
    if session.closed_at is not None:
        raise ValidationError(_("This session is closed."))
    parent = getattr(motion.amends, "agenda_item", None) if motion.amends else None
    if parent is not None and parent.parent_id is not None:
        parent = parent.parent
    siblings = session.items.filter(parent=parent)
    position = (siblings.aggregate(Max("position"))["position__max"] or 0) + 1
    item = AgendaItem.objects.create(
        session=session,
        parent=parent,
        position=position,
        kind=ItemKind.DECISION,
        business=CouncilDecision.Kind.OTHER,
        title_en=motion.title if motion.language != "fr" else "",
        title_fr=motion.title if motion.language == "fr" else "",
        notes_en=motion.text if motion.language != "fr" else "",
        notes_fr=motion.text if motion.language == "fr" else "",
        # The association's own name: the agenda reads the same in either language.
        presenter=motion.association.display_name[:200] if motion.association else "",
        motion=motion,
    )
    if not item.title_en:  # the agenda's English title is required; the French reads it
        item.title_en = motion.title
        item.save(update_fields=["title_en"])
    item.papers.set(motion.papers.all())
    motion.status = MotionStatus.ACCEPTED
    motion.save(update_fields=["status"])
    _email_mover(motion, "council/emails/motion_accepted")
    return item


@transaction.atomic
def return_motion(*, motion: Motion, reason: str, by: User | None = None) -> bool:
    """Return a submitted motion with the reason. Side effect: an email to who
    submitted it. False when returned already."""
    motion = Motion.objects.select_for_update(no_key=True).get(pk=motion.pk)
    if motion.status == MotionStatus.RETURNED:
        return False
    if motion.status != MotionStatus.SUBMITTED:
        raise ValidationError(
            _("This motion is %(status)s.") % {"status": motion.get_status_display()}
        )
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the motion is returned.")})
    motion.status = MotionStatus.RETURNED
    motion.return_reason = reason.strip()
    motion.save(update_fields=["status", "return_reason"])
    _email_mover(motion, "council/emails/motion_returned")
    return True


# Polls and votes


@transaction.atomic
def open_poll(
    *,
    item: AgendaItem,
    method: str = PollMethod.ROLL_CALL,
    closes_at: datetime.datetime | None = None,
    by: User | None = None,
    candidates: list[Candidate] | None = None,
    round: int = 1,
) -> Poll:
    """Open a poll on an item for decision or election, with the rule of its business
    as it stands (or the item's own majority: an election's is its office's). At a
    meeting the session is open and has its quorum; a written vote (a session by
    correspondence) opens its session and closes at `closes_at`, after reminding the
    seats that have not voted.

    An election between several candidates (the item's, or `candidates` for a second
    round) is a poll in which each seat chooses one; one candidate is approved or not."""
    session = _locked(item.session)
    item = AgendaItem.objects.get(pk=item.pk)
    if item.kind not in VOTED_KINDS:
        raise ValidationError(_("Only an item for decision or election is put to a vote."))
    if method not in PollMethod.values:
        raise ValidationError({"method": _("Choose roll call or secret ballot.")})
    now = timezone.now()
    if session.closed_at is not None:
        raise ValidationError(_("This session is closed."))
    if session.by_correspondence:
        if closes_at is None or closes_at <= now:
            raise ValidationError({"closes_at": _("A written vote closes at a time to come.")})
        if session.opened_at is None:
            open_session(session=session, by=by)
            session.refresh_from_db()
    else:
        closes_at = None
        if not session.is_open:
            raise ValidationError(_("A vote opens while its session is open."))
    if (
        item.minutes_of_id is not None
        and not Minutes.objects.filter(session_id=item.minutes_of_id).exists()
    ):
        raise ValidationError(_("Draft the minutes to approve before putting them to the vote."))
    rule = selectors.voting_rule(session.confederation, item.business)
    last = item.polls.order_by("-opened_at").first()
    if candidates is None and last is not None and last.outcome == PollOutcome.NO_QUORUM:
        # Put to the vote again after no quorum: the same round, between the same.
        round = last.round
        candidates = list(last.candidates.all()) if last.round > 1 else None
    if candidates is None:
        candidates = list(item.candidates.all())
    with violations_as_errors():
        poll = Poll.objects.create(
            item=item,
            method=method,
            business=item.business,
            # A second round is won by the most votes (selectors.round_result).
            majority=item.majority or rule.majority,
            associates_vote=rule.associates_vote,
            closes_at=closes_at,
            opened_by=by,
            round=round,
        )
    if len(candidates) > 1:
        PollCandidate.objects.bulk_create(
            PollCandidate(poll=poll, candidate=candidate) for candidate in candidates
        )
    if session.by_correspondence:
        # A written vote is its agenda: the heads of delegation are told of it now.
        publish_agenda(session=session, by=by)
    else:
        standing = selectors.poll_standing(poll)
        if not standing.has_quorum:
            raise ValidationError(
                _(
                    "No quorum: %(present)s of %(seats)s seats with a vote are present or "
                    "represented; the quorum is %(quorum)s."
                )
                % {
                    "present": len(standing.present),
                    "seats": len(standing.seats_with_a_vote),
                    "quorum": standing.quorum,
                }
            )
    return poll


def _poll_locked(poll: Poll) -> Poll:
    return (
        Poll.objects.select_for_update(no_key=True, of=("self",))
        .select_related("item__session")
        .get(pk=poll.pk)
    )


def _between_candidates(poll: Poll) -> set[int]:
    """The candidates of this round of an election between several (1 query)."""
    return set(poll.tally.values_list("candidate_id", flat=True))


def _check_ballot(
    poll: Poll,
    seat: Seat,
    choice: str,
    now: datetime.datetime,
    candidate: int | None = None,
    between: set[int] | None = None,
) -> None:
    if between:
        if candidate is None and choice != Choice.ABSTAIN:
            raise ValidationError({"choice": _("Choose a candidate, or abstain.")})
        if candidate is not None and candidate not in between:
            raise ValidationError({"choice": _("This candidate does not stand in this round.")})
    elif choice not in Choice.values or candidate is not None:
        raise ValidationError({"choice": _("Vote yes, no or abstain.")})
    if poll.closed_at is not None or poll.closes_by_itself(now):
        raise ValidationError(_("This poll has closed: the vote was not counted."))
    if seat.session_id != poll.item.session_id:
        raise ValidationError(_("This seat is not of the poll's session."))
    if not selectors.votes_on(seat.vote, associates_vote=poll.associates_vote):
        raise ValidationError(
            _("The seat of %(association)s has no vote on this: %(reason)s.")
            % {
                "association": seat.association,
                "reason": seat.seat_vote.reason,
            }
        )


def _insert(poll: Poll, seat: Seat, choice: str, candidate: int | None = None, **fields) -> Ballot:
    # The unique key holds one vote per seat per poll, whoever else casts it at once.
    if candidate is not None:
        choice = Choice.YES  # a vote for a candidate
    try:
        with violations_as_errors():
            ballot = Ballot.objects.create(
                poll=poll,
                seat=seat,
                choice="" if poll.is_secret else choice,
                candidate_id=None if poll.is_secret else candidate,
                **fields,
            )
    except ValidationError as error:
        raise ValidationError(
            _("The seat of %(association)s has voted in this poll already.")
            % {"association": seat.association},
            code=error.code,
        ) from error
    if poll.is_secret:
        # Counted on the poll, apart from the ballot: no row says what this seat voted.
        # One statement for every choice (and for every candidate's row, whoever is
        # chosen), so the statements' shapes tell nothing. Their parameters do: the
        # database's statement log and its view of the statements running stay closed
        # to all but its administrator, and the backups are kept as the ballots are
        # (README, "Council business").
        Poll.objects.filter(pk=poll.pk).update(
            **{name: F(name) + int(name == choice) for name in Choice.values}
        )
        PollCandidate.objects.filter(poll=poll).update(
            votes=F("votes") + Case(When(candidate_id=candidate or 0, then=1), default=0)
        )
    return ballot


@transaction.atomic
def cast_vote(
    *, poll: Poll, seat: Seat, choice: str = "", by: User, candidate: int | None = None
) -> Ballot:
    """Cast a seat's vote in an open poll: by who sits in it, or by the head of
    delegation holding its proxy; at a meeting, while present (or its holder is).
    One vote per seat per poll (the database holds it); none after the close. In an
    election between several, `candidate` is the one chosen (or `choice` abstain)."""
    # The poll's row, locked: the seats voting at once take their turns (a secret
    # ballot adds to its counts), and the close, which locks it too, comes before or
    # after each vote, never during one, so no vote lands after the count.
    poll = _poll_locked(poll)
    seat = Seat.objects.select_related("association", "session").get(pk=seat.pk)
    now = timezone.now()
    _check_ballot(poll, seat, choice, now, candidate, _between_candidates(poll))
    if poll.item.session.closed_at is not None:
        raise ValidationError(_("This session is closed."))
    mine = dict(
        (s.pk, by_proxy) for s, by_proxy in selectors.castable_seats(by, poll.item.session)
    )
    if seat.pk not in mine:
        raise ValidationError(_("You do not hold this seat's vote."))
    session = poll.item.session
    if not session.by_correspondence:
        by_proxy = mine[seat.pk]
        # Who casts it sits in the room: the seat's own sitter, or the proxy's holder.
        own_seat_present = Seat.objects.filter(
            session=session, sitting=by.person, present=True
        ).exists()
        if not (seat.present if not by_proxy else own_seat_present):
            raise ValidationError(_("The secretariat has not marked this seat present."))
    return _insert(poll, seat, choice, candidate, cast_by=by, by_proxy=mine[seat.pk])


@transaction.atomic
def record_show_of_hands(*, poll: Poll, choices: dict[int, str], by: User | None = None) -> int:
    """The secretariat records a roll call's votes seat by seat (seat pk → choice), as
    the seats showed them; in an election between several, a choice is a candidate's
    pk (as text) or abstain. A seat that voted already keeps its vote. Returns how
    many were recorded."""
    poll = _poll_locked(poll)
    if poll.is_secret:
        raise ValidationError(_("A secret ballot is cast by each seat in the portal."))
    now = timezone.now()
    seats = {s.pk: s for s in Seat.objects.filter(pk__in=choices).select_related("association")}
    recorded = 0
    voted = set(poll.ballots.values_list("seat_id", flat=True))
    # Hands are raised in the room: by a seat present, or by the holder of its proxy.
    session = poll.item.session
    present = set(session.seats.filter(present=True).values_list("association", flat=True))
    holders = dict(selectors.live_proxies(session).values_list("giver", "holder"))
    in_the_room = {
        seat.pk
        for seat in seats.values()
        if (holders[seat.association_id] in present if seat.association_id in holders
            else seat.association_id in present)
    }  # fmt: skip
    between = _between_candidates(poll)
    for pk, choice in choices.items():
        if not choice or pk in voted or pk not in seats:
            continue
        candidate = int(choice) if between and str(choice).isdigit() else None
        choice = "" if candidate is not None else choice
        _check_ballot(poll, seats[pk], choice, now, candidate, between)
        if not poll.item.session.by_correspondence and pk not in in_the_room:
            raise ValidationError(
                _("%(association)s is not present or represented: it cannot show its hand.")
                % {"association": seats[pk].association}
            )
        _insert(poll, seats[pk], choice, candidate, cast_by=by, recorded_by_secretariat=True)
        recorded += 1
    return recorded


@transaction.atomic
def close_poll(*, poll: Poll, by: User | None = None) -> bool:
    """Close the poll and state its result: no quorum, carried or not carried, with
    its figures kept on it. A result (not "no quorum") goes into the register of
    decisions, linked to its item; minutes approved by it are frozen into the library.
    False when closed already."""
    poll = Poll.objects.select_for_update().get(pk=poll.pk)
    if poll.closed_at is not None:
        return False
    poll = Poll.objects.select_related("item__session__confederation", "item__session__event").get(
        pk=poll.pk
    )
    standing = selectors.poll_standing(poll)
    count = selectors.counted(poll)
    seats_with_a_vote = len(standing.seats_with_a_vote)
    votes = selectors.counted_candidates(poll)
    elected, next_round = None, []
    if not standing.has_quorum:
        outcome = PollOutcome.NO_QUORUM
    elif votes:
        result = selectors.round_result(
            poll.majority, votes, seats_with_a_vote=seats_with_a_vote, last_round=poll.round > 1
        )
        elected, next_round = result.elected, result.next_round
        if elected is not None:
            outcome = PollOutcome.CARRIED
        elif next_round:
            outcome = PollOutcome.NO_MAJORITY
        else:
            outcome = PollOutcome.NOT_CARRIED
    elif selectors.carried(
        poll.majority, yes=count.yes, no=count.no, seats_with_a_vote=seats_with_a_vote
    ):
        outcome = PollOutcome.CARRIED
        # One candidate, approved.
        elected = poll.item.candidates.values_list("pk", flat=True).first()
    else:
        outcome = PollOutcome.NOT_CARRIED
    if not poll.is_secret:  # a roll call's candidates counted now, before the close
        for candidate_id, n in votes.items():
            PollCandidate.objects.filter(poll=poll, candidate_id=candidate_id).update(votes=n)
    now = timezone.now()
    Poll.objects.filter(pk=poll.pk).update(
        closed_at=now,
        closed_by=by,
        yes=count.yes,
        no=count.no,
        abstain=count.abstain,
        seats_with_a_vote=seats_with_a_vote,
        present=len(standing.present),
        quorum=standing.quorum,
        outcome=outcome,
        elected=elected,
    )
    poll.refresh_from_db()
    if outcome in (PollOutcome.CARRIED, PollOutcome.NOT_CARRIED):
        _record_decision(poll, by)
    poll = Poll.objects.select_related(
        "item__session__confederation", "item__session__event", "item__decision", "elected"
    ).get(pk=poll.pk)
    signals.poll_closed.send(sender=Poll, poll=poll, by=by)
    if next_round:
        # No one reached the majority: the first two (and any tied with the second) go
        # to a second round, opened at once, as the first was.
        second = open_poll(
            item=poll.item,
            method=poll.method,
            closes_at=None if poll.closes_at is None else now + (poll.closes_at - poll.opened_at),
            by=by,
            candidates=list(Candidate.objects.filter(pk__in=next_round)),
            round=poll.round + 1,
        )
        session = poll.item.session
        if session.by_correspondence:  # told by email, as the first round was
            _email_heads(session, "council/emails/second_round", {"poll": second})
    return True


def _record_decision(poll: Poll, by: User | None) -> None:
    item = poll.item
    session = item.session
    approved = poll.outcome == PollOutcome.CARRIED
    summary, votes_for, votes_against = item.title_en, poll.yes, poll.no
    if poll.elected_id is not None:
        summary = f"{item.title_en}: {poll.elected.name}"
    elif item.kind == ItemKind.ELECTION:
        summary = f"{item.title_en}: no one elected"
    if poll.tally.exists():
        # Between several: the votes for the one elected, and for the others.
        votes = dict(poll.tally.values_list("candidate_id", "votes"))
        votes_for = votes.get(poll.elected_id, 0)
        votes_against = sum(votes.values()) - votes_for
    decision = CouncilDecision.objects.create(
        confederation=session.confederation,
        decided_on=timezone.localdate(poll.closed_at),
        meeting=(session.event.title_en if session.event else _("by correspondence"))[:200],
        kind=poll.business,  # the business as it was put to the vote
        outcome=CouncilDecision.Outcome.APPROVED if approved else CouncilDecision.Outcome.REJECTED,
        summary=summary,
        recorded_by=by,
        is_public=item.is_public,
        votes_for=votes_for,
        votes_against=votes_against,
        abstentions=poll.abstain,
    )
    AgendaItem.objects.filter(pk=item.pk).update(decision=decision)
    if approved and item.minutes_of_id is not None:
        minutes = Minutes.objects.filter(session_id=item.minutes_of_id).first()
        if minutes is None:
            raise ValidationError(_("The minutes to approve have not been drafted."))
        approve_minutes(minutes=minutes, by=by)


def close_written_votes(*, now: datetime.datetime | None = None) -> int:
    """Close every written vote whose time has come (beat, every minute), each in its
    own transaction: one that cannot close is logged and the others close."""
    now = now or timezone.now()
    closed = 0
    for poll in Poll.objects.filter(closed_at__isnull=True, closes_at__lte=now).order_by("pk"):
        try:
            closed += close_poll(poll=poll)
        except ValidationError as error:
            logger.error("written vote %s cannot close: %s", poll.pk, " ".join(error.messages))
    return closed


@transaction.atomic
def put_to_written_vote(
    *,
    confederation,
    title_en: str,
    title_fr: str = "",
    notes_en: str = "",
    notes_fr: str = "",
    business: str = CouncilDecision.Kind.OTHER,
    method: str = PollMethod.ROLL_CALL,
    days: int,
    by: User | None = None,
) -> Poll:
    """The presidency puts a motion to a written vote between meetings: a session by
    correspondence with the one item, its agenda sent to the heads of delegation (an
    email each), its poll open for `days` days, then closed by itself. Side effects:
    the emails, and the reminders to the seats that have not voted before the close."""
    if not 1 <= days <= MAX_WRITTEN_VOTE_DAYS:
        raise ValidationError(
            {"days": _("A written vote is open for 1 to %(most)s days.")
             % {"most": MAX_WRITTEN_VOTE_DAYS}}
        )  # fmt: skip
    session = Session.objects.create(confederation=confederation, held_on=timezone.localdate())
    item = AgendaItem.objects.create(
        session=session,
        position=1,
        kind=ItemKind.DECISION,
        business=business,
        title_en=title_en.strip(),
        title_fr=title_fr.strip(),
        notes_en=notes_en.strip(),
        notes_fr=notes_fr.strip(),
    )
    return open_poll(
        item=item,
        method=method,
        closes_at=timezone.now() + datetime.timedelta(days=days),
        by=by,
    )


# A written vote longer than two months would outlast the meeting it stands in for.
MAX_WRITTEN_VOTE_DAYS = 60


# Minutes


def minutes_text(session: Session, language: str) -> str:
    """The draft of a session's minutes in a language, in Markdown: who attended, the
    agenda, each item's outcome with its figures, and for a roll call each seat's
    vote (8 queries)."""
    agenda = selectors.agenda(session)
    ballots: dict[int, list[Ballot]] = {}
    for ballot in Ballot.objects.filter(
        poll__item__session=session,
        poll__method=PollMethod.ROLL_CALL,
        poll__closed_at__isnull=False,
    ).select_related("seat__association__nation", "candidate"):
        ballots.setdefault(ballot.poll_id, []).append(ballot)
    for _number, item in agenda:
        for poll in item.polls.all():
            poll.roll_call_ballots = sorted(
                ballots.get(poll.pk, []), key=lambda b: sort_key(str(b.seat.association.nation))
            )
    with translation.override(language):
        return render_to_string(
            "council/minutes.md",
            {"session": session, "roll": selectors.roll(session), "agenda": agenda},
        )


@transaction.atomic
def draft_minutes(*, session: Session, by: User | None = None) -> Minutes:
    """Draft the minutes from the session, in English and French. A draft already
    there is written again from the session; approved minutes are never changed."""
    session = _locked(session)
    if session.opened_at is None:
        raise ValidationError(_("Minutes are drafted once the session has opened."))
    minutes = Minutes.objects.filter(session=session).first()
    if minutes is not None and minutes.is_approved:
        raise ValidationError(_("These minutes are approved: they are kept as approved."))
    text_en, text_fr = minutes_text(session, "en"), minutes_text(session, "fr")
    if minutes is None:
        return Minutes.objects.create(session=session, text_en=text_en, text_fr=text_fr)
    minutes.text_en, minutes.text_fr = text_en, text_fr
    minutes.save(update_fields=["text_en", "text_fr"])
    return minutes


@transaction.atomic
def circulate_minutes(*, minutes: Minutes, by: User | None = None) -> bool:
    """Send the draft to the heads of delegation (an email each, in their language).
    Sent again after a change; False when nothing changed since it was sent."""
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("session")
        .get(pk=minutes.pk)
    )
    if minutes.is_approved:
        raise ValidationError(_("These minutes are approved."))
    latest = minutes.history.order_by("-history_date").first()
    if minutes.circulated_at is not None and (
        latest is None or latest.history_date <= minutes.circulated_at
    ):
        return False
    Minutes.objects.filter(pk=minutes.pk).update(circulated_at=timezone.now())
    _email_heads(minutes.session, "council/emails/minutes", {"minutes": minutes})
    return True


@transaction.atomic
def approve_minutes(*, minutes: Minutes, by: User | None = None) -> bool:
    """Approve the minutes (a poll at a later session carried on them): they are
    frozen, drawn as a PDF in both languages and kept in the library as the session's
    minutes, for the council. False when approved already."""
    minutes = (
        Minutes.objects.select_for_update(of=("self",))
        .select_related("session__confederation", "session__event")
        .get(pk=minutes.pk)
    )
    if minutes.is_approved:
        return False
    session = minutes.session
    upload = pdf.minutes_upload(minutes)
    document = add_document(
        upload=upload,
        uploaded_by=by,
        confederation=session.confederation,
        kind=DocumentKind.MINUTES,
        title_en=f"Minutes: {session.title}"[:200],
        title_fr=f"Procès-verbal : {session.title}"[:200],
        event=session.event,
        access=Access.COUNCIL,
    )
    Minutes.objects.filter(pk=minutes.pk).update(approved_at=timezone.now(), document=document)
    return True
