import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from governance import selectors, services
from governance.models import CommitteeMember, RotationPlace
from tests.factories import (
    CommitteeFactory,
    ConfederationFactory,
    NationalAssociationFactory,
    NationFactory,
    NonNatoNationFactory,
    PersonFactory,
    TermFactory,
    presidency_with_team,
)

pytestmark = pytest.mark.django_db

D = datetime.date


@pytest.fixture(autouse=True)
def today(time_machine):
    time_machine.move_to(D(2023, 6, 1))


def text_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_leadership_shows_presidency_council_honorary_delegates_and_past(
    client, cior, estonia_presidency
):
    estonia = estonia_presidency.association
    head = PersonFactory(nation=estonia.nation, given_name="Kadri", family_name="Kask")
    services.appoint(
        office=services.national_vice_president_office(estonia),
        person=head,
        starts_on=D(2023, 1, 1),
    )
    NationalAssociationFactory(
        confederation=cior, nation=NonNatoNationFactory(country="AT"), category="associate"
    )
    past_president = TermFactory(
        office=estonia_presidency.appointments.get(office__kind="president").office,
        person=PersonFactory(given_name="Jörg", family_name="Vogler"),
        starts_on=D(2020, 9, 4),
        ends_on=D(2022, 8, 5),
    )
    page = text_of(client.get("/leadership/"))
    president = estonia_presidency.appointments.get(office__kind="president").person
    assert "Estonia holds the presidency (2022–2024)" in page
    assert president.full_name in page
    assert "Kadri Kask" in page
    assert "limited (associate)" in page
    assert f"{past_president.person.full_name}" in page
    assert "President 2020–2022" in page
    assert "Vacant offices" in page


def test_leadership_names_the_next_presidencys_designates_and_no_one_elses(
    client, cior, estonia_presidency, presidency_offices
):
    poland = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="PL"))
    following = presidency_with_team(cior, poland, presidency_offices, D(2024, 8, 2))
    designated = following.appointments.get(office__kind="president").person
    page = text_of(client.get("/leadership/"))
    assert f"President designate: {designated.name_with_rank}" in page
    [shown] = [entry for entry in selectors.leadership() if entry.confederation == cior]
    assert shown.rotation.next_presidency.designates == list(
        following.appointments.order_by("office__position")
    )
    assert shown.rotation.presidency.designates == []  # in office, no longer designated


def test_leadership_lists_the_rotation_after_the_next_presidency(client, cior, estonia_presidency):
    poland = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="PL"))
    RotationPlace.objects.create(confederation=cior, association=poland, position=9)
    page = text_of(client.get("/leadership/"))
    assert "Order of the rotation after that" in page
    assert 'href="/nations/pol/">Poland</a>' in page


def test_committee_pages_show_chair_secretary_members_mission_and_products(client, cior):
    committee = CommitteeFactory(
        confederation=cior, code="CR-C", slug="cr-c", name_en="Cyber Reserve Committee"
    )
    chair_office, _secretary_office = services.committee_offices(committee)
    TermFactory(
        office=chair_office,
        person=PersonFactory(given_name="Liina", family_name="Tamm"),
        starts_on=D(2022, 8, 1),
        ends_on=None,
    )
    estonia = NationFactory(country="EE")
    CommitteeMember.objects.create(
        committee=committee,
        person=PersonFactory(nation=estonia, given_name="Rein", family_name="Mägi"),
        nation=estonia,
        since=D(2022, 8, 1),
    )
    listing = text_of(client.get("/committees/"))
    assert "CR-C" in listing
    assert "Liina Tamm" in listing
    page = text_of(client.get("/committees/cr-c/"))
    assert "Cyber Reserve Committee" in page
    assert "Liina Tamm" in page
    assert "Rein Mägi" in page
    assert "A workshop" in page
    assert "vacant" in page  # no secretary


def test_committee_page_in_french_shows_the_french_name(client, cior):
    CommitteeFactory(confederation=cior, slug="yro-c", name_fr="Commission des jeunes")
    assert "Commission des jeunes" in text_of(client.get("/fr/committees/yro-c/"))


def test_unknown_committee_answers_404(client):
    assert client.get("/committees/nope/").status_code == 404


def queries_made(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        text_of(client.get(url))
    return len(queries)


def add_members_with_heads(confederation, count: int, offset: int) -> None:
    codes = ["BE", "FR", "NL", "LU", "DK", "GR", "US", "IT", "DE", "GB", "CA", "NO", "ES",
             "PL", "CZ", "BG", "RO", "SI", "PT", "MK", "FI", "SE", "LV", "LT", "SK", "HU",
             "HR", "AL", "ME", "TR", "IS", "EE"]  # fmt: skip
    for code in codes[offset : offset + count]:
        association = NationalAssociationFactory(
            confederation=confederation, nation=NationFactory(country=code)
        )
        RotationPlace.objects.create(
            confederation=confederation,
            association=association,
            position=RotationPlace.objects.count() + 1,
        )
        services.appoint(
            office=services.national_vice_president_office(association),
            person=PersonFactory(nation=association.nation),
            starts_on=D(2023, 1, 1),
        )


def test_leadership_makes_as_many_queries_for_30_members_as_for_3(client, cior, ciomr):
    add_members_with_heads(cior, 3, 0)
    with_three = queries_made(client, "/leadership/")
    add_members_with_heads(cior, 27, 3)
    assert queries_made(client, "/leadership/") == with_three


def test_committee_list_makes_as_many_queries_for_30_committees_as_for_3(client, cior):
    def add(count: int) -> None:
        for _ in range(count):
            committee = CommitteeFactory(confederation=cior)
            chair, _secretary = services.committee_offices(committee)
            TermFactory(office=chair, starts_on=D(2022, 1, 1), ends_on=None)
            nation = NationFactory()
            CommitteeMember.objects.create(
                committee=committee,
                person=PersonFactory(nation=nation),
                nation=nation,
                since=D(2022, 1, 1),
            )

    add(3)
    with_three = queries_made(client, "/committees/")
    add(27)
    assert queries_made(client, "/committees/") == with_three


def test_leadership_in_french(client, cior, estonia_presidency):
    page = text_of(client.get("/fr/leadership/"))
    assert "Présidence" in page
    assert "Délégués d'honneur" in page


def test_leadership_makes_as_many_queries_for_three_confederations_as_for_one(client, cior):
    def add_next_presidency(confederation) -> None:
        association = NationalAssociationFactory(confederation=confederation)
        presidency_with_team(confederation, association, {}, D(2026, 8, 1))

    add_next_presidency(cior)
    with_one = queries_made(client, "/leadership/")
    for code in ["ciomr", "ciox"]:
        add_next_presidency(ConfederationFactory(code=code))
    assert queries_made(client, "/leadership/") == with_one


def test_a_vacant_committee_office_is_named_after_the_committee(client, cior):
    legal = CommitteeFactory(
        confederation=cior,
        code="LEGAL-C",
        name_en="Legal Affairs Committee",
        name_fr="Commission des affaires juridiques",
    )
    services.committee_offices(legal)
    page = client.get("/leadership/").content.decode()
    assert "Secretary, Legal Affairs Committee" in page
    assert "LEGAL-C" not in page
    french = client.get("/fr/leadership/").content.decode()
    assert "Secrétaire, Commission des affaires juridiques" in french
