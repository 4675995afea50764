import datetime
import re

import pytest
from django.core import mail

from members.services import invite
from tests.factories import NationFactory, PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def invited(django_capture_on_commit_callbacks, settings):
    settings.INVITATION_DAYS = 14
    person = PersonFactory(nation=NationFactory(country="EE"), email="Tarmo.Saar@example.ee")
    with django_capture_on_commit_callbacks(execute=True):
        invite(person=person)
    [email] = mail.outbox
    path = re.search(r"http://127\.0\.0\.1:8000(/accounts/invitation/[^/]+/)", email.body)[1]
    person.refresh_from_db()
    return person, path


NEW_PASSWORD = {
    "new_password1": "a-strong-pass-phrase-77",
    "new_password2": "a-strong-pass-phrase-77",
}


def test_an_invitation_emails_a_link_that_sets_the_password_and_logs_in(client, invited):
    person, path = invited
    assert person.user.username == "tarmo.saar@example.ee"
    assert not person.user.has_usable_password()
    assert mail.outbox[0].to == ["Tarmo.Saar@example.ee"]
    assert "valid" not in mail.outbox[0].subject.lower()
    response = client.post(path, NEW_PASSWORD)
    assert response.status_code == 302
    person.user.refresh_from_db()
    assert person.user.check_password("a-strong-pass-phrase-77")
    assert client.session["_auth_user_id"] == str(person.user.pk)


def test_a_used_invitation_link_does_not_work_again(client, invited):
    _person, path = invited
    client.post(path, NEW_PASSWORD)
    client.logout()
    response = client.post(path, NEW_PASSWORD)
    assert response.status_code == 400
    assert "This invitation link is not valid" in response.content.decode()


def test_an_invitation_link_expires_after_the_set_number_of_days(client, invited, time_machine):
    _person, path = invited
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=15))
    assert client.get(path).status_code == 400


def test_an_invitation_link_works_until_its_last_day(client, invited, time_machine):
    _person, path = invited
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=13))
    assert client.get(path).status_code == 200


def test_a_tampered_link_is_refused(client, invited):
    _person, path = invited
    assert client.get(path[:-3] + "xx/").status_code == 400


def test_a_weak_password_is_refused_beside_the_field(client, invited):
    _person, path = invited
    response = client.post(path, {"new_password1": "12345678", "new_password2": "12345678"})
    assert response.status_code == 200
    assert "This password is too common." in str(response.context["form"].errors)


def test_a_person_without_an_email_cannot_be_invited():
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="has no email address"):
        invite(person=PersonFactory(email=""))


def test_the_secretariat_invites_from_the_person_list(
    secretariat_client, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    person = PersonFactory(email="kadri@example.ee")
    with django_capture_on_commit_callbacks(execute=True):
        secretariat_client.post(
            reverse("admin:members_person_changelist"),
            {"action": "invite", "_selected_action": [person.pk]},
        )
    person.refresh_from_db()
    assert person.user is not None
    assert mail.outbox[0].to == ["kadri@example.ee"]


@pytest.mark.parametrize(
    "existing",
    [
        {"is_staff": True},
        {"password": "has-one-already"},
    ],
)
def test_an_existing_account_is_never_taken_over_by_an_invitation(existing):
    from django.core.exceptions import ValidationError

    from tests.factories import UserFactory

    user = UserFactory(username="kadri@example.ee", **existing)
    password_before = user.password
    person = PersonFactory(email="Kadri@example.ee")
    with pytest.raises(ValidationError, match="exists already"):
        invite(person=person)
    person.refresh_from_db()
    assert person.user is None
    user.refresh_from_db()
    assert user.password == password_before
    assert not mail.outbox


def test_a_french_invitation_links_to_the_french_pages(client, django_capture_on_commit_callbacks):
    person = PersonFactory(nation=NationFactory(country="FR"), email="j@example.fr", language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        invite(person=person)
    [email] = mail.outbox
    path = re.search(r"http://127\.0\.0\.1:8000(/\S+/)", email.body)[1]
    assert path.startswith("/fr/accounts/invitation/")
    page = client.get(path)
    assert page.status_code == 200
    assert page["Content-Language"] == "fr"


@pytest.mark.parametrize(
    ("prefix", "subject"),
    [
        ("", "CIOR · CIOMR portal: set a new password"),
        ("/fr", "Portail CIOR · CIOMR\u00a0: choisir un nouveau mot de passe"),
    ],
)
def test_a_password_reset_email_is_the_portals_own_in_the_language_asked(
    client, prefix, subject, django_capture_on_commit_callbacks, settings
):
    from tests.factories import UserFactory

    settings.PORTAL_URL = "https://portal.example.org"
    settings.ALLOWED_HOSTS = ["testserver", "attacker.example"]
    UserFactory(username="vp-cior-est", email="vp@example.ee")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"{prefix}/accounts/password_reset/",
            {"email": "vp@example.ee"},
            headers={"host": "attacker.example"},
        )
    [email] = mail.outbox
    assert email.subject == subject
    assert "vp-cior-est" in email.body
    # The portal's own address, whatever host the request named.
    assert re.search(rf"https://portal\.example\.org{prefix}/accounts/reset/\S+/", email.body)
    assert "attacker" not in email.body


def test_password_resets_are_throttled_per_address_and_per_client(
    client, settings, django_capture_on_commit_callbacks
):
    from django.test import Client

    from tests.factories import UserFactory

    settings.PASSWORD_RESET_RATE = "2/h"
    UserFactory(username="vp-cior-est", email="vp@example.ee")
    UserFactory(username="vp-cior-lva", email="vp@example.lv")
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            Client(REMOTE_ADDR=f"192.0.2.{n}")
            .post("/accounts/password_reset/", {"email": "vp@example.ee"})
            .status_code
            for n in range(1, 4)  # three clients, one address
        ]
        from_one_client = [
            Client(REMOTE_ADDR="198.51.100.9")
            .post("/accounts/password_reset/", {"email": email})
            .status_code
            for email in ["a@example.org", "b@example.org", "vp@example.lv"]
        ]
    assert answers == [302, 302, 429]
    assert from_one_client == [302, 302, 429]
    assert [m.to for m in mail.outbox] == [["vp@example.ee"], ["vp@example.ee"]]


def test_a_password_reset_email_waits_in_the_outbox_not_in_the_web_request(client):
    from confed.models import Email
    from tests.factories import UserFactory

    UserFactory(username="vp-cior-est", email="vp@example.ee")
    client.post("/accounts/password_reset/", {"email": "vp@example.ee"})
    assert mail.outbox == []  # not sent from the request
    assert Email.objects.get().to == ["vp@example.ee"]
