"""What the public sees of the council: a session's public items once published, and
the register of public decisions, from the page cache until they change."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from confed.cache import GENERATION_KEY
from council import services
from council.models import AgendaItem
from governance.models import CouncilDecision
from tests.council.conftest import decision_item, opened

pytestmark = pytest.mark.django_db


def visit(client, url: str) -> tuple[int, str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    return response.status_code, response.content.decode(), len(queries)


def test_the_public_agenda_shows_the_public_items_once_published(client, five, session):
    decision_item(session, title="Host of the Summer Congress 2031")
    AgendaItem.objects.create(session=session, position=2, kind="discussion",
                              title_en="A matter in closed session", is_public=False)  # fmt: skip
    url = f"/council/{session.pk}/agenda/"
    assert visit(client, url)[0] == 404
    services.publish_agenda(session=session)
    assert visit(client, url)[0] == 404  # with the heads of delegation only

    services.publish_agenda(session=session, to_public=True)
    status, page, _queries = visit(client, url)

    assert status == 200
    assert "Host of the Summer Congress 2031" in page
    assert "A matter in closed session" not in page
    assert visit(client, url)[2] == 0  # from the cache
    AgendaItem.objects.filter(position=1).first().save()  # an edit retires the page
    assert visit(client, url)[2] > 0


def test_the_register_lists_the_public_decisions_of_the_year_with_their_figures(
    client, cior, five, session
):
    item = decision_item(session, title="Adopt the budget 2027", business="budget")
    hidden = decision_item(session, title="A personnel matter", is_public=False)
    opened(session)
    for agenda_item in (item, hidden):
        poll = services.open_poll(item=agenda_item)
        services.record_show_of_hands(
            poll=poll,
            choices={seat.pk: "yes" for seat in session.seats.all()[:4]},
        )
        services.close_poll(poll=poll)
    CouncilDecision.objects.create(
        confederation=cior, decided_on=datetime.date(2025, 2, 1), kind="admission",
        outcome="approved", summary="Admitted Iceland",
    )  # fmt: skip
    year = CouncilDecision.objects.get(agenda_item=item).decided_on.year

    status, page, _queries = visit(client, f"/decisions/cior/{year}/")

    assert status == 200
    assert "Adopt the budget 2027" in page
    assert "for 4, against 0, abstentions 0" in page
    assert "A personnel matter" not in page
    assert "Admitted Iceland" not in page  # another year's
    assert "Admitted Iceland" in visit(client, "/decisions/cior/2025/")[1]
    assert visit(client, "/decisions/nowhere/2025/")[0] == 404
    assert visit(client, "/decisions/cior/99999/")[0] == 404


def test_a_vote_cast_does_not_retire_the_public_pages(five, session):
    item = decision_item(session)
    opened(session)
    poll = services.open_poll(item=item)
    generation = cache.get(GENERATION_KEY)
    association, user = next(iter(five.items()))

    services.cast_vote(
        poll=poll, seat=session.seats.get(association=association), choice="yes", by=user
    )

    assert cache.get(GENERATION_KEY) == generation
