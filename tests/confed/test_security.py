"""Security headers on every response, and login throttling."""

import pytest
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import NationFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/nations/", "/fr/events/", "/events/calendar.ics", "/healthz", "/admin/login/"]


@pytest.mark.parametrize("url", PAGES)
def test_every_response_carries_the_security_headers(client, url):
    NationFactory(country="EE")
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


def test_the_templates_hold_no_inline_script_or_style():
    from pathlib import Path

    templates = Path(__file__).resolve().parents[2] / "templates"
    for template in templates.rglob("*.html"):
        if "emails" in template.parts:
            continue  # email clients, not browsers under our policy
        text = template.read_text()
        assert "<script>" not in text, template
        assert " style=" not in text, template
        assert "<style" not in text, template


def log_in(client, username: str, password: str):
    return client.post(reverse("login"), {"username": username, "password": password})


@pytest.fixture
def vice_president(db):
    return UserFactory(username="vp-cior-est")


def test_repeated_failed_logins_lock_the_account_from_that_address(vice_president, settings):
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(2):
        assert log_in(attacker, "vp-cior-est", "guess").status_code == 200
    assert log_in(attacker, "vp-cior-est", "guess").status_code == 429  # the third locks
    locked = log_in(attacker, "vp-cior-est", "correct horse battery")
    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert "_auth_user_id" not in attacker.session
    # The vice president, elsewhere, still logs in.
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    assert log_in(elsewhere, "vp-cior-est", "correct horse battery").status_code == 302


def test_the_secretariat_lifts_a_lockout_in_the_admin(
    vice_president, secretariat_client, settings
):
    settings.AXES_FAILURE_LIMIT = 3
    attacker = Client(REMOTE_ADDR="192.0.2.66")
    for _ in range(3):
        log_in(attacker, "vp-cior-est", "guess")
    attempt = AccessAttempt.objects.get(username="vp-cior-est")
    response = secretariat_client.post(
        reverse("admin:axes_accessattempt_changelist"),
        {"action": "delete_selected", "_selected_action": [attempt.pk], "post": "yes"},
    )
    assert response.status_code == 302
    assert not AccessAttempt.objects.exists()
    assert log_in(attacker, "vp-cior-est", "correct horse battery").status_code == 302


def test_the_lockout_list_shows_who_and_from_where_without_the_user_agent(
    vice_president, secretariat_client
):
    browser = Client(REMOTE_ADDR="192.0.2.66", HTTP_USER_AGENT="Mozilla/5.0 (X11) Firefox/140.0")
    log_in(browser, "vp-cior-est", "guess")
    response = secretariat_client.get(reverse("admin:axes_accessattempt_changelist"))
    columns = [column["text"] for column in response.context["result_headers"][1:]]
    assert not {"User Agent", "Path"} & set(columns)
    assert {"Username", "IP Address"} <= set(columns)
    assert "vp-cior-est" in response.content.decode()
    found = secretariat_client.get(
        reverse("admin:axes_accessattempt_changelist"), {"q": "Firefox"}
    )
    assert [a.username for a in found.context["cl"].result_list] == ["vp-cior-est"]
