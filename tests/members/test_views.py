import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import MembershipStatus
from members.services import change_membership
from tests.factories import (
    NationalAssociationFactory,
    NationFactory,
    NonNatoNationFactory,
)

pytestmark = pytest.mark.django_db


def test_home_names_the_confederations_and_counts_their_members(client, cior, ciomr):
    NationalAssociationFactory(confederation=cior)
    NationalAssociationFactory(
        confederation=cior, nation=NonNatoNationFactory(), category="associate"
    )
    page = client.get("/").content.decode()
    cior_card, ciomr_card = page.split('id="confederation-ciomr"')
    assert "Interallied Confederation of Reserve Officers" in cior_card
    assert "Interallied Confederation of Medical Reserve Officers" in ciomr_card
    assert "Executive Committee" in ciomr_card
    assert 'Full members</dt><dd class="col-sm-6">1</dd>' in cior_card
    assert 'Associate members</dt><dd class="col-sm-6">1</dd>' in cior_card
    assert 'Full members</dt><dd class="col-sm-6">0</dd>' in ciomr_card


def test_directory_lists_full_and_associate_members_with_their_joining_year(client, cior):
    NationalAssociationFactory(
        confederation=cior, nation=NationFactory(country="EE"), name="Eesti Reservohvitseride Kogu"
    )
    NationalAssociationFactory(
        confederation=cior,
        nation=NonNatoNationFactory(country="AT"),
        name="Österreichische Offiziersgesellschaft",
        category="associate",
    )
    page = client.get("/nations/").content.decode()
    full, associate = page.split("Associate members")
    assert "Eesti Reservohvitseride Kogu" in full
    assert "Österreichische" not in full
    assert "Österreichische Offiziersgesellschaft" in associate
    assert 'href="/nations/est/"' in full
    assert "1990" in full  # the factory admits on 1990-01-01


def test_directory_leaves_out_withdrawn_associations(client, cior):
    association = NationalAssociationFactory(confederation=cior, name="Gone Away Association")
    change_membership(
        association=association,
        status=MembershipStatus.WITHDRAWN,
        effective_on=datetime.date(2020, 1, 1),
    )
    assert "Gone Away Association" not in client.get("/nations/").content.decode()


def test_nation_page_shows_nato_accession_and_membership_history(client, cior):
    estonia = NationFactory(country="EE", nato_member_since=datetime.date(2004, 3, 29))
    association = NationalAssociationFactory(
        confederation=cior,
        nation=estonia,
        name="Eesti Reservohvitseride Kogu",
        category="associate",
    )
    change_membership(
        association=association,
        category="full",
        effective_on=datetime.date(2004, 3, 29),
        note="Estonia joined NATO",
    )
    response = client.get("/nations/est/")
    page = response.content.decode()
    assert response.status_code == 200
    assert "Member since March 29, 2004" in page
    assert "Eesti Reservohvitseride Kogu" in page
    assert "full member (on joining NATO)" in page
    assert "Estonia joined NATO" not in page  # the secretariat's note, for the admin
    assert "(à son entrée dans l'OTAN)" in client.get("/fr/nations/est/").content.decode()


@pytest.mark.parametrize("code", ["xyz", "zz", "toolong"])
def test_unknown_nation_answers_404(client, code):
    assert client.get(f"/nations/{code}/").status_code == 404


def test_nation_code_in_capitals_is_understood(client):
    NationFactory(country="EE")
    assert client.get("/nations/EST/").status_code == 200


def test_pages_exist_in_french(client, cior):
    NationalAssociationFactory(
        confederation=cior, nation=NationFactory(country="EE"), name="Eesti Reservohvitseride Kogu"
    )
    page = client.get("/fr/nations/").content.decode()
    assert '<html lang="fr">' in page
    assert "Nations membres" in page
    assert "Membres de plein droit" in page
    assert "Confédération Interalliée des Officiers de Réserve" in page
    assert "Estonie" in page
    assert client.get("/fr/nations/est/").status_code == 200


def queries_made(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", ["/", "/nations/"])
def test_list_pages_make_as_many_queries_for_30_members_as_for_3(client, cior, url):
    for _ in range(3):
        NationalAssociationFactory(confederation=cior)
    with_three = queries_made(client, url)
    for _ in range(27):
        NationalAssociationFactory(confederation=cior)
    assert queries_made(client, url) == with_three


def test_nation_page_makes_as_many_queries_for_many_history_rows_as_for_one(client, cior, ciomr):
    nation = NationFactory(country="EE")
    association = NationalAssociationFactory(confederation=cior, nation=nation)
    with_one = queries_made(client, "/nations/est/")
    NationalAssociationFactory(confederation=ciomr, nation=nation)
    for year, status in [(2001, "suspended"), (2002, "active"), (2003, "suspended")]:
        change_membership(
            association=association, status=status, effective_on=datetime.date(year, 1, 1)
        )
    assert queries_made(client, "/nations/est/") == with_one


def test_the_language_switcher_links_to_this_page_in_the_other_language(client, cior):
    english = client.get("/events/?confederation=cior").content.decode()
    assert 'href="/fr/events/?confederation=cior" hreflang="fr" lang="fr"' in english
    french = client.get("/fr/events/?confederation=cior").content.decode()
    assert 'href="/events/?confederation=cior" hreflang="en" lang="en"' in french


def test_the_menu_marks_the_section_and_the_page_the_visitor_is_on(client, cior):
    NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    listing = client.get("/fr/nations/").content.decode()
    assert (
        '<a class="nav-link active" aria-current="page" href="/fr/nations/">Nations membres</a>'
        in listing
    )
    assert '<a class="nav-link" href="/fr/leadership/">' in listing
    nation = client.get("/nations/est/").content.decode()
    assert '<a class="nav-link active" href="/nations/">Member nations</a>' in nation
