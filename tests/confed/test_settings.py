import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION_ENV = {
    "DJANGO_SETTINGS_MODULE": "confed.settings.production",
    "SECRET_KEY": "a-production-secret-of-sufficient-length-and-entropy-8f3a9c2e7d1b4a6f",
    "ALLOWED_HOSTS": "portal.example.org",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "PORTAL_URL": "https://portal.example.org",
}


def manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in {"SECRET_KEY", "ALLOWED_HOSTS", "PORTAL_URL"}
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        check=False,
    )


def test_production_settings_pass_the_deployment_check_with_no_warning():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_settings_refuse_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "SECRET_KEY"}
    result = manage("check", env=env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stderr


@pytest.mark.parametrize(
    ("portal_url", "refusal"),
    [(None, "confed.E001"), ("http://portal.example.org", "confed.E002")],
)
def test_the_deployment_check_fails_without_the_portals_https_address(portal_url, refusal):
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "PORTAL_URL"}
    if portal_url:
        env["PORTAL_URL"] = portal_url
    result = manage("check", "--deploy", env=env)
    assert result.returncode != 0
    assert refusal in result.stderr


def test_make_run_gives_the_emails_the_address_it_serves():
    recipe = subprocess.run(
        ["make", "-n", "run", "PORT=8123"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout
    assert 'PORTAL_URL="${PORTAL_URL:-http://127.0.0.1:8123}"' in recipe
