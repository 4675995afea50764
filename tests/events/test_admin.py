import re

import pytest
from django.urls import reverse

from events.models import Event, EventStatus
from tests.factories import EventFactory, NationFactory

pytestmark = pytest.mark.django_db

# The programme's inline, empty: every post of the event's form carries it.
NO_PROGRAMME = {"programme-TOTAL_FORMS": "0", "programme-INITIAL_FORMS": "0"}


def test_secretariat_drafts_next_years_meetings_from_the_event_list(
    secretariat_client, cior, ciomr
):
    NationFactory(country="BE")
    changelist = secretariat_client.get(reverse("admin:events_event_changelist"))
    assert f'href="{reverse("admin:events_event_draft_year")}"' in changelist.content.decode()
    response = secretariat_client.post(
        reverse("admin:events_event_draft_year"),
        {"year": 2028, "confederations": [cior.pk, ciomr.pk]},
    )
    assert response.status_code == 302
    assert set(Event.objects.values_list("title_en", flat=True)) == {
        "Mid-Winter Meeting 2028",
        "Spring In-Between Meeting 2028",
        "Summer Congress 2028",
        "Fall In-Between Meeting 2028",
    }


def test_drafting_without_a_confederation_is_refused_beside_the_field(secretariat_client):
    response = secretariat_client.post(reverse("admin:events_event_draft_year"), {"year": 2028})
    assert response.status_code == 200
    assert response.context["form"].errors["confederations"] == ["This field is required."]
    assert not Event.objects.exists()


