import asyncio
import datetime
import socket
import threading
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import quote

import pytest
import weasyprint
from aiosmtpd.controller import Controller
from django.apps import apps
from django.conf import settings
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from about.models import Section
from awards import services as award_services
from awards.models import Award
from confed.redis_cache import BREAKERS
from confed.secretariat import SECRETARIAT_GROUP, grant_to_secretariat
from council import services as council_services
from council.models import AgendaItem, CouncilRules, Session, VotingRule
from delegations import services as delegation_services
from documents import services as document_services
from elections import services as election_services
from elections.models import Call
from events.models import ProgrammeItem
from governance import services as governance_services
from governance.models import CommitteeMember, RotationPlace
from reminders.models import Reminder
from subscriptions import services as subscription_services
from subscriptions.models import Scale
from tests.demo_data import DemoData
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
    presidency_with_team,
)


@pytest.fixture(autouse=True)
def english_to_begin_with():
    """A French page leaves French active in the thread (LocaleMiddleware does not undo
    it); a factory's lazily translated default would then come out French."""
    translation.activate("en")


@pytest.fixture(autouse=True)
def redis_within_reach():
    """A test that found Redis out of reach leaves its breakers open; the next starts
    with them closed."""
    yield
    for guard in BREAKERS.values():
        guard.reset()


@pytest.fixture(autouse=True)
def fresh_cache(settings):
    """Each test starts with an empty cache of its own: no public page kept from the last
    one's data (rolled back), no rate limit counted by another test. Its own prefix for
    the keys, rather than a flush: the Redis may be the developer's `make run` one."""
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            **settings.CACHES["default"],
            "KEY_PREFIX": f"confed-test-{uuid.uuid4().hex[:12]}",
        },
    }


@pytest.fixture(scope="session")
def demo_data(django_db_setup, django_db_blocker) -> DemoData:
    """The demo, loaded once a run (tests/demo_data.py)."""
    with django_db_blocker.unblock():
        return DemoData()


@pytest.fixture
def demo_loaded(db, demo_data) -> None:
    """The demo's data in the test database, as `manage.py load_demo` leaves it."""
    demo_data.load()


@pytest.fixture
def cior():
    return ConfederationFactory(code="cior", acronym="CIOR", position=1)


@pytest.fixture
def ciomr():
    return ConfederationFactory(
        code="ciomr",
        acronym="CIOMR",
        position=2,
        name_en="Interallied Confederation of Medical Reserve Officers",
        name_fr="Confédération Interalliée des Officiers Médicaux de Réserve",
        governing_body_en="Executive Committee",
        governing_body_fr="Comité exécutif",
        delegation_requires_medical_officer=True,
    )


def database_url() -> str:
    """The test database, as the worker process must reach it."""
    db = connection.settings_dict
    credentials = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db["PASSWORD"] else "")
    host = db["HOST"] or ""
    port = f":{db['PORT']}" if db["PORT"] else ""
    url = f"postgres://{credentials}@{host}{port}/{db['NAME']}"
    if db.get("OPTIONS", {}).get("host"):
        url += f"?host={db['OPTIONS']['host']}"
    return url


def project_apps() -> list[str]:
    """The portal's own apps: those of INSTALLED_APPS that live in this repository."""
    return [
        label
        for label in settings.INSTALLED_APPS
        if "." not in label and (settings.BASE_DIR / label / "models.py").exists()
    ]


@pytest.fixture
def secretariat_group(db) -> Group:
    """The Secretariat group its migration made. A transactional test empties every
    table when it ends; after one, the group is made again as the migration made it."""
    if not Group.objects.filter(name=SECRETARIAT_GROUP).exists():
        grant_to_secretariat(apps, project_apps())
    return Group.objects.get(name=SECRETARIAT_GROUP)


@pytest.fixture
def secretariat_user(secretariat_group):
    """A staff member in the Secretariat group, not a superuser."""
    user = UserFactory(username="secretary", is_staff=True)
    user.groups.add(secretariat_group)
    return user


