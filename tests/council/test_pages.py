"""The council's pages: each makes as many queries for a council of 30 seats, agendas of
30 items and 30 decisions as for one of 3; and who may open them (for the anonymous
visitor and a user of no council, see tests/confed/test_url_matrix.py)."""

import datetime

import pytest
import weasyprint
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from council import services
from council.models import AgendaItem, Ballot, CouncilRules, Session
from delegations import services as delegation_services
from delegations.models import Delegation
from documents import services as document_services
from documents.models import Access, DocumentKind
from governance.models import OfficeKind, Term
from tests.council.conftest import decision_item, meeting_session, members_with_heads, opened
from tests.factories import (
    ConfederationFactory,
    CouncilDecisionFactory,
    OfficeFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def on_the_first_of_december(time_machine):
    """Motions to the session to come are still due; the decisions are of 2026."""
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC))


@pytest.fixture(autouse=True)
def every_page_rendered(settings):
    """The public pages rendered for each request, never served from the page cache."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


_PDF: list[bytes] = []


def paper(session: Session, title: str, access: str):
    if not _PDF:  # drawn once: WeasyPrint takes a while
        _PDF.append(weasyprint.HTML(string="<p>A paper.</p>").write_pdf())
    return document_services.add_document(
        upload=SimpleUploadedFile("paper.pdf", _PDF[0], content_type="application/pdf"),
        confederation=session.confederation,
        kind=DocumentKind.MEETING_PAPER,
        title_en=title,
        event=session.event,
        access=access,
    )


def presidency_and_honorary_delegate(confederation) -> None:
    """A Secretary General in office (of the presidency team) and a past President (an
    honorary delegate): both attend the sessions, advisory."""
    secretary_general = OfficeFactory(
        confederation=confederation, kind=OfficeKind.SECRETARY_GENERAL, held_by_presidency=True
    )
    Term.objects.create(
        office=secretary_general, person=PersonFactory(), starts_on=datetime.date(2026, 8, 1)
    )
    president = OfficeFactory(
        confederation=confederation,
        kind=OfficeKind.PRESIDENT,
        held_by_presidency=True,
        holders_become_honorary_delegates=True,
    )
    Term.objects.create(
        office=president,
        person=PersonFactory(),
        starts_on=datetime.date(2022, 8, 1),
        ends_on=datetime.date(2024, 8, 1),
    )


def delegate_named(session: Session, association, head) -> None:
    """A delegate of the association's approved delegation sits in its seat."""
    delegate = PersonFactory(nation=association.nation, association=association)
    for person, role in ((head.person, "head"), (delegate, "delegate")):
        delegation_services.add_member(
            association=association, event=session.event, person=person, role=role
        )
    delegation = Delegation.objects.get(association=association, event=session.event)
    delegation_services.submit(delegation=delegation)
    delegation_services.approve(delegation=delegation)
    services.name_delegate(session=session, association=association, person=delegate)


