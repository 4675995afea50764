"""Random and hostile data posted to every public and vice-president form: never a
500, and nothing saved from a form that was refused."""

import datetime
from urllib.parse import quote

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from delegations.models import DelegationMember
from events.models import EventKind
from governance import services as governance
from governance.models import MembershipApplication
from members.models import Person
from tests.factories import (
    ConfederationFactory,
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
    PersonFactory,
    UserFactory,
)

HOSTILE = st.one_of(
    st.text(max_size=300),
    st.sampled_from(
        [
            "",
            " ",
            "<script>alert(1)</script>",
            "'; DROP TABLE members_person; --",
            '=HYPERLINK("http://x")',
            "\x00",
            "😀" * 50,
            "a" * 10_000,
            "-1",
            "9999999999999999999999",
            "2027-02-30",
            "../../etc/passwd",
            "%00",
        ]
    ),
)
FUZZ = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


@pytest.fixture
def world(db):
    cior = ConfederationFactory(code="cior", acronym="CIOR")
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    user = UserFactory(username="vp-cior-est")
    person = PersonFactory(nation=estonia.nation, association=estonia, user=user)
    governance.appoint(
        office=governance.national_vice_president_office(estonia),
        person=person,
        starts_on=datetime.date(2020, 1, 1),
    )
    meeting = EventFactory(
        kind=EventKind.MID_WINTER_MEETING,
        slug="mwm",
        confederations=[cior],
        starts_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    return {"cior": cior, "estonia": estonia, "user": user, "meeting": meeting}


APPLY_FIELDS = [
    "confederation", "country", "association_name", "acronym", "website", "contact_name",
    "contact_email", "category", "statement", "homepage",
]  # fmt: skip


@FUZZ
@given(data=st.fixed_dictionaries({name: HOSTILE for name in APPLY_FIELDS}))
def test_the_application_form_never_fails_and_saves_nothing_refused(world, data):
    client = Client(REMOTE_ADDR="203.0.113.9")
    before = MembershipApplication.objects.count()
    response = client.post("/apply/", data)
    assert response.status_code in (200, 302, 429)
    if response.status_code != 302:
        assert MembershipApplication.objects.count() == before


MEMBER_FIELDS = [
    "person", "role", "given_name", "family_name", "rank", "nato_rank", "profession",
    "is_medical_officer", "email",
]  # fmt: skip


@FUZZ
@given(data=st.fixed_dictionaries({name: HOSTILE for name in MEMBER_FIELDS}))
def test_the_delegation_form_never_fails_and_saves_nothing_refused(world, data):
    client = Client()
    client.force_login(world["user"])
    people, members = Person.objects.count(), DelegationMember.objects.count()
    url = f"/delegations/{world['estonia'].pk}/mwm/members/"
    response = client.post(url, data)
    assert response.status_code in (302, 400)
    if response.status_code != 302:
        assert (Person.objects.count(), DelegationMember.objects.count()) == (people, members)


@FUZZ
@given(username=HOSTILE, password=HOSTILE)
def test_the_login_form_never_fails(world, username, password):
    response = Client().post("/accounts/login/", {"username": username, "password": password})
    assert response.status_code in (200, 429)


@FUZZ
@given(
    query=st.dictionaries(
        st.sampled_from(["confederation", "kind", "committee", "nation", "year", "page"]),
        HOSTILE,
    )
)
def test_the_calendar_and_its_feed_never_fail_on_any_filter(world, query):
    client = Client()
    assert client.get("/events/", query).status_code in (200, 400, 404)
    assert client.get("/events/month/2027/7/", query).status_code in (200, 400)
    assert client.get("/events/calendar.ics", query).status_code in (200, 400)


@FUZZ
@given(token=HOSTILE)
def test_an_invitation_link_of_any_shape_is_refused_cleanly(world, token):
    if not token.strip():
        return  # not a URL of that shape
    path = f"/accounts/invitation/{quote(token, safe='')}/"
    assert Client().get(path).status_code in (400, 404)


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "decided_on__year=9999999999999999999999999",
        "decided_on__year=2020&decided_on__month=99999999999999999999",
        "decided_on__year=2020&decided_on__month=2&decided_on__day=-1",
    ],
)
def test_an_absurd_admin_filter_is_answered_as_a_filter_it_cannot_apply(secretariat_client, query):
    response = secretariat_client.get(f"/admin/governance/councildecision/?{query}")
    assert (response.status_code, response["Location"]) == (
        302,
        "/admin/governance/councildecision/?e=1",
    )


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["a%0Db", "a%0Ab", "%0D%0AX-Injected:%20yes"])
def test_the_feed_writes_no_control_character_from_a_query(client, cior, value):
    response = client.get(f"/events/calendar.ics?nation={value}")
    assert response.status_code == 400
    assert b"\r" not in response.content
    assert b"\n" not in response.content
    assert "X-Injected" not in response
