import datetime

import pytest
from django.core.exceptions import ValidationError

from governance import services
from governance.models import OfficeKind, Presidency, RotationPlace, Term
from governance.selectors import councils, leadership
from members.models import MembershipStatus
from members.services import change_membership
from tests.factories import (
    CouncilDecisionFactory,
    NationalAssociationFactory,
    NationFactory,
    NonNatoNationFactory,
    OfficeFactory,
    PersonFactory,
    presidency_with_team,
)

pytestmark = pytest.mark.django_db

D = datetime.date
ATHENS, TALLINN = D(2022, 8, 5), D(2024, 8, 2)


def team(presidency: Presidency) -> dict[str, Term]:
    return {
        term.office.kind: term
        for term in Term.objects.filter(office__held_by_presidency=True)
        .current(presidency.starts_on)
        .select_related("office")
    }


def test_handover_opens_the_incoming_teams_terms_for_the_term_length(estonia_presidency):
    terms = team(estonia_presidency)
    assert set(terms) == {"president", "secretary-general", "asg"}
    president = terms["president"]
    assert (president.starts_on, president.ends_on) == (ATHENS, D(2024, 8, 5))
    assert president.person.nation.code == "EST"
    assert president.began_by == Term.BeganBy.NOMINATED_IN_ROTATION
    assert president.decision == estonia_presidency.decision


def test_handover_closes_outgoing_terms_and_makes_honorary_delegates(
    cior, presidency_offices, estonia_presidency
):
    outgoing = team(estonia_presidency)
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    incoming = presidency_with_team(cior, norway, presidency_offices, TALLINN)

    assert services.hand_over_presidency(presidency=incoming, on=TALLINN, place="Tallinn")

    for term in outgoing.values():
        term.refresh_from_db()
        assert term.ends_on == TALLINN
    estonia_presidency.refresh_from_db()
    assert estonia_presidency.ends_on == TALLINN
    assert {t.person.nation.code for t in team(incoming).values()} == {"NOR"}
    honorary = councils([cior], on=D(2024, 9, 1))[cior.pk].honorary_delegates
    assert {d.person for d in honorary} == {
        outgoing["president"].person,
        outgoing["secretary-general"].person,
    }  # an Assistant Secretary General does not become one


def test_handing_over_twice_changes_nothing(cior, estonia_presidency):
    terms_before = Term.objects.count()
    assert not services.hand_over_presidency(presidency=estonia_presidency, on=ATHENS)
    assert Term.objects.count() == terms_before


def test_a_presidency_the_council_has_not_approved_cannot_be_handed_over(cior, presidency_offices):
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    presidency = presidency_with_team(cior, norway, presidency_offices, TALLINN, approved=False)
    with pytest.raises(ValidationError, match="council has not approved this presidency"):
        services.hand_over_presidency(presidency=presidency, on=TALLINN)
    presidency.refresh_from_db()
    assert not presidency.handed_over
    assert not Term.objects.exists()


def test_ciomr_hands_over_only_with_an_approved_international_vice_president(ciomr):
    germany = NationalAssociationFactory(confederation=ciomr, nation=NationFactory(country="DE"))
    offices = {
        "president": OfficeFactory(
            confederation=ciomr, kind=OfficeKind.PRESIDENT, held_by_presidency=True
        ),
        "ivp": OfficeFactory(
            confederation=ciomr,
            kind=OfficeKind.INTERNATIONAL_VICE_PRESIDENT,
            held_by_presidency=True,
        ),
    }
    presidency = presidency_with_team(ciomr, germany, offices, ATHENS)
    with pytest.raises(ValidationError, match="Executive Committee has not approved"):
        services.hand_over_presidency(presidency=presidency, on=ATHENS)

    ivp = presidency.appointments.get(office__kind=OfficeKind.INTERNATIONAL_VICE_PRESIDENT)
    ivp.decision = CouncilDecisionFactory(confederation=ciomr, kind="ivp")
    ivp.save()
    assert services.hand_over_presidency(presidency=presidency, on=ATHENS)
    assert set(team(presidency)) == {"president", "ivp"}


def test_approval_makes_the_designated_president_president_elect_until_the_handover(
    cior, presidency_offices, estonia_presidency, time_machine
):
    time_machine.move_to(D(2023, 3, 1))
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    incoming = presidency_with_team(cior, norway, presidency_offices, TALLINN, approved=False)
    services.approve_presidency(presidency=incoming, decided_on=D(2023, 2, 3))

    president_elect = Term.objects.get(office__kind=OfficeKind.PRESIDENT_ELECT)
    designated = incoming.appointments.get(office__kind=OfficeKind.PRESIDENT).person
    assert (president_elect.person, president_elect.starts_on) == (designated, D(2023, 2, 3))
    assert Term.objects.filter(office__kind=OfficeKind.SECRETARY_GENERAL_ELECT).exists()

    time_machine.move_to(TALLINN)
    services.hand_over_presidency(presidency=incoming, on=TALLINN)
    president_elect.refresh_from_db()
    assert president_elect.ends_on == TALLINN


