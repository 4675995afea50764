import csv
import datetime
import io

import pytest
from django.contrib import admin
from django.urls import reverse

from confed.desk import TECHNICAL_APPS
from council.admin import NoHistory
from members.models import MembershipChange, NationalAssociation
from tests.factories import (
    NationalAssociationFactory,
    NationFactory,
    NonNatoNationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def every_registered_model() -> list:
    return [pytest.param(model, id=model._meta.label) for model in admin.site._registry]


@pytest.mark.parametrize("model", every_registered_model())
def test_every_admin_list_add_change_and_history_page_renders_for_the_secretariat(
    secretariat_client, one_of_everything, model
):
    meta = model._meta
    prefix = f"admin:{meta.app_label}_{meta.model_name}"
    changelist = secretariat_client.get(reverse(f"{prefix}_changelist"))
    if meta.app_label in TECHNICAL_APPS and meta.model_name != "accessattempt":
        assert changelist.status_code == 403, meta.label  # for superusers
        return
    assert changelist.status_code == 200, meta.label
    model_admin = admin.site._registry[model]
    request = changelist.wsgi_request
    if model_admin.has_add_permission(request):
        assert secretariat_client.get(reverse(f"{prefix}_add")).status_code == 200
    obj = model._default_manager.first()
    assert obj is not None, f"one_of_everything makes no {meta.label}"
    if model_admin.has_view_permission(request, obj):
        change = secretariat_client.get(reverse(f"{prefix}_change", args=[obj.pk]))
        assert change.status_code == 200, meta.label
        history = secretariat_client.get(reverse(f"{prefix}_history", args=[obj.pk]))
        # A model that keeps no history (a poll's counts, ballots) has no history page.
        kept = not isinstance(model_admin, NoHistory)
        assert history.status_code == (200 if kept else 404), meta.label


def test_the_secretariat_cannot_change_user_accounts_nor_make_itself_superuser(
    secretariat_client, secretariat_user
):
    url = reverse("admin:auth_user_change", args=[secretariat_user.pk])
    response = secretariat_client.post(
        url, {"username": "secretary", "is_superuser": "on", "is_staff": "on"}
    )
    assert response.status_code == 403
    secretariat_user.refresh_from_db()
    assert not secretariat_user.is_superuser


def test_an_admitted_associations_nation_and_confederation_cannot_be_edited(
    secretariat_client, cior
):
    association = NationalAssociationFactory(
        confederation=cior, nation=NationFactory(country="FI")
    )
    singapore = NonNatoNationFactory(country="SG")
    url = reverse("admin:members_nationalassociation_change", args=[association.pk])
    # The empty extra row as a browser sends it, with its defaults.
    data = change_form(association, {"effective_on_precision": "day"})
    data["nation"] = singapore.pk
    response = secretariat_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    association.refresh_from_db()
    assert association.nation.code == "FIN"


def test_history_cannot_be_reverted(secretariat_client, cior):
    association = NationalAssociationFactory(confederation=cior)
    record = association.history.first()
    url = reverse(
        "admin:members_nationalassociation_simple_history",
        args=[association.pk, record.history_id],
    )
    assert secretariat_client.post(url, {}).status_code == 403


def test_anonymous_visitors_are_sent_to_the_admin_login(client):
    response = client.get(reverse("admin:members_nationalassociation_changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_a_user_who_is_not_staff_cannot_open_the_admin(client):
    client.force_login(UserFactory(username="vp-cior-est"))
    response = client.get(reverse("admin:members_nationalassociation_changelist"))
    assert response.status_code == 302


def admission_form(confederation, nation, category="full", **extra):
    return {
        "confederation": confederation.pk,
        "nation": nation.pk,
        "name": "Reserve Officers Association",
        "acronym": "ROA",
        "website": "",
        "email": "",
        "language": "en",
        "category": category,
        "effective_on": "2020-05-01",
        "effective_on_precision": "day",
        **extra,
    }


def test_secretariat_admits_an_association_in_the_admin_with_its_history(secretariat_client, cior):
    nation = NationFactory(country="PT")
    response = secretariat_client.post(
        reverse("admin:members_nationalassociation_add"), admission_form(cior, nation)
    )
    assert response.status_code == 302
    association = NationalAssociation.objects.get(nation=nation)
    [admission] = association.membership_changes.all()
    assert admission.effective_on == datetime.date(2020, 5, 1)
    assert admission.recorded_by.username == "secretary"
    assert association.history.first().history_user.username == "secretary"


def test_admin_refuses_full_membership_for_a_nation_outside_nato_beside_the_form(
    secretariat_client, cior
):
    austria = NonNatoNationFactory(country="AT")
    response = secretariat_client.post(
        reverse("admin:members_nationalassociation_add"), admission_form(cior, austria)
    )
    assert response.status_code == 200
    errors = response.context["adminform"].form.errors
    assert "Full membership is only for associations of NATO nations" in errors["category"][0]
    assert response.context["adminform"].form["name"].value() == "Reserve Officers Association"
    assert not NationalAssociation.objects.exists()


def test_admin_refuses_a_second_member_association_for_a_nation(secretariat_client, cior):
    existing = NationalAssociationFactory(confederation=cior, acronym="EROK")
    response = secretariat_client.post(
        reverse("admin:members_nationalassociation_add"), admission_form(cior, existing.nation)
    )
    assert response.status_code == 200
    assert "already represented by" in str(response.context["adminform"].form.non_field_errors())
    assert NationalAssociation.objects.count() == 1


def change_form(association, new_row: dict) -> dict:
    existing = list(association.membership_changes.all())
    data = {
        "confederation": association.confederation_id,
        "nation": association.nation_id,
        "name": association.name,
        "acronym": association.acronym,
        "website": "",
        "email": "",
        "language": "en",
        "membership_changes-TOTAL_FORMS": len(existing) + 1,
        "membership_changes-INITIAL_FORMS": len(existing),
        "membership_changes-MIN_NUM_FORMS": 0,
        "membership_changes-MAX_NUM_FORMS": 1000,
    }
    for index, change in enumerate(existing):
        data[f"membership_changes-{index}-id"] = change.pk
        data[f"membership_changes-{index}-association"] = association.pk
    prefix = f"membership_changes-{len(existing)}-"
    data[prefix + "association"] = association.pk
    for name, value in new_row.items():
        data[prefix + name] = value
    return data


def test_secretariat_moves_an_associate_to_full_membership_in_the_admin(secretariat_client, cior):
    finland = NationFactory(country="FI", nato_member_since=datetime.date(2023, 4, 4))
    association = NationalAssociationFactory(
        confederation=cior, nation=finland, category="associate"
    )
    url = reverse("admin:members_nationalassociation_change", args=[association.pk])
    response = secretariat_client.post(
        url,
        change_form(
            association,
            {
                "effective_on": "2023-04-04",
                "effective_on_precision": "day",
                "category": "full",
                "status": "active",
                "note": "Finland joined NATO",
            },
        ),
    )
    assert response.status_code == 302, response.context and response.context["errors"]
    association.refresh_from_db()
    assert association.category == "full"
    assert list(association.membership_changes.values_list("category", flat=True)) == [
        "associate",
        "full",
    ]


def test_admin_change_refused_by_the_rules_is_shown_and_saves_nothing(secretariat_client, cior):
    austria = NonNatoNationFactory(country="AT")
    association = NationalAssociationFactory(
        confederation=cior, nation=austria, category="associate"
    )
    url = reverse("admin:members_nationalassociation_change", args=[association.pk])
    response = secretariat_client.post(
        url,
        change_form(
            association,
            {
                "effective_on": "2024-01-01",
                "effective_on_precision": "day",
                "category": "full",
                "status": "active",
            },
        ),
    )
    assert response.status_code == 200
    assert "Full membership is only for associations of NATO nations" in response.content.decode()
    association.refresh_from_db()
    assert association.category == "associate"
    assert MembershipChange.objects.filter(association=association).count() == 1


def test_nations_are_found_in_the_admin_by_name(secretariat_client):
    NationFactory(country="EE")
    NationFactory(country="DE")
    response = secretariat_client.get(reverse("admin:members_nation_changelist"), {"q": "eston"})
    assert [str(n) for n in response.context["cl"].result_list] == ["Estonia"]


def test_secretariat_exports_the_people_list_as_csv(secretariat_client):
    PersonFactory(given_name="Kadri", family_name="Kask", email="kadri@example.org")
    PersonFactory(given_name="=HYPERLINK", family_name="Mischief", email="m@example.org")
    from members.models import Person

    response = secretariat_client.post(
        reverse("admin:members_person_changelist"),
        {
            "action": "export_as_csv",
            "_selected_action": list(Person.objects.values_list("pk", flat=True)),
        },
    )
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["family name", "given name", "rank"]
    assert rows[2][:3] == ["Kask", "Kadri", "Major"] or rows[1][:3] == ["Kask", "Kadri", "Major"]
    assert any(row[1] == "'=HYPERLINK" for row in rows[1:])
    # The list shows what fits a screen; the export keeps every column it had.
    assert rows[0] == [
        "family name",
        "given name",
        "rank",
        "NATO rank code",
        "nation",
        "association",
        "profession",
        "medical officer",
        "email",
    ]


@pytest.mark.parametrize(
    ("acronym", "confederation", "nation", "brief"),
    [
        ("EROK", True, True, "EROK (EST, CIOR)"),
        ("EROK", False, True, "EROK (EST)"),
        ("EROK", True, False, "EROK (CIOR)"),
        ("", True, True, "EST, CIOR"),
        ("", False, True, "EST"),
        ("", True, False, "CIOR"),
    ],
)
def test_an_association_in_brief_is_its_acronym_and_codes(
    cior, acronym, confederation, nation, brief
):
    from members.admin import association_in_brief

    association = NationalAssociationFactory(
        confederation=cior,
        nation=NationFactory(country="EE"),
        name="Eesti Reservohvitseride Kogu",
        acronym=acronym,
    )
    assert association_in_brief(association, confederation=confederation, nation=nation) == brief
    assert association_in_brief(None, confederation=confederation) is None


def test_the_people_list_names_the_association_in_brief(secretariat_client, cior):
    association = NationalAssociationFactory(
        confederation=cior,
        nation=NationFactory(country="BE"),
        name="Koninklijke Nationale Vereniging van de Reserveofficieren",
        acronym="",
    )
    PersonFactory(family_name="Peeters", nation=association.nation, association=association)
    page = secretariat_client.get(reverse("admin:members_person_changelist")).content.decode()
    assert '<td class="field-association_code">CIOR</td>' in page
    assert "Koninklijke" not in page


def change_form_data(response) -> dict:
    """What the admin's change form would post back unchanged."""
    form = response.context["adminform"].form
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is True:
            data[name] = "on"
        elif value not in (None, False):
            data[name] = value
    return data


def test_a_delegation_size_limit_beyond_the_seats_is_refused_next_to_the_field(
    secretariat_client, cior
):
    url = reverse("admin:members_confederation_change", args=[cior.pk])
    data = change_form_data(secretariat_client.get(url))
    response = secretariat_client.post(url, {**data, "delegation_size_limit": "25"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["delegation_size_limit"] == [
        "Ensure this value is less than or equal to 20."
    ]
    cior.refresh_from_db()
    assert cior.delegation_size_limit == 6
    saved = secretariat_client.post(url, {**data, "delegation_size_limit": "20"})
    assert saved.status_code == 302
    cior.refresh_from_db()
    assert cior.delegation_size_limit == 20


@pytest.mark.parametrize(("asks_for", "answered_in", "heading"), [
    ("fr-FR,fr;q=0.9,en;q=0.5", "fr", "<title>Registres | Secrétariat CIOR · CIOMR"),
    ("en-GB,en;q=0.9", "en", "<title>Records | CIOR · CIOMR secretariat"),
])  # fmt: skip
def test_the_admin_speaks_the_language_the_browser_asks_for(
    secretariat_client, asks_for, answered_in, heading
):
    page = secretariat_client.get(reverse("admin:index"), headers={"accept-language": asks_for})
    assert page["Content-Language"] == answered_in
    assert heading in page.content.decode()
    assert "Accept-Language" in page["Vary"]
    assert (
        secretariat_client.get("/", headers={"accept-language": asks_for})["Content-Language"]
        == "en"
    )  # the public pages follow their address


def test_an_exported_cell_reads_as_the_list_shows_it():
    import datetime

    from confed.admin import spreadsheet_safe

    moment = datetime.datetime(2026, 12, 1, 7, 34, 56, 679310, tzinfo=datetime.UTC)
    assert spreadsheet_safe(moment) == "2026-12-01 08:34"  # Brussels time, to the minute
    assert spreadsheet_safe(datetime.date(2026, 12, 1)) == "2026-12-01"
    assert [spreadsheet_safe(True), spreadsheet_safe(False)] == ["yes", "no"]
    assert spreadsheet_safe(None) == ""


def test_a_records_history_says_what_each_change_changed(secretariat_client, cior):
    url = reverse("admin:members_confederation_change", args=[cior.pk])
    data = change_form_data(secretariat_client.get(url))
    secretariat_client.post(url, data)  # saved as it was
    secretariat_client.post(url, {**data, "delegation_size_limit": "8"})
    secretariat_client.post(url, {k: v for k, v in data.items() if k != "website"})
    history = secretariat_client.get(
        reverse("admin:members_confederation_history", args=[cior.pk])
    )
    records = list(history.context["page_obj"])
    page = history.content.decode()
    assert [record.history_type for record in records] == ["~", "~", "~", "+"]
    assert records[1].history_delta_changes == [
        {"field": "Delegation size limit", "old": "6", "new": "8"}
    ]
    assert records[2].history_delta_changes == []
    assert "Saved without a change." in page
    assert "pk=None" not in page
