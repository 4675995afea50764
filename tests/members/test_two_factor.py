"""Two factors: a staff account, where staff must give one, opens nothing of the
secretariat's without a code from its authenticator app; a vice president may set one
up, and is asked for it from then on."""

import datetime
import re

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.confed.test_settings import PRODUCTION_ENV, manage
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_must(settings):
    settings.TWO_FACTOR_FOR_STAFF = True


def code_of(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def set_up(client) -> list[str]:
    """Set up the app as a person would: open the page, read the code, confirm it.
    Returns the recovery codes shown."""
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
    page = client.get(reverse("two_factor_setup")).content.decode()
    assert "<svg" in page
    assert TOTPDevice.objects.get(user=secretariat_user).confirmed is False
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


def test_a_run_of_wrong_codes_is_slowed_down(client, secretariat_user, staff_must):
    client.force_login(secretariat_user)
    set_up(client)
    device = TOTPDevice.objects.get(user=secretariat_user)
    client.logout()
    client.force_login(secretariat_user)
    client.post(reverse("two_factor_verify"), {"code": "000000"})
    refused = client.post(reverse("two_factor_verify"), {"code": code_of(device)})
    assert refused.status_code == 400  # the right code, but too soon after a wrong one


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
