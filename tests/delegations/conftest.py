import datetime

import pytest

from events.models import EventKind
from governance import services as governance
from tests.factories import (
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
    PersonFactory,
    UserFactory,
)

D = datetime.date


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 5, 12, 0, tzinfo=datetime.UTC))


@pytest.fixture
def meeting(cior, ciomr):
    """The Mid-Winter Meeting 2027, delegations due on 14 January."""
    return EventFactory(
        kind=EventKind.MID_WINTER_MEETING,
        title_en="Mid-Winter Meeting 2027",
        slug="mid-winter-meeting-2027",
        confederations=[cior, ciomr],
        starts_on=D(2027, 2, 4),
        ends_on=D(2027, 2, 6),
        delegation_deadline=D(2027, 1, 14),
    )


NVP_SINCE = D(2026, 1, 1)


def vice_president(association, username: str, *, starts_on=NVP_SINCE, ends_on=None):
    user = UserFactory(username=username)
    person = PersonFactory(
        nation=association.nation,
        association=association,
        user=user,
        given_name=username,
        is_medical_officer=True,
    )
    governance.appoint(
        office=governance.national_vice_president_office(association),
        person=person,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    return user


@pytest.fixture
def estonia(cior):
    return NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))


@pytest.fixture
def latvia(cior):
    return NationalAssociationFactory(confederation=cior, nation=NationFactory(country="LV"))


@pytest.fixture
def estonian_vp(estonia):
    return vice_president(estonia, "vp-cior-est")


@pytest.fixture
def latvian_vp(latvia):
    return vice_president(latvia, "vp-cior-lva")


@pytest.fixture
def former_estonian_vp(estonia, estonian_vp):
    """Estonia's vice president until the end of 2025 (the current one is estonian_vp)."""
    return vice_president(
        estonia, "former-vp-cior-est", starts_on=D(2024, 1, 1), ends_on=D(2026, 1, 1)
    )


def estonians(estonia, count: int) -> list:
    return [PersonFactory(nation=estonia.nation, association=estonia) for _ in range(count)]
