"""The member directory is searched and filtered with a plain form (no JavaScript), and
a nation's page gives its associations' websites and addresses."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from members.models import MembershipCategory, Partnership
from tests.factories import NationalAssociationFactory, NationFactory, NonNatoNationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def members(cior, ciomr):
    estonia = NationFactory(country="EE", nato_member_since=datetime.date(2004, 3, 29))
    austria = NonNatoNationFactory(country="AT", partnership=Partnership.PARTNERSHIP_FOR_PEACE)
    NationalAssociationFactory(
        confederation=cior, nation=estonia, name="Estonian Reserve Officers Association"
    )
    NationalAssociationFactory(
        confederation=ciomr, nation=estonia, name="Estonian Medical Reserve Officers"
    )
    NationalAssociationFactory(
        confederation=cior,
        nation=austria,
        name="Österreichische Offiziersgesellschaft",
        category=MembershipCategory.ASSOCIATE,
    )
    NationalAssociationFactory(confederation=cior, nation=NationFactory(country="FR"))


def listed(client, query: str = "", expected_status: int = 200) -> str:
    response = client.get(f"/nations/{query}")
    assert response.status_code == expected_status
    return response.content.decode()


def test_the_directory_offers_its_search_as_a_form_sent_without_javascript(client, members):
    page = listed(client)
    assert '<form class="directory-filters' in page
    assert 'method="get"' in page
    for name in ["q", "confederation", "category", "partnership"]:
        assert f'name="{name}"' in page


def test_a_search_finds_a_nation_by_its_name_in_the_readers_language(client, members):
    page = listed(client, "?q=eston")
    assert "Estonian Reserve Officers Association" in page
    assert "France" not in page.split("<footer")[0].split("</form>")[1]
    french = client.get("/fr/nations/?q=autriche").content.decode()
    assert "Österreichische Offiziersgesellschaft" in french


def test_a_search_ignores_accents_and_case(client, members):
    assert "Österreichische" in listed(client, "?q=OSTERREICH")


def test_the_directory_filters_by_confederation(client, members):
    page = listed(client, "?confederation=ciomr")
    assert "Estonian Medical Reserve Officers" in page
    assert "Estonian Reserve Officers Association" not in page
    assert 'id="cior"' not in page


def test_the_directory_filters_by_category(client, members):
    page = listed(client, "?category=associate")
    assert "Österreichische Offiziersgesellschaft" in page
    assert "Estonian Reserve Officers Association" not in page
    assert "Full members" not in page


@pytest.mark.parametrize(
    ("partnership", "shown", "hidden"),
    [("nato", "Estonian Reserve", "Österreichische"), ("pfp", "Österreichische", "Estonian")],
)
def test_the_directory_filters_by_partnership(client, members, partnership, shown, hidden):
    page = listed(client, f"?partnership={partnership}")
    assert shown in page
    assert hidden not in page


def test_a_value_that_names_nothing_is_a_clear_error_not_a_500(client, members):
    page = listed(client, "?confederation=nrfc&category=honorary", expected_status=400)
    assert "Select a valid choice. nrfc is not one of the available choices." in page
    assert "Estonian Reserve Officers Association" in page  # the filters that hold apply


def test_a_filtered_directory_is_kept_in_the_page_cache_and_a_search_is_not(client, members):
    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            listed(client, query)
        return len(captured)

    queries("?confederation=cior")
    assert queries("?confederation=cior") == 0
    queries("?q=eston")
    assert queries("?q=eston") > 0


def test_the_directory_takes_a_fixed_number_of_queries_however_filtered(client, members):
    def queries(query: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            listed(client, query)
        return len(captured)

    counts = {queries(query) for query in ["?q=a&partnership=nato", "?q=zzz", "?category=full"]}
    assert counts == {2}  # the confederations, and the members


def test_a_nations_page_gives_its_associations_website_and_email(client, cior):
    NationalAssociationFactory(
        confederation=cior,
        nation=NationFactory(country="EE"),
        website="https://www.ero.example/",
        email="info@ero.example",
    )
    page = client.get("/nations/est/").content.decode()
    assert 'href="https://www.ero.example/"' in page
    assert '<a class="ms-2" href="mailto:info@ero.example">info@ero.example</a>' in page


def test_a_nation_that_joined_nato_is_no_longer_listed_as_a_partner(client, cior):
    NationalAssociationFactory(
        confederation=cior,
        nation=NationFactory(
            country="FI",
            nato_member_since=datetime.date(2023, 4, 4),
            partnership=Partnership.PARTNERSHIP_FOR_PEACE,
        ),
        name="Finnish Reserve Officers",
    )
    assert "Finnish Reserve Officers" not in listed(client, "?partnership=pfp")
    assert "Finnish Reserve Officers" in listed(client, "?partnership=nato")
