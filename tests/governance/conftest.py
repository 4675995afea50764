import datetime

import pytest

from governance import services
from governance.models import OfficeKind
from tests.factories import (
    NationalAssociationFactory,
    NationFactory,
    OfficeFactory,
    presidency_with_team,
)


@pytest.fixture
def presidency_offices(cior):
    """CIOR's presidency team: President and Secretary General with their -elect offices,
    and one Assistant Secretary General."""
    president = OfficeFactory(
        confederation=cior,
        kind=OfficeKind.PRESIDENT,
        held_by_presidency=True,
        holders_become_honorary_delegates=True,
        position=1,
    )
    secretary_general = OfficeFactory(
        confederation=cior,
        kind=OfficeKind.SECRETARY_GENERAL,
        held_by_presidency=True,
        holders_become_honorary_delegates=True,
        position=2,
    )
    asg = OfficeFactory(
        confederation=cior,
        kind=OfficeKind.ASSISTANT_SECRETARY_GENERAL,
        code="asg-operations",
        title_en="Assistant Secretary General (Operations)",
        held_by_presidency=True,
        position=3,
    )
    OfficeFactory(
        confederation=cior,
        kind=OfficeKind.PRESIDENT_ELECT,
        elect_of=president,
        term_years=None,
        position=4,
    )
    OfficeFactory(
        confederation=cior,
        kind=OfficeKind.SECRETARY_GENERAL_ELECT,
        elect_of=secretary_general,
        term_years=None,
        position=5,
    )
    return {"president": president, "secretary_general": secretary_general, "asg": asg}


@pytest.fixture
def estonia_presidency(cior, presidency_offices):
    """Estonia's presidency, handed over in Athens on 5 August 2022."""
    estonia = NationalAssociationFactory(
        confederation=cior, nation=NationFactory(country="EE"), acronym="EROK"
    )
    presidency = presidency_with_team(cior, estonia, presidency_offices, datetime.date(2022, 8, 5))
    services.hand_over_presidency(
        presidency=presidency, on=datetime.date(2022, 8, 5), place="Athens"
    )
    presidency.refresh_from_db()
    return presidency
