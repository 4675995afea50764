import datetime
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import RequestFactory, override_settings

from events.models import Event
from governance.models import Committee
from members.models import Confederation, MembershipCategory, NationalAssociation, Person

pytestmark = pytest.mark.django_db


def login_request():
    """django-axes wants the request a login comes with."""
    return RequestFactory().post("/accounts/login/")


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def row_counts() -> dict[str, int]:
    """Rows of every model, historical records included: a save anywhere shows here."""
    return {
        model._meta.label: model.objects.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"members", "governance", "events", "documents", "about", "auth"}
    }


def test_load_demo_a_second_time_changes_nothing():
    load_demo()
    before = row_counts()
    output = load_demo()
    assert "0 rows created, 0 updated" in output
    assert row_counts() == before


def test_load_demo_loads_the_public_facts():
    load_demo()
    cior = NationalAssociation.objects.filter(confederation__code="cior").members()
    assert cior.filter(category=MembershipCategory.FULL).count() == 23
    assert set(
        cior.filter(category=MembershipCategory.ASSOCIATE).values_list(
            "nation__country", flat=True
        )
    ) == {"AT", "CH", "ZA", "UA"}
    finland = cior.get(nation__country="FI")
    assert [(c.effective_on, c.category) for c in finland.membership_changes.all()] == [
        (datetime.date(1996, 1, 1), "associate"),
        (datetime.date(2023, 4, 4), "full"),
    ]


def test_load_demo_creates_accounts_that_log_in_with_the_demo_password(settings):
    output = load_demo()
    for username in ["secretariat", "vp-cior-est", "vp-ciomr-deu"]:
        assert username in output
        assert (
            authenticate(login_request(), username=username, password=settings.DEMO_PASSWORD)
            is not None
        )
    secretariat = authenticate(
        login_request(), username="secretariat", password=settings.DEMO_PASSWORD
    )
    assert secretariat.is_staff
    assert not secretariat.is_superuser
    assert secretariat.has_perm("members.change_nationalassociation")
    vice_president = authenticate(
        login_request(), username="vp-cior-est", password=settings.DEMO_PASSWORD
    )
    assert not vice_president.is_staff
    assert vice_president.person.association.acronym == "EROK"


@override_settings(CONFED_ENVIRONMENT="production")
def test_load_demo_refuses_to_run_under_production_settings():
    with pytest.raises(CommandError, match="refuses to run under production settings"):
        load_demo()
    assert not NationalAssociation.objects.exists()


def test_the_home_page_states_only_figures_counted_from_the_records(client):
    """A description typed with a count ('in 34 nations') disagrees with the lists."""
    load_demo()
    home = client.get("/")
    page = home.content.decode()
    for confederation in home.context["confederations"]:
        assert not any(character.isdigit() for character in confederation.description_en)
        assert not any(character.isdigit() for character in confederation.description_fr)
        members = NationalAssociation.objects.members().filter(confederation=confederation)
        shown = (confederation.full_members, confederation.associate_members)
        assert shown == (
            members.filter(category=MembershipCategory.FULL).count(),
            members.filter(category=MembershipCategory.ASSOCIATE).count(),
        )
    assert "This portal" not in page  # it speaks of the confederations, not of itself


def test_french_officers_ranks_are_written_as_french_writes_them():
    """In lower case, the compound hyphenated: lieutenant-colonel, not Lieutenant Colonel
    or Lieutenant-Colonel; capitalised only where a line begins with it."""
    load_demo()
    french = Person.objects.filter(nation__country="FR")
    assert set(french.values_list("rank", flat=True)) == {"colonel", "lieutenant-colonel"}
    officer = french.filter(rank="lieutenant-colonel").first()
    assert officer.name_with_rank == f"Lieutenant-colonel {officer.full_name}"
    assert not Person.objects.filter(rank__in=["Lieutenant-Colonel", "Lieutenant-colonel"])


def test_the_demo_names_its_places_and_committees_in_french():
    load_demo()
    winter = Event.objects.filter(kind="mid-winter-meeting").first()
    assert (winter.city_fr, winter.venue_fr) == ("Bruxelles", "Siège de l'OTAN")
    assert not Committee.objects.filter(mission_fr="")
    assert Confederation.objects.get(code="cior").name_fr == (
        "Confédération interalliée des officiers de réserve"
    )
