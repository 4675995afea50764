import datetime
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from delegations import services as delegations
from governance import services as governance
from governance.models import OfficeKind, Presidency, RotationPlace, Term
from governance.selectors import leadership
from reminders import services
from reminders.models import Reminder, ReminderStatus
from tests.factories import (
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
    OfficeFactory,
    PersonFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

D = datetime.date
SECRETARIAT_SUBJECT = "CIOR: the term of Liina Kask as Secretary General ends in %s days"


def member_of(confederation, country: str):
    return NationalAssociationFactory(
        confederation=confederation, nation=NationFactory(country=country)
    )


def scan_and_send(day: datetime.date) -> list:
    """One daily run as the worker does it: scan, then send what is owed."""
    result = services.scan(today=day)
    for reminder_id in result.to_send:
        services.deliver(reminder_id)
    return [(m.to[0], m.subject) for m in mail.outbox]


@pytest.fixture
def cior_secretariat(cior):
    cior.secretariat_email = "secretariat@cior.example.org"
    cior.save()
    return cior


@pytest.fixture
def ending_term(cior_secretariat):
    office = OfficeFactory(
        confederation=cior_secretariat,
        kind=OfficeKind.SECRETARY_GENERAL,
        title_en="Secretary General",
        reminder_lead_days=[90, 30, 7],
    )
    return TermFactory(
        office=office,
        person=PersonFactory(given_name="Liina", family_name="Kask", email="sg@example.org"),
        starts_on=D(2025, 8, 1),
        ends_on=D(2027, 8, 1),
    )


def test_the_holder_and_secretariat_are_reminded_at_each_lead_time(ending_term, time_machine):
    assert scan_and_send(D(2027, 5, 2)) == []  # 91 days before
    sent = scan_and_send(D(2027, 5, 3))  # 90 days before
    assert sent == [
        ("sg@example.org", "Your term as Secretary General ends in 90 days"),
        ("secretariat@cior.example.org", SECRETARIAT_SUBJECT % 90),
    ]
    mail.outbox.clear()
    assert scan_and_send(D(2027, 5, 4)) == []
    assert [s for _to, s in scan_and_send(D(2027, 7, 2))] == [
        "Your term as Secretary General ends in 30 days",
        SECRETARIAT_SUBJECT % 30,
    ]


def test_two_scans_on_one_day_send_one_email_each(ending_term):
    scan_and_send(D(2027, 7, 25))
    scan_and_send(D(2027, 7, 25))
    assert len(mail.outbox) == 2
    assert Reminder.objects.filter(status=ReminderStatus.SENT).count() == 2


def test_days_missed_are_caught_up_with_the_latest_lead_only(ending_term):
    # The worker was down from 100 days before the end until 20 days before it.
    sent = scan_and_send(D(2027, 7, 12))
    assert {s for _to, s in sent} == {
        "Your term as Secretary General ends in 30 days",
        SECRETARIAT_SUBJECT % 30,
    }
    assert scan_and_send(D(2027, 8, 2)) == sent  # after the end: nothing more


def test_a_renewed_term_is_reminded_again_for_its_new_end(ending_term):
    scan_and_send(D(2027, 7, 25))  # the 7-day reminder for 1 August
    ending_term.ends_on = D(2029, 8, 1)
    ending_term.save()
    mail.outbox.clear()
    assert scan_and_send(D(2029, 7, 25)) == [
        ("sg@example.org", "Your term as Secretary General ends in 7 days"),
        ("secretariat@cior.example.org", SECRETARIAT_SUBJECT % 7),
    ]


def test_a_reminder_owed_for_a_date_that_changed_is_not_sent(ending_term):
    services.scan(today=D(2027, 7, 25))  # owed, not yet sent
    Term.objects.filter(pk=ending_term.pk).update(ends_on=D(2029, 8, 1))
    for reminder in Reminder.objects.all():
        assert services.deliver(reminder.pk) == services.Outcome.OBSOLETE
    assert mail.outbox == []


def test_the_next_association_in_the_rotation_hears_the_presidency_is_ending(cior_secretariat):
    estonia = NationalAssociationFactory(
        confederation=cior_secretariat, nation=NationFactory(country="EE")
    )
    norway = NationalAssociationFactory(
        confederation=cior_secretariat, nation=NationFactory(country="NO")
    )
    president = PersonFactory(nation=estonia.nation, association=estonia, email="p@example.ee")
    TermFactory(
        office=OfficeFactory(
            confederation=cior_secretariat, kind=OfficeKind.PRESIDENT, title_fr="Président"
        ),
        person=president,
        starts_on=D(2022, 8, 5),
        ends_on=D(2024, 8, 2),
    )
    governance.appoint(
        office=governance.national_vice_president_office(norway),
        person=PersonFactory(nation=norway.nation, email="nvp@example.no", language="fr"),
        starts_on=D(2020, 1, 1),
    )
    for position, association in enumerate([estonia, norway], start=1):
        RotationPlace.objects.create(association=association, position=position)
    Presidency.objects.create(
        confederation=cior_secretariat, association=estonia, starts_on=D(2022, 8, 5),
        handed_over=True,
    )  # fmt: skip
    sent = dict(scan_and_send(D(2024, 7, 26)))
    assert set(sent) == {"p@example.ee", "secretariat@cior.example.org", "nvp@example.no"}
    assert sent["p@example.ee"] == "Your term as President ends in 7 days"
    assert sent["nvp@example.no"] == (
        f"CIOR\u00a0: le mandat de {president.full_name} en tant que Président prend fin "
        "dans 7 jours"
    )


def test_the_association_the_leadership_page_names_next_hears_the_presidency_is_ending(
    cior_secretariat,
):
    """The council has approved Latvia's presidency ahead of Norway's place in the
    rotation: the page and the reminder both follow the one rotation."""
    estonia, norway, latvia = (
        member_of(cior_secretariat, country) for country in ("EE", "NO", "LV")
    )
    for position, association in enumerate([estonia, norway, latvia], start=1):
        RotationPlace.objects.create(association=association, position=position)
    Presidency.objects.create(
        confederation=cior_secretariat, association=estonia, starts_on=D(2022, 8, 5),
        handed_over=True,
    )  # fmt: skip
    governance.approve_presidency(
        presidency=Presidency.objects.create(
            confederation=cior_secretariat, association=latvia, starts_on=D(2024, 8, 2)
        ),
        decided_on=D(2023, 2, 1),
    )
    TermFactory(
        office=OfficeFactory(confederation=cior_secretariat, kind=OfficeKind.PRESIDENT),
        person=PersonFactory(nation=estonia.nation, email="p@example.ee"),
        starts_on=D(2022, 8, 5),
        ends_on=D(2024, 8, 2),
    )
    for association, email in [(norway, "nvp@example.no"), (latvia, "nvp@example.lv")]:
        governance.appoint(
            office=governance.national_vice_president_office(association),
            person=PersonFactory(nation=association.nation, email=email),
            starts_on=D(2020, 1, 1),
        )
    [shown] = leadership(D(2024, 7, 26))
    assert shown.rotation.next_presidency.association == latvia
    assert [place.association for place in shown.rotation.after] == [norway]
    assert "nvp@example.lv" in dict(scan_and_send(D(2024, 7, 26)))
    assert "nvp@example.no" not in dict(scan_and_send(D(2024, 7, 26)))


@pytest.fixture
def waiting_application(cior_secretariat, time_machine):
    time_machine.move_to(datetime.datetime(2026, 1, 10, 9, tzinfo=datetime.UTC))
    NationFactory(country="IS")
    return governance.submit_application(
        confederation=cior_secretariat,
        country="IS",
        association_name="Icelandic Reserve Officers",
        contact_name="Contact",
        contact_email="contact@example.org",
        category="full",
        statement="Please.",
    )


def test_an_application_waiting_longer_than_the_set_days_is_reminded_once(waiting_application):
    mail.outbox.clear()
    assert scan_and_send(D(2026, 1, 24)) == []  # 14 days: not longer than 14
    assert scan_and_send(D(2026, 1, 25)) == [
        (
            "secretariat@cior.example.org",
            "CIOR: the application from Iceland is waiting for a decision",
        )
    ]
    mail.outbox.clear()
    assert scan_and_send(D(2026, 2, 1)) == []


def test_a_decided_application_is_not_reminded(waiting_application):
    governance.reject_application(
        application=waiting_application, decided_on=D(2026, 1, 20), reason="No."
    )
    mail.outbox.clear()
    assert scan_and_send(D(2026, 1, 25)) == []


def test_before_a_council_meeting_one_email_lists_every_pending_application(
    waiting_application, cior_secretariat
):
    NationFactory(country="JP")
    governance.submit_application(
        confederation=cior_secretariat,
        country="JP",
        association_name="Japanese Reserve Officers",
        contact_name="Contact",
        contact_email="jp@example.org",
        category="associate",
        statement="Please.",
    )
    EventFactory(
        kind="mid-winter-meeting",
        title_en="Mid-Winter Meeting 2026",
        confederations=[cior_secretariat],
        starts_on=D(2026, 2, 5),
    )
    mail.outbox.clear()
    scan_and_send(D(2026, 1, 22))  # 14 days before the meeting
    [digest] = [m for m in mail.outbox if "before" in m.subject]
    assert digest.subject == "CIOR: applications waiting before Mid-Winter Meeting 2026"
    assert "Icelandic Reserve Officers" in digest.body
    assert "Japanese Reserve Officers" in digest.body
    assert digest.alternatives[0][1] == "text/html"


@pytest.fixture
def meeting_with_deadline(cior_secretariat):
    return EventFactory(
        kind="mid-winter-meeting",
        title_en="Mid-Winter Meeting 2027",
        title_fr="Réunion d'hiver 2027",
        slug="mwm-2027",
        confederations=[cior_secretariat],
        starts_on=D(2027, 2, 4),
        delegation_deadline=D(2027, 1, 14),
    )


def vice_president_of(association, email: str, language: str = "en"):
    person = PersonFactory(
        nation=association.nation, association=association, email=email, language=language
    )
    governance.appoint(
        office=governance.national_vice_president_office(association),
        person=person,
        starts_on=D(2026, 1, 1),
    )
    return person


def test_vice_presidents_without_a_submitted_delegation_are_reminded_in_their_language(
    cior_secretariat, meeting_with_deadline
):
    estonia = NationalAssociationFactory(
        confederation=cior_secretariat, nation=NationFactory(country="EE")
    )
    france = NationalAssociationFactory(
        confederation=cior_secretariat, nation=NationFactory(country="FR")
    )
    latvia = NationalAssociationFactory(
        confederation=cior_secretariat, nation=NationFactory(country="LV")
    )
    vice_president_of(estonia, "vp@example.ee")
    vice_president_of(france, "vp@example.fr", language="fr")
    latvian = vice_president_of(latvia, "vp@example.lv")
    delegations.add_member(
        association=latvia, event=meeting_with_deadline, person=latvian, role="head"
    )
    from delegations.models import Delegation

    delegations.submit(delegation=Delegation.objects.get(association=latvia))
    mail.outbox.clear()
    sent = dict(scan_and_send(D(2026, 12, 24)))  # 21 days before the deadline
    assert sent == {
        "vp@example.ee": "Mid-Winter Meeting 2027: your delegation is due on Jan. 14, 2027",
        "vp@example.fr": (
            "Réunion d'hiver 2027\u00a0: votre délégation est attendue au plus tard le "
            "14 janvier 2027"
        ),
    }
    links = {m.to[0]: re.findall(r"http://\S+", m.body) for m in mail.outbox}
    assert links["vp@example.fr"] == [
        f"http://127.0.0.1:8000/fr/delegations/{france.pk}/{meeting_with_deadline.slug}/"
    ]
    assert links["vp@example.ee"] == [
        f"http://127.0.0.1:8000/delegations/{estonia.pk}/{meeting_with_deadline.slug}/"
    ]


def test_a_moved_deadline_re_arms_the_delegation_reminder(cior_secretariat, meeting_with_deadline):
    estonia = NationalAssociationFactory(
        confederation=cior_secretariat, nation=NationFactory(country="EE")
    )
    vice_president_of(estonia, "vp@example.ee")
    scan_and_send(D(2027, 1, 7))
    meeting_with_deadline.delegation_deadline = D(2027, 1, 21)
    meeting_with_deadline.save()
    mail.outbox.clear()
    assert [s for _to, s in scan_and_send(D(2027, 1, 14))] == [
        "Mid-Winter Meeting 2027: your delegation is due on Jan. 21, 2027"
    ]


def test_a_meeting_without_a_deadline_is_due_on_its_eve(cior_secretariat):
    EventFactory(
        kind="mid-winter-meeting",
        title_en="Mid-Winter Meeting 2027",
        confederations=[cior_secretariat],
        starts_on=D(2027, 2, 4),
        delegation_deadline=None,
    )
    estonia = NationalAssociationFactory(
        confederation=cior_secretariat, nation=NationFactory(country="EE")
    )
    vice_president_of(estonia, "vp@example.ee")
    assert [s for _to, s in scan_and_send(D(2027, 1, 13))] == [  # 21 days before the eve
        "Mid-Winter Meeting 2027: your delegation is due on Feb. 3, 2027"
    ]


def test_vacant_offices_are_listed_to_the_secretariat_once_a_week(cior_secretariat):
    OfficeFactory(
        confederation=cior_secretariat,
        kind=OfficeKind.SECRETARY_GENERAL,
        title_en="Secretary General",
    )
    assert scan_and_send(D(2026, 11, 23)) == [
        ("secretariat@cior.example.org", "CIOR: 1 vacant office")
    ]
    mail.outbox.clear()
    for day in range(24, 30):  # the rest of that week
        assert scan_and_send(D(2026, 11, day)) == []
    assert len(scan_and_send(D(2026, 11, 30))) == 1  # the next Monday


def test_the_scan_makes_as_many_queries_for_30_terms_as_for_3(
    cior_secretariat,
):

    def add(count):
        for _ in range(count):
            TermFactory(
                office=OfficeFactory(
                    confederation=cior_secretariat,
                    code=f"o{Reminder.objects.count()}-{PersonFactory().pk}",
                ),
                starts_on=D(2025, 1, 1),
                ends_on=D(2027, 8, 1),
            )

    add(3)
    with CaptureQueriesContext(connection) as three:
        services.scan(today=D(2027, 7, 25))
    add(27)
    with CaptureQueriesContext(connection) as thirty:
        services.scan(today=D(2027, 7, 25))
    assert len(thirty) == len(three)
