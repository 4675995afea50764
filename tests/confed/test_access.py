"""Who may open which page: public pages for everyone, the admin for the secretariat."""

import datetime

import pytest
from django.urls import reverse

from governance import services
from tests.factories import (
    CommitteeFactory,
    NationalAssociationFactory,
    NationFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PUBLIC_PAGES = [
    "/",
    "/nations/",
    "/nations/est/",
    "/leadership/",
    "/committees/",
    "/committees/yro-c/",
    "/apply/",
    "/apply/thanks/",
    "/fr/",
    "/fr/nations/est/",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/members/nationalassociation/",
    "/admin/governance/term/",
    "/admin/governance/membershipapplication/",
]


@pytest.fixture
def registry(cior):
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    CommitteeFactory(confederation=cior, slug="yro-c")
    return estonia


@pytest.fixture(params=["anonymous", "plain user", "vice president", "secretariat"])
def visitor(request, client, registry, secretariat_user):
    if request.param == "plain user":
        client.force_login(UserFactory(username="plain"))
    elif request.param == "vice president":
        user = UserFactory(username="vp-cior-est")
        person = PersonFactory(nation=registry.nation, association=registry, user=user)
        services.appoint(
            office=services.national_vice_president_office(registry),
            person=person,
            starts_on=datetime.date(2024, 1, 1),
        )
        client.force_login(user)
    elif request.param == "secretariat":
        client.force_login(secretariat_user)
    client.role = request.param
    return client


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_open_for_every_role(visitor, url):
    assert visitor.get(url).status_code == 200


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_only_the_secretariat_opens_the_admin(visitor, url):
    response = visitor.get(url)
    if visitor.role == "secretariat":
        assert response.status_code == 200
    else:
        assert response.status_code == 302
        assert response.url.startswith(reverse("admin:login"))
