import datetime

import pytest
import time_machine

from council import services as council
from delegations.models import Delegation, DelegationMember
from elections import services
from elections.models import Call
from governance.models import OfficeKind
from tests.council.conftest import meeting_session, members_with_heads, opened
from tests.factories import EventFactory, OfficeFactory, PersonFactory

TERM_STARTS = datetime.date(2027, 7, 1)


@pytest.fixture
def heads(cior):
    """Five full members of CIOR, each with its vice president: {association: user}."""
    cior.secretariat_email = "secretariat@cior.example"
    cior.save()
    return members_with_heads(cior, 5)


@pytest.fixture
def associations(heads):
    return list(heads)


@pytest.fixture
def session(cior, heads):
    return meeting_session(cior)


@pytest.fixture
def office(cior):
    return OfficeFactory(
        confederation=cior, kind=OfficeKind.DEPUTY_SECRETARY_GENERAL, code="deputy-sg",
        title_en="Deputy Secretary General", title_fr="Secrétaire général adjoint",
    )  # fmt: skip


def open_call(office, session=None, **values) -> Call:
    call = Call.objects.create(
        office=office,
        term_starts_on=values.pop("term_starts_on", TERM_STARTS),
        closes_on=values.pop("closes_on", datetime.date(2027, 1, 15)),
        session=session,
        **values,
    )
    services.open_call(call=call)
    call.refresh_from_db()
    return call


def delegate(association, **values):
    """A person in a delegation the association sent to a past meeting."""
    person = PersonFactory(nation=association.nation, association=association, **values)
    event = EventFactory(kind="summer-congress", confederations=[association.confederation])
    delegation, _created = Delegation.objects.get_or_create(
        association=association, event=event, defaults={"status": "approved"}
    )
    DelegationMember.objects.create(
        delegation=delegation, person=person, role="delegate",
        seat=delegation.members.count() + 1, seat_limit=20,
    )  # fmt: skip
    return person


def accepted(call, association, user, person=None, statement="Served well."):
    """`person` (a delegate of `association` by default) nominated by its head, accepted."""
    person = person or delegate(association)
    nomination = services.nominate(
        call=call, nominee=person, association=association, statement=statement, by=user
    )
    services.answer_nomination(nomination=nomination, accept=True)
    return nomination


def close(call, *nominations):
    """Close the call the day after its last day; the nominations given are read
    again, with their candidates."""
    with time_machine.travel(call.closes_on + datetime.timedelta(days=1, hours=12)):
        item = services.close_call(call=call)
    for nomination in nominations:
        nomination.refresh_from_db()
    return item


def elect_by_hands(session, choices_by_association):
    """Open the session, put its election to the vote, record each seat's hand
    ({association: candidate pk or 'abstain'}) and close the poll."""
    opened(session)
    item = session.items.get(kind="election")
    poll = council.open_poll(item=item)
    seats = {s.association_id: s.pk for s in session.seats.all()}
    council.record_show_of_hands(
        poll=poll,
        choices={seats[a.pk]: str(choice) for a, choice in choices_by_association.items()},
    )
    council.close_poll(poll=poll)
    poll.refresh_from_db()
    return poll
