import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from governance import services
from governance.forms import TermAdminForm
from governance.models import OfficeKind, Term
from tests.factories import (
    NationalAssociationFactory,
    NationFactory,
    OfficeFactory,
    PersonFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date


def test_database_refuses_two_overlapping_terms_of_a_single_holder_office():
    first = TermFactory(starts_on=D(2020, 8, 1), ends_on=D(2022, 8, 1))
    with pytest.raises(IntegrityError, match="no_overlapping_terms_of_one_seat"):
        TermFactory(office=first.office, starts_on=D(2022, 7, 1), ends_on=D(2024, 8, 1))


def test_database_refuses_a_term_overlapping_an_open_ended_one():
    first = TermFactory(starts_on=D(2019, 1, 1), ends_on=None)
    with pytest.raises(IntegrityError, match="no_overlapping_terms_of_one_seat"):
        TermFactory(office=first.office, starts_on=D(2030, 1, 1), ends_on=D(2031, 1, 1))


def test_a_term_may_start_on_the_day_the_previous_one_ends():
    first = TermFactory(starts_on=D(2020, 8, 1), ends_on=D(2022, 8, 5))
    second = TermFactory(office=first.office, starts_on=D(2022, 8, 5), ends_on=D(2024, 8, 2))
    assert second.pk


def test_database_refuses_a_term_that_ends_before_it_starts():
    with pytest.raises(IntegrityError, match="term_ends_after_it_starts"), transaction.atomic():
        TermFactory(starts_on=D(2022, 8, 1), ends_on=D(2022, 8, 1))


def test_appointing_to_a_held_seat_names_the_holder_it_conflicts_with():
    holder = TermFactory(
        person=PersonFactory(given_name="Rein", family_name="Tamm"),
        starts_on=D(2022, 8, 5),
        ends_on=D(2024, 8, 2),
    )
    with pytest.raises(ValidationError, match=r"held by Rein Tamm from Aug\. 5, 2022"):
        services.appoint(office=holder.office, person=PersonFactory(), starts_on=D(2023, 1, 1))


def test_an_office_with_two_seats_takes_a_second_holder_on_the_free_seat():
    office = OfficeFactory(kind=OfficeKind.DEPUTY_SECRETARY_GENERAL, holders_at_once=2)
    first = services.appoint(office=office, person=PersonFactory(), starts_on=D(2024, 1, 1))
    second = services.appoint(office=office, person=PersonFactory(), starts_on=D(2024, 1, 1))
    assert (first.seat, second.seat) == (1, 2)
    with pytest.raises(ValidationError, match="is held by"):
        services.appoint(office=office, person=PersonFactory(), starts_on=D(2024, 6, 1))


def test_a_national_vice_president_must_be_of_the_associations_nation(cior):
    association = NationalAssociationFactory(
        confederation=cior, nation=NationFactory(country="EE")
    )
    office = services.national_vice_president_office(association)
    latvian = PersonFactory(nation=NationFactory(country="LV"))
    with pytest.raises(ValidationError, match="National Vice President of Estonia must be"):
        services.appoint(office=office, person=latvian, starts_on=D(2024, 1, 1))
    assert not Term.objects.exists()


def test_admin_term_form_says_which_holder_a_new_term_conflicts_with():
    holder = TermFactory(
        person=PersonFactory(given_name="Silje", family_name="Haugen"),
        starts_on=D(2024, 8, 2),
        ends_on=D(2026, 7, 31),
    )
    form = TermAdminForm(
        data={
            "office": holder.office.pk,
            "seat": 1,
            "person": PersonFactory().pk,
            "starts_on": "2025-01-01",
            "ends_on": "",
            "began_by": "elected",
        }
    )
    assert not form.is_valid()
    assert form.non_field_errors() == [
        "President is held by Silje Haugen from Aug. 2, 2024 to July 31, 2026 at that time."
    ]


def test_vacancies_are_offices_without_a_current_term(cior, time_machine):
    time_machine.move_to(D(2026, 11, 22))
    from governance.selectors import leadership

    held = OfficeFactory(confederation=cior, kind=OfficeKind.PRESIDENT)
    TermFactory(office=held, starts_on=D(2026, 7, 31), ends_on=D(2028, 7, 31))
    vacant = OfficeFactory(confederation=cior, kind=OfficeKind.SECRETARY_GENERAL)
    TermFactory(office=vacant, starts_on=D(2024, 8, 2), ends_on=D(2026, 7, 31))
    [cior_leadership] = leadership()
    assert cior_leadership.vacancies == [vacant]