def test_handover_moves_the_incoming_association_to_the_end_of_the_rotation(
    cior, presidency_offices, estonia_presidency
):
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    poland = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="PL"))
    # Estonia went to the end of the rotation when it took its turn in 2022.
    for position, association in enumerate([norway, poland], start=10):
        RotationPlace.objects.create(
            confederation=cior, association=association, position=position
        )
    incoming = presidency_with_team(cior, norway, presidency_offices, TALLINN)
    services.hand_over_presidency(presidency=incoming, on=TALLINN)
    order = list(
        RotationPlace.objects.filter(confederation=cior).values_list(
            "association__nation__country", flat=True
        )
    )
    assert order == ["EE", "PL", "NO"]


def test_rotation_skips_associate_suspended_and_withdrawn_associations(cior, time_machine):
    time_machine.move_to(D(2026, 11, 22))
    eligible = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="PL"))
    associate = NationalAssociationFactory(
        confederation=cior, nation=NonNatoNationFactory(country="AT"), category="associate"
    )
    suspended = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="IT"))
    change_membership(
        association=suspended, status=MembershipStatus.SUSPENDED, effective_on=D(2025, 1, 1)
    )
    withdrawn = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="GR"))
    change_membership(
        association=withdrawn, status=MembershipStatus.WITHDRAWN, effective_on=D(2025, 1, 1)
    )
    last = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="RO"))
    for position, association in enumerate(
        [associate, suspended, withdrawn, eligible, last], start=1
    ):
        RotationPlace.objects.create(
            confederation=cior, association=association, position=position
        )
    [cior_leadership] = leadership()
    assert [p.association for p in cior_leadership.rotation.after] == [eligible, last]


def test_council_is_derived_from_current_terms_with_votes(cior, estonia_presidency):
    austria = NationalAssociationFactory(
        confederation=cior, nation=NonNatoNationFactory(country="AT"), category="associate"
    )
    estonia = estonia_presidency.association
    head = PersonFactory(nation=estonia.nation)
    services.appoint(
        office=services.national_vice_president_office(estonia),
        person=head,
        starts_on=D(2023, 1, 1),
    )
    services.appoint(
        office=services.national_vice_president_office(austria),
        person=PersonFactory(nation=austria.nation),
        starts_on=D(2019, 1, 1),
        ends_on=D(2023, 1, 1),
    )
    council = councils([cior], on=D(2023, 6, 1))[cior.pk]
    seats = {seat.association.nation.code: seat for seat in council.seats}
    assert seats["EST"].head.person == head
    assert seats["EST"].vote == "full"
    assert seats["AUT"].head is None  # the term ended: the seat is vacant
    assert seats["AUT"].vote == "limited"
    assert {t.office.kind for t in council.presidency_team} == {
        "president",
        "secretary-general",
        "asg",
    }
    assert council.honorary_delegates == []


def test_a_handover_on_the_day_of_the_approval_ends_the_elect_terms_it_opened(
    cior, presidency_offices, estonia_presidency, time_machine
):
    time_machine.move_to(TALLINN)
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    incoming = presidency_with_team(cior, norway, presidency_offices, TALLINN, approved=False)
    services.approve_presidency(presidency=incoming, decided_on=TALLINN)
    assert services.hand_over_presidency(presidency=incoming, on=TALLINN)
    assert not Term.objects.filter(office__kind=OfficeKind.PRESIDENT_ELECT).exists()
    assert team(incoming)["president"].person.nation.code == "NOR"


def test_a_handover_dated_in_the_future_is_refused(
    cior, presidency_offices, estonia_presidency, time_machine
):
    time_machine.move_to(D(2024, 8, 1))
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    incoming = presidency_with_team(cior, norway, presidency_offices, TALLINN)
    with pytest.raises(ValidationError, match="cannot be recorded before the day it happens"):
        services.hand_over_presidency(presidency=incoming, on=TALLINN)


def test_an_associate_cannot_take_the_presidency(cior, presidency_offices, estonia_presidency):
    austria = NationalAssociationFactory(
        confederation=cior, nation=NonNatoNationFactory(country="AT"), category="associate"
    )
    incoming = presidency_with_team(cior, austria, presidency_offices, TALLINN)
    with pytest.raises(ValidationError, match="Only an active full member takes the presidency"):
        services.hand_over_presidency(presidency=incoming, on=TALLINN)


def test_the_cior_presidency_team_comes_from_the_presiding_nation(
    cior, presidency_offices, estonia_presidency
):
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    incoming = presidency_with_team(cior, norway, presidency_offices, TALLINN)
    secretary = incoming.appointments.get(office__kind=OfficeKind.SECRETARY_GENERAL)
    secretary.person = PersonFactory(nation=NationFactory(country="DK"))
    secretary.save()
    with pytest.raises(ValidationError, match="is not of Norway, which takes the presidency"):
        services.hand_over_presidency(presidency=incoming, on=TALLINN)
    incoming.refresh_from_db()
    assert not incoming.handed_over


def test_a_suspended_member_has_no_vote_in_the_council(cior, time_machine):
    time_machine.move_to(D(2026, 1, 1))
    italy = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="IT"))
    change_membership(
        association=italy, status=MembershipStatus.SUSPENDED, effective_on=D(2025, 1, 1)
    )
    [seat] = councils([cior])[cior.pk].seats
    assert seat.vote == "suspended"


def test_a_member_without_a_place_in_the_rotation_comes_last(cior, estonia_presidency):
    poland = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="PL"))
    latecomer = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="LV"))
    RotationPlace.objects.create(confederation=cior, association=poland, position=5)
    [cior_leadership] = leadership()
    assert [p.association for p in cior_leadership.rotation.after] == [poland, latecomer]
