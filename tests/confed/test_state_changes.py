"""Every state change behaves one way when asked twice: True the first time, then False
with nothing changed, no second email and no second history row."""

import datetime

import pytest
from django.core import mail

from delegations import services as delegations
from delegations.models import Delegation
from events import services as events
from events.models import EventKind, EventStatus
from governance import services as governance
from members import services as members
from members.models import MembershipStatus
from tests.factories import (
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
    OfficeFactory,
    PersonFactory,
    presidency_with_team,
)

pytestmark = pytest.mark.django_db

DAY = datetime.date(2026, 2, 1)


def application(cior):
    NationFactory(country="IS")
    return governance.submit_application(
        confederation=cior,
        country="IS",
        association_name="Icelandic Reserve Officers",
        contact_name="Contact",
        contact_email="contact@example.org",
        category="associate",
        statement="Please.",
    )


def presidency(cior, *, approved: bool = False):
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    president = OfficeFactory(confederation=cior, kind="president", held_by_presidency=True)
    return presidency_with_team(cior, estonia, {"president": president}, DAY, approved=approved)


def delegation(cior, status: str = "draft"):
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    head = PersonFactory(nation=estonia.nation, association=estonia, email="nvp@example.ee")
    governance.appoint(
        office=governance.national_vice_president_office(estonia),
        person=head,
        starts_on=datetime.date(2020, 1, 1),
    )
    meeting = EventFactory(kind=EventKind.MID_WINTER_MEETING, confederations=[cior])
    delegations.add_member(association=estonia, event=meeting, person=head, role="head")
    found = Delegation.objects.get()
    if status != "draft":
        delegations.submit(delegation=found)
    return found


CHANGES = {
    "change membership": (
        lambda cior: NationalAssociationFactory(confederation=cior),
        lambda association: members.change_membership(
            association=association, status=MembershipStatus.SUSPENDED, effective_on=DAY
        ),
    ),
    "approve a presidency": (
        presidency,
        lambda p: governance.approve_presidency(presidency=p, decided_on=DAY),
    ),
    "hand over a presidency": (
        lambda cior: presidency(cior, approved=True),
        lambda p: governance.hand_over_presidency(presidency=p, on=DAY),
    ),
    "start a review": (application, lambda a: governance.start_review(application=a)),
    "approve an application": (
        application,
        lambda a: governance.approve_application(application=a, decided_on=DAY),
    ),
    "reject an application": (
        application,
        lambda a: governance.reject_application(application=a, decided_on=DAY, reason="No."),
    ),
    "withdraw an application": (
        application,
        lambda a: governance.withdraw_application(application=a),
    ),
    "submit a delegation": (delegation, lambda d: delegations.submit(delegation=d)),
    "take a delegation back": (
        lambda cior: delegation(cior, "submitted"),
        lambda d: delegations.reopen(delegation=d),
    ),
    "approve a delegation": (
        lambda cior: delegation(cior, "submitted"),
        lambda d: delegations.approve(delegation=d),
    ),
    "return a delegation": (
        lambda cior: delegation(cior, "submitted"),
        lambda d: delegations.return_to_draft(delegation=d, comment="Who is your head?"),
    ),
    "confirm and publish an event": (
        lambda cior: EventFactory(status=EventStatus.PLANNED, is_public=False),
        lambda e: events.confirm_and_publish(event=e),
    ),
    "take an event out of the calendar": (
        lambda cior: EventFactory(is_public=True),
        lambda e: events.withdraw_from_calendar(event=e),
    ),
    "cancel an event": (lambda cior: EventFactory(), lambda e: events.cancel(event=e)),
    "reinstate an event": (
        lambda cior: EventFactory(status=EventStatus.CANCELLED),
        lambda e: events.reinstate(event=e),
    ),
}


def history_rows(obj) -> int:
    return obj.history.count()


@pytest.mark.parametrize("change", CHANGES)
def test_a_state_change_asked_twice_is_made_once_and_then_answers_false(
    cior, change, django_capture_on_commit_callbacks
):
    make, step = CHANGES[change]
    target = make(cior)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert step(target) is True
    after_once = (len(mail.outbox), history_rows(type(target).objects.get(pk=target.pk)))
    with django_capture_on_commit_callbacks(execute=True):
        assert step(target) is False
    after_twice = (len(mail.outbox), history_rows(type(target).objects.get(pk=target.pk)))
    assert after_twice == after_once
