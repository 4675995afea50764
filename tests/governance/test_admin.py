import datetime

import pytest
from django.core import mail
from django.urls import reverse

from governance import services
from governance.models import ApplicationStatus, MembershipApplication, Presidency, Term
from members.models import NationalAssociation
from tests.factories import NationalAssociationFactory, NationFactory, presidency_with_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(cior):
    NationFactory(country="IS")
    return services.submit_application(
        confederation=cior,
        country="IS",
        association_name="Icelandic Reserve Officers",
        contact_name="Guðrún",
        contact_email="gudrun@example.org",
        category="full",
        statement="Please.",
    )


def run_action(client, changelist: str, action: str, objects, **confirmation):
    data = {"action": action, "_selected_action": [o.pk for o in objects]}
    if confirmation:
        data = {**data, "confirm": "1", **confirmation}
    return client.post(reverse(changelist), data)


APPLICATIONS = "admin:governance_membershipapplication_changelist"
PRESIDENCIES = "admin:governance_presidency_changelist"


def test_approving_shows_a_confirmation_page_before_anything_changes(
    secretariat_client, application
):
    response = run_action(secretariat_client, APPLICATIONS, "approve", [application])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Approve the application: admit the association" in page
    assert "Icelandic Reserve Officers" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_secretariat_approves_an_application_in_the_admin(
    secretariat_client, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            secretariat_client,
            APPLICATIONS,
            "approve",
            [application],
            decided_on="2026-02-05",
            meeting="Mid-Winter Meeting 2026",
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decision.recorded_by.username == "secretary"
    assert application.association.name == "Icelandic Reserve Officers"
    assert "Welcome to CIOR" in mail.outbox[0].subject


def test_an_approval_the_rules_refuse_is_reported_and_changes_nothing(
    secretariat_client, application
):
    NationalAssociationFactory(confederation=application.confederation, nation=application.nation)
    response = run_action(
        secretariat_client, APPLICATIONS, "approve", [application], decided_on="2026-02-05"
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Only one national association per nation" in m for m in messages)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert NationalAssociation.objects.count() == 1


def test_secretariat_rejects_an_application_with_a_reason(secretariat_client, application):
    run_action(
        secretariat_client,
        APPLICATIONS,
        "reject",
        [application],
        decided_on="2026-02-05",
        reason="Not yet.",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision.summary == "Not yet."


def test_a_rejection_without_a_reason_asks_for_one(secretariat_client, application):
    response = run_action(
        secretariat_client, APPLICATIONS, "reject", [application], decided_on="2026-02-05"
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert MembershipApplication.objects.get().status == ApplicationStatus.SUBMITTED


def test_secretariat_starts_a_review_and_withdraws(secretariat_client, application):
    run_action(secretariat_client, APPLICATIONS, "start_review", [application])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    run_action(secretariat_client, APPLICATIONS, "withdraw", [application])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    response = run_action(secretariat_client, APPLICATIONS, "start_review", [application])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("no longer waiting for a decision" in m for m in messages)


def test_secretariat_hands_over_the_presidency_in_the_admin(
    secretariat_client, cior, presidency_offices, estonia_presidency
):
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    incoming = presidency_with_team(
        cior, norway, presidency_offices, datetime.date(2024, 8, 2), approved=False
    )
    run_action(secretariat_client, PRESIDENCIES, "approve", [incoming], decided_on="2023-02-03")
    response = run_action(
        secretariat_client,
        PRESIDENCIES,
        "hand_over",
        [incoming],
        on="2024-08-02",
        place="Tallinn",
    )
    assert response.status_code == 302
    incoming.refresh_from_db()
    assert incoming.handed_over
    assert incoming.handover_place == "Tallinn"
    president = Term.objects.current(datetime.date(2024, 9, 1)).get(office__kind="president")
    assert president.person.nation.code == "NOR"
    assert Presidency.objects.get(pk=estonia_presidency.pk).ends_on == datetime.date(2024, 8, 2)


def test_handing_over_an_unapproved_presidency_is_refused_in_the_admin(
    secretariat_client, cior, presidency_offices, estonia_presidency
):
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    incoming = presidency_with_team(
        cior, norway, presidency_offices, datetime.date(2024, 8, 2), approved=False
    )
    response = run_action(
        secretariat_client, PRESIDENCIES, "hand_over", [incoming], on="2024-08-02"
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("council has not approved this presidency" in m for m in messages)
    incoming.refresh_from_db()
    assert not incoming.handed_over
