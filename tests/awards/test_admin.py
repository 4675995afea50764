"""The secretariat's side of the awards: the nominee's earlier awards on the change
page, the decisions, conferral and revocation by actions through the services, what
is decided read-only; the desk's line; a person's data."""

import datetime

import pytest
from django.contrib.admin.helpers import ACTION_CHECKBOX_NAME
from django.urls import reverse

from awards import services
from awards.models import Award, Nomination
from confed.personal_data import export
from council.models import AgendaItem
from tests.awards.conftest import TODAY, given, nominated
from tests.council.conftest import meeting_session
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def act(client, action: str, nominations, **data):
    return client.post(
        reverse("admin:awards_nomination_changelist"),
        {"action": action, ACTION_CHECKBOX_NAME: [n.pk for n in nominations], **data},
        follow=True,
    ).content.decode()


def change_url(nomination) -> str:
    return reverse("admin:awards_nomination_change", args=[nomination.pk])


def test_the_change_page_shows_the_nominees_earlier_awards_and_eligibility(
    secretariat_client, medal, estonia, estonian_vp
):
    cross = Award.objects.create(
        confederation=medal.confederation, slug="cross", name_en="Cross of Honour"
    )
    earlier = given(cross, estonia, estonian_vp, on=datetime.date(2024, 7, 30))
    nomination = nominated(medal, estonia, estonian_vp, person=earlier.person)

    page = secretariat_client.get(change_url(nomination)).content.decode()

    assert "Earlier awards of the nominee" in page
    assert "<li>CIOR Cross of Honour (conferred, July 30, 2024)</li>" in page
    assert (
        "Eligible under the award&#x27;s rules." in page
        or "Eligible under the award's rules." in page
    )


def test_the_presidencys_decision_recorded_by_an_action_then_conferred_and_revoked(
    secretariat_client, secretariat_user, medal, estonia, estonian_vp
):
    nomination = nominated(medal, estonia, estonian_vp)
    meeting = EventFactory(confederations=[medal.confederation], starts_on=TODAY)

    asked = act(secretariat_client, "approve", [nomination])
    approved = act(secretariat_client, "approve", [nomination], confirm="1",
                   decided_on="2026-11-30")  # fmt: skip
    again = act(secretariat_client, "approve", [nomination], confirm="1",
                decided_on="2026-11-30")  # fmt: skip
    conferred = act(
        secretariat_client, "confer", [nomination], confirm="1", conferred_on="2026-12-01",
        event=meeting.pk, conferred_by="the President",
    )  # fmt: skip
    revoked = act(secretariat_client, "revoke", [nomination], confirm="1",
                  revoked_on="2026-12-01", reason="Misconduct.")  # fmt: skip

    assert "Decided on" in asked
    assert f"{nomination}: approved." in approved
    assert f"{nomination} was decided so already." in again
    assert f"{nomination}: conferred." in conferred
    assert f"{nomination}: revoked." in revoked
    nomination.refresh_from_db()
    assert (nomination.status, nomination.conferred_at, nomination.decision.recorded_by) == (
        "revoked",
        meeting,
        secretariat_user,
    )
    assert nomination.history.latest().history_user == secretariat_user


def test_a_refused_decision_is_said_as_a_message(secretariat_client, medal, estonia, estonian_vp):
    medal.per_year = 1
    medal.save()
    first, second = nominated(medal, estonia, estonian_vp), nominated(medal, estonia, estonian_vp)
    act(secretariat_client, "approve", [first], confirm="1", decided_on="2026-11-30")

    refused = act(secretariat_client, "approve", [second], confirm="1", decided_on="2026-11-30")

    assert "is given at most 1 times a year, and 2026 has its 1 already" in refused
    second.refresh_from_db()
    assert second.status == "nominated"


def test_an_action_puts_a_council_award_on_a_sessions_agenda(
    secretariat_client, cior, medal, estonia, estonian_vp
):
    medal.decided_by = "council"
    medal.save()
    nomination = nominated(medal, estonia, estonian_vp)
    session = meeting_session(cior)

    page = act(secretariat_client, "put_on_agenda", [nomination], confirm="1",
               session=session.pk)  # fmt: skip

    assert f"{nomination}: the nomination is on the agenda." in page
    item = AgendaItem.objects.get(session=session)
    assert item.award_nomination == nomination


def test_what_is_decided_is_read_only_and_the_roll_consent_is_the_secretariats(
    secretariat_client, medal, estonia, estonian_vp
):
    nomination = given(medal, estonia, estonian_vp, shown=False)

    response = secretariat_client.post(
        change_url(nomination),
        {"shown_on_roll": "on", "roll_citation_en": "For the workshop", "roll_citation_fr": "",
         "status": "nominated", "citation": "Changed.", "conferred_on": "2020-01-01",
         "_save": "Save"},
    )  # fmt: skip

    assert response.status_code == 302
    nomination.refresh_from_db()
    assert (nomination.shown_on_roll, nomination.roll_citation_en) == (True, "For the workshop")
    assert (nomination.status, nomination.citation, nomination.conferred_on) == (
        "conferred",
        "For outstanding merits.",
        datetime.date(2026, 6, 1),
    )
    page = secretariat_client.get(change_url(nomination)).content.decode()
    assert 'name="status"' not in page
    assert 'name="citation"' not in page
    assert 'title="Delete"' not in page
    assert "deletelink" not in page


def test_the_desk_shows_the_nominations_waiting(secretariat_client, medal, estonia, estonian_vp):
    nominated(medal, estonia, estonian_vp)
    nominated(medal, estonia, estonian_vp)
    given(medal, estonia, estonian_vp)

    lines = secretariat_client.get(reverse("admin:index")).context["work_waiting"]

    (line,) = [w for w in lines if "award nomination" in w.text]
    assert line.text == "2 award nominations wait for a decision"
    assert line.url == reverse("admin:awards_nomination_changelist") + "?status__exact=nominated"
    assert secretariat_client.get(line.url).context["cl"].result_count == 2


def test_a_persons_data_holds_the_awards_received_and_the_nominations_made(
    medal, estonia, estonian_vp
):
    received = given(medal, estonia, estonian_vp)

    theirs = export(received.person)
    nominator = export(estonian_vp.person)

    assert theirs["awards"] == [
        {"award": "CIOR Medal of Merit", "status": "conferred", "decided_on": "2026-06-01",
         "conferred_on": "2026-06-01", "revoked_on": None, "shown_on_roll": True},
    ]  # fmt: skip
    assert [n["nominee"] for n in nominator["award_nominations_made"]] == [
        received.person.full_name
    ]
    assert nominator["awards"] == []


def test_a_decided_nomination_cannot_be_put_on_an_agenda(cior, medal, estonia, estonian_vp):
    nomination = given(medal, estonia, estonian_vp)
    medal.decided_by = "council"
    medal.save()
    with pytest.raises(Exception, match="decided already"):
        services.put_on_agenda(nomination=nomination, session=meeting_session(cior))
    assert Nomination.objects.get().agenda_item is None
