"""Ten vice-president sessions add to one delegation at once: the size limit holds."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from delegations import services
from delegations.models import DelegationMember
from governance.selectors import current_vice_president
from tests.delegations.conftest import estonians


@pytest.mark.django_db(transaction=True)
def test_ten_concurrent_adds_to_a_delegation_with_one_free_place_give_one_success(
    estonia, estonian_vp, meeting
):
    services.add_member(
        association=estonia,
        event=meeting,
        person=current_vice_president(estonia).person,
        role="head",
    )
    for person in estonians(estonia, 4):
        services.add_member(association=estonia, event=meeting, person=person, role="delegate")
    candidates = estonians(estonia, 10)
    start = threading.Barrier(len(candidates))

    def add(person) -> str:
        start.wait()  # all ten reach the database together
        try:
            services.add_member(association=estonia, event=meeting, person=person, role="delegate")
            return "added"
        except ValidationError as error:
            return " ".join(error.messages)
        finally:
            connection.close()  # each thread has its own connection

    with ThreadPoolExecutor(max_workers=len(candidates)) as pool:
        outcomes = list(pool.map(add, candidates))

    assert outcomes.count("added") == 1
    assert all("at most 6 members" in o for o in outcomes if o != "added")
    assert DelegationMember.objects.count() == 6
    assert sorted(DelegationMember.objects.values_list("seat", flat=True)) == [1, 2, 3, 4, 5, 6]
