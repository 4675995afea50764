"""Every change by the secretariat (admin) or a vice president (portal) is in the
history with who made it and when: a test for each model that keeps history."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse
from django.utils import timezone

from delegations.models import Delegation, DelegationMember
from events.models import ProgrammeItem
from governance.selectors import current_vice_president
from members.models import MembershipChange
from tests.delegations.conftest import vice_president
from tests.factories import EventFactory, NationalAssociationFactory, NationFactory
from tests.members.test_admin import change_form

pytestmark = pytest.mark.django_db


def models_with_history() -> list:
    return sorted(
        (
            model
            for model in apps.get_models()
            if hasattr(model, "history") and not model._meta.model_name.startswith("historical")
        ),
        key=lambda model: model._meta.label,
    )


def posted_back(response) -> dict:
    """The change form's data as the browser would send it back unchanged."""
    data = {}

    def add(form) -> None:
        for field in form:
            value = field.field.prepare_value(field.value())
            if value is None or value is False:
                continue
            if value is True:
                data[field.html_name] = "on"
            elif isinstance(value, list | tuple):
                data[field.html_name] = [str(v) for v in value]
            else:
                data[field.html_name] = str(value)

    add(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        add(inline.formset.management_form)
        for form in inline.formset.forms:
            add(form)
    data["_save"] = "Save"
    return data


# Models the secretariat does not edit in the admin: their changes come from other
# pages, through the services, as another test below shows for each.
ELSEWHERE = {
    "members.MembershipChange",
    "delegations.DelegationMember",
    "delegations.Delegation",
    "events.ProgrammeItem",  # on its event's page
    # Issued, so read-only: their one change, voiding, is the admin's action, whose
    # history names who (tests/subscriptions/test_admin.py); a rate is on its scale.
    "subscriptions.Invoice",
    "subscriptions.Payment",
    "subscriptions.CreditNote",
    "subscriptions.ScaleRate",
    # The council's: a motion is submitted in the portal and accepted or returned by an
    # action; a seat is kept at the opening and its attendance marked on the roll; a
    # proxy is given and then only revoked (tests/council/test_admin.py).
    "council.Motion",
    "council.Seat",
    "council.Proxy",
    # Typed on its election item's page, or written by a call's close
    # (tests/elections/test_elections.py).
    "council.Candidate",
}


@pytest.mark.parametrize(
    "model", [m for m in models_with_history() if m._meta.label not in ELSEWHERE],
    ids=lambda m: m._meta.label,
)  # fmt: skip
def test_a_secretariat_change_in_the_admin_is_in_the_history_with_who(
    secretariat_client,
    secretariat_user,
    one_of_everything,
    model,
):
    obj = model._default_manager.first()
    meta = model._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    before = timezone.now()
    response = secretariat_client.post(url, posted_back(secretariat_client.get(url)))
    assert response.status_code == 302, response.context and response.context["errors"]
    record = obj.history.order_by("-history_date").first()
    assert record.history_user == secretariat_user
    assert record.history_date >= before


def test_a_programme_changed_on_its_events_page_names_who(
    secretariat_client, secretariat_user, one_of_everything
):
    item = ProgrammeItem.objects.get()
    url = reverse("admin:events_event_change", args=[item.event_id])
    data = posted_back(secretariat_client.get(url))
    data["programme-0-title_en"] = "Opening ceremony"
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["errors"]
    record = item.history.order_by("-history_date").first()
    assert record.title_en == "Opening ceremony"
    assert record.history_user == secretariat_user


def test_a_membership_change_by_the_secretariat_names_who(secretariat_client, cior):
    finland = NationFactory(country="FI", nato_member_since=datetime.date(2023, 4, 4))
    association = NationalAssociationFactory(
        confederation=cior, nation=finland, category="associate"
    )
    url = reverse("admin:members_nationalassociation_change", args=[association.pk])
    secretariat_client.post(
        url,
        change_form(
            association,
            {"effective_on": "2023-04-04", "effective_on_precision": "day",
             "category": "full", "status": "active"},
        ),
    )  # fmt: skip
    change = MembershipChange.objects.filter(association=association).latest()
    assert change.history.first().history_user.username == "secretary"
    assert change.recorded_by.username == "secretary"


def test_a_vice_presidents_changes_to_a_delegation_name_who(client, cior, time_machine):
    time_machine.move_to(datetime.datetime(2027, 1, 5, 12, tzinfo=datetime.UTC))
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    user = vice_president(estonia, "vp-cior-est")
    meeting = EventFactory(
        kind="mid-winter-meeting",
        slug="mwm",
        confederations=[cior],
        starts_on=datetime.date(2027, 2, 4),
    )
    client.force_login(user)
    head = current_vice_president(estonia).person
    client.post(
        reverse("delegations:add_member", args=[estonia.pk, meeting.slug]),
        {"person": head.pk, "role": "head"},
    )
    client.post(reverse("delegations:submit", args=[estonia.pk, meeting.slug]))
    member = DelegationMember.objects.get()
    delegation = Delegation.objects.get()
    assert member.history.first().history_user == user
    assert delegation.history.first().history_user == user
    assert delegation.history.first().status == "submitted"


def test_every_model_with_history_is_covered_here():
    covered = {m._meta.label for m in models_with_history()} - ELSEWHERE
    assert covered | ELSEWHERE == {m._meta.label for m in models_with_history()}
    assert all(model in admin.site._registry for model in models_with_history()
               if model._meta.label not in ELSEWHERE)  # fmt: skip
