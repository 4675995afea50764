"""Every URL pattern of the portal, reversed with real objects, for every role, GET and
POST, with the answer expected. A pattern missing from the matrix fails the test; the
admin's own patterns are covered by tests/members/test_admin.py and the access tests."""

import datetime
from decimal import Decimal

import pytest
import weasyprint
from django.contrib.auth.tokens import default_token_generator
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from awards.models import Award
from council import services as council
from council.models import AgendaItem, Session
from delegations import services as delegations
from delegations.models import DelegationMember
from documents import services as documents
from elections import services as elections
from elections.models import Call
from events.models import EventKind
from governance import services as governance
from members.invitations import make_token
from subscriptions import services as subscriptions
from subscriptions.models import Scale
from tests.factories import (
    CommitteeFactory,
    ConfederationFactory,
    CouncilDecisionFactory,
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
    OfficeFactory,
    PersonFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "plain user", "vice president", "other vice president", "secretariat"]
LOGIN = "login"  # a redirect to the login page


def named_patterns(resolver=None, namespace="") -> set[str]:
    """Every named URL pattern outside the admin, as namespace:name."""
    names = set()
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.app_name == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= named_patterns(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def every(code) -> dict:
    return dict.fromkeys(ROLES, code)


PUBLIC_PAGE = {"GET": every(200), "POST": every(405)}
LOGGED_IN_ONLY = {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 200)}
DELEGATION_POST = {  # for a POST to the vice president's own delegation
    "anonymous": LOGIN,
    "plain user": 404,
    "vice president": "ok",
    "other vice president": 404,
    "secretariat": "ok",
}
DELEGATION_GET_ON_POST_URL = {**DELEGATION_POST, "vice president": 405, "secretariat": 405}
COUNCIL_PAGE = {
    "GET": {"anonymous": LOGIN, "plain user": 404, **dict.fromkeys(ROLES[2:], 200)},
    "POST": {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 405)},
}
SEAT_GET = {
    "anonymous": LOGIN,
    "plain user": 404,
    "vice president": 405,
    "other vice president": 404,
    "secretariat": 404,
}

