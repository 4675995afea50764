"""Every page fits the screen it is read on without scrolling sideways: the portal's at
a phone's width (390 px) and a desktop's (1280 px), the secretariat's admin lists at a
desktop's. The visitor's check measures each page it sees (conftest.py)."""

import datetime
import re

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, expect

from council.models import Session
from delegations import services as delegation_services
from delegations.models import Delegation
from events.models import Event, EventKind
from governance.services import submit_application
from members.models import Confederation, Person
from reminders.models import Reminder, ReminderKind, ReminderStatus
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
    # The council's session at the Summer Congress 2026: its public agenda published,
    # its decisions in the register (council/demo.py).
    held = Session.objects.filter(agenda_to_public_at__isnull=False).order_by("held_on").first()
    register = reverse("council:register", args=["cior", held.held_on.year])
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
        reverse("about:index"),
        reverse("about:confederation", args=["cior"]),
        reverse("about:confederation", args=["ciomr"]),
        reverse("about:contact"),
        reverse("about:privacy"),
        reverse("documents:library"),
        reverse("council:public_agenda", args=[held.pk]),
        register,
        reverse("awards:index"),
        reverse("awards:roll", args=["cior-medal-of-merit"]),
        f"{reverse('members:nation_list')}?q=eston",
        "/fr/about/cior/",
        "/fr/about/ciomr/",
        "/fr/contact/",
        "/fr/privacy/",
        "/fr/documents/",
        f"/fr{register}",
        "/fr/awards/cior-medal-of-merit/",
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
        # A member with no profession has no "Profession" line.
        no_profession = page.locator('td[data-label="Profession"]:empty')
        expect(no_profession).to_have_count(6)
        expect(no_profession.first).to_be_hidden()
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


def changelists_the_secretariat_sees() -> list[str]:
    request = RequestFactory().get("/admin/")
    request.user = get_user_model().objects.get(username="secretariat")
    return sorted(
        reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        for model, model_admin in admin.site._registry.items()
        if model_admin.has_view_permission(request)
    )


# The results table against the box it scrolls in, and its columns' widths: what to
# shorten when a list does not fit.
RESULTS = """() => {
  const table = document.querySelector('#result_list');
  if (!table) return null;
  return {
    table: Math.round(table.getBoundingClientRect().width),
    box: table.closest('.results').clientWidth,
    columns: [...table.querySelectorAll('thead th')].map((th) =>
      `${th.innerText.trim() || th.className} ${Math.round(th.getBoundingClientRect().width)}`),
  };
}"""


def test_every_admin_list_of_the_secretariat_fits_a_desktop(visitor):
    """Each list the secretariat may open, with at least one row in it, fits 1280 px
    with the admin's menu and the list's filters open beside it."""
    submit_application(
        confederation=Confederation.objects.get(code="cior"),
        country="IS",
        association_name="Félag íslenskra varaliðsforingja",
        contact_name="Guðrún Jónsdóttir",
        contact_email="gudrun.jonsdottir@example.is",
        category="associate",
        statement="We would like to join.",
    )
    Reminder.objects.create(
        kind=ReminderKind.DELEGATION_DEADLINE,
        subject="event:1",
        recipient="vp-cior-est@reservohvitserid.ee",
        target_on=datetime.date(2027, 1, 14),
        due_on=datetime.date(2027, 1, 7),
        status=ReminderStatus.FAILED,
        attempts=5,
        last_error="SMTPRecipientsRefused: 550 5.1.1 <vp-cior-est@reservohvitserid.ee>: "
        "Recipient address rejected: User unknown in virtual mailbox table",
    )
    page = visitor.page  # a failed login from the browser, for the list of lockouts
    page.goto(visitor.base_url + reverse("login"))
    page.get_by_label("Username").fill("somebody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    log_in(visitor, "secretariat", "/admin/login/")
    changelists = changelists_the_secretariat_sees()
    assert {
        reverse("admin:members_person_changelist"),
        reverse("admin:governance_presidency_changelist"),
        reverse("admin:axes_accessattempt_changelist"),
    } <= set(changelists)
    too_wide = []
    for path in changelists:
        page = visitor.open(path)
        results = page.evaluate(RESULTS)
        assert results is not None, f"{path} shows no row to measure"
        if problem := visitor.sideways_scroll():
            too_wide.append(
                f"{problem} The list is {results['table']} px in {results['box']}: "
                f"{results['columns']}"
            )
    assert not too_wide, "\n".join(too_wide)