def council(confederation, size: int) -> dict:
    """A council of `size` seats, each with its vice president, and its business. The
    first seat's vice president holds the proxies of a third of the others.

    - A session held: `size` items for decision and one more, each with a paper
      (every other one public), an amendment under the first, a private item with a
      public one under it; its public agenda published; opened, every seat present;
      each item put to a roll call, every seat voting, and closed (`size` decisions in
      the register), but the last, whose poll is open, the first seat and those of its
      proxies not voted; its minutes drafted and sent to the heads of delegation.
    - A session to come, its agenda of `size` items sent, the same proxies given, a
      motion of the first seat's, and a third of the seats with a delegate named.
    - `size` earlier sessions, and `size` public decisions of earlier years.
    """
    CouncilRules.objects.create(confederation=confederation, proxies_per_holder=10)
    presidency_and_honorary_delegate(confederation)
    heads = members_with_heads(confederation, size)
    associations = list(heads)
    first, givers = associations[0], associations[2::3]

    held = meeting_session(confederation, held_on=datetime.date(2026, 11, 20))
    items = [decision_item(held, title=f"Motion {n}") for n in range(1, size + 2)]
    for n, item in enumerate(items, start=1):
        item.papers.add(paper(held, f"Paper {n}", Access.PUBLIC if n % 2 else Access.COUNCIL))
    AgendaItem.objects.create(
        session=held, parent=items[0], position=1, kind="decision", business="other",
        title_en="An amendment",
    )  # fmt: skip
    private = AgendaItem.objects.create(
        session=held, position=len(items) + 1, kind="discussion", title_en="In camera",
        is_public=False,
    )  # fmt: skip
    AgendaItem.objects.create(
        session=held, parent=private, position=1, kind="information", title_en="Hidden"
    )
    for giver in givers:
        services.give_proxy(session=held, giver=giver, holder=first)
    services.publish_agenda(session=held)
    services.publish_agenda(session=held, to_public=True)
    opened(held)
    seats = list(held.seats.all())
    for item in items:
        last = item == items[-1]
        poll = services.open_poll(item=item)
        services.record_show_of_hands(
            poll=poll,
            choices={
                seat.pk: "yes"
                for seat in seats
                if not last or seat.association not in {first, *givers}
            },
        )
        if not last:
            services.close_poll(poll=poll)
    services.circulate_minutes(minutes=services.draft_minutes(session=held))

    coming = meeting_session(confederation, held_on=datetime.date(2027, 2, 4))
    for n in range(1, size + 1):
        decision_item(coming, title=f"Coming motion {n}")
    services.publish_agenda(session=coming)
    for giver in givers:
        services.give_proxy(session=coming, giver=giver, holder=first)
    services.submit_motion(
        session=coming, association=first, title="A motion", text="The council resolves."
    )
    for association in [first, *associations[1::3]]:
        delegate_named(coming, association, heads[association])

    for n in range(size):
        earlier = meeting_session(confederation, held_on=datetime.date(2020, 2, 4 + n % 20))
        decision_item(earlier)
        services.publish_agenda(session=earlier)
        CouncilDecisionFactory(
            confederation=confederation, decided_on=datetime.date(1990 + n, 2, 5), kind="other"
        )
    return {
        "vice president": heads[first],
        "held": held,
        "coming": coming,
        "open poll": items[-1].polls.get(),
        "closed poll": items[0].polls.get(),
    }


def queries(user, url: str) -> int:
    client = Client()
    if user is not None:
        client.force_login(user)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(captured)


def pages(world: dict, secretariat) -> dict[str, int]:
    """The queries of each page, as the vice president and as the secretariat ask it."""
    held, coming = world["held"], world["coming"]
    council_pages = {
        "held session": held.get_absolute_url(),
        "session to come": coming.get_absolute_url(),
        "open poll, votes cast": world["open poll"].get_absolute_url(),
        "closed poll, roll call": world["closed poll"].get_absolute_url(),
        "minutes": reverse("council:minutes", args=[held.pk]),
        "sessions": reverse("council:sessions"),
    }
    counts = {}
    for page, url in council_pages.items():
        counts[f"{page}, vice president"] = queries(world["vice president"], url)
        counts[f"{page}, secretariat"] = queries(secretariat, url)
    register = reverse("council:register", args=[held.confederation.code, 2026])
    counts["register"] = queries(None, register)
    counts["public agenda"] = queries(None, reverse("council:public_agenda", args=[held.pk]))
    return counts


# The session, the visitor and their second factor's devices are 3 queries of each
# logged-in page, and its transaction 2 more where it has one (not the session's page,
# which only reads).
QUERIES = {
    "held session, vice president": 17,
    "held session, secretariat": 18,
    "session to come, vice president": 21,
    "session to come, secretariat": 20,
    "open poll, votes cast, vice president": 11,
    "open poll, votes cast, secretariat": 12,
    "closed poll, roll call, vice president": 11,
    "closed poll, roll call, secretariat": 12,
    "minutes, vice president": 10,
    "minutes, secretariat": 9,
    "sessions, vice president": 14,
    "sessions, secretariat": 11,
    "register": 3,
    "public agenda": 4,
}


def test_the_pages_make_as_many_queries_for_thirty_seats_as_for_three(cior, secretariat_user):
    # Two councils side by side, so that the secretariat's list of sessions grows too.
    ciox = ConfederationFactory(code="ciox", acronym="CIOX", position=3)
    three = pages(council(cior, 3), secretariat_user)
    world = council(ciox, 30)
    thirty = pages(world, secretariat_user)
    assert three == thirty == QUERIES

    # What was counted is on the pages: 30 seats on each roll, the vice president's own
    # seat and the 10 whose proxies they hold to vote, the closed poll's 30 votes seat
    # by seat, 30 decisions in the register.
    client = Client()
    client.force_login(world["vice president"])

    def page(url: str) -> str:
        return client.get(url).content.decode()

    assert page(world["held"].get_absolute_url()).count('role="rowheader"') == 30
    assert page(world["coming"].get_absolute_url()).count('role="rowheader"') == 30
    assert page(world["open poll"].get_absolute_url()).count('name="seat"') == 11
    assert page(world["closed poll"].get_absolute_url()).count('<th scope="row">') == 30
    register = page(reverse("council:register", args=["ciox", 2026]))
    assert sum(f"Motion {n}<" in register for n in range(1, 32)) == 30


