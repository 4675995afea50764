"""A database constraint's violation reads as the rule it holds, found by its name."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction

from confed.constraints import constraint_name, violations_as_errors
from members.models import Nation, Person
from tests.factories import NationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def a_second_person_with(email: str) -> Person:
    return Person(
        given_name="Second", family_name="Person", nation=Nation.objects.get(), email=email
    )


def test_the_constraint_broken_is_named_by_the_database():
    PersonFactory(email="tarmo.saar@example.org", nation=NationFactory(country="EE"))
    with pytest.raises(IntegrityError) as broken, transaction.atomic():
        a_second_person_with("Tarmo.Saar@example.org").save()
    assert constraint_name(broken.value) == "person_email_unique"


def test_a_broken_constraint_becomes_its_own_message_on_the_field_named_for_it():
    PersonFactory(email="tarmo.saar@example.org", nation=NationFactory(country="EE"))
    with (
        pytest.raises(ValidationError) as refusal,
        violations_as_errors(fields={"person_email_unique": "email"}),
    ):
        a_second_person_with("tarmo.saar@example.org").save()
    assert refusal.value.message_dict == {
        "email": ["Another person already has this email address."]
    }


def test_without_a_field_the_message_is_for_the_whole_form():
    PersonFactory(email="tarmo.saar@example.org", nation=NationFactory(country="EE"))
    with pytest.raises(ValidationError) as refusal, violations_as_errors():
        a_second_person_with("tarmo.saar@example.org").save()
    assert refusal.value.messages == ["Another person already has this email address."]


def test_the_transaction_goes_on_after_a_refused_write():
    PersonFactory(email="tarmo.saar@example.org", nation=NationFactory(country="EE"))
    with pytest.raises(ValidationError), violations_as_errors():
        a_second_person_with("tarmo.saar@example.org").save()
    assert Person.objects.count() == 1  # a query: the transaction is not aborted


def test_an_error_no_declared_constraint_explains_is_raised_as_it_is():
    PersonFactory(nation=NationFactory(country="EE"))
    # A NOT NULL column: no constraint of ours.
    with pytest.raises(IntegrityError) as broken, violations_as_errors(), connection.cursor() as c:
        c.execute("UPDATE members_person SET given_name = NULL")
    assert constraint_name(broken.value) is None
