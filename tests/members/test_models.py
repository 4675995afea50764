import pytest
from django.db import IntegrityError, transaction

from members.models import MembershipStatus, NationalAssociation, Person
from tests.factories import NationalAssociationFactory, NationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def test_database_refuses_a_second_active_association_for_a_nation(cior):
    first = NationalAssociationFactory(confederation=cior)
    with pytest.raises(IntegrityError, match="one_member_association_per_nation"):
        NationalAssociation.objects.create(
            confederation=cior,
            nation=first.nation,
            name="A rival association",
            category="full",
            status=MembershipStatus.ACTIVE,
        )


def test_database_refuses_a_second_association_while_the_first_is_suspended(cior):
    first = NationalAssociationFactory(confederation=cior, status=MembershipStatus.SUSPENDED)
    with pytest.raises(IntegrityError, match="one_member_association_per_nation"):
        NationalAssociation.objects.create(
            confederation=cior, nation=first.nation, name="Rival", category="full"
        )


def test_a_nation_may_have_a_new_association_once_the_old_one_has_withdrawn(cior):
    old = NationalAssociationFactory(confederation=cior, status=MembershipStatus.WITHDRAWN)
    new = NationalAssociation.objects.create(
        confederation=cior, nation=old.nation, name="Successor", category="full"
    )
    assert new.pk


def test_a_nation_may_have_one_member_in_each_confederation(cior, ciomr):
    nation = NationFactory()
    NationalAssociationFactory(confederation=cior, nation=nation)
    NationalAssociationFactory(confederation=ciomr, nation=nation)
    assert nation.associations.count() == 2


def test_database_refuses_an_unknown_membership_category(cior):
    association = NationalAssociationFactory(confederation=cior)
    with pytest.raises(IntegrityError, match="association_category_valid"):
        NationalAssociation.objects.filter(pk=association.pk).update(category="honorary")


def test_two_people_cannot_share_an_email_address_in_any_letter_case():
    PersonFactory(email="Tarmo.Saar@example.org")
    with pytest.raises(IntegrityError, match="person_email_unique"), transaction.atomic():
        PersonFactory(email="tarmo.saar@EXAMPLE.org")


def test_many_people_may_have_no_email_address():
    PersonFactory(email="")
    PersonFactory(email="")
    assert Person.objects.filter(email="").count() == 2


def test_nation_code_is_the_iso_alpha3_code_used_in_its_url():
    estonia = NationFactory(country="EE")
    assert estonia.code == "EST"
    assert estonia.get_absolute_url() == "/nations/est/"
