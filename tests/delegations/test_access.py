"""Every delegation URL, for every role, GET and POST: another association's objects
answer 404; no role sees or changes what is not its own."""

import datetime

import pytest
from django.urls import reverse

from delegations import services
from delegations.models import Delegation, DelegationMember
from governance.selectors import current_vice_president
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLES = [
    "anonymous",
    "without a term",
    "vice president of this association",
    "vice president of another association",
    "former vice president",
    "secretariat",
]


@pytest.fixture
def delegation(estonia, estonian_vp, latvian_vp, former_estonian_vp, meeting):
    head = current_vice_president(estonia).person
    services.add_member(association=estonia, event=meeting, person=head, role="head")
    return Delegation.objects.get(association=estonia)


@pytest.fixture
def as_role(client, estonian_vp, latvian_vp, former_estonian_vp, secretariat_user):
    def log_in(role: str):
        user = {
            "anonymous": None,
            "without a term": UserFactory(username="plain"),
            "vice president of this association": estonian_vp,
            "vice president of another association": latvian_vp,
            "former vice president": former_estonian_vp,
            "secretariat": secretariat_user,
        }[role]
        if user is not None:
            client.force_login(user)
        return client

    return log_in


def urls(delegation: Delegation) -> dict[str, tuple[str, str]]:
    args = [delegation.association_id, delegation.event.slug]
    member = DelegationMember.objects.get(delegation=delegation)
    return {
        "detail": ("get", reverse("delegations:delegation_detail", args=args)),
        "add": ("post", reverse("delegations:add_member", args=args)),
        "remove": ("post", reverse("delegations:remove_member", args=[*args, member.pk])),
        "copy": ("post", reverse("delegations:copy_previous", args=args)),
        "submit": ("post", reverse("delegations:submit", args=args)),
        "reopen": ("post", reverse("delegations:reopen", args=args)),
    }


# What each role gets; "login" is a redirect to the login page.
EXPECTED = {
    "anonymous": dict.fromkeys(["detail", "add", "remove", "copy", "submit", "reopen"], "login"),
    "without a term": dict.fromkeys(["detail", "add", "remove", "copy", "submit", "reopen"], 404),
    "vice president of this association": {
        "detail": 200, "add": 400, "remove": 302, "copy": 302, "submit": 302, "reopen": 403,
    },
    "vice president of another association": dict.fromkeys(
        ["detail", "add", "remove", "copy", "submit", "reopen"], 404
    ),
    "former vice president": dict.fromkeys(
        ["detail", "add", "remove", "copy", "submit", "reopen"], 404
    ),
    "secretariat": {
        "detail": 200, "add": 400, "remove": 302, "copy": 302, "submit": 302, "reopen": 403,
    },
}  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", ["detail", "add", "remove", "copy", "submit", "reopen"])
def test_every_delegation_url_for_every_role(as_role, delegation, role, action):
    method, url = urls(delegation)[action]
    response = getattr(as_role(role), method)(url, {})
    expected = EXPECTED[role][action]
    if expected == "login":
        assert response.status_code == 302
        assert response.url.startswith(reverse("login"))
    else:
        assert response.status_code == expected
    if expected in (403, 404, "login"):
        assert DelegationMember.objects.filter(delegation=delegation).count() == 1
        delegation.refresh_from_db()
        assert delegation.status == "draft"


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_associations_delegation_answers_404_for_get_and_post(
    client, delegation, latvian_vp, method
):
    client.force_login(latvian_vp)
    for _action, (_method, url) in urls(delegation).items():
        assert getattr(client, method)(url).status_code == 404


def test_a_vice_president_cannot_add_a_person_of_another_nation(
    client, delegation, estonian_vp, latvia
):
    from tests.factories import PersonFactory

    latvian = PersonFactory(nation=latvia.nation)
    client.force_login(estonian_vp)
    _method, url = urls(delegation)["add"]
    response = client.post(url, {"person": latvian.pk, "role": "delegate"})
    assert response.status_code == 400
    assert "Select a valid choice" in str(response.context["form"].errors["person"])
    assert not DelegationMember.objects.filter(person=latvian).exists()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("anonymous", "login"),
        ("without a term", 403),
        ("vice president of this association", 200),
        ("vice president of another association", 200),
        ("former vice president", 403),
        ("secretariat", 403),
    ],
)
def test_the_area_is_for_vice_presidents_in_office(as_role, delegation, role, expected):
    response = as_role(role).get(reverse("delegations:area"))
    if expected == "login":
        assert response.status_code == 302
    else:
        assert response.status_code == expected


