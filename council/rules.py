"""Who may do what in the council's business (django-rules): the one place that says
it for the heads of delegation. The secretariat's rights are its model permissions."""

import rules

from governance.models import Term
from governance.selectors import associations_led_by, councils_of_user
from members.rules import secretariat_with

from .models import Seat, Session

is_secretariat = secretariat_with("council.view_session")


def _person_id(user) -> int | None:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return person and person.pk


def _councils(user) -> set[int]:
    """The confederations whose council the user sits in now (councils_of): asked once
    per request's user object, however many rules ask it; the user's person found in
    the same query."""
    if not user.is_authenticated:
        return set()
    found = getattr(user, "_councils", None)
    if found is None:
        found = user._councils = councils_of_user(user)
    return found


@rules.predicate
def sits_in_its_council(user, session: Session) -> bool:
    return session.confederation_id in _councils(user)


@rules.predicate
def sits_in_a_council(user) -> bool:
    return bool(_councils(user))


@rules.predicate
def sits_in_a_seat(user, session: Session) -> bool:
    """A delegate named to sit in a seat instead of the head, who holds no office:
    until the session closes (the right is the seat's, as a head's is the term's)."""
    person_id = _person_id(user)
    return (
        person_id is not None
        and session.closed_at is None
        and session.seats.filter(delegate=person_id).exists()
    )


@rules.predicate
def sits_in_a_named_seat(user) -> bool:
    person_id = _person_id(user)
    return (
        person_id is not None
        and Seat.objects.filter(delegate=person_id, session__closed_at__isnull=True).exists()
    )


@rules.predicate
def agenda_sent(user, session: Session) -> bool:
    return session.agenda_to_delegations_at is not None


@rules.predicate
def leads_a_seat(user, session: Session) -> bool:
    return any(a.confederation_id == session.confederation_id for a in associations_led_by(user))


def presides(user, confederation_id: int) -> bool:
    """Whether the user holds an office of the presidency team of the confederation."""
    return user.is_authenticated and (
        Term.objects.current()
        .filter(
            person__user=user,
            office__held_by_presidency=True,
            office__confederation=confederation_id,
        )
        .exists()
    )


@rules.predicate
def of_its_presidency(user, session: Session) -> bool:
    return presides(user, session.confederation_id)


@rules.predicate
def of_the_presidency(user, confederation) -> bool:
    return presides(user, confederation.pk)


@rules.predicate
def leads_association(user, association) -> bool:
    return association is not None and association in associations_led_by(user)


# A session: its council sees that it is coming (to submit motions, name a delegate,
# give a proxy); its agenda, roll, polls and draft minutes once the agenda has gone to
# the heads of delegation. The secretariat sees all at any time.
rules.add_perm("council.see_sessions", is_secretariat | sits_in_a_council | sits_in_a_named_seat)
rules.add_perm("council.see_session", is_secretariat | sits_in_its_council | sits_in_a_seat)
rules.add_perm(
    "council.see_agenda",
    is_secretariat | ((sits_in_its_council | sits_in_a_seat) & agenda_sent),
)
# Submit a motion: a head of delegation of a member of that council, or its presidency.
rules.add_perm("council.submit_motion", leads_a_seat | of_its_presidency)
# Name a delegate, give or revoke a proxy: the association's vice president.
rules.add_perm("council.act_for_association", leads_association)
# Put a motion to a written vote between meetings: the confederation's presidency.
rules.add_perm("council.put_to_written_vote", of_the_presidency)
