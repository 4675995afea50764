"""The secretariat exports everything the portal holds about a person, as a file to
send them, and erases a person no longer needed: their contact data and account go,
their offices stay on the record."""

import datetime
import json
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from confed import outbox
from confed.models import Email
from governance import services as governance
from governance.models import MembershipApplication, Term
from members.models import Person
from subscriptions import services as subscriptions
from subscriptions.models import Scale
from tests.factories import (
    CouncilDecisionFactory,
    NationalAssociationFactory,
    OfficeFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def sign_an_application(person: Person, confederation) -> None:
    governance.submit_application(
        confederation=confederation,
        country="IS",
        association_name="Icelandic Reserve Officers",
        contact_name=person.full_name,
        contact_email=person.email,
        category="associate",
        statement="Please admit us.",
    )


def email_to(person: Person) -> None:
    outbox.owe(
        to=[person.email], subject="Your term", text="Thank you.", template="t", language="en"
    )


@pytest.fixture
def person(cior) -> Person:
    """Someone with an address, an account, an application signed and an email received."""
    person = PersonFactory(email="someone@example.org", user=UserFactory(username="someone"))
    sign_an_application(person, cior)
    email_to(person)
    return person


def exported(client, person: Person) -> dict:
    response = client.get(reverse("personal_data_export", args=[person.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="personal-data-')
    assert "no-store" in response["Cache-Control"]
    return json.loads(response.content)


def test_the_export_of_a_demo_person_holds_their_terms_delegations_and_applications(
    demo_loaded, secretariat_client
):
    person = Person.objects.get(user__username="vp-cior-est")
    sign_an_application(person, person.association.confederation)
    data = exported(secretariat_client, person)
    assert data["person"]["family_name"] == person.family_name
    assert data["account"]["username"] == "vp-cior-est"
    assert "National Vice President, Estonia" in {term["office"] for term in data["terms"]}
    assert data["delegations"]
    assert {d["nation"] for d in data["delegations"]} == {"EST"}
    assert [a["association"] for a in data["applications"]] == ["Icelandic Reserve Officers"]


def test_erasing_a_demo_past_president_keeps_their_offices_on_the_leadership_page(
    demo_loaded, secretariat_client
):
    today = datetime.date.today()
    president = (
        Term.objects.filter(office__kind="president", ends_on__lte=today)
        .exclude(person__terms__ends_on__isnull=True)
        .exclude(person__terms__ends_on__gt=today)
        .select_related("person", "office__confederation")
        .first()
    )
    person = president.person
    person.email = "past.president@example.org"
    person.user = UserFactory(username="past-president")
    person.save()
    sign_an_application(person, president.office.confederation)
    email_to(person)
    assert person.family_name in Client().get("/leadership/").content.decode()

    response = secretariat_client.post(reverse("personal_data_erase", args=[person.pk]))

    assert response.status_code == 302
    person.refresh_from_db()
    assert (person.email, person.user) == ("", None)
    assert person.contact_erased_at is not None
    assert not get_user_model().objects.filter(username="past-president").exists()
    assert not person.history.exclude(email="").exists()
    assert not Email.objects.filter(to__contains=["past.president@example.org"]).exists()
    application = MembershipApplication.objects.get(association_name="Icelandic Reserve Officers")
    assert (application.contact_name, application.contact_email) == ("", "")
    assert not application.history.exclude(contact_email="").exists()
    # The record of offices held stays, name and all.
    assert person.terms.filter(office__kind="president").exists()
    assert person.family_name in Client().get("/leadership/").content.decode()


def test_the_export_holds_the_emails_sent_to_them(secretariat_client, person):
    data = exported(secretariat_client, person)
    assert [email["subject"] for email in data["emails"]] == [
        "Your application to CIOR has been received",
        "Your term",
    ]
    assert data["account"]["username"] == "someone"


def test_the_erasure_is_asked_for_first_and_says_what_goes_and_what_stays(
    secretariat_client, person
):
    text = secretariat_client.get(reverse("personal_data_erase", args=[person.pk])).content
    assert b"someone@example.org" in text
    assert b"the contact on 1 application they signed" in text
    assert b"What stays" in text
    person.refresh_from_db()
    assert person.email == "someone@example.org"


def test_erasing_twice_says_it_was_done_already(secretariat_client, person):
    url = reverse("personal_data_erase", args=[person.pk])
    secretariat_client.post(url)
    response = secretariat_client.post(url, follow=True)
    assert "contact data was erased already" in response.content.decode()


def test_a_person_who_holds_an_office_today_is_not_erased(secretariat_client, vice_president_user):
    person = vice_president_user.person
    person.email = "vp@example.org"
    person.save()
    response = secretariat_client.post(reverse("personal_data_erase", args=[person.pk]))
    assert response.status_code == 400
    assert "holds or will hold an office (National Vice President" in response.content.decode()
    person.refresh_from_db()
    assert person.email == "vp@example.org"
    assert person.user is not None


@pytest.mark.parametrize("name", ["personal_data_export", "personal_data_erase"])
def test_only_the_secretariat_exports_or_erases(client, vice_president_user, name):
    person = vice_president_user.person
    url = reverse(name, args=[person.pk])
    assert client.get(url).status_code == 302  # to the admin's login
    client.force_login(vice_president_user)
    response = client.post(url) if name == "personal_data_erase" else client.get(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    person.refresh_from_db()
    assert person.user is not None


def test_the_change_page_offers_the_export_and_the_erasure(secretariat_client, person):
    page = secretariat_client.get(
        reverse("admin:members_person_change", args=[person.pk])
    ).content.decode()
    assert reverse("personal_data_export", args=[person.pk]) in page
    assert reverse("personal_data_erase", args=[person.pk]) in page


def test_a_person_about_to_take_office_is_not_erased(secretariat_client, person, cior):
    governance.appoint(
        office=OfficeFactory(confederation=cior, kind="treasurer", title_en="Treasurer"),
        person=person,
        starts_on=datetime.date.today() + datetime.timedelta(days=30),
    )
    response = secretariat_client.post(reverse("personal_data_erase", args=[person.pk]))
    assert response.status_code == 400
    assert "holds or will hold an office (Treasurer)" in response.content.decode()
    person.refresh_from_db()
    assert person.email == "someone@example.org"


def test_a_staff_account_is_not_deleted_by_erasing_its_person(secretariat_client, person):
    person.user.is_staff = True
    person.user.save()
    response = secretariat_client.post(reverse("personal_data_erase", args=[person.pk]))
    assert response.status_code == 400
    assert "has a staff account" in response.content.decode()
    assert get_user_model().objects.filter(username="someone").exists()


def test_emails_to_either_address_in_any_case_are_erased(secretariat_client, person):
    person.user.email = "Someone.Private@Example.org"
    person.user.save()
    outbox.owe(to=["SOMEONE@EXAMPLE.ORG"], subject="Loud", text=".", template="t", language="en")
    outbox.owe(
        to=["someone.private@example.org"], subject="Code", text=".", template="t", language="en"
    )
    outbox.owe(to=["other@example.org"], subject="Other", text=".", template="t", language="en")
    secretariat_client.post(reverse("personal_data_erase", args=[person.pk]))
    # The secretariat's copy of the application named the contact: it goes too.
    assert list(Email.objects.values_list("subject", flat=True)) == ["Other"]


def test_a_person_given_an_address_again_after_erasure_can_be_erased_again(
    secretariat_client, person
):
    url = reverse("personal_data_erase", args=[person.pk])
    secretariat_client.post(url)
    person.refresh_from_db()
    person.email = "back@example.org"
    person.save()
    secretariat_client.post(url)
    person.refresh_from_db()
    assert person.email == ""


def test_an_email_also_to_others_stays_for_them_without_the_erased_address(
    secretariat_client, person
):
    outbox.owe(
        to=["contact@ee.example", "SOMEONE@example.org"], subject="CIOR subscription 2027",
        text="Invoice CIOR-2027-002 attached.", template="t", language="en",
    )  # fmt: skip
    secretariat_client.post(reverse("personal_data_erase", args=[person.pk]))
    kept = Email.objects.get(subject="CIOR subscription 2027")
    assert kept.to == ["contact@ee.example"]


def test_a_person_whose_address_is_an_associations_contact_is_not_erased(
    secretariat_client, person, cior
):
    NationalAssociationFactory(confederation=cior, email="Someone@Example.org", acronym="ERO")
    response = secretariat_client.post(reverse("personal_data_erase", args=[person.pk]))
    assert response.status_code == 400
    assert "contact address of" in response.content.decode()
    person.refresh_from_db()
    assert person.email == "someone@example.org"


def test_a_former_treasurer_whose_account_signed_the_ledger_is_not_erased(
    secretariat_client, person, cior
):
    association = NationalAssociationFactory(confederation=cior)
    scale = Scale.objects.create(
        confederation=cior, year=2026, full_member=Decimal("10"), associate_member=Decimal("5"),
        due_on=datetime.date(2026, 3, 31), decision=CouncilDecisionFactory(confederation=cior),
    )  # fmt: skip
    subscriptions.issue_invoices(
        scale=scale, issued_on=datetime.date(2026, 1, 15), issued_by=person.user,
        associations=[association],
    )  # fmt: skip
    response = secretariat_client.post(reverse("personal_data_erase", args=[person.pk]))
    assert response.status_code == 400
    assert "signed entries of the subscriptions" in response.content.decode()
    assert get_user_model().objects.filter(username="someone").exists()
