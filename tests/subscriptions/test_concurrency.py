"""Ten secretaries issue at once: the numbers have no gap and no double."""

import datetime
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection, transaction

from subscriptions import services
from subscriptions.models import Invoice, NumberSequence
from tests.subscriptions.conftest import member, scale_of

COUNTRIES = ["BE", "BG", "CZ", "DK", "EE", "FR", "DE", "GR", "HU", "IT"]


@pytest.fixture
def ten_members(rules):
    return [member(rules, country) for country in COUNTRIES]


def all_at_once(calls):
    start = threading.Barrier(len(calls))

    def run(call):
        start.wait()  # all reach the database together
        try:
            return call()
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=len(calls)) as pool:
        return list(pool.map(run, calls))


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_issues_to_ten_members_number_them_one_to_ten(rules, ten_members):
    scale = scale_of(rules, due_on=datetime.date(2099, 3, 31))
    issued = all_at_once(
        [
            lambda association=association: services.issue_invoices(
                scale=scale, associations=[association]
            )
            for association in ten_members
        ]
    )

    assert all(len(made) == 1 for made in issued)
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"CIOR-2027-{n:03d}" for n in range(1, 11)]
    assert NumberSequence.objects.get(confederation=rules, year=2027, series="").last == 10


@pytest.mark.django_db(transaction=True)
def test_ten_secretaries_issuing_the_whole_year_at_once_issue_each_invoice_once(
    rules, ten_members
):
    scale = scale_of(rules, due_on=datetime.date(2099, 3, 31))
    issued = all_at_once([lambda: services.issue_invoices(scale=scale) for _ in range(10)])

    assert sorted(len(made) for made in issued) == [0] * 9 + [10]
    assert Invoice.objects.count() == 10
    assert Invoice.objects.order_by("number").last().number == "CIOR-2027-010"


@pytest.mark.django_db(transaction=True)
def test_an_issue_rolled_back_gives_its_number_back(rules, ten_members):
    scale = scale_of(rules, due_on=datetime.date(2099, 3, 31))

    def issue_then_fail() -> None:
        with transaction.atomic():
            services.issue_invoices(scale=scale, associations=ten_members[:1])
            raise RuntimeError("the request failed after the issue")

    with pytest.raises(RuntimeError):
        issue_then_fail()
    (made,) = services.issue_invoices(scale=scale, associations=ten_members[1:2])
    assert made.number == "CIOR-2027-001"
