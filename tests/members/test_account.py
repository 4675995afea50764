"""The personal account page at /accounts/: who is logged in, what they may open, and
the log-out button, which the public pages cannot hold."""

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

DELEGATIONS = 'href="/delegations/"'
ADMIN = 'href="/admin/"'
CHANGE_PASSWORD = 'href="/accounts/password_change/"'
LOG_OUT = '<form action="/accounts/logout/" method="post">'


@pytest.fixture
def as_role(secretariat_user, vice_president_user):
    users = {
        "plain user": UserFactory(username="plain"),
        "vice president": vice_president_user,
        "secretariat": secretariat_user,
    }

    def client_for(role: str) -> Client:
        client = Client()
        if role != "anonymous":
            client.force_login(users[role])
        return client

    return client_for


def test_an_anonymous_visitor_is_sent_to_log_in_and_brought_back(as_role):
    response = as_role("anonymous").get("/accounts/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/accounts/"


@pytest.mark.parametrize(
    ("role", "username", "shown", "not_shown"),
    [
        ("plain user", "plain", {CHANGE_PASSWORD, LOG_OUT}, {DELEGATIONS, ADMIN}),
        ("vice president", "vp-cior-est", {DELEGATIONS, CHANGE_PASSWORD, LOG_OUT}, {ADMIN}),
        ("secretariat", "secretary", {ADMIN, CHANGE_PASSWORD, LOG_OUT}, {DELEGATIONS}),
    ],
)
def test_the_account_page_names_the_visitor_and_links_to_what_they_may_use(
    as_role, role, username, shown, not_shown
):
    response = as_role(role).get("/accounts/")
    page = response.content.decode()
    assert response.status_code == 200
    assert f"You are logged in as {username}." in page
    assert {link for link in shown | not_shown if link in page} == shown


def test_a_plain_user_is_told_why_there_is_no_delegation_to_keep(as_role):
    page = as_role("plain user").get("/accounts/").content.decode()
    assert "Delegations are kept here by the national vice presidents in office." in page
    assert (
        "Delegations are kept here"
        not in as_role("vice president").get("/accounts/").content.decode()
    )


def test_the_account_page_is_in_french_under_fr(as_role):
    page = as_role("vice president").get("/fr/accounts/").content.decode()
    assert "Votre compte" in page
    assert "Votre session est ouverte sous le nom d'utilisateur vp-cior-est." in page
    assert "Se déconnecter" in page


def test_the_account_page_is_never_kept_by_the_visitor_or_the_portal(as_role):
    client = as_role("vice president")
    response = client.get("/accounts/")
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    with CaptureQueriesContext(connection) as queries:
        client.get("/accounts/")
    assert len(queries) > 0  # rendered again, not from the page cache


@pytest.mark.parametrize("role", ["plain user", "vice president", "secretariat"])
def test_logging_out_from_the_account_page_ends_the_session(as_role, role):
    client = as_role(role)
    assert LOG_OUT in client.get("/accounts/").content.decode()
    response = client.post("/accounts/logout/")
    assert (response.status_code, response["Location"]) == (302, "/")
    assert SESSION_KEY not in client.session
    assert client.get("/accounts/")["Location"] == "/accounts/login/?next=/accounts/"


@pytest.mark.parametrize("username", ["secretary", "vp-cior-est"])
def test_logging_in_lands_on_the_account_page_which_opens_for_everyone(
    secretariat_user, vice_president_user, username
):
    client = Client()
    response = client.post(
        "/accounts/login/", {"username": username, "password": "correct horse battery"}
    )
    assert (response.status_code, response["Location"]) == (302, "/accounts/")
    assert client.get("/accounts/").status_code == 200


def test_the_header_links_everyone_to_the_account_page(as_role):
    anonymous = as_role("anonymous").get("/nations/").content.decode()
    assert '<a class="nav-link" href="/accounts/">Account</a>' in anonymous
    french = as_role("anonymous").get("/fr/nations/").content.decode()
    assert '<a class="nav-link" href="/fr/accounts/">Compte</a>' in french
