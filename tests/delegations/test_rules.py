import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from delegations import services
from delegations.models import Delegation, DelegationMember, DelegationStatus
from governance.selectors import current_vice_president
from members.models import MAX_DELEGATION_SIZE, Confederation
from tests.delegations.conftest import estonians, vice_president
from tests.factories import NationalAssociationFactory, NationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def add(association, meeting, person, role="delegate"):
    return services.add_member(association=association, event=meeting, person=person, role=role)


def head_of(association):
    return current_vice_president(association).person


def test_a_delegation_is_created_with_its_first_member_in_seat_one(estonia, estonian_vp, meeting):
    member = add(estonia, meeting, head_of(estonia), role="head")
    assert (member.seat, member.delegation.status) == (1, DelegationStatus.DRAFT)


def test_a_seventh_member_is_refused_naming_the_limit(estonia, estonian_vp, meeting):
    add(estonia, meeting, head_of(estonia), role="head")
    for person in estonians(estonia, 5):
        add(estonia, meeting, person)
    with pytest.raises(ValidationError) as refusal:
        add(estonia, meeting, PersonFactory(nation=estonia.nation))
    assert refusal.value.messages == [
        "A delegation has at most 6 members, the head of delegation included; this one has 7."
    ]
    assert DelegationMember.objects.count() == 6


def test_the_head_must_be_the_national_vice_president(estonia, estonian_vp, meeting):
    with pytest.raises(ValidationError, match="head of delegation is the association's National"):
        add(estonia, meeting, PersonFactory(nation=estonia.nation), role="head")


def test_the_database_refuses_a_second_head(estonia, estonian_vp, meeting):
    first = add(estonia, meeting, head_of(estonia), role="head")
    with pytest.raises(IntegrityError, match="one_head_per_delegation"), transaction.atomic():
        DelegationMember.objects.create(
            delegation=first.delegation,
            person=PersonFactory(nation=estonia.nation),
            role="head",
            seat=2,
            seat_limit=6,
        )
    assert DelegationMember.objects.filter(role="head").count() == 1


def test_the_database_refuses_a_member_beyond_the_limit(estonia, estonian_vp, meeting):
    first = add(estonia, meeting, head_of(estonia), role="head")
    with pytest.raises(IntegrityError, match="delegation_seat_within_the_limit"):
        DelegationMember.objects.create(
            delegation=first.delegation,
            person=PersonFactory(nation=estonia.nation),
            role="delegate",
            seat=7,
            seat_limit=6,
        )


def test_a_person_of_another_nation_is_refused(estonia, estonian_vp, meeting):
    latvian = PersonFactory(nation=NationFactory(country="LV"))
    with pytest.raises(ValidationError, match="Only people of Estonia"):
        add(estonia, meeting, latvian)


def test_submission_needs_the_head(estonia, estonian_vp, meeting):
    add(estonia, meeting, estonians(estonia, 1)[0])
    delegation = Delegation.objects.get()
    with pytest.raises(ValidationError, match="exactly one head"):
        services.submit(delegation=delegation)
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.DRAFT


def test_a_ciomr_delegation_needs_a_medical_officer(ciomr, meeting):
    germany = NationalAssociationFactory(confederation=ciomr, nation=NationFactory(country="DE"))
    vice_president(germany, "vp-ciomr-deu")
    head = head_of(germany)
    head.is_medical_officer = False
    head.save()
    add(germany, meeting, head, role="head")
    delegation = Delegation.objects.get()
    with pytest.raises(ValidationError, match="CIOMR delegation has at least one medical officer"):
        services.submit(delegation=delegation)
    add(germany, meeting, PersonFactory(nation=germany.nation, is_medical_officer=True))
    assert services.submit(delegation=delegation)


def test_a_delegation_goes_only_to_a_statutory_meeting_of_the_confederation(estonia, estonian_vp):
    from tests.factories import EventFactory

    seminar = EventFactory(kind="seminar", confederations=[estonia.confederation])
    with pytest.raises(ValidationError, match="not a meeting of CIOR"):
        add(estonia, seminar, head_of(estonia), role="head")


def test_the_largest_delegation_a_confederation_may_allow_fits_its_seats(
    estonia, estonian_vp, meeting
):
    confederation = estonia.confederation
    confederation.delegation_size_limit = MAX_DELEGATION_SIZE
    confederation.save()
    add(estonia, meeting, head_of(estonia), role="head")
    for person in estonians(estonia, MAX_DELEGATION_SIZE - 1):
        add(estonia, meeting, person)
    with pytest.raises(ValidationError) as refusal:
        add(estonia, meeting, PersonFactory(nation=estonia.nation))
    assert refusal.value.messages == [
        f"A delegation has at most {MAX_DELEGATION_SIZE} members, the head of delegation "
        f"included; this one has {MAX_DELEGATION_SIZE + 1}."
    ]
    assert DelegationMember.objects.count() == MAX_DELEGATION_SIZE


def test_the_database_refuses_a_confederations_limit_beyond_the_seats(cior):
    with pytest.raises(IntegrityError, match="confederation_delegation_size_in_range"):
        Confederation.objects.filter(pk=cior.pk).update(
            delegation_size_limit=MAX_DELEGATION_SIZE + 1
        )
