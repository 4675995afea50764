import datetime

import pytest
from django.core import mail
from django.urls import reverse

from delegations import services
from delegations.models import Delegation, DelegationStatus
from governance.selectors import current_vice_president
from tests.delegations.conftest import estonians

pytestmark = pytest.mark.django_db


@pytest.fixture
def draft(estonia, estonian_vp, meeting):
    estonia.confederation.secretariat_email = "secretariat@cior.example.org"
    estonia.confederation.save()
    head = current_vice_president(estonia).person
    head.email = "head@example.ee"
    head.save()
    services.add_member(association=estonia, event=meeting, person=head, role="head")
    for person in estonians(estonia, 2):
        services.add_member(association=estonia, event=meeting, person=person, role="delegate")
    return Delegation.objects.get()


def test_submission_approval_and_return_email_the_vice_president_and_secretariat(
    draft, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert services.submit(delegation=draft)
    assert [m.to for m in mail.outbox] == [["head@example.ee"], ["secretariat@cior.example.org"]]
    assert mail.outbox[0].subject == (
        "Delegation of Estonia to Mid-Winter Meeting 2027: submitted"
    )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.approve(delegation=draft)
        assert not services.approve(delegation=draft)
    assert [m.subject.rsplit(": ", 1)[1] for m in mail.outbox] == ["approved", "approved"]
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.return_to_draft(delegation=draft, comment="Add your YRO delegate.")
    draft.refresh_from_db()
    assert (draft.status, draft.return_comment) == (
        DelegationStatus.DRAFT,
        "Add your YRO delegate.",
    )
    assert "Add your YRO delegate." in mail.outbox[0].body


def test_the_vice_president_sees_the_secretariats_comment_and_the_history(
    client, draft, estonian_vp
):
    services.submit(delegation=draft)
    services.return_to_draft(delegation=draft, comment="Add your YRO delegate.")
    client.force_login(estonian_vp)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Returned by the secretariat:" in page
    assert "Add your YRO delegate." in page
    assert "status: submitted" in page
    assert page.count("added ") == 3


def test_a_vice_president_takes_back_a_submission_before_the_decision(client, draft, estonian_vp):
    services.submit(delegation=draft)
    client.force_login(estonian_vp)
    url = reverse("delegations:reopen", args=[draft.association_id, draft.event.slug])
    assert client.post(url).status_code == 302
    draft.refresh_from_db()
    assert draft.status == DelegationStatus.DRAFT


def test_after_the_deadline_only_the_secretariat_changes_the_delegation(
    client, draft, estonian_vp, secretariat_user, time_machine
):
    time_machine.move_to(datetime.datetime(2027, 1, 15, 9, 0, tzinfo=datetime.UTC))
    add_url = reverse("delegations:add_member", args=[draft.association_id, draft.event.slug])
    newcomer = estonians(draft.association, 1)[0]
    client.force_login(estonian_vp)
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "only the secretariat can change the delegation now" in page
    assert client.post(add_url, {"person": newcomer.pk, "role": "delegate"}).status_code == 403
    client.force_login(secretariat_user)
    assert client.post(add_url, {"person": newcomer.pk, "role": "delegate"}).status_code == 302
    assert draft.members.count() == 4


def test_a_refused_add_names_the_rule_beside_the_form_and_keeps_what_was_typed(
    client, draft, estonian_vp
):
    for person in estonians(draft.association, 3):
        services.add_member(
            association=draft.association, event=draft.event, person=person, role="delegate"
        )
    client.force_login(estonian_vp)
    url = reverse("delegations:add_member", args=[draft.association_id, draft.event.slug])
    response = client.post(
        url,
        {"role": "delegate", "given_name": "Kaja", "family_name": "Lepp", "rank": "Major"},
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert form.non_field_errors() == [
        "A delegation has at most 6 members, the head of delegation included; this one has 7."
    ]
    assert form["given_name"].value() == "Kaja"
    assert not draft.association.nation.people.filter(family_name="Lepp").exists()


def test_a_vice_president_adds_a_new_person_with_rank_profession_and_email(
    client, draft, estonian_vp
):
    client.force_login(estonian_vp)
    url = reverse("delegations:add_member", args=[draft.association_id, draft.event.slug])
    response = client.post(
        url,
        {
            "role": "observer",
            "given_name": "Kaja",
            "family_name": "Lepp",
            "rank": "Major",
            "nato_rank": "OF-3",
            "profession": "nurse",
            "email": "kaja@example.ee",
        },
    )
    assert response.status_code == 302
    member = draft.members.get(person__family_name="Lepp")
    assert (member.role, member.person.profession, member.person.nation.code) == (
        "observer",
        "nurse",
        "EST",
    )


def test_the_previous_meetings_delegation_is_a_starting_point(
    client, draft, estonian_vp, cior, ciomr
):
    from tests.factories import EventFactory

    services.submit(delegation=draft)  # a draft is nobody's starting point
    summer = EventFactory(
        kind="summer-congress",
        slug="summer-congress-2027",
        confederations=[cior, ciomr],
        starts_on=datetime.date(2027, 7, 26),
    )
    client.force_login(estonian_vp)
    url = reverse("delegations:copy_previous", args=[draft.association_id, summer.slug])
    assert client.post(url).status_code == 302
    copied = Delegation.objects.get(event=summer)
    assert sorted(copied.members.values_list("person", flat=True)) == sorted(
        draft.members.values_list("person", flat=True)
    )
    assert copied.status == DelegationStatus.DRAFT


def test_submitting_from_the_page_shows_the_broken_rule(client, estonia, estonian_vp, meeting):
    person = estonians(estonia, 1)[0]
    services.add_member(association=estonia, event=meeting, person=person, role="delegate")
    client.force_login(estonian_vp)
    response = client.post(reverse("delegations:submit", args=[estonia.pk, meeting.slug]))
    assert response.status_code == 400
    assert "A delegation has exactly one head" in response.content.decode()


def test_the_vice_president_is_written_to_in_their_language(
    draft, django_capture_on_commit_callbacks
):
    head = current_vice_president(draft.association).person
    head.language = "fr"
    head.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(delegation=draft)
    to_head = next(m for m in mail.outbox if m.to == ["head@example.ee"])
    assert to_head.subject.startswith("Délégation de l'Estonie")


def test_returning_a_draft_is_reported_as_nothing_done(secretariat_client, draft):
    data = {"action": "return_to_draft", "_selected_action": [draft.pk]}
    response = secretariat_client.post(
        reverse("admin:delegations_delegation_changelist"),
        {**data, "confirm": "1", "comment": "Why?"},
    )
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("is a draft already: nothing was returned" in m for m in messages)
    draft.refresh_from_db()
    assert draft.return_comment == ""


def test_the_roster_leaves_out_drafts(secretariat_client, draft):
    response = secretariat_client.post(
        reverse("admin:delegations_delegation_changelist"),
        {"action": "export_roster", "_selected_action": [draft.pk]},
    )
    assert response.content.decode("utf-8-sig").count("\n") == 1  # the header only


def page_of(client, delegation) -> str:
    return client.get(delegation.get_absolute_url()).content.decode()


def test_an_approved_delegation_says_to_write_to_the_secretariat_to_change_it(
    client, draft, estonian_vp
):
    services.submit(delegation=draft)
    services.approve(delegation=draft)
    client.force_login(estonian_vp)
    page = page_of(client, draft)
    assert "The secretariat has approved the delegation." in page
    assert 'href="mailto:secretariat@cior.example.org"' in page
    assert "Changes are possible until" not in page


def test_a_returned_delegation_is_shown_as_returned_in_the_page_and_the_list(
    client, draft, estonian_vp
):
    services.submit(delegation=draft)
    services.return_to_draft(delegation=draft, comment="Add your YRO delegate.")
    client.force_login(estonian_vp)
    assert "returned: a draft again" in page_of(client, draft)
    assert "returned: a draft again" in client.get(reverse("delegations:area")).content.decode()


def test_a_delegation_not_started_is_not_started_on_its_page_as_in_the_list(
    client, estonia, estonian_vp, meeting
):
    client.force_login(estonian_vp)
    url = reverse("delegations:delegation_detail", args=[estonia.pk, meeting.slug])
    assert "not started" in client.get(url).content.decode()
    assert "not started" in client.get(reverse("delegations:area")).content.decode()


def test_a_full_delegation_offers_no_add_form(client, draft, estonian_vp):
    for person in estonians(draft.association, 3):
        services.add_member(
            association=draft.association, event=draft.event, person=person, role="delegate"
        )
    client.force_login(estonian_vp)
    page = page_of(client, draft)
    assert "The delegation is full: remove someone to add another." in page
    assert "Add a member" not in page


def test_the_vice_president_is_offered_as_head_while_the_delegation_has_none(
    client, estonia, estonian_vp, meeting
):
    client.force_login(estonian_vp)
    url = reverse("delegations:delegation_detail", args=[estonia.pk, meeting.slug])
    form = client.get(url).context["form"]
    assert form["person"].value() == estonian_vp.person.pk
    assert form["role"].value() == "head"


def test_the_people_picker_lists_the_associations_own_people_first_and_says_whose_the_rest_are(
    client, draft, estonian_vp, ciomr
):
    from tests.factories import NationalAssociationFactory, PersonFactory

    medical = NationalAssociationFactory(
        confederation=ciomr, nation=draft.association.nation, acronym="EMRO"
    )
    PersonFactory(
        nation=medical.nation, association=medical, given_name="Mari", family_name="Tamm"
    )
    client.force_login(estonian_vp)
    labels = [label for _value, label in client.get(draft.get_absolute_url()).context["form"]
              .fields["person"].choices][1:]  # fmt: skip
    assert labels[-1] == "Major Mari Tamm (EMRO, CIOMR)"
    assert all("CIOMR" not in label for label in labels[:-1])