MATRIX = {
    "home": PUBLIC_PAGE,
    "healthz": PUBLIC_PAGE,
    "members:nation_list": PUBLIC_PAGE,
    "members:nation_detail": PUBLIC_PAGE,
    "governance:leadership": PUBLIC_PAGE,
    "governance:committee_list": PUBLIC_PAGE,
    "governance:committee_detail": PUBLIC_PAGE,
    "governance:apply": {"GET": every(200), "POST": every(200)},  # an empty form, refused
    "governance:apply_thanks": PUBLIC_PAGE,
    "events:event_list": PUBLIC_PAGE,
    "events:calendar_feed": PUBLIC_PAGE,
    "events:event_month_current": PUBLIC_PAGE,
    "events:event_month": PUBLIC_PAGE,
    "events:event_detail": PUBLIC_PAGE,
    "events:event_ical": PUBLIC_PAGE,
    "documents:library": PUBLIC_PAGE,
    # Under the admin: anyone else is sent to the admin's login (302). The person is a
    # vice president in office, whom the erasure refuses (400).
    "personal_data_export": {
        "GET": {**every(302), "secretariat": 200},
        "POST": {**every(302), "secretariat": 405},
    },
    "personal_data_erase": {
        "GET": {**every(302), "secretariat": 200},
        "POST": {**every(302), "secretariat": 400},
    },
    "about:index": PUBLIC_PAGE,
    "about:confederation": PUBLIC_PAGE,
    "about:contact": PUBLIC_PAGE,
    "about:privacy": PUBLIC_PAGE,
    # A council paper: for the council (the vice presidents) and the secretariat.
    "documents:download": {
        "GET": {"anonymous": 404, "plain user": 404, **dict.fromkeys(ROLES[2:], 200)},
        "POST": every(405),
    },
    "documents:download_version": {
        "GET": {"anonymous": 404, "plain user": 404, **dict.fromkeys(ROLES[2:], 200)},
        "POST": every(405),
    },
    "delegations:area": {
        "GET": {**LOGGED_IN_ONLY, "plain user": 403, "secretariat": 403},
        "POST": {**LOGGED_IN_ONLY, "plain user": 403, "secretariat": 403},
    },
    "delegations:delegation_detail": {
        "GET": {**DELEGATION_POST, "vice president": 200, "secretariat": 200},
        "POST": {**DELEGATION_POST, "vice president": 200, "secretariat": 200},
    },
    "delegations:add_member": {"GET": DELEGATION_GET_ON_POST_URL, "POST": DELEGATION_POST},
    "delegations:remove_member": {"GET": DELEGATION_GET_ON_POST_URL, "POST": DELEGATION_POST},
    "delegations:copy_previous": {"GET": DELEGATION_GET_ON_POST_URL, "POST": DELEGATION_POST},
    "delegations:submit": {"GET": DELEGATION_GET_ON_POST_URL, "POST": DELEGATION_POST},
    "delegations:reopen": {
        "GET": DELEGATION_GET_ON_POST_URL,
        "POST": {**DELEGATION_POST, "vice president": 403, "secretariat": 403},  # a draft
    },
    "delegations:renew_private_feed": {
        "GET": {
            **LOGGED_IN_ONLY,
            "plain user": 403,
            "vice president": 405,
            "other vice president": 405,
            "secretariat": 403,
        },
        "POST": {
            **LOGGED_IN_ONLY,
            "plain user": 403,
            "vice president": 302,
            "other vice president": 302,
            "secretariat": 403,
        },
    },
    # An address nobody was given.
    "delegations:private_feed": {"GET": every(404), "POST": every(405)},
    # The vice president's subscriptions, and an invoice of their association's.
    "subscriptions:area": {
        "GET": {**LOGGED_IN_ONLY, "plain user": 403, "secretariat": 403},
        "POST": {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 405)},
    },
    "subscriptions:pdf": {
        "GET": {
            "anonymous": LOGIN,
            "plain user": 404,
            "vice president": 200,
            "other vice president": 404,
            "secretariat": 200,
        },
        "POST": {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 405)},
    },
    # The council's pages: for its members (both vice presidents) and the secretariat.
    "council:sessions": COUNCIL_PAGE,
    "council:session": COUNCIL_PAGE,
    "council:agenda_pdf": COUNCIL_PAGE,
    "council:minutes": COUNCIL_PAGE,
    "council:poll": {  # an empty vote, refused beside the form
        "GET": COUNCIL_PAGE["GET"],
        "POST": {
            **COUNCIL_PAGE["GET"],
            "vice president": 400,
            "other vice president": 400,
            "secretariat": 400,
        },
    },
    "council:motion": {  # for the heads of delegation; an empty motion, refused
        "GET": {**COUNCIL_PAGE["GET"], "secretariat": 404},
        "POST": {
            **COUNCIL_PAGE["GET"],
            "vice president": 400,
            "other vice president": 400,
            "secretariat": 404,
        },
    },
    # Estonia's seat: its vice president's alone.
    "council:name_delegate": {"GET": SEAT_GET, "POST": {**SEAT_GET, "vice president": 302}},
    "council:give_proxy": {"GET": SEAT_GET, "POST": {**SEAT_GET, "vice president": 400}},
    "council:revoke_proxy": {"GET": SEAT_GET, "POST": {**SEAT_GET, "vice president": 302}},
    # For the presidency: nobody here is of it.
    "council:written_vote": {
        "GET": {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 404)},
        "POST": {"anonymous": LOGIN, **dict.fromkeys(ROLES[1:], 404)},
    },
    "council:public_agenda": PUBLIC_PAGE,
    "council:register": PUBLIC_PAGE,
    # The elections: for the council's members and the secretariat; a nomination is a
    # head of delegation's (an empty one refused beside the form).
    "elections:calls": COUNCIL_PAGE,
    "elections:call": {
        "GET": COUNCIL_PAGE["GET"],
        "POST": {
            **COUNCIL_PAGE["GET"],
            "vice president": 400,
            "other vice president": 400,
            "secretariat": 404,
        },
    },
    # The nominee's link is its key; an answer neither accept nor decline is refused.
    "elections:answer": {"GET": every(200), "POST": every(400)},
    "elections:candidatures": {
        "GET": {**COUNCIL_PAGE["GET"], "secretariat": 404},
        "POST": {
            **COUNCIL_PAGE["GET"],
            "vice president": 400,
            "other vice president": 400,
            "secretariat": 404,
        },
    },
    "awards:index": PUBLIC_PAGE,
    "awards:roll": PUBLIC_PAGE,
    # For the member associations' vice presidents (and the presidency); an empty
    # nomination, refused beside the form.
    "awards:nominate": {
        "GET": {**COUNCIL_PAGE["GET"], "secretariat": 404},
        "POST": {
            **COUNCIL_PAGE["GET"],
            "vice president": 400,
            "other vice president": 400,
            "secretariat": 404,
        },
    },
    "account": {
        "GET": LOGGED_IN_ONLY,
        "POST": {**LOGGED_IN_ONLY, **dict.fromkeys(ROLES[1:], 405)},
    },
    # The form to set up a second factor (an empty POST: the code refused), and to give it
    # (no one here has set one up: sent on).
    "two_factor_setup": {
        "GET": LOGGED_IN_ONLY,
        "POST": {**LOGGED_IN_ONLY, **dict.fromkeys(ROLES[1:], 400)},
    },
    "two_factor_verify": {
        "GET": {**LOGGED_IN_ONLY, **dict.fromkeys(ROLES[1:], 302)},
        "POST": {**LOGGED_IN_ONLY, **dict.fromkeys(ROLES[1:], 302)},
    },
    "accept_invitation": {"GET": every(200), "POST": every(200)},  # the form, refused
    "login": {"GET": every(200), "POST": every(200)},  # the form, refused
    "logout": {"GET": every(405), "POST": every(302)},
    "password_change": {"GET": LOGGED_IN_ONLY, "POST": LOGGED_IN_ONLY},
    "password_change_done": {
        "GET": LOGGED_IN_ONLY,
        "POST": {**LOGGED_IN_ONLY, **dict.fromkeys(ROLES[1:], 405)},
    },
    "password_reset": {"GET": every(200), "POST": every(200)},
    "password_reset_done": {"GET": every(200), "POST": every(405)},
    "password_reset_confirm": {"GET": every(302), "POST": every(302)},
    "password_reset_complete": {"GET": every(200), "POST": every(405)},
}


