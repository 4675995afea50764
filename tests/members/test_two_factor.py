"""Two factors: a staff account, where staff must give one, opens nothing of the
secretariat's without a code from its authenticator app; a vice president may set one
up, and is asked for it from then on."""

import datetime
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from confed.models import Email
from tests.confed.test_settings import PRODUCTION_ENV, manage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_must(settings):
    settings.TWO_FACTOR_FOR_STAFF = True


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def emailed_code(client) -> str:
    """Ask for the code sent to the account's address, and read it in the email."""
    client.post(reverse("two_factor_setup"), {"action": "send-code"})
    email = Email.objects.filter(template="registration/two_factor_email").latest("pk")
    return re.search(r"^ +(\d{6})$", email.body, re.MULTILINE).group(1)


def set_up(client) -> list[str]:
    """Set up the app as a person would: prove the email address, open the page, read
    the app's code, confirm it. Returns the recovery codes shown."""
    proved = client.post(
        reverse("two_factor_setup"), {"action": "email-code", "code": emailed_code(client)}
    )
    assert proved.status_code == 302
    client.get(reverse("two_factor_setup"))
    device = TOTPDevice.objects.get(confirmed=False)
    shown = client.post(reverse("two_factor_setup"), {"code": code_of(device)})
    assert shown.status_code == 200
    return re.findall(r"<code>(\w+)</code>", shown.content.decode())


def test_production_requires_a_second_factor_of_staff():
    result = manage(
        "shell", "-c", "from django.conf import settings; print(settings.TWO_FACTOR_FOR_STAFF)",
        env=PRODUCTION_ENV,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "True"


def test_a_staff_session_without_a_second_factor_opens_nothing_of_the_admin(
    client, secretariat_user, staff_must
):
    client.force_login(secretariat_user)
    for url in ["/admin/", "/admin/members/person/", "/accounts/"]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("two_factor_setup") + "?next=")
    assert client.get("/nations/").status_code == 200  # public pages need no code


def test_staff_set_up_the_app_and_open_the_admin(client, secretariat_user, staff_must):
    client.force_login(secretariat_user)
    codes = set_up(client)
    assert len(codes) == 10
    assert client.get("/admin/").status_code == 200


def test_a_new_session_gives_the_code_or_a_recovery_code_once(
    client, secretariat_user, staff_must, time_machine
):
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC))
    client.force_login(secretariat_user)
    codes = set_up(client)
    device = TOTPDevice.objects.get(user=secretariat_user)
    client.logout()
    client.force_login(secretariat_user)
    assert client.get("/admin/")["Location"].startswith(reverse("two_factor_verify"))
    wrong = client.post(reverse("two_factor_verify"), {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "This code is not right" in wrong.content.decode()
    # Past the throttle's wait, and into the app's next code (each is taken once).
    time_machine.shift(datetime.timedelta(seconds=31))
    right = client.post(reverse("two_factor_verify"), {"code": code_of(device), "next": "/admin/"})
    assert (right.status_code, right["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200
    for attempt in ("first", "second"):
        other = client.__class__()
        other.force_login(secretariat_user)
        answer = other.post(reverse("two_factor_verify"), {"code": codes[0], "next": "/admin/"})
        assert answer.status_code == (302 if attempt == "first" else 400), attempt


def test_the_app_is_shown_only_to_whoever_gives_the_code_sent_to_the_address(
    client, secretariat_user, staff_must, time_machine
):
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC))
    client.force_login(secretariat_user)
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" not in page
    assert secretariat_user.email in page
    code = emailed_code(client)
    email = Email.objects.get(template="registration/two_factor_email")
    assert (email.to, email.holds_a_secret) == ([secretariat_user.email], True)
    wrong = client.post(reverse("two_factor_setup"), {"action": "email-code", "code": "123"})
    assert wrong.status_code == 400
    assert "<svg" not in wrong.content.decode()
    assert not TOTPDevice.objects.filter(user=secretariat_user).exists()
    time_machine.shift(datetime.timedelta(seconds=2))  # past the wait a wrong code costs
    client.post(reverse("two_factor_setup"), {"action": "email-code", "code": code})
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page
    assert TOTPDevice.objects.get(user=secretariat_user).confirmed is False


def test_a_second_code_by_email_waits_a_minute(client, secretariat_user, staff_must):
    client.force_login(secretariat_user)
    emailed_code(client)
    emailed_code(client)
    assert Email.objects.filter(template="registration/two_factor_email").count() == 1


def test_a_run_of_wrong_codes_is_slowed_down(client, secretariat_user, staff_must, time_machine):
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC))
    client.force_login(secretariat_user)
    set_up(client)
    device = TOTPDevice.objects.get(user=secretariat_user)
    client.logout()
    client.force_login(secretariat_user)
    for _wrong in range(6):  # each failure doubles the wait: 1, 2, 4, ... 32 s
        time_machine.shift(datetime.timedelta(seconds=2**_wrong + 1))
        client.post(reverse("two_factor_verify"), {"code": "000000"})
    time_machine.shift(datetime.timedelta(seconds=31))  # the app's next code, still too soon
    refused = client.post(reverse("two_factor_verify"), {"code": code_of(device)})
    assert refused.status_code == 400
    time_machine.shift(datetime.timedelta(seconds=30))  # past the wait, and a fresh code
    accepted = client.post(reverse("two_factor_verify"), {"code": code_of(device)})
    assert accepted.status_code == 302


def test_a_vice_president_may_do_without_but_once_set_up_is_asked_for_it(client):
    vice_president = UserFactory(username="vp-cior-est")
    client.force_login(vice_president)
    assert client.get("/accounts/").status_code == 200
    set_up(client)
    client.logout()
    client.force_login(vice_president)
    assert client.get("/accounts/")["Location"].startswith(reverse("two_factor_verify"))


def test_the_next_page_after_the_code_stays_on_the_portal(
    client, secretariat_user, staff_must, time_machine
):
    time_machine.move_to(datetime.datetime.now(tz=datetime.UTC))
    client.force_login(secretariat_user)
    set_up(client)
    time_machine.shift(datetime.timedelta(seconds=31))  # the app's next code
    client.logout()
    client.force_login(secretariat_user)
    device = TOTPDevice.objects.get(user=secretariat_user)
    answer = client.post(
        reverse("two_factor_verify"), {"code": code_of(device), "next": "https://evil.example/"}
    )
    assert answer["Location"] == reverse("account")
