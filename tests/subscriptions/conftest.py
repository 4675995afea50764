import datetime
from decimal import Decimal

import pytest

from governance import services as governance_services
from subscriptions import services
from subscriptions.models import Scale
from tests.factories import (
    CouncilDecisionFactory,
    NationalAssociationFactory,
    NationFactory,
    PersonFactory,
    UserFactory,
)

ISSUED_ON = datetime.date(2027, 1, 15)
DUE_ON = datetime.date(2027, 3, 31)


@pytest.fixture
def rules(cior):
    """CIOR's rules: reminders 30 days before the due date; a year in arrears past the
    due date takes the vote."""
    cior.subscription_reminder_days = [30]
    cior.arrears_cost_the_vote_after_days = 365
    cior.subscription_payment_details = "IBAN BE00 0000 0000 0000"
    cior.secretariat_email = "secretariat@cior.example"
    cior.save()
    return cior


def member(cior, country: str, **values):
    return NationalAssociationFactory(
        confederation=cior,
        nation=NationFactory(country=country),
        email=f"contact@{country.lower()}.example",
        **values,
    )


@pytest.fixture
def estonia(rules):
    return member(rules, "EE", name="Estonian Reserve Officers", acronym="ERO")


@pytest.fixture
def latvia(rules):
    return member(rules, "LV", name="Latvian Reserve Officers", acronym="LRO")


@pytest.fixture
def austria(rules):
    return member(
        rules, "AT", name="Österreichische Offiziersgesellschaft", acronym="ÖOG",
        category="associate", language="fr",
    )  # fmt: skip


def vice_president(association, username: str):
    user = UserFactory(username=username)
    governance_services.appoint(
        office=governance_services.national_vice_president_office(association),
        person=PersonFactory(
            nation=association.nation,
            association=association,
            user=user,
            email=f"{username}@example.org",
        ),
        starts_on=datetime.date(2020, 1, 1),
    )
    return user


@pytest.fixture
def estonian_vp(estonia):
    return vice_president(estonia, "vp-cior-est")


@pytest.fixture
def latvian_vp(latvia):
    return vice_president(latvia, "vp-cior-lva")


def decision(confederation, summary="The scale of the year", **values):
    return CouncilDecisionFactory(
        confederation=confederation, kind="subscriptions", summary=summary, **values
    )


def scale_of(confederation, year=2027, full="1500.00", associate="500.00", due_on=None):
    return Scale.objects.create(
        confederation=confederation,
        year=year,
        full_member=Decimal(full),
        associate_member=Decimal(associate),
        due_on=due_on or datetime.date(year, 3, 31),
        decision=decision(confederation, f"The scale of {year}"),
    )


@pytest.fixture
def scale(rules, estonia, latvia, austria):
    return scale_of(rules)


@pytest.fixture
def invoices(scale, time_machine):
    """The 2027 invoices, issued on 15 January 2027 (the test's clock stands there)."""
    time_machine.move_to(datetime.datetime(2027, 1, 15, 10, tzinfo=datetime.UTC), tick=False)
    return {i.association.nation.code: i for i in services.issue_invoices(scale=scale)}


def on(time_machine, day: datetime.date) -> None:
    time_machine.move_to(
        datetime.datetime.combine(day, datetime.time(10), tzinfo=datetime.UTC), tick=False
    )