# The vice president's pages that are not of one delegation.
DELEGATIONS_WITHOUT_ONE = {
    "delegations:area",
    "delegations:renew_private_feed",
    "delegations:private_feed",
}


def test_every_url_pattern_is_in_the_matrix():
    assert named_patterns() == set(MATRIX)


@pytest.fixture
def world(secretariat_user):
    cior = ConfederationFactory(code="cior", acronym="CIOR")
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    latvia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="LV"))
    users = {"plain user": UserFactory(username="plain"), "secretariat": secretariat_user}
    for role, association in [("vice president", estonia), ("other vice president", latvia)]:
        users[role] = UserFactory(username=role.replace(" ", "-"))
        governance.appoint(
            office=governance.national_vice_president_office(association),
            person=PersonFactory(
                nation=association.nation, association=association, user=users[role]
            ),
            starts_on=datetime.date(2020, 1, 1),
        )
    meeting = EventFactory(
        kind=EventKind.MID_WINTER_MEETING,
        slug="mwm",
        confederations=[cior],
        starts_on=timezone.localdate() + datetime.timedelta(days=60),
    )
    committee = CommitteeFactory(confederation=cior, slug="yro-c")
    invited = UserFactory(username="invited")
    council_paper = documents.add_document(
        upload=SimpleUploadedFile("paper.pdf", weasyprint.HTML(string="<p>x</p>").write_pdf()),
        confederation=cior,
        kind="meeting-paper",
        title_en="A paper",
        access="council",
    )
    today = timezone.localdate()
    scale = Scale.objects.create(
        confederation=cior, year=today.year, full_member=Decimal("100"),
        associate_member=Decimal("50"), due_on=today,
        decision=CouncilDecisionFactory(confederation=cior, kind="subscriptions"),
    )  # fmt: skip
    (invoice,) = subscriptions.issue_invoices(scale=scale, associations=[estonia])
    session = Session.objects.create(confederation=cior, event=meeting, held_on=meeting.starts_on)
    AgendaItem.objects.create(session=session, position=1, kind="information", title_en="News")
    council.publish_agenda(session=session)
    council.publish_agenda(session=session, to_public=True)
    proxy = council.give_proxy(session=session, giver=estonia, holder=latvia)
    written = Session.objects.create(confederation=cior, held_on=today)
    item = AgendaItem.objects.create(
        session=written, position=1, kind="decision", business="other", title_en="A motion"
    )
    poll = council.open_poll(item=item, closes_at=timezone.now() + datetime.timedelta(days=3))
    council.publish_agenda(session=written)
    council.circulate_minutes(minutes=council.draft_minutes(session=written))
    call = Call.objects.create(
        office=OfficeFactory(confederation=cior, kind="deputy-sg", code="deputy-sg"),
        term_starts_on=today + datetime.timedelta(days=200),
        closes_on=today + datetime.timedelta(days=30),
    )
    elections.open_call(call=call)
    nomination = elections.nominate(
        call=call, nominee=users["vice president"].person, association=estonia,
        statement="Able.", by=users["vice president"],
    )  # fmt: skip
    medal = Award.objects.create(confederation=cior, slug="medal-of-merit", name_en="Medal")
    return {
        "estonia": estonia,
        "meeting": meeting,
        "users": users,
        "kwargs": {
            "members:nation_detail": {"code": "est"},
            "governance:committee_detail": {"slug": committee.slug},
            "events:event_month": {"year": today.year, "month": today.month},
            "events:event_detail": {"slug": meeting.slug},
            "events:event_ical": {"slug": meeting.slug},
            "documents:download": {"pk": council_paper.pk},
            "subscriptions:pdf": {"number": invoice.number},
            "about:confederation": {"code": "cior"},
            "council:session": {"pk": session.pk},
            "council:agenda_pdf": {"pk": session.pk},
            "council:public_agenda": {"pk": session.pk},
            "council:minutes": {"pk": written.pk},
            "council:motion": {"pk": session.pk},
            "council:name_delegate": {"pk": session.pk, "association": estonia.pk},
            "council:give_proxy": {"pk": session.pk, "association": estonia.pk},
            "council:revoke_proxy": {"pk": session.pk, "proxy": proxy.pk},
            "council:poll": {"pk": poll.pk},
            "council:register": {"code": "cior", "year": today.year},
            "elections:call": {"pk": call.pk},
            "elections:answer": {"token": nomination.token},
            "awards:roll": {"slug": medal.slug},
            "awards:nominate": {"slug": medal.slug},
            "personal_data_export": {"pk": users["vice president"].person.pk},
            "personal_data_erase": {"pk": users["vice president"].person.pk},
            "delegations:private_feed": {"token": "made-up"},
            "documents:download_version": {"pk": council_paper.pk, "number": 1},
            "accept_invitation": {"token": make_token(invited)},
            "password_reset_confirm": {
                "uidb64": urlsafe_base64_encode(force_bytes(invited.pk)),
                "token": default_token_generator.make_token(invited),
            },
        },
    }


