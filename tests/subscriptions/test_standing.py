"""Standing across a due date and a payment, and what arrears cost the seat's vote."""

import datetime
from decimal import Decimal

import pytest

from governance.selectors import Vote
from members.services import change_membership
from subscriptions import services
from subscriptions.selectors import State, seat_vote, standing
from tests.subscriptions.conftest import DUE_ON, on, scale_of

pytestmark = pytest.mark.django_db


def test_before_any_invoice_nothing_is_invoiced(estonia):
    assert standing(estonia).state == State.NOTHING_INVOICED
    assert seat_vote(estonia).vote == Vote.FULL


def test_due_until_the_due_date_then_in_arrears_the_day_after(invoices, time_machine):
    estonia = invoices["EST"].association
    on(time_machine, DUE_ON)
    assert standing(estonia).state == State.DUE
    on(time_machine, DUE_ON + datetime.timedelta(days=1))
    entry = standing(estonia)
    assert (entry.state, entry.years_in_arrears, entry.arrears_since) == (
        State.IN_ARREARS, 1, DUE_ON,
    )  # fmt: skip


def test_the_vote_goes_a_year_past_the_due_date_and_comes_back_the_day_it_is_paid(
    invoices, rules, time_machine
):
    estonia = invoices["EST"].association
    on(time_machine, DUE_ON + datetime.timedelta(days=365))
    assert seat_vote(estonia).vote == Vote.FULL  # a year exactly: the rule says more than
    on(time_machine, DUE_ON + datetime.timedelta(days=366))
    lost = seat_vote(estonia)
    assert lost.vote == Vote.ARREARS
    assert "in arrears since" in lost.reason

    services.record_payment(
        invoice=invoices["EST"], received_on=DUE_ON + datetime.timedelta(days=366),
        amount=Decimal("1500.00"), reference="late",
    )  # fmt: skip

    assert seat_vote(estonia).vote == Vote.FULL
    # What was true on a day stays true of that day: the vote was gone the day before.
    assert seat_vote(estonia, DUE_ON + datetime.timedelta(days=366 - 1)).vote == Vote.FULL
    assert seat_vote(estonia, DUE_ON + datetime.timedelta(days=366)).vote == Vote.FULL


def test_two_years_in_arrears_count_from_the_oldest_due_date(invoices, rules, time_machine):
    on(time_machine, datetime.date(2028, 1, 15))
    services.issue_invoices(scale=scale_of(rules, year=2028))
    on(time_machine, datetime.date(2028, 4, 1))
    entry = standing(invoices["EST"].association)
    assert (entry.years_in_arrears, entry.arrears_since) == (2, DUE_ON)
    assert entry.outstanding == Decimal("3000.00")
    assert entry.costs_the_vote


def test_a_confederation_without_the_rule_never_loses_a_vote_to_arrears(
    invoices, rules, time_machine
):
    rules.arrears_cost_the_vote_after_days = None
    rules.save()
    on(time_machine, DUE_ON + datetime.timedelta(days=1000))
    estonia = invoices["EST"].association
    estonia.refresh_from_db()
    assert standing(estonia).state == State.IN_ARREARS
    assert seat_vote(estonia).vote == Vote.FULL


def test_an_associate_votes_as_its_membership_says_and_a_suspended_member_not_at_all(
    invoices, time_machine
):
    austria, latvia = invoices["AUT"].association, invoices["LVA"].association
    assert seat_vote(austria).vote == Vote.LIMITED
    change_membership(
        association=latvia, category="full", status="suspended",
        effective_on=datetime.date(2027, 1, 15),
    )  # fmt: skip
    latvia.refresh_from_db()
    assert seat_vote(latvia).vote == Vote.SUSPENDED


def test_an_association_that_withdrew_owing_is_still_in_arrears_and_reminded(
    invoices, time_machine
):
    from django.core import mail

    from reminders import services as reminders
    from subscriptions.selectors import arrears

    latvia = invoices["LVA"].association
    on(time_machine, datetime.date(2027, 7, 31))
    change_membership(
        association=latvia, category="full", status="withdrawn",
        effective_on=datetime.date(2027, 6, 30),
    )  # fmt: skip
    latvia.refresh_from_db()
    (entry,) = [e for e in arrears() if e.association == latvia]
    assert entry.outstanding == Decimal("1500.00")
    assert not entry.costs_the_vote  # it has no seat any more
    for pk in reminders.scan(today=datetime.date(2027, 7, 31)).to_send:
        reminders.deliver(pk)
    assert "contact@lv.example" in [m.to[0] for m in mail.outbox]
