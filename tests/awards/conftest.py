import datetime

import pytest

from awards import services
from awards.models import Award
from governance.models import OfficeKind, Term
from tests.council.conftest import member, vice_president
from tests.factories import OfficeFactory, PersonFactory, UserFactory

TODAY = datetime.date(2026, 12, 1)


@pytest.fixture(autouse=True)
def on_the_first_of_december(time_machine):
    time_machine.move_to(datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC))


@pytest.fixture(autouse=True)
def every_page_rendered(settings):
    """The public pages rendered for each request, never served from the page cache."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


@pytest.fixture
def medal(cior) -> Award:
    cior.secretariat_email = "secretariat@cior.example"
    cior.save()
    return Award.objects.create(
        confederation=cior,
        slug="cior-medal-of-merit",
        name_en="Medal of Merit",
        name_fr="Médaille du mérite",
    )


@pytest.fixture
def estonia(cior):
    return member(cior, "EE")


@pytest.fixture
def estonian_vp(estonia):
    """Estonia's National Vice President, with an account."""
    return vice_president(estonia)


@pytest.fixture
def latvia(cior):
    return member(cior, "LV")


@pytest.fixture
def presidency_user(cior):
    """CIOR's Secretary General in office: of the presidency team."""
    office = OfficeFactory(
        confederation=cior, kind=OfficeKind.SECRETARY_GENERAL, held_by_presidency=True
    )
    user = UserFactory(username="secretary-general")
    Term.objects.create(
        office=office,
        person=PersonFactory(user=user, email="sg@example.org"),
        starts_on=datetime.date(2026, 8, 1),
    )
    return user


def nominee(association, **values):
    return PersonFactory(nation=association.nation, association=association, **values)


def nominated(award, association, user, person=None, **values):
    """A nomination by the association's vice president (`user`)."""
    return services.nominate(
        award=award,
        person=person or nominee(association),
        association=association,
        citation=values.pop("citation", "For outstanding merits."),
        by=user,
        **values,
    )


def given(award, association, user, *, on=datetime.date(2026, 6, 1), shown=True, **values):
    """A nomination approved by the presidency and conferred on `on`, its person agreed
    (or not) to be on the roll."""
    nomination = nominated(award, association, user, **values)
    services.decide_nomination(nomination=nomination, approve=True, decided_on=on)
    services.confer(nomination=nomination, conferred_on=on, conferred_by="the President")
    nomination.shown_on_roll = shown
    nomination.save(update_fields=["shown_on_roll"])
    nomination.refresh_from_db()
    return nomination