def delegation_kwargs(world) -> dict:
    """A fresh draft of Estonia's with one member, for each request."""
    estonia, meeting = world["estonia"], world["meeting"]
    DelegationMember.objects.filter(delegation__association=estonia).delete()
    member = delegations.add_member(
        association=estonia,
        event=meeting,
        person=PersonFactory(nation=estonia.nation),
        role="delegate",
    )
    kwargs = {"association": estonia.pk, "event": meeting.slug}
    return {"member": member.pk, **kwargs}


@pytest.mark.parametrize("name", sorted(MATRIX))
def test_each_url_answers_each_role_as_expected(world, name):
    outcomes = {}
    for method in ("GET", "POST"):
        for role in ROLES:
            kwargs = world["kwargs"].get(name, {})
            if name.startswith("delegations:") and name not in DELEGATIONS_WITHOUT_ONE:
                kwargs = delegation_kwargs(world)
                if name != "delegations:remove_member":
                    kwargs.pop("member")
            url = reverse(name, kwargs=kwargs)
            client = Client()
            if role != "anonymous":
                client.force_login(world["users"][role])
            response = client.get(url) if method == "GET" else client.post(url, {})
            expected = MATRIX[name][method][role]
            outcomes[(method, role)] = (expected, response.status_code, response.get("Location"))
    wrong = {}
    for key, (expected, status, location) in outcomes.items():
        if expected == LOGIN:
            ok = status == 302 and location.startswith(reverse("login"))
        elif expected == "ok":
            ok = status in (200, 302, 400)  # done, or refused by the rules with a message
        else:
            ok = status == expected
        if not ok:
            wrong[key] = (expected, status)
    assert not wrong, wrong
