"""Every page fits the screen it is read on without scrolling sideways: the portal's at
a phone's width (390 px) and a desktop's (1280 px), the secretariat's admin lists at a
desktop's. The visitor's check measures each page it sees (conftest.py)."""

import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, expect

from delegations import services as delegation_services
from delegations.models import Delegation
from events.models import Event, EventKind
from members.models import Person
from tests.browser.test_people_at_work import log_in

pytestmark = pytest.mark.django_db(transaction=True)


def next_meeting(kind: str) -> Event:
    return (
        Event.objects.filter(kind=kind, is_public=True, starts_on__gt=timezone.localdate())
        .order_by("starts_on")
        .first()
    )


def test_every_public_page_fits_a_phone_and_a_desktop(visitor):
    congress = next_meeting(EventKind.SUMMER_CONGRESS)  # its month is the demo's busiest
    pages = [
        "/",
        reverse("members:nation_list"),
        reverse("members:nation_detail", args=["est"]),
        reverse("governance:leadership"),
        reverse("governance:committee_list"),
        reverse("governance:committee_detail", args=["cr-c"]),
        reverse("events:event_list"),
        next_meeting(EventKind.MID_WINTER_MEETING).get_absolute_url(),
        reverse("events:event_month", args=[congress.starts_on.year, congress.starts_on.month]),
        reverse("governance:apply"),
        reverse("login"),
    ]
    for path in pages:
        page = visitor.open(path)  # checked at 1280 and at 390 px
        expect(page.get_by_role("heading", level=1)).to_be_visible()
    assert visitor.count == len(pages)


def assert_in_reach(control: Locator) -> None:
    """The control lies within the window's width: no sideways scroll to reach it."""
    box = control.bounding_box()
    assert box is not None, control
    assert box["x"] >= 0, (control, box)
    assert box["x"] + box["width"] <= control.page.viewport_size["width"], (control, box)


def test_a_vice_president_reaches_every_action_of_a_full_delegation_on_a_phone(visitor):
    delegation = Delegation.objects.get(
        association__nation__country="EE", association__confederation__code="cior"
    )
    for given_name, family_name, email in [
        ("Kristjan-Sander", "Tamm-Lepik", "kristjan-sander.tamm-lepik@reservohvitserid.ee"),
        ("Mari", "Kask", "mari.kask@reservohvitserid.ee"),
        ("Jaan", "Saar", "jaan.saar@reservohvitserid.ee"),
    ]:
        delegation_services.add_new_person(
            association=delegation.association,
            event=delegation.event,
            person=Person(
                given_name=given_name,
                family_name=family_name,
                rank="Lieutenant Colonel",
                nato_rank="OF-4",
                email=email,
            ),
            role="delegate",
        )
    log_in(visitor, "vp-cior-est")
    visitor.open(reverse("delegations:area"))
    page = visitor.open(delegation.get_absolute_url())
    expect(page.get_by_role("heading", name="Members (6 of at most 6)")).to_be_visible()
    with visitor.phone():
        removes = page.get_by_role("button", name=re.compile("^Remove "))
        expect(removes).to_have_count(6)
        for control in [*removes.all(), page.get_by_role("button", name="Submit the delegation")]:
            assert_in_reach(control)
        page.get_by_role("button", name="Remove Mari Kask").click()
    visitor.check()
    expect(page.get_by_role("heading", name="Members (5 of at most 6)")).to_be_visible()
    with visitor.phone():
        for control in [
            page.get_by_label("Given name"),
            page.get_by_label("Family name"),
            page.get_by_role("button", name="Add", exact=True),
        ]:
            assert_in_reach(control)
