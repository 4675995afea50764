"""The portal as its people use it, in a real browser."""

import re

import pytest
from playwright.sync_api import expect

from delegations.models import Delegation, DelegationStatus
from governance.models import ApplicationStatus, MembershipApplication

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_visitor_browses_switches_to_french_and_subscribes(visitor):
    page = visitor.open("/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Interallied Confederations")
    page.get_by_role("link", name="Member nations").first.click()
    visitor.check()
    page.get_by_role("link", name="Estonia").first.click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Estonia")
    page.get_by_role("link", name="Leadership").click()
    visitor.check()
    expect(page.get_by_text("Past presidencies").first).to_be_visible()
    page.get_by_role("link", name="Committees").first.click()
    visitor.check()
    page.get_by_role("link", name="CR-C").click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Cyber Reserve Committee")
    page.get_by_role("link", name="Calendar").click()
    visitor.check()
    page.get_by_role("link", name=re.compile("^FR")).click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Calendrier des réunions")
    page.get_by_role("link", name="S'abonner", exact=True).first.click()
    expect(
        page.get_by_role("heading", name="S'abonner dans votre application de calendrier")
    ).to_be_in_viewport()
    webcal = page.locator("#subscribe").get_by_role("link", name="S'abonner").get_attribute("href")
    assert webcal.startswith("webcal://")
    address = page.get_by_label("L'adresse du calendrier, à copier\u00a0:").input_value()
    assert address.endswith("/events/calendar.ics")
    # The address names the portal (PORTAL_URL), not this test's server: its path is read.
    response = page.request.get(visitor.base_url + "/" + address.split("/", 3)[3])
    assert response.headers["content-type"] == "text/calendar; charset=utf-8"
    assert response.text().startswith("BEGIN:VCALENDAR")
    assert "Congrès d'été" in response.text()


def log_in(visitor, username: str, path: str = "/accounts/login/"):
    page = visitor.open(path)
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("confed-demo")
    page.get_by_role("button", name="Log in").click()
    visitor.check()
    return page


def test_a_delegation_is_built_within_the_rule_submitted_and_approved(visitor):
    """The vice president builds it, meets the size rule, fixes it and submits it; the
    secretariat approves it in the admin."""
    page = log_in(visitor, "vp-cior-est")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    page.get_by_role("link", name="Your association's delegations to the meetings").click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Delegations")
    page.get_by_role("link", name=re.compile("Mid-Winter Meeting")).first.click()
    visitor.check()
    for number in range(3):  # three places are free
        page.get_by_label("Given name").fill(f"Kaja{number}")
        page.get_by_label("Family name").fill("Lepp")
        page.get_by_label("Rank", exact=True).fill("Major")
        page.get_by_role("button", name="Add", exact=True).click()
        visitor.check()
    expect(
        page.get_by_text("The delegation is full: remove someone to add another.")
    ).to_be_visible()
    expect(page.get_by_label("Given name")).to_have_count(0)
    page.get_by_role("button", name="Remove Kaja0 Lepp").click()  # room for Kaja3
    visitor.check()
    page.get_by_label("Given name").fill("Kaja3")
    page.get_by_label("Family name").fill("Lepp")
    page.get_by_role("button", name="Add", exact=True).click()
    visitor.check()
    expect(page.get_by_role("heading", name="Members (6 of at most 6)")).to_be_visible()
    page.get_by_role("button", name="Submit the delegation").click()
    visitor.check()
    expect(page.get_by_text("The delegation is submitted to the secretariat.")).to_be_visible()
    delegation = Delegation.objects.get(
        association__nation__country="EE", association__confederation__code="cior"
    )
    assert delegation.status == DelegationStatus.SUBMITTED
    assert sorted(
        m.person.given_name for m in delegation.members.all() if m.person.family_name == "Lepp"
    ) == [
        "Kaja1",
        "Kaja2",
        "Kaja3",
    ]

    page.get_by_role("link", name="Account").click()  # the header's, on every page
    visitor.check()
    page.get_by_role("button", name="Log out").click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Interallied Confederations")
    page = log_in(visitor, "secretariat", "/admin/login/")
    page = visitor.open("/admin/delegations/delegation/?status__exact=submitted")
    estonia = page.get_by_role("row", name=re.compile(r"\(EST, CIOR\)"))
    estonia.get_by_role("checkbox").check()
    page.get_by_label("Action:").select_option(label="Approve")
    page.get_by_role("button", name="Go").click()
    visitor.check()
    expect(page.get_by_text("approved.").first).to_be_visible()
    delegation.refresh_from_db()
    assert delegation.status == DelegationStatus.APPROVED
    assert Delegation.objects.filter(status=DelegationStatus.APPROVED).count() == 1


def test_an_association_applies_and_the_secretariat_admits_it(visitor):
    page = visitor.open("/apply/")
    page.get_by_label("Confederation").select_option(label="CIOR")
    page.get_by_label("Nation").select_option(label="Iceland")
    page.get_by_label("Association name").fill("Icelandic Reserve Officers")
    page.get_by_label("Contact person").fill("Guðrún Jónsdóttir")
    page.get_by_label("Contact email").fill("gudrun@example.org")
    page.get_by_label("Category sought").select_option(label="full member")
    page.get_by_label("Statement").fill("We would like to join.")
    page.get_by_role("button", name="Apply").click()
    visitor.check()
    expect(page.locator(".invalid-feedback, .alert-danger").first).to_contain_text(
        "Full membership is only for associations of NATO nations"
    )
    page.get_by_label("Category sought").select_option(label="associate member")
    page.get_by_role("button", name="Apply").click()
    visitor.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Application received")

    page = log_in(visitor, "secretariat", "/admin/login/")
    page = visitor.open("/admin/governance/membershipapplication/")
    page.get_by_role("checkbox", name=re.compile("Select this object")).first.check()
    page.get_by_label("Action:").select_option(label="Approve: admit the association")
    page.get_by_role("button", name="Go").click()
    visitor.check()
    page.get_by_role("button", name="Confirm").click()
    visitor.check()
    expect(page.get_by_text("Icelandic Reserve Officers (ISL) → CIOR: admitted.")).to_be_visible()
    application = MembershipApplication.objects.get()
    assert application.status == ApplicationStatus.APPROVED
    assert application.association.category == "associate"
