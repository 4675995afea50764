import csv
import io

import pytest
from django.urls import reverse

from delegations import services
from delegations.models import Delegation, DelegationStatus
from governance.selectors import current_vice_president
from tests.delegations.conftest import estonians
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:delegations_delegation_changelist"


@pytest.fixture
def submitted(estonia, estonian_vp, meeting):
    head = current_vice_president(estonia).person
    services.add_member(association=estonia, event=meeting, person=head, role="head")
    nurse = PersonFactory(
        nation=estonia.nation,
        given_name="=Kaja",
        family_name="Lepp",
        rank="Major",
        profession="nurse",
        email="kaja@example.ee",
    )
    services.add_member(association=estonia, event=meeting, person=nurse, role="delegate")
    delegation = Delegation.objects.get()
    services.submit(delegation=delegation)
    return delegation


def test_the_secretariat_approves_delegations_in_bulk(secretariat_client, submitted):
    secretariat_client.post(
        reverse(CHANGELIST), {"action": "approve", "_selected_action": [submitted.pk]}
    )
    submitted.refresh_from_db()
    assert submitted.status == DelegationStatus.APPROVED


def test_the_secretariat_returns_a_delegation_with_a_comment(secretariat_client, submitted):
    data = {"action": "return_to_draft", "_selected_action": [submitted.pk]}
    confirmation = secretariat_client.post(reverse(CHANGELIST), data)
    assert "Return delegations to draft" in confirmation.content.decode()
    secretariat_client.post(
        reverse(CHANGELIST), {**data, "confirm": "1", "comment": "One more delegate, please."}
    )
    submitted.refresh_from_db()
    assert submitted.status == DelegationStatus.DRAFT
    assert submitted.return_comment == "One more delegate, please."


def test_the_delegation_list_filters_by_meeting_state_and_confederation(
    secretariat_client, submitted, meeting
):
    query = {
        "event__id__exact": meeting.pk,
        "status__exact": "submitted",
        "association__confederation__id__exact": submitted.association.confederation_id,
    }
    response = secretariat_client.get(reverse(CHANGELIST), query)
    assert list(response.context["cl"].result_list) == [submitted]
    response = secretariat_client.get(reverse(CHANGELIST), {"status__exact": "approved"})
    assert list(response.context["cl"].result_list) == []


def test_the_roster_of_a_meeting_exports_as_csv(secretariat_client, submitted, latvia):
    response = secretariat_client.post(
        reverse(CHANGELIST), {"action": "export_roster", "_selected_action": [submitted.pk]}
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == [
        "meeting",
        "nation",
        "name",
        "rank",
        "NATO rank code",
        "role",
        "profession",
        "medical officer",
        "email",
    ]
    assert rows[2] == [
        "Mid-Winter Meeting 2027",
        "EST",
        "'=Kaja Lepp",
        "Major",
        "OF-3",
        "delegate",
        "nurse",
        "",
        "kaja@example.ee",
    ]
    assert rows[1][5] == "head of delegation"
    assert len(rows) == 3


def test_many_delegations_export_in_one_roster(secretariat_client, submitted, meeting, latvia):
    from tests.delegations.conftest import vice_president

    vice_president(latvia, "vp-lva")
    head = current_vice_president(latvia).person
    services.add_member(association=latvia, event=meeting, person=head, role="head")
    for person in estonians(latvia, 2):
        services.add_member(association=latvia, event=meeting, person=person, role="delegate")
    services.submit(delegation=Delegation.objects.get(association=latvia))
    response = secretariat_client.post(
        reverse(CHANGELIST),
        {
            "action": "export_roster",
            "_selected_action": list(Delegation.objects.values_list("pk", flat=True)),
        },
    )
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [row[1] for row in rows[1:]] == ["EST", "EST", "LVA", "LVA", "LVA"]


def test_the_delegation_list_counts_each_delegations_members(
    secretariat_client, submitted, latvia, meeting
):
    services.add_member(
        association=latvia, event=meeting, person=PersonFactory(nation=latvia.nation),
        role="delegate",
    )  # fmt: skip
    page = secretariat_client.get(reverse(CHANGELIST))
    counted = {d.association: d.number_of_members for d in page.context["cl"].result_list}
    assert counted == {submitted.association: 2, latvia: 1}
