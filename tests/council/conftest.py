import datetime

import pytest

from council import services
from council.models import AgendaItem, Session
from governance import services as governance_services
from tests.factories import (
    COUNTRY_CODES,
    NON_NATO_CODES,
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
    PersonFactory,
    UserFactory,
)

# Enough nations for a council of 60 seats, in a fixed order: NATO's first.
COUNTRIES = [*COUNTRY_CODES, *NON_NATO_CODES, "AR", "BR", "CL", "CO", "EG", "IN", "ID", "IL",
             "KE", "KR", "MA", "MX", "NZ", "NG", "PE", "PH", "TH", "TN", "UY", "VN"]  # fmt: skip


def member(confederation, country: str, **values):
    return NationalAssociationFactory(
        confederation=confederation,
        nation=NationFactory(country=country),
        email=f"contact@{country.lower()}.example",
        **values,
    )


def vice_president(association, username: str | None = None):
    """The association's National Vice President, with an account."""
    username = username or f"vp-{association.confederation.code}-{association.nation.code.lower()}"
    user = UserFactory(username=username)
    governance_services.appoint(
        office=governance_services.national_vice_president_office(association),
        person=PersonFactory(
            nation=association.nation,
            association=association,
            user=user,
            email=f"{username}@example.org",
        ),
        starts_on=datetime.date(2020, 1, 1),
    )
    return user


def members_with_heads(confederation, count: int, *, start: int = 0, **values):
    """`count` member associations, each with its vice president: {association: user}."""
    made = {}
    for country in COUNTRIES[start : start + count]:
        association = member(confederation, country, **values)
        made[association] = vice_president(association)
    return made


def meeting_session(confederation, *, held_on=datetime.date(2027, 2, 4)) -> Session:
    event = EventFactory(
        kind="mid-winter-meeting",
        confederations=[confederation],
        starts_on=held_on,
        ends_on=held_on + datetime.timedelta(days=2),
    )
    return Session.objects.create(confederation=confederation, event=event, held_on=held_on)


def decision_item(
    session: Session, *, business="other", title="A motion", position=None, **values
):
    position = position or session.items.filter(parent=None).count() + 1
    return AgendaItem.objects.create(
        session=session, position=position, kind="decision", business=business,
        title_en=title, title_fr=f"{title} (fr)", **values,
    )  # fmt: skip


def opened(session: Session, *, present=None) -> Session:
    """The session with its agenda sent, opened, and the given associations (all, by
    default) marked present."""
    if not session.items.exists():
        decision_item(session)
    services.publish_agenda(session=session)
    services.open_session(session=session)
    seats = session.seats.all()
    if present is not None:
        seats = seats.filter(association__in=present)
    services.mark_attendance(session=session, present={s.pk for s in seats})
    session.refresh_from_db()
    return session


@pytest.fixture
def five(cior):
    """Five full members of CIOR, each with its vice president."""
    cior.secretariat_email = "secretariat@cior.example"
    cior.save()
    return members_with_heads(cior, 5)


@pytest.fixture
def session(cior, five) -> Session:
    return meeting_session(cior)