def test_the_area_lists_only_the_vice_presidents_own_association(client, delegation, latvian_vp):
    client.force_login(latvian_vp)
    page = client.get(reverse("delegations:area")).content.decode()
    assert f"/delegations/{latvian_vp.person.association_id}/mid-winter-meeting-2027/" in page
    assert f"/delegations/{delegation.association_id}/" not in page


def test_access_starts_the_day_a_term_starts_and_ends_the_day_it_ends(
    client, estonia, meeting, time_machine
):
    import datetime

    from tests.delegations.conftest import vice_president

    user = vice_president(
        estonia,
        "vp-short",
        starts_on=datetime.date(2027, 1, 10),
        ends_on=datetime.date(2027, 1, 20),
    )
    url = reverse("delegations:delegation_detail", args=[estonia.pk, meeting.slug])
    for day, expected in [(9, 404), (10, 200), (19, 200), (20, 404)]:
        time_machine.move_to(datetime.datetime(2027, 1, day, 12, tzinfo=datetime.UTC))
        client.force_login(user)
        assert client.get(url).status_code == expected, day


def test_a_past_meeting_is_closed_to_the_vice_president(client, estonia, estonian_vp, cior):
    from tests.factories import EventFactory

    past = EventFactory(
        kind="summer-congress",
        slug="summer-congress-2010",
        confederations=[cior],
        starts_on=datetime.date(2010, 8, 2),
        ends_on=datetime.date(2010, 8, 6),
    )
    client.force_login(estonian_vp)
    url = reverse("delegations:add_member", args=[estonia.pk, past.slug])
    head = current_vice_president(estonia).person
    assert client.post(url, {"person": head.pk, "role": "head"}).status_code == 403
    assert not Delegation.objects.exists()


def test_a_meeting_not_yet_public_has_no_delegation_page(client, estonia, estonian_vp, cior):
    from tests.factories import EventFactory

    draft = EventFactory(
        kind="fall-in-between-meeting", slug="fall-2027", confederations=[cior], is_public=False
    )
    client.force_login(estonian_vp)
    assert (
        client.get(
            reverse("delegations:delegation_detail", args=[estonia.pk, draft.slug])
        ).status_code
        == 404
    )


def test_the_pages_make_as_many_queries_for_five_members_as_for_one(
    client, estonia, estonian_vp, meeting
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.delegations.conftest import estonians

    services.add_member(
        association=estonia,
        event=meeting,
        person=current_vice_president(estonia).person,
        role="head",
    )
    client.force_login(estonian_vp)
    detail = reverse("delegations:delegation_detail", args=[estonia.pk, meeting.slug])
    area = reverse("delegations:area")

    def queries(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    with_one = (queries(detail), queries(area))
    for person in estonians(estonia, 4):  # five of six: the add form is still shown
        services.add_member(association=estonia, event=meeting, person=person, role="delegate")
    assert (queries(detail), queries(area)) == with_one


@pytest.mark.parametrize(
    ("deadline", "day", "may_change", "the_page_says"),
    [
        (None, 3, True, "Changes are possible until Feb. 3, 2027."),
        (None, 4, False, "The deadline was Feb. 3, 2027"),
        (datetime.date(2027, 1, 14), 14, True, "Changes are possible until Jan. 14, 2027."),
        (datetime.date(2027, 1, 14), 15, False, "The deadline was Jan. 14, 2027"),
    ],
)
def test_the_last_day_for_changes_is_the_deadline_or_the_eve_in_the_rule_and_on_the_page(
    client, estonia, estonian_vp, meeting, time_machine, deadline, day, may_change, the_page_says
):
    meeting.delegation_deadline = deadline
    meeting.save()
    month = 1 if deadline else 2
    time_machine.move_to(datetime.datetime(2027, month, day, 12, tzinfo=datetime.UTC))
    client.force_login(estonian_vp)
    page = client.get(reverse("delegations:delegation_detail", args=[estonia.pk, meeting.slug]))
    assert the_page_says in page.content.decode()
    assert ("Add a member" in page.content.decode()) is may_change
    last_day = the_page_says.split("until ")[-1].split("was ")[-1].removesuffix(".")
    assert last_day in client.get(reverse("delegations:area")).content.decode()
