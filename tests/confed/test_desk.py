"""The admin's first page is the secretariat's desk: the work waiting, each line a link
to the list that holds it."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from delegations import services as delegations
from delegations.models import Delegation
from events.models import EventKind
from governance import services as governance
from reminders.models import Reminder, ReminderStatus
from tests.factories import (
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
    OfficeFactory,
    PersonFactory,
    TermFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2027, 1, 5)


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC))


def member(confederation, country: str):
    association = NationalAssociationFactory(
        confederation=confederation, nation=NationFactory(country=country)
    )
    head = PersonFactory(nation=association.nation, association=association)
    governance.appoint(
        office=governance.national_vice_president_office(association),
        person=head,
        starts_on=datetime.date(2020, 1, 1),
    )
    return association, head


@pytest.fixture
def work(cior, time_machine):
    """Two applications (the oldest 20 days old), a submitted delegation, two members
    without one, a vacant office, a term ending within a month, a failed reminder."""
    time_machine.move_to(datetime.datetime(2026, 12, 16, 9, tzinfo=datetime.UTC))
    for country in ("IS", "AL"):
        NationFactory(country=country)
        governance.submit_application(
            confederation=cior,
            country=country,
            association_name=f"Reserve Officers of {country}",
            contact_name="Contact",
            contact_email=f"contact@{country.lower()}.example.org",
            category="associate",
            statement="Please.",
        )
    time_machine.move_to(datetime.datetime(2027, 1, 5, 9, tzinfo=datetime.UTC))
    meeting = EventFactory(
        kind=EventKind.MID_WINTER_MEETING,
        title_en="Mid-Winter Meeting 2027",
        confederations=[cior],
        starts_on=datetime.date(2027, 2, 4),
        ends_on=datetime.date(2027, 2, 6),
        delegation_deadline=datetime.date(2027, 1, 14),
    )
    estonia, head = member(cior, "EE")
    delegations.add_member(association=estonia, event=meeting, person=head, role="head")
    delegations.submit(delegation=Delegation.objects.get())
    member(cior, "LV")
    member(cior, "LT")
    OfficeFactory(
        confederation=cior,
        kind="permanent-representative",
        title_en="Permanent Representative to NATO",
    )
    TermFactory(
        office=OfficeFactory(confederation=cior, code="treasurer", title_en="Treasurer"),
        starts_on=datetime.date(2025, 2, 1),
        ends_on=datetime.date(2027, 2, 1),
    )
    Reminder.objects.create(
        kind="vacant-offices",
        subject=f"vacancies:{cior.pk}",
        recipient="secretariat@example.org",
        target_on=TODAY,
        due_on=TODAY,
        status=ReminderStatus.FAILED,
    )
    return meeting


def desk(client) -> list[str]:
    return [work.text for work in client.get(reverse("admin:index")).context["work_waiting"]]


def test_the_desk_lists_the_work_waiting(secretariat_client, work):
    assert desk(secretariat_client) == [
        "2 applications wait for a decision, the oldest for 20 days",
        "1 delegation is submitted and waits for approval",
        "2 CIOR members have not submitted their delegation to Mid-Winter Meeting 2027 "
        "(deadline Jan. 14, 2027)",
        "1 office has no holder",
        "1 term ends within 90 days",
        "3 emails wait to be sent",  # the test runs no worker
        "1 reminder could not be sent",
    ]


def test_a_meeting_without_a_deadline_waits_for_delegations_until_its_eve(
    secretariat_client, cior
):
    EventFactory(
        kind=EventKind.MID_WINTER_MEETING,
        title_en="Mid-Winter Meeting 2027",
        confederations=[cior],
        starts_on=datetime.date(2027, 2, 4),
        ends_on=datetime.date(2027, 2, 6),
        delegation_deadline=None,
    )
    member(cior, "LV")
    assert (
        "1 CIOR member has not submitted its delegation to Mid-Winter Meeting 2027 "
        "(deadline Feb. 3, 2027)"
    ) in desk(secretariat_client)


def test_each_line_leads_to_the_list_that_holds_its_work(secretariat_client, work):
    lines = secretariat_client.get(reverse("admin:index")).context["work_waiting"]
    counts = {}
    for line in lines:
        page = secretariat_client.get(line.url)
        assert page.status_code == 200, line.url
        counts[line.url.split("/")[3]] = page.context["cl"].result_count
    assert counts == {
        "membershipapplication": 2,
        "delegation": 1,  # the submitted one, then the meeting's: one row, Estonia's
        "office": 5,  # the list of every office: three NVPs', the treasurer's and the vacant one
        "term": 1,
        "email": 3,
        "reminder": 1,
    }


def test_the_members_without_a_delegation_are_named(secretariat_client, work):
    [line] = [
        w
        for w in secretariat_client.get(reverse("admin:index")).context["work_waiting"]
        if "have not submitted" in w.text
    ]
    assert [text for text, _url in line.items] == ["Latvia", "Lithuania"]


def test_with_nothing_waiting_the_desk_says_so(secretariat_client):
    page = secretariat_client.get(reverse("admin:index")).content.decode()
    assert "Nothing is waiting." in page


def test_technical_tables_are_for_superusers_only(secretariat_client, client):
    labels = {app["app_label"] for app in secretariat_client.get("/admin/").context["app_list"]}
    assert labels.isdisjoint({"axes", "django_celery_beat"})
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    labels = {app["app_label"] for app in client.get("/admin/").context["app_list"]}
    assert {"axes", "django_celery_beat"} <= labels


def test_the_desk_makes_as_many_queries_for_many_waiting_as_for_few(
    secretariat_client, work, cior
):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert secretariat_client.get(reverse("admin:index")).status_code == 200
        return len(captured)

    few = queries()
    for country in ("DE", "FR", "NL", "BE", "DK"):
        member(cior, country)
        OfficeFactory(confederation=cior, code=f"officer-{country.lower()}")
    assert queries() == few
