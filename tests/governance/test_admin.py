import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from governance import services
from governance.models import (
    ApplicationStatus,
    CommitteeMember,
    MembershipApplication,
    Presidency,
    Term,
)
from members.models import Nation, NationalAssociation
from tests.factories import (
    CommitteeFactory,
    NationalAssociationFactory,
    NationFactory,
    OfficeFactory,
    PersonFactory,
    TermFactory,
    presidency_with_team,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(cior):
    NationFactory(country="IS")
    return services.submit_application(
        confederation=cior,
        country="IS",
        association_name="Icelandic Reserve Officers",
        contact_name="Guðrún",
        contact_email="gudrun@example.org",
        category="full",
        statement="Please.",
    )


def run_action(client, changelist: str, action: str, objects, **confirmation):
    data = {"action": action, "_selected_action": [o.pk for o in objects]}
    if confirmation:
        data = {**data, "confirm": "1", **confirmation}
    return client.post(reverse(changelist), data)


APPLICATIONS = "admin:governance_membershipapplication_changelist"
PRESIDENCIES = "admin:governance_presidency_changelist"


def test_the_presidency_list_shows_the_association_in_brief_its_dates_and_its_state(
    secretariat_client, cior
):
    italy = NationalAssociationFactory(
        confederation=cior,
        nation=NationFactory(country="IT"),
        name="Unione Nazionale Ufficiali in Congedo d'Italia",
        acronym="UNUCI",
    )
    presidency_with_team(cior, italy, {}, datetime.date(2024, 8, 1))
    response = secretariat_client.get(reverse(PRESIDENCIES))
    page = response.content.decode()
    assert [column["text"] for column in response.context["result_headers"][1:]] == [
        "association",
        "starts on",
        "ended on",
        "approved",
        "handed over",
    ]
    assert ">UNUCI (ITA, CIOR)</a>" in page
    assert "Unione Nazionale" not in page
    assert "Aug. 1, 2024" in page


def test_approving_shows_a_confirmation_page_before_anything_changes(
    secretariat_client, application
):
    response = run_action(secretariat_client, APPLICATIONS, "approve", [application])
    assert response.status_code == 200
    page = response.content.decode()
    assert "Approve the application: admit the association" in page
    assert "Icelandic Reserve Officers" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED


def test_secretariat_approves_an_application_in_the_admin(
    secretariat_client, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = run_action(
            secretariat_client,
            APPLICATIONS,
            "approve",
            [application],
            decided_on="2026-02-05",
            meeting="Mid-Winter Meeting 2026",
        )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.APPROVED
    assert application.decision.recorded_by.username == "secretary"
    assert application.association.name == "Icelandic Reserve Officers"
    assert "Welcome to CIOR" in mail.outbox[0].subject


def test_an_approval_the_rules_refuse_is_reported_and_changes_nothing(
    secretariat_client, application
):
    NationalAssociationFactory(
        confederation=application.confederation, nation=Nation.objects.get(country="IS")
    )
    response = run_action(
        secretariat_client, APPLICATIONS, "approve", [application], decided_on="2026-02-05"
    )
    assert response.status_code == 302
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("Only one national association per nation" in m for m in messages)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert NationalAssociation.objects.count() == 1


def test_secretariat_rejects_an_application_with_a_reason(secretariat_client, application):
    run_action(
        secretariat_client,
        APPLICATIONS,
        "reject",
        [application],
        decided_on="2026-02-05",
        reason="Not yet.",
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REJECTED
    assert application.decision.summary == "Not yet."


def test_a_rejection_without_a_reason_asks_for_one(secretariat_client, application):
    response = run_action(
        secretariat_client, APPLICATIONS, "reject", [application], decided_on="2026-02-05"
    )
    assert response.status_code == 200
    assert "This field is required" in response.content.decode()
    assert MembershipApplication.objects.get().status == ApplicationStatus.SUBMITTED


def test_secretariat_starts_a_review_and_withdraws(secretariat_client, application):
    run_action(secretariat_client, APPLICATIONS, "start_review", [application])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.UNDER_REVIEW
    run_action(secretariat_client, APPLICATIONS, "withdraw", [application])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.WITHDRAWN
    response = run_action(secretariat_client, APPLICATIONS, "start_review", [application])
    messages = [str(m) for m in response.wsgi_request._messages]
    assert any("no longer waiting for a decision" in m for m in messages)


def hand_over(client, presidency, *, previewed: str | None = None, **values):
    """Ask for the handover of one presidency: a preview, or with what the preview
    showed (`previewed`), the handover."""
    data = {
        "action": "hand_over",
        "_selected_action": [presidency.pk],
        "place": "",
        **values,
    }
    if previewed is not None:
        data |= {"hand_over": "1", "previewed": previewed}
    return client.post(reverse(PRESIDENCIES), data)


@pytest.fixture
def incoming(cior, presidency_offices, estonia_presidency):
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    return presidency_with_team(cior, norway, presidency_offices, datetime.date(2024, 8, 2))


def test_the_handover_shows_what_it_does_and_is_made_once_confirmed(
    secretariat_client, incoming, estonia_presidency
):
    preview = hand_over(secretariat_client, incoming, on="2024-08-02", place="Tallinn")
    assert preview.status_code == 200
    page = preview.content.decode()
    outgoing_president = Term.objects.current(datetime.date(2024, 8, 1)).get(
        office__kind="president"
    )
    incoming_president = incoming.appointments.get(office__kind="president").person
    assert "These terms end" in page
    assert str(outgoing_president.person) in page
    assert "These terms begin" in page
    assert str(incoming_president) in page
    assert "They become honorary delegates" in page
    outgoing_secretary_general = Term.objects.current(datetime.date(2024, 8, 1)).get(
        office__kind="secretary-general"
    )
    assert preview.context["handover"].becoming_honorary_delegates == [
        outgoing_president.person,
        outgoing_secretary_general.person,
    ]
    incoming.refresh_from_db()
    assert not incoming.handed_over  # a preview changes nothing

    done = hand_over(
        secretariat_client,
        incoming,
        on="2024-08-02",
        place="Tallinn",
        previewed=preview.context["previewed"],
    )
    assert done.status_code == 302
    incoming.refresh_from_db()
    assert (incoming.handed_over, incoming.handover_place) == (True, "Tallinn")
    president = Term.objects.current(datetime.date(2024, 9, 1)).get(office__kind="president")
    assert president.person == incoming_president
    assert Presidency.objects.get(pk=estonia_presidency.pk).ends_on == datetime.date(2024, 8, 2)


def test_a_confirmation_for_another_date_than_the_one_shown_is_shown_again(
    secretariat_client, incoming
):
    preview = hand_over(secretariat_client, incoming, on="2024-08-02")
    again = hand_over(
        secretariat_client, incoming, on="2024-08-05", previewed=preview.context["previewed"]
    )
    assert again.status_code == 200
    assert again.context["handover"].on == datetime.date(2024, 8, 5)
    incoming.refresh_from_db()
    assert not incoming.handed_over


def test_a_confirmation_after_the_team_changed_is_shown_again(secretariat_client, incoming):
    preview = hand_over(secretariat_client, incoming, on="2024-08-02", place="Tallinn")
    president = incoming.appointments.get(office__kind="president")
    president.person = PersonFactory(
        given_name="Ingrid", family_name="Berg", nation=incoming.association.nation
    )
    president.save()  # by someone else, while the preview was open
    again = hand_over(
        secretariat_client,
        incoming,
        on="2024-08-02",
        place="Tallinn",
        previewed=preview.context["previewed"],
    )
    assert again.status_code == 200
    assert "is not what was shown" in again.content.decode()
    assert "Ingrid Berg" in again.content.decode()
    incoming.refresh_from_db()
    assert not incoming.handed_over


def test_a_handover_far_from_its_planned_start_needs_the_date_confirmed(
    secretariat_client, cior, presidency_offices, estonia_presidency, time_machine
):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 12, tzinfo=datetime.UTC))
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    planned = presidency_with_team(cior, norway, presidency_offices, datetime.date(2028, 8, 1))
    refused = hand_over(secretariat_client, planned, on="2026-12-01")
    assert refused.context["handover"] is None
    assert refused.context["refusal"] == [
        "The handover on Dec. 1, 2026 is 609 days from the presidency's planned start on "
        "Aug. 1, 2028. If that date is right, confirm it."
    ]
    assert 'name="hand_over"' not in refused.content.decode()
    confirmed = hand_over(secretariat_client, planned, on="2026-12-01", far_from_the_plan="on")
    assert confirmed.context["handover"] is not None
    hand_over(
        secretariat_client,
        planned,
        on="2026-12-01",
        far_from_the_plan="on",
        previewed=confirmed.context["previewed"],
    )
    planned.refresh_from_db()
    assert planned.handed_over


def test_handing_over_an_unapproved_presidency_is_refused_in_the_admin(
    secretariat_client, cior, presidency_offices, estonia_presidency
):
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    unapproved = presidency_with_team(
        cior, norway, presidency_offices, datetime.date(2024, 8, 2), approved=False
    )
    response = hand_over(secretariat_client, unapproved, on="2024-08-02")
    assert "council has not approved this presidency" in response.content.decode()
    assert 'name="hand_over"' not in response.content.decode()
    unapproved.refresh_from_db()
    assert not unapproved.handed_over


def test_the_secretariat_adds_a_presidency_in_the_admin(secretariat_client, cior):
    norway = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="NO"))
    response = secretariat_client.post(
        reverse("admin:governance_presidency_add"),
        {
            "confederation": cior.pk,
            "association": norway.pk,
            "starts_on": "2028-08-04",
            "handover_place": "",
            "appointments-TOTAL_FORMS": 0,
            "appointments-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.context["errors"]
    assert Presidency.objects.get().association == norway


def test_two_overlapping_new_terms_on_an_office_page_are_refused_together(
    secretariat_client, cior, presidency_offices
):
    from tests.factories import PersonFactory

    office = presidency_offices["president"]
    row = {"seat": 1, "starts_on": "2024-08-02", "ends_on": "", "began_by": "elected"}
    data = {
        "confederation": cior.pk,
        "kind": office.kind,
        "code": office.code,
        "title_en": office.title_en,
        "position": 1,
        "holders_at_once": 1,
        "term_years": 2,
        "held_by_presidency": "on",
        "holders_become_honorary_delegates": "on",
        "reminder_lead_days": "90,30,7",
        "terms-TOTAL_FORMS": 2,
        "terms-INITIAL_FORMS": 0,
    }
    for index in (0, 1):
        for key, value in {**row, "person": PersonFactory().pk}.items():
            data[f"terms-{index}-{key}"] = value
    response = secretariat_client.post(
        reverse("admin:governance_office_change", args=[office.pk]), data
    )
    assert response.status_code == 200
    assert "hold one seat at the same time" in response.content.decode()
    assert not Term.objects.exists()


def test_two_associations_cannot_share_a_place_in_the_rotation(secretariat_client, cior):
    from governance.models import RotationPlace

    places = [
        RotationPlace.objects.create(
            confederation=cior,
            association=NationalAssociationFactory(
                confederation=cior, nation=NationFactory(country=code)
            ),
            position=position,
        )
        for position, code in [(1, "NO"), (2, "PL")]
    ]
    data = {
        "form-TOTAL_FORMS": 2,
        "form-INITIAL_FORMS": 2,
        "form-0-id": places[0].pk,
        "form-0-position": 2,
        "form-1-id": places[1].pk,
        "form-1-position": 2,
        "_save": "Save",
    }
    response = secretariat_client.post(reverse("admin:governance_rotationplace_changelist"), data)
    assert response.status_code == 200
    assert "cannot both be in place 2" in response.content.decode()
    swap = {**data, "form-0-position": 2, "form-1-position": 1}
    assert (
        secretariat_client.post(
            reverse("admin:governance_rotationplace_changelist"), swap
        ).status_code
        == 302
    )
    assert [p.position for p in RotationPlace.objects.order_by("pk")] == [2, 1]


def test_each_place_in_the_rotation_list_is_labelled_with_its_association(
    secretariat_client, cior
):
    from governance.models import RotationPlace

    RotationPlace.objects.create(
        confederation=cior,
        association=NationalAssociationFactory(
            confederation=cior, nation=NationFactory(country="NO"), acronym="NROF"
        ),
        position=1,
    )
    page = secretariat_client.get(reverse("admin:governance_rotationplace_changelist"))
    assert 'aria-label="Place of NROF (NOR, CIOR) in the rotation"' in page.content.decode()


@pytest.mark.parametrize("person", ["chosen", "left out"])
def test_a_term_that_ends_before_it_starts_is_refused_beside_its_end(
    secretariat_client, cior, person
):
    office = OfficeFactory(confederation=cior, holders_at_once=2)
    data = {
        "office": office.pk,
        "seat": 1,
        "starts_on": "2026-12-15",
        "ends_on": "2026-12-10",
        "began_by": "appointed",
    }
    if person == "chosen":
        data["person"] = PersonFactory(nation=NationFactory(country="EE")).pk
    response = secretariat_client.post(reverse("admin:governance_term_add"), data)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert form.errors["ends_on"] == ["A term must end after it starts."]
    assert not Term.objects.exists()


def test_a_presidency_that_ends_before_it_starts_is_refused_beside_its_end(cior):
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    presidency = Presidency(
        confederation=cior,
        association=estonia,
        starts_on=datetime.date(2026, 8, 1),
        ends_on=datetime.date(2026, 7, 1),
        handed_over=True,
    )
    with pytest.raises(ValidationError) as refusal:
        presidency.full_clean()
    assert refusal.value.message_dict["ends_on"] == ["A presidency must end after it starts."]


def paper_application(cior, **changes) -> dict:
    return {
        "confederation": cior.pk,
        "country": "IS",
        "association_name": "Icelandic Reserve Officers",
        "contact_name": "Guðrún Jónsdóttir",
        "contact_email": "gudrun@example.org",
        "category": "associate",
        "statement": "Received by post on 1 December.",
        "language": "fr",
        **changes,
    }


def test_the_secretariat_enters_an_application_that_came_on_paper(
    secretariat_client, cior, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = secretariat_client.post(
            reverse("admin:governance_membershipapplication_add"), paper_application(cior)
        )
    assert response.status_code == 302
    application = MembershipApplication.objects.get()
    assert (application.status, application.language) == (ApplicationStatus.SUBMITTED, "fr")
    receipt = next(m for m in mail.outbox if m.to == ["gudrun@example.org"])
    assert "Nous avons bien reçu" in receipt.body


def test_a_paper_application_is_held_to_the_rules_beside_the_field(secretariat_client, cior):
    NationalAssociationFactory(confederation=cior, nation=NationFactory(country="IS"))
    response = secretariat_client.post(
        reverse("admin:governance_membershipapplication_add"), paper_application(cior)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Iceland is already represented" in errors["country"][0]
    assert not MembershipApplication.objects.exists()


def test_a_persons_page_shows_their_terms_committee_seats_and_delegations(
    secretariat_client, one_of_everything
):
    from members.models import Person

    person = Person.objects.get(terms__isnull=False, committee_memberships__isnull=False)
    page = secretariat_client.get(reverse("admin:members_person_change", args=[person.pk]))
    titles = [
        formset.opts.verbose_name_plural for formset in page.context["inline_admin_formsets"]
    ]
    assert titles == ["terms of office", "committee seats", "delegations"]
    assert all(
        len(formset.formset.forms) >= 1 for formset in page.context["inline_admin_formsets"]
    )


def test_a_reference_set_for_the_first_time_was_empty_in_the_history(
    secretariat_client, cior, presidency_offices
):
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    presidency = presidency_with_team(
        cior, estonia, presidency_offices, datetime.date(2026, 8, 1), approved=False
    )
    services.approve_presidency(presidency=presidency, decided_on=datetime.date(2026, 2, 1))
    history = secretariat_client.get(
        reverse("admin:governance_presidency_history", args=[presidency.pk])
    )
    [change] = history.context["page_obj"][0].history_delta_changes
    assert (change["field"], change["old"]) == ("Council decision", "—")
    assert change["new"].startswith("CIOR 2026-02-01: Presidency")
    assert "pk=None" not in history.content.decode()


def test_a_committees_page_changes_the_members_now_and_links_to_them_all(secretariat_client, cior):
    committee = CommitteeFactory(confederation=cior)
    estonia = NationFactory(country="EE")
    serving = CommitteeMember.objects.create(
        committee=committee, person=PersonFactory(nation=estonia), nation=estonia,
        since=datetime.date(2020, 1, 1),
    )  # fmt: skip
    CommitteeMember.objects.create(
        committee=committee, person=PersonFactory(nation=estonia), nation=estonia,
        since=datetime.date(2010, 1, 1), until=datetime.date(2014, 1, 1),
    )  # fmt: skip
    page = secretariat_client.get(
        reverse("admin:governance_committee_change", args=[committee.pk])
    )
    [members] = page.context["inline_admin_formsets"]
    assert [form.instance for form in members.formset.initial_forms] == [serving]
    link = reverse("admin:governance_committeemember_changelist")
    assert f'<a href="{link}?committee__id__exact={committee.pk}">2 members,' in (
        page.content.decode()
    )


def test_an_offices_page_changes_the_terms_now_and_to_come_and_links_to_them_all(
    secretariat_client, cior, time_machine
):
    time_machine.move_to(datetime.date(2025, 1, 1))
    office = OfficeFactory(confederation=cior, holders_at_once=3)
    held = [
        TermFactory(office=office, seat=seat, starts_on=starts_on, ends_on=ends_on)
        for seat, starts_on, ends_on in [
            (1, datetime.date(2015, 1, 1), datetime.date(2017, 1, 1)),  # past
            (1, datetime.date(2024, 1, 1), None),  # now
            (2, datetime.date(2026, 1, 1), None),  # to come
        ]
    ]
    page = secretariat_client.get(reverse("admin:governance_office_change", args=[office.pk]))
    [terms] = page.context["inline_admin_formsets"]
    assert [form.instance for form in terms.formset.initial_forms] == [held[2], held[1]]
    link = reverse("admin:governance_term_changelist")
    assert f'<a href="{link}?office__id__exact={office.pk}">3 terms,' in page.content.decode()


def test_the_term_list_finds_each_word_in_the_persons_names_or_the_offices_title(
    secretariat_client, cior
):
    president = OfficeFactory(confederation=cior, title_en="President")
    treasurer = OfficeFactory(confederation=cior, kind="treasurer", title_en="Treasurer")
    kaja = PersonFactory(given_name="Kaja", family_name="Lepp")
    first = TermFactory(office=president, person=kaja)
    second = TermFactory(office=treasurer, person=kaja)
    jaan = PersonFactory(given_name="Jaan", family_name="Tamm")
    earlier = {"starts_on": datetime.date(2010, 1, 1), "ends_on": datetime.date(2012, 1, 1)}
    TermFactory(office=president, person=jaan, **earlier)

    def found(words: str) -> set:
        page = secretariat_client.get(reverse("admin:governance_term_changelist"), {"q": words})
        return set(page.context["cl"].result_list)

    assert found("lepp") == {first, second}
    assert found("Kaja president") == {first}
    assert found('"Kaja Lepp"') == set()  # a phrase is one word: no name is both
    assert found("Tamm treasurer") == set()
