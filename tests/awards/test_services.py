"""An award from its nomination to the roll of honour: the presidency's decision, the
council's, conferral and revocation, and the rules against earlier awards."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards import services
from awards.models import Nomination
from confed.models import Email
from council import services as council
from governance.models import CouncilDecision
from tests.awards.conftest import TODAY, given, nominated, nominee
from tests.council.conftest import meeting_session, members_with_heads, opened

pytestmark = pytest.mark.django_db


def test_the_presidencys_approval_writes_a_public_decision_naming_the_award_and_the_person(
    medal, estonia, estonian_vp, secretariat_user
):
    nomination = nominated(medal, estonia, estonian_vp)

    assert services.decide_nomination(
        nomination=nomination, approve=True, decided_on=datetime.date(2026, 11, 30),
        by=secretariat_user,
    ) is True  # fmt: skip
    assert (
        services.decide_nomination(
            nomination=nomination, approve=True, decided_on=datetime.date(2026, 11, 30)
        )
        is False
    )

    nomination.refresh_from_db()
    decision = nomination.decision
    assert nomination.status == "approved"
    assert (decision.kind, decision.outcome, decision.is_public) == ("award", "approved", True)
    assert decision.meeting == "decided by the presidency"
    assert decision.summary == (
        f"The CIOR Medal of Merit to {nomination.person.name_with_rank} (Estonia)"
    )
    assert decision.recorded_by == secretariat_user
    told = Email.objects.get(template="awards/emails/decided")
    assert told.to == [estonian_vp.email]
    assert told.subject == f"The Medal of Merit is awarded to {nomination.person.full_name}"


def test_a_rejection_is_recorded_not_public_and_cannot_be_turned_into_an_approval(
    medal, estonia, estonian_vp
):
    nomination = nominated(medal, estonia, estonian_vp)
    services.decide_nomination(nomination=nomination, approve=False, decided_on=TODAY)

    nomination.refresh_from_db()
    assert nomination.status == "rejected"
    assert (nomination.decision.outcome, nomination.decision.is_public) == ("rejected", False)
    with pytest.raises(ValidationError, match="decided already: not approved"):
        services.decide_nomination(nomination=nomination, approve=True, decided_on=TODAY)


def test_a_nomination_tells_the_secretariat(medal, estonia, estonian_vp):
    nomination = nominated(medal, estonia, estonian_vp, citation="For the workshop.")

    email = Email.objects.get(template="awards/emails/nominated")
    assert email.to == ["secretariat@cior.example"]
    assert email.subject == (
        f"A nomination for the CIOR Medal of Merit: {nomination.person.full_name}"
    )
    assert "For the workshop." in email.body
    assert reverse("admin:awards_nomination_change", args=[nomination.pk]) in email.body


def test_a_second_award_of_a_once_per_person_award_is_refused_with_its_message(
    medal, estonia, estonian_vp
):
    first = given(medal, estonia, estonian_vp)

    with pytest.raises(ValidationError) as refused:
        nominated(medal, estonia, estonian_vp, person=first.person)

    assert refused.value.message_dict["person"] == [
        f"{first.person.name_with_rank} has received the Medal of Merit already: it is "
        "given once per person."
    ]
    # Nominated while the award could be given twice, decided once it no longer can.
    medal.once_per_person = False
    medal.save()
    second = nominated(medal, estonia, estonian_vp, person=first.person)
    medal.once_per_person = True
    medal.save()
    with pytest.raises(ValidationError, match="it is given once per person"):
        services.decide_nomination(nomination=second, approve=True, decided_on=TODAY)
    second.refresh_from_db()
    assert (second.status, second.decision) == ("nominated", None)


def test_an_award_beyond_the_years_number_is_refused_and_next_year_given(
    medal, estonia, estonian_vp
):
    medal.per_year = 1
    medal.save()
    nominated_first = nominated(medal, estonia, estonian_vp)
    second = nominated(medal, estonia, estonian_vp)
    services.decide_nomination(
        nomination=nominated_first, approve=True, decided_on=datetime.date(2026, 3, 1)
    )

    with pytest.raises(ValidationError) as refused:
        services.decide_nomination(
            nomination=second, approve=True, decided_on=datetime.date(2026, 11, 1)
        )

    assert refused.value.messages == [
        "The Medal of Merit is given at most 1 times a year, and 2026 has its 1 already "
        "(with any on a council's agenda)."
    ]
    assert not CouncilDecision.objects.filter(award_nomination=second).exists()
    # A rejection is no award: it is recorded whatever the year's count.
    assert services.decide_nomination(
        nomination=second, approve=False, decided_on=datetime.date(2026, 11, 1)
    )


def test_an_approved_award_is_conferred_once_and_only_an_approved_one(
    medal, estonia, estonian_vp, time_machine
):
    nomination = nominated(medal, estonia, estonian_vp)
    with pytest.raises(ValidationError, match="Only an approved award is conferred"):
        services.confer(nomination=nomination, conferred_on=TODAY)
    services.decide_nomination(
        nomination=nomination, approve=True, decided_on=datetime.date(2026, 11, 2)
    )
    with pytest.raises(ValidationError) as early:
        services.confer(nomination=nomination, conferred_on=datetime.date(2026, 11, 1))
    assert "after its decision" in early.value.message_dict["conferred_on"][0]

    assert services.confer(nomination=nomination, conferred_on=TODAY, conferred_by="the President")
    assert not services.confer(nomination=nomination, conferred_on=TODAY)
    nomination.refresh_from_db()
    assert (nomination.status, nomination.conferred_on, nomination.conferred_by) == (
        "conferred",
        TODAY,
        "the President",
    )


def test_a_revocation_says_why_and_writes_its_decision(medal, estonia, estonian_vp):
    nomination = given(medal, estonia, estonian_vp)
    with pytest.raises(ValidationError) as silent:
        services.revoke(nomination=nomination, revoked_on=TODAY, reason="  ")
    assert silent.value.message_dict["reason"] == ["Say why the award is revoked."]

    assert services.revoke(nomination=nomination, revoked_on=TODAY, reason="Misconduct.")
    assert not services.revoke(nomination=nomination, revoked_on=TODAY, reason="Again.")

    nomination.refresh_from_db()
    assert (nomination.status, nomination.revocation_reason) == ("revoked", "Misconduct.")
    revocation = nomination.revocation
    assert (revocation.kind, revocation.is_public, revocation.decided_on) == (
        "award",
        False,
        TODAY,
    )
    assert revocation.summary.startswith("Revocation: The CIOR Medal of Merit to ")
    assert revocation.summary.endswith("Misconduct.")


def test_a_waiting_nomination_cannot_be_revoked(medal, estonia, estonian_vp):
    nomination = nominated(medal, estonia, estonian_vp)
    with pytest.raises(ValidationError, match="Only an award given is revoked"):
        services.revoke(nomination=nomination, revoked_on=TODAY, reason="No.")


def test_a_presidency_only_award_refuses_a_vice_presidents_nomination(medal, estonia, estonian_vp):
    medal.nominated_by = "presidency"
    medal.save()
    with pytest.raises(ValidationError, match="Only the presidency nominates"):
        nominated(medal, estonia, estonian_vp)


def test_a_vice_president_nominates_a_person_of_their_own_nation_only(
    medal, estonia, estonian_vp, latvia
):
    with pytest.raises(ValidationError) as refused:
        nominated(medal, estonia, estonian_vp, person=nominee(latvia))
    assert refused.value.message_dict["person"] == [
        "A vice president nominates a person of their own nation."
    ]


def test_one_nomination_of_a_person_waits_at_a_time(medal, estonia, estonian_vp):
    first = nominated(medal, estonia, estonian_vp)
    with pytest.raises(ValidationError) as refused:
        nominated(medal, estonia, estonian_vp, person=first.person)
    assert refused.value.message_dict["person"] == [
        "This person is nominated for this award already, waiting for a decision."
    ]


# -- decided by the council ---------------------------------------------------------------


@pytest.fixture
def council_medal(medal):
    medal.decided_by = "council"
    medal.save()
    return medal


@pytest.fixture
def on_the_agenda(cior, council_medal):
    """A nomination of the first of five members' vice presidents, on the agenda of a
    session at the Mid-Winter Meeting, the session opened, every seat present."""
    heads = members_with_heads(cior, 5)
    association, user = next(iter(heads.items()))
    nomination = nominated(council_medal, association, user)
    session = meeting_session(cior)
    assert services.put_on_agenda(nomination=nomination, session=session) is True
    assert services.put_on_agenda(nomination=nomination, session=session) is False
    opened(session)
    nomination.refresh_from_db()
    return nomination, heads, session


def vote(nomination, session, choice: str):
    poll = council.open_poll(item=nomination.agenda_item)
    council.record_show_of_hands(
        poll=poll, choices={seat.pk: choice for seat in session.seats.all()}
    )
    council.close_poll(poll=poll)
    nomination.refresh_from_db()
    return poll


def test_a_nomination_put_to_the_council_is_a_private_item_for_decision(on_the_agenda):
    nomination, _heads, session = on_the_agenda
    item = nomination.agenda_item
    assert (item.session, item.kind, item.business, item.is_public) == (
        session,
        "decision",
        "award",
        False,
    )
    assert item.title_en == f"Medal of Merit: {nomination.person.full_name}"
    assert item.notes_en == "For outstanding merits."


def test_the_councils_carried_vote_approves_the_nomination(on_the_agenda):
    nomination, heads, session = on_the_agenda

    vote(nomination, session, "yes")

    assert nomination.status == "approved"
    assert nomination.decision == nomination.agenda_item.decision
    assert (nomination.decision.kind, nomination.decision.outcome) == ("award", "approved")
    assert nomination.decision.is_public is True
    assert Email.objects.filter(template="awards/emails/decided").get().to == [
        next(iter(heads.values())).email
    ]


def test_the_councils_vote_not_carried_rejects_the_nomination(on_the_agenda):
    nomination, _heads, session = on_the_agenda

    vote(nomination, session, "no")

    assert nomination.status == "rejected"
    assert nomination.decision.outcome == "rejected"
    assert nomination.decision.is_public is False


def test_a_poll_without_quorum_leaves_the_nomination_waiting(on_the_agenda):
    nomination, _heads, session = on_the_agenda
    poll = council.open_poll(item=nomination.agenda_item)
    council.mark_attendance(session=session, present=set())
    council.close_poll(poll=poll)

    nomination.refresh_from_db()
    assert (nomination.status, nomination.decision) == ("nominated", None)


def test_the_presidency_does_not_decide_what_the_council_decides(on_the_agenda):
    nomination, _heads, _session = on_the_agenda
    with pytest.raises(ValidationError, match="The council decides the Medal of Merit"):
        services.decide_nomination(nomination=nomination, approve=True, decided_on=TODAY)


def test_a_presidency_award_is_not_put_to_the_council(cior, medal, estonia, estonian_vp):
    nomination = nominated(medal, estonia, estonian_vp)
    with pytest.raises(ValidationError, match="The presidency decides the Medal of Merit"):
        services.put_on_agenda(nomination=nomination, session=meeting_session(cior))


def test_a_nomination_on_an_agenda_counts_against_the_years_number(
    cior, council_medal, estonia, estonian_vp
):
    council_medal.per_year = 1
    council_medal.save()
    session = meeting_session(cior, held_on=datetime.date(2027, 2, 4))
    first, second = (nominated(council_medal, estonia, estonian_vp) for _ in range(2))
    services.put_on_agenda(nomination=first, session=session)

    with pytest.raises(ValidationError, match="2027 has its 1 already"):
        services.put_on_agenda(nomination=second, session=session)
    assert Nomination.objects.filter(agenda_item__isnull=False).get() == first