# -- who may open them -----------------------------------------------------------------


@pytest.fixture
def held(cior, five, session) -> Session:
    """The session opened, a poll open on its item, its minutes drafted and sent."""
    item = decision_item(session, title="The budget 2027")
    opened(session)
    services.open_poll(item=item)
    services.circulate_minutes(minutes=services.draft_minutes(session=session))
    return session


def council_pages(session: Session) -> list[str]:
    return [
        session.get_absolute_url(),
        reverse("council:agenda_pdf", args=[session.pk]),
        reverse("council:minutes", args=[session.pk]),
        reverse("council:motion", args=[session.pk]),
        session.items.get().polls.get().get_absolute_url(),
    ]


def test_a_head_of_delegation_of_another_council_finds_nothing_of_this_one(client, ciomr, held):
    (outsider,) = members_with_heads(ciomr, 1, start=5).values()
    own = meeting_session(ciomr)
    client.force_login(outsider)
    for url in council_pages(held):
        assert client.get(url).status_code == 404, url
    seat = held.seats.first()
    poll = held.items.get().polls.get()
    response = client.post(poll.get_absolute_url(), {"seat": seat.pk, "choice": "yes"})
    assert response.status_code == 404
    assert not Ballot.objects.exists()
    # Their own council's sessions, and not this one's.
    listed = client.get(reverse("council:sessions")).content.decode()
    assert own.get_absolute_url() in listed
    assert held.get_absolute_url() not in listed


def test_a_vice_president_whose_term_has_ended_is_an_outsider(client, five, held):
    user = next(iter(five.values()))
    Term.objects.filter(person=user.person).update(ends_on=TODAY)
    client.force_login(user)
    for url in [*council_pages(held), reverse("council:sessions")]:
        assert client.get(url).status_code == 404, url


def test_the_council_sees_a_session_to_come_and_not_its_agenda_until_it_is_sent(
    client, five, session
):
    decision_item(session, title="The budget 2027")
    client.force_login(next(iter(five.values())))
    page = client.get(session.get_absolute_url()).content.decode()
    assert "The agenda is in preparation" in page
    assert "The budget 2027" not in page
    assert client.get(reverse("council:agenda_pdf", args=[session.pk])).status_code == 404
    services.publish_agenda(session=session)
    assert "The budget 2027" in client.get(session.get_absolute_url()).content.decode()


def test_anonymous_is_sent_to_log_in_and_back_to_the_page(client, held):
    for url in [*council_pages(held), reverse("council:sessions")]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{reverse('login')}?next={url}"


def test_the_public_agenda_is_nobodys_until_published_and_then_shows_the_public_items(
    client, secretariat_user, session
):
    decision_item(session, title="The budget 2027")
    private = AgendaItem.objects.create(
        session=session, position=2, kind="discussion", title_en="In camera", is_public=False
    )
    AgendaItem.objects.create(
        session=session, parent=private, position=1, kind="information", title_en="Under it"
    )
    services.publish_agenda(session=session)
    url = reverse("council:public_agenda", args=[session.pk])
    assert client.get(url).status_code == 404
    client.force_login(secretariat_user)
    assert client.get(url).status_code == 404
    services.publish_agenda(session=session, to_public=True)
    page = Client().get(url).content.decode()
    assert "The budget 2027" in page
    assert "In camera" not in page
    assert "Under it" not in page


def test_the_register_lists_the_public_decisions_of_a_confederation_that_is(client, cior):
    CouncilDecisionFactory(confederation=cior, decided_on=TODAY, summary="Budget approved")
    CouncilDecisionFactory(
        confederation=cior, decided_on=TODAY, summary="A secret", is_public=False
    )
    page = client.get(reverse("council:register", args=["cior", 2026])).content.decode()
    assert "Budget approved" in page
    assert "A secret" not in page
    assert client.get(reverse("council:register", args=["nrfc", 2026])).status_code == 404
    assert client.get(reverse("council:register", args=["cior", 1066])).status_code == 404