@pytest.fixture
def vice_president_user(cior):
    """The National Vice President of Estonia's CIOR association, in office since 2020."""
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    user = UserFactory(username="vp-cior-est")
    governance_services.appoint(
        office=governance_services.national_vice_president_office(estonia),
        person=PersonFactory(nation=estonia.nation, association=estonia, user=user),
        starts_on=datetime.date(2020, 1, 1),
    )
    return user


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


@pytest.fixture
def one_of_everything(cior):
    """At least one row of every model the admin shows, made the way the portal makes them."""
    estonia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="EE"))
    person = PersonFactory(nation=estonia.nation, association=estonia)
    offices = {"president": OfficeFactory(confederation=cior, held_by_presidency=True)}
    presidency = presidency_with_team(cior, estonia, offices, datetime.date(2022, 8, 5))
    governance_services.hand_over_presidency(presidency=presidency, on=datetime.date(2022, 8, 5))
    governance_services.appoint(
        office=governance_services.national_vice_president_office(estonia),
        person=person,
        starts_on=datetime.date(2023, 1, 1),
    )
    committee = CommitteeFactory(confederation=cior)
    governance_services.committee_offices(committee)
    CommitteeMember.objects.create(
        committee=committee, person=person, nation=estonia.nation, since=datetime.date(2023, 1, 1)
    )
    assert RotationPlace.objects.filter(association=estonia).exists()  # by the handover
    governance_services.submit_application(
        confederation=cior,
        country="IS",
        association_name="Icelandic Reserve Officers",
        contact_name="Contact",
        contact_email="contact@example.org",
        category="associate",
        statement="Please.",
    )
    meeting = EventFactory(
        kind="mid-winter-meeting", confederations=[cior], host_nation=estonia.nation
    )
    delegation_services.add_member(association=estonia, event=meeting, person=person, role="head")
    Reminder.objects.create(
        kind="vacant-offices",
        subject=f"vacancies:{cior.pk}",
        recipient="secretariat@example.org",
        target_on=datetime.date(2026, 11, 23),
        due_on=datetime.date(2026, 11, 23),
    )
    login = Client(REMOTE_ADDR="192.0.2.200")  # one failed and one good login, for django-axes
    UserFactory(username="somebody")
    UserFactory(username="someone-else")
    login.post(reverse("login"), {"username": "somebody", "password": "wrong"})
    login.post(reverse("login"), {"username": "someone-else", "password": "correct horse battery"})
    schedule = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    PeriodicTask.objects.create(name="demo", task="confed.tasks.send_email", interval=schedule)
    CrontabSchedule.objects.create()
    SolarSchedule.objects.create(event="sunrise", latitude=50.85, longitude=4.35)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    document_services.add_document(
        upload=SimpleUploadedFile("minutes.pdf", weasyprint.HTML(string="<p>x</p>").write_pdf()),
        confederation=cior,
        kind="minutes",
        title_en="Minutes",
        event=meeting,
    )
    Section.objects.create(
        confederation=cior, slug="history", title_en="History", body_en="Founded in 1948."
    )
    ProgrammeItem.objects.create(
        event=meeting, day=meeting.starts_on, starts_at=datetime.time(9), title_en="Opening"
    )
    scale = Scale.objects.create(
        confederation=cior, year=2026, full_member=Decimal("100"), associate_member=Decimal("50"),
        due_on=datetime.date(2026, 3, 31),
        decision=CouncilDecisionFactory(confederation=cior, kind="subscriptions"),
    )  # fmt: skip
    (invoice,) = subscription_services.issue_invoices(
        scale=scale, issued_on=datetime.date(2026, 1, 15)
    )
    subscription_services.record_payment(
        invoice=invoice, received_on=datetime.date(2026, 2, 1), amount=Decimal("50"),
        reference="SEPA 1",
    )  # fmt: skip
    subscription_services.issue_credit_note(
        invoice=invoice, kind="correction", amount=Decimal("10"), reason="Rounding",
        issued_on=datetime.date(2026, 2, 2),
    )  # fmt: skip
    # The council's business: a session at the meeting, voted on and minuted.
    latvia = NationalAssociationFactory(confederation=cior, nation=NationFactory(country="LV"))
    CouncilRules.objects.create(confederation=cior)
    VotingRule.objects.create(
        confederation=cior, business="other", majority="simple", associates_vote=True
    )
    session = Session.objects.create(confederation=cior, event=meeting, held_on=meeting.starts_on)
    item = AgendaItem.objects.create(
        session=session, position=1, kind="decision", business="other", title_en="The budget"
    )
    council_services.submit_motion(
        session=session, association=estonia, title="A motion", text="The council decides."
    )
    council_services.give_proxy(session=session, giver=latvia, holder=estonia)
    council_services.publish_agenda(session=session)
    council_services.open_session(session=session)
    seats = {seat.pk for seat in session.seats.all()}
    council_services.mark_attendance(session=session, present=seats)
    poll = council_services.open_poll(item=item)
    council_services.record_show_of_hands(poll=poll, choices=dict.fromkeys(seats, "yes"))
    council_services.close_poll(poll=poll)
    council_services.draft_minutes(session=session)
    # An election: a call for nominations, its nominee accepted, closed onto the agenda
    # of the session to come; and a candidature for the presidency on that agenda.
    person.user = UserFactory(username="vp-of-everything")
    person.save()
    congress = EventFactory(
        kind="summer-congress", confederations=[cior],
        starts_on=datetime.date(2027, 7, 20), ends_on=datetime.date(2027, 7, 23),
    )  # fmt: skip
    coming = Session.objects.create(confederation=cior, event=congress, held_on=congress.starts_on)
    call = Call.objects.create(
        office=OfficeFactory(confederation=cior, kind="deputy-sg", code="deputy-sg"),
        term_starts_on=datetime.date(2027, 8, 1), closes_on=datetime.date(2027, 6, 1),
        session=coming,
    )  # fmt: skip
    election_services.open_call(call=call)
    nominated = election_services.nominate(
        call=call, nominee=person, association=estonia, statement="Able.", by=person.user
    )
    election_services.answer_nomination(nomination=nominated, accept=True)
    # Its last day passed (set so: a call opens with its last day to come).
    Call.objects.filter(pk=call.pk).update(closes_on=timezone.localdate() - datetime.timedelta(1))
    call.refresh_from_db()
    election_services.close_call(call=call)
    candidature = election_services.apply(
        association=estonia, kind="presidency", year=timezone.localdate().year + 3,
        statement="Ready.", by=person.user,
    )  # fmt: skip
    election_services.put_on_agenda(candidature=candidature, session=coming)
    # An award, given to a person of Estonia and conferred at the meeting.
    medal = Award.objects.create(
        confederation=cior, slug="cior-medal-of-merit", name_en="Medal of Merit"
    )
    nomination = award_services.nominate(
        award=medal, person=PersonFactory(nation=estonia.nation, association=estonia),
        association=estonia, citation="For outstanding merits.",
    )  # fmt: skip
    award_services.decide_nomination(
        nomination=nomination, approve=True, decided_on=timezone.localdate()
    )
    award_services.confer(nomination=nomination, conferred_on=timezone.localdate(), event=meeting)


@dataclass
class SmtpHandler:
    """An SMTP server's behaviour: accept (and keep) messages, or refuse them for now."""

    refuse: bool = False
    hold_first: bool = False
    received: list = field(default_factory=list)
    first_arrived: threading.Event = field(default_factory=threading.Event)
    release_first: threading.Event = field(default_factory=threading.Event)

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.hold_first and not self.first_arrived.is_set():
            # In the middle of a send: the client waits for our answer.
            self.first_arrived.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release_first.wait, 60)
            return "451 4.3.0 the sender went away"
        if self.refuse:
            return "451 4.3.0 Try again later"
        self.received.append(envelope)
        return "250 OK"

    def subjects(self) -> list[str]:
        subjects = []
        for envelope in self.received:
            for line in envelope.content.decode().splitlines():
                if line.startswith("Subject: "):
                    subjects.append(line.removeprefix("Subject: "))
        return subjects


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def smtp_server(settings):
    """A real SMTP server on loopback; Django sends to it."""
    handler = SmtpHandler()
    controller = Controller(handler, hostname="127.0.0.1", port=free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    handler.port = controller.port
    yield handler
    handler.release_first.set()
    controller.stop()
