import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from members.models import MembershipCategory, MembershipStatus
from members.services import admit_association, change_membership
from tests.factories import NationalAssociationFactory, NationFactory, NonNatoNationFactory

pytestmark = pytest.mark.django_db

FULL, ASSOCIATE = MembershipCategory.FULL, MembershipCategory.ASSOCIATE


def admit(confederation, nation, category=FULL, on=datetime.date(2000, 1, 1), **kwargs):
    return admit_association(
        confederation=confederation,
        nation=nation,
        name=f"Reserve officers of {nation}",
        category=category,
        admitted_on=on,
        **kwargs,
    )


def test_admission_records_the_association_and_its_first_membership_change(cior):
    association = admit(cior, NationFactory(country="EE"), on=datetime.date(2004, 3, 29))
    assert (association.category, association.status) == (FULL, MembershipStatus.ACTIVE)
    [admission] = association.membership_changes.all()
    assert (admission.effective_on, admission.category) == (datetime.date(2004, 3, 29), FULL)


def test_full_membership_for_a_nation_outside_nato_is_refused_naming_the_rule(cior):
    austria = NonNatoNationFactory(country="AT")
    with pytest.raises(ValidationError) as refusal:
        admit(cior, austria, category=FULL)
    [message] = refusal.value.message_dict["category"]
    assert "Full membership is only for associations of NATO nations" in message
    assert "Austria is not a NATO member" in message
    assert not austria.associations.exists()


def test_full_membership_before_the_nation_joined_nato_is_refused(cior):
    finland = NationFactory(country="FI", nato_member_since=datetime.date(2023, 4, 4))
    with pytest.raises(ValidationError, match="Finland is not a NATO member"):
        admit(cior, finland, category=FULL, on=datetime.date(1996, 1, 1))


def test_a_nation_outside_nato_may_be_an_associate_member(cior):
    association = admit(cior, NonNatoNationFactory(country="CH"), category=ASSOCIATE)
    assert association.category == ASSOCIATE


def test_admitting_a_second_association_for_a_nation_is_refused_naming_the_member(cior):
    first = NationalAssociationFactory(confederation=cior, acronym="EROK")
    with pytest.raises(ValidationError) as refusal:
        admit(cior, first.nation)
    assert "Only one national association per nation may be a member of CIOR" in str(refusal.value)
    assert "EROK" in str(refusal.value)
    assert first.nation.associations.count() == 1


def test_an_associate_becomes_full_when_its_nation_joins_nato_and_the_past_stays(cior):
    finland = NationFactory(country="FI", nato_member_since=datetime.date(2023, 4, 4))
    association = admit(cior, finland, category=ASSOCIATE, on=datetime.date(1996, 1, 1))

    change_membership(
        association=association,
        category=FULL,
        effective_on=datetime.date(2023, 4, 4),
        note="Finland joined NATO",
    )

    association.refresh_from_db()
    assert association.category == FULL
    assert [
        (c.effective_on.year, c.category, c.note) for c in association.membership_changes.all()
    ] == [(1996, ASSOCIATE, ""), (2023, FULL, "Finland joined NATO")]


def test_the_founders_of_1948_were_full_members_before_nato_existed(cior):
    belgium = NationFactory(country="BE", nato_member_since=datetime.date(1949, 8, 24))
    association = admit(cior, belgium, category=FULL, on=datetime.date(1948, 1, 1))
    assert association.category == FULL


def test_a_full_member_whose_nation_left_nato_may_still_be_suspended_or_withdrawn(cior):
    nation = NationFactory(country="FR", nato_member_since=datetime.date(1949, 8, 24))
    association = admit(cior, nation, category=FULL, on=datetime.date(1990, 1, 1))
    nation.nato_member_since = None  # a hypothetical departure from NATO
    nation.save()
    change_membership(
        association=association,
        status=MembershipStatus.SUSPENDED,
        effective_on=datetime.date(2000, 1, 1),
    )
    with pytest.raises(ValidationError, match="France is not a NATO member"):
        change_membership(
            association=association,
            status=MembershipStatus.ACTIVE,
            effective_on=datetime.date(2001, 1, 1),
        )
    change_membership(
        association=association,
        status=MembershipStatus.WITHDRAWN,
        effective_on=datetime.date(2002, 1, 1),
    )
    association.refresh_from_db()
    assert association.status == MembershipStatus.WITHDRAWN


def test_changing_to_the_state_already_held_changes_nothing(cior):
    association = NationalAssociationFactory(confederation=cior)
    assert (
        change_membership(
            association=association, category=FULL, effective_on=datetime.date(2020, 1, 1)
        )
        is False
    )
    assert association.membership_changes.count() == 1


def test_a_change_before_the_latest_recorded_one_is_refused(cior):
    association = NationalAssociationFactory(confederation=cior)  # admitted 1990-01-01
    with pytest.raises(ValidationError, match="cannot take effect before it"):
        change_membership(
            association=association,
            status=MembershipStatus.SUSPENDED,
            effective_on=datetime.date(1980, 1, 1),
        )


@time_machine.travel(datetime.date(2026, 11, 22))
def test_a_change_dated_in_the_future_is_refused(cior):
    association = NationalAssociationFactory(confederation=cior)
    with pytest.raises(ValidationError, match="cannot take effect in the future"):
        change_membership(
            association=association,
            status=MembershipStatus.SUSPENDED,
            effective_on=datetime.date(2026, 11, 23),
        )


def test_readmitting_a_withdrawn_association_is_refused_while_a_successor_is_member(cior):
    old = NationalAssociationFactory(confederation=cior)
    change_membership(
        association=old, status=MembershipStatus.WITHDRAWN, effective_on=datetime.date(2001, 1, 1)
    )
    admit(cior, old.nation, on=datetime.date(2002, 1, 1))
    with pytest.raises(ValidationError, match="already represented by"):
        change_membership(
            association=old, status=MembershipStatus.ACTIVE, effective_on=datetime.date(2003, 1, 1)
        )
    old.refresh_from_db()
    assert old.status == MembershipStatus.WITHDRAWN