def test_people_outside_the_secretariat_cannot_draft(client):
    response = client.get(reverse("admin:events_event_draft_year"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_secretariat_confirms_and_publishes_drafts(secretariat_client, cior):
    draft = EventFactory(confederations=[cior], status=EventStatus.PLANNED, is_public=False)
    secretariat_client.post(
        reverse("admin:events_event_changelist"),
        {"action": "confirm_and_publish", "_selected_action": [draft.pk]},
    )
    draft.refresh_from_db()
    assert (draft.status, draft.is_public) == (EventStatus.CONFIRMED, True)


def test_an_event_that_ends_before_it_starts_is_refused_beside_the_form(secretariat_client, cior):
    response = secretariat_client.post(
        reverse("admin:events_event_add"),
        {
            "confederations": [cior.pk],
            "kind": "summer-congress",
            "title_en": "Backwards",
            "slug": "backwards",
            "status": "planned",
            "starts_on": "2027-07-30",
            "ends_on": "2027-07-26",
            "time_zone": "Europe/Brussels",
            **NO_PROGRAMME,
        },
    )
    assert response.status_code == 200
    assert "An event cannot end before it starts." in response.content.decode()
    assert not Event.objects.exists()


@pytest.mark.parametrize(("kind", "saved"), [("other", False), ("mid-winter-meeting", True)])
def test_a_delegation_deadline_is_only_for_a_meeting_that_takes_delegations(
    secretariat_client, cior, kind, saved
):
    response = secretariat_client.post(
        reverse("admin:events_event_add"),
        {
            "confederations": [cior.pk],
            "kind": kind,
            "title_en": "Reception",
            "slug": "reception",
            "starts_on": "2027-07-30",
            "ends_on": "2027-07-30",
            "delegation_deadline": "2027-07-01",
            "time_zone": "Europe/Brussels",
            **NO_PROGRAMME,
        },
    )
    assert Event.objects.exists() is saved
    if not saved:
        assert response.context["adminform"].form.errors["delegation_deadline"] == [
            "Only the statutory meetings (the Mid-Winter Meeting, the Summer Congress and the "
            "In-Between Meetings) take national delegations: leave the deadline empty, or "
            "choose one of those kinds."
        ]


def test_status_and_publication_are_not_typed_in_the_event_form(secretariat_client, cior):
    event = EventFactory(confederations=[cior], status=EventStatus.PLANNED, is_public=False)
    page = secretariat_client.get(reverse("admin:events_event_change", args=[event.pk]))
    form = page.context["adminform"].form
    assert "status" not in form.fields
    assert "is_public" not in form.fields


def test_a_cancelled_event_is_reinstated_before_it_is_confirmed(secretariat_client, cior):
    event = EventFactory(confederations=[cior], status=EventStatus.CANCELLED)
    changelist = reverse("admin:events_event_changelist")
    refused = secretariat_client.post(
        changelist, {"action": "confirm_and_publish", "_selected_action": [event.pk]}, follow=True
    )
    assert "reinstate it before confirming it" in refused.content.decode()
    secretariat_client.post(changelist, {"action": "reinstate", "_selected_action": [event.pk]})
    secretariat_client.post(
        changelist, {"action": "confirm_and_publish", "_selected_action": [event.pk]}
    )
    event.refresh_from_db()
    assert (event.status, event.is_public) == (EventStatus.CONFIRMED, True)


def test_the_time_zone_is_picked_by_city_within_its_area(secretariat_client):
    page = secretariat_client.get(reverse("admin:events_event_add"))
    choices = dict(page.context["adminform"].form.fields["time_zone"].choices)
    assert ("Europe/Brussels", "Brussels") in choices["Europe"]
    assert ("America/New_York", "New York") in choices["America"]
    names = {name for zones in choices.values() for name, _city in zones}
    assert not names & {"W-SU", "localtime", "Etc/GMT+3", "US/Eastern"}


def programme_post(cior, *items: dict) -> dict:
    """The event form of a two-day congress, with these parts of its programme."""
    data = {
        "confederations": [cior.pk],
        "kind": "summer-congress",
        "title_en": "Summer Congress 2027",
        "slug": "summer-congress-2027",
        "starts_on": "2027-07-29",
        "ends_on": "2027-07-30",
        "time_zone": "Europe/Tallinn",
        "programme-TOTAL_FORMS": str(len(items)),
        "programme-INITIAL_FORMS": "0",
    }
    for number, item in enumerate(items):
        data.update({f"programme-{number}-{name}": value for name, value in item.items()})
    return data


def test_the_secretariat_writes_a_meetings_programme_with_the_meeting(secretariat_client, cior):
    response = secretariat_client.post(
        reverse("admin:events_event_add"),
        programme_post(
            cior,
            {"day": "2027-07-29", "starts_at": "09:00", "ends_at": "10:30", "title_en": "Opening"},
            {"day": "2027-07-30", "starts_at": "14:00", "title_en": "Council session"},
        ),
    )
    assert response.status_code == 302
    event = Event.objects.get()
    assert [(str(i.day), i.title_en) for i in event.programme.all()] == [
        ("2027-07-29", "Opening"),
        ("2027-07-30", "Council session"),
    ]


@pytest.mark.parametrize(
    ("item", "field", "message"),
    [
        (
            {"day": "2027-08-02", "starts_at": "09:00", "title_en": "Excursion"},
            "day",
            "The day must be one of the meeting's: July 29, 2027 to July 30, 2027.",
        ),
        (
            {"day": "2027-07-29", "starts_at": "11:00", "ends_at": "10:00", "title_en": "Talk"},
            None,
            "A part of the programme must end after it starts.",
        ),
        (
            {"day": "2027-07-29", "starts_at": "9 am", "title_en": "Talk"},
            "starts_at",
            "Enter a valid time.",
        ),
    ],
)
def test_a_programme_item_outside_the_meeting_is_refused_beside_it(
    secretariat_client, cior, item, field, message
):
    response = secretariat_client.post(
        reverse("admin:events_event_add"), programme_post(cior, item)
    )
    assert response.status_code == 200
    errors = response.context["inline_admin_formsets"][0].formset.forms[0].errors
    assert message in (errors[field] if field else errors["__all__"])
    assert not Event.objects.exists()


def test_an_events_page_shows_its_time_zone_chosen_among_its_areas_cities(
    secretariat_client, cior
):
    event = EventFactory(confederations=[cior], time_zone="Europe/Tallinn")
    page = secretariat_client.get(reverse("admin:events_event_change", args=[event.pk]))
    [select] = re.findall(r'<select name="time_zone".*?</select>', page.content.decode(), re.S)
    assert '<option value="Europe/Tallinn" selected>Tallinn</option>' in select
    assert select.count(" selected") == 1
    assert '<optgroup label="America">' in select
    assert 'id="id_time_zone"' in select
