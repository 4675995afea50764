"""Every page of the secretariat's admin that shows rows asks the database as often for
30 rows as for 3: a row that asked for what it names (an N+1) would show here as 27
queries more. Every list, with the demo's rows (made up to 30 by MORE_ROWS where the
demo has fewer), a page of 3 and a page of 30; every change form with inlines, a row
with 3 rows in each inline and one with 30 (MADE_WITH_ROWS). An admin added without a
way to make its rows fails here until it has one."""

import datetime
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from about.models import Section
from awards.models import Award
from awards.models import Nomination as AwardNomination
from confed.desk import TECHNICAL_APPS
from council.models import (
    AgendaItem,
    Ballot,
    Candidate,
    CouncilRules,
    Minutes,
    Motion,
    Poll,
    PollCandidate,
    Proxy,
    Seat,
    Session,
    VotingRule,
)
from delegations.models import Delegation, DelegationMember
from documents.models import Document, Version
from elections.models import Call, Candidature
from elections.models import Nomination as ElectionNomination
from events.models import Event, ProgrammeItem
from governance.models import (
    Committee,
    CommitteeMember,
    CouncilDecision,
    MembershipApplication,
    Office,
    Presidency,
    PresidencyAppointment,
)
from members.models import (
    Confederation,
    MembershipChange,
    NationalAssociation,
    Person,
)
from reminders.models import Reminder
from subscriptions.models import CreditNote, Invoice, Payment, Scale, ScaleRate
from tests.factories import (
    COUNTRY_CODES,
    CommitteeFactory,
    ConfederationFactory,
    CouncilDecisionFactory,
    EventFactory,
    NationalAssociationFactory,
    NationFactory,
    OfficeFactory,
    PersonFactory,
    TermFactory,
)

pytestmark = pytest.mark.django_db

FEW, MANY = 3, 30
ADMINS = {
    model._meta.label: model_admin
    for model, model_admin in admin.site._registry.items()
    if model._meta.app_label not in TECHNICAL_APPS
}


def queries_of(client, url: str) -> tuple[int, object]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(queries), response


# -- the lists -------------------------------------------------------------------------
# Rows added to the demo's where it has fewer than MANY: `n` more, as plain as the
# model's constraints allow (the list shows them; no service's rules are asked of them).


def cior() -> Confederation:
    return Confederation.objects.get(code="cior")


def confederations(n: int) -> list[Confederation]:
    return [ConfederationFactory(code=f"made{i}", acronym=f"MADE{i}") for i in range(n)]


def sessions(n: int) -> list[Session]:
    on = datetime.date(2031, 1, 1)
    return [
        Session.objects.create(confederation=cior(), held_on=on + datetime.timedelta(i))
        for i in range(n)
    ]  # by correspondence: a meeting has one session of a council


def items(n: int, kind: str = "information") -> list[AgendaItem]:
    session = sessions(1)[0]
    business = {"business": "other"} if kind != "information" else {}
    return [
        AgendaItem.objects.create(
            session=session, position=i + 1, kind=kind, title_en=f"Item {i}", **business
        )
        for i in range(n)
    ]


def people(n: int) -> list[Person]:
    return [PersonFactory(nation=NationFactory(country="EE")) for _ in range(n)]


def associations() -> list[NationalAssociation]:
    return list(NationalAssociation.objects.select_related("nation"))


def decision(kind: str = "other") -> CouncilDecision:
    return CouncilDecisionFactory(confederation=cior(), kind=kind)


def make_reminders(n: int) -> None:
    on = datetime.date(2030, 1, 1)
    for i in range(n):
        Reminder.objects.create(
            kind="vacant-offices", subject=f"made:{i}", recipient="sg@example.org",
            target_on=on, due_on=on,
        )  # fmt: skip


def make_credit_notes(n: int) -> None:
    for i, invoice in enumerate(Invoice.objects.order_by("pk")[:n]):
        CreditNote.objects.create(
            number=f"MADE-{i}", invoice=invoice, kind="correction", issued_on=invoice.issued_on,
            amount=Decimal("1"), reason="Rounding",
        )  # fmt: skip


def make_delegations(n: int) -> None:
    pairs = [
        (association, event)
        for event in Event.objects.order_by("pk")
        for association in associations()
        if not Delegation.objects.filter(association=association, event=event).exists()
    ]
    for association, event in pairs[:n]:
        Delegation.objects.create(association=association, event=event)


def make_proxies(n: int) -> None:
    session, (holder, *givers) = sessions(1)[0], associations()
    for giver in givers[:n]:
        Proxy.objects.create(session=session, giver=giver, holder=holder)


def make_polls(n: int) -> None:
    for item in items(n, kind="decision"):
        Poll.objects.create(
            item=item, method="roll-call", business="other", majority="simple",
            associates_vote=True,
        )  # fmt: skip


def make_election_nominations(n: int) -> None:
    call = Call.objects.create(
        office=Office.objects.first(), term_starts_on=datetime.date(2031, 8, 1),
        closes_on=datetime.date(2031, 6, 1),
    )  # fmt: skip
    for person, association in zip(people(n), associations(), strict=False):
        ElectionNomination.objects.create(
            call=call, nominee=person, association=association, statement="Able."
        )


def make_award_nominations(n: int) -> None:
    award = Award.objects.create(confederation=cior(), slug="made-award", name_en="Made")
    for person, association in zip(people(n), associations(), strict=False):
        AwardNomination.objects.create(
            award=award, person=person, association=association, citation="For merit."
        )


def make_presidencies(n: int) -> None:
    for i in range(n):
        Presidency.objects.create(
            confederation=cior(), association=associations()[0],
            starts_on=datetime.date(2101 + 2 * i, 8, 1), ends_on=datetime.date(2102 + 2 * i, 8, 1),
        )  # fmt: skip


def make_applications(n: int) -> None:
    for i in range(n):
        MembershipApplication.objects.create(
            confederation=cior(), country="IS", association_name=f"Applicant {i}",
            contact_name="Contact", contact_email="contact@example.org", category="full",
            statement="Please.", status="withdrawn",
        )  # fmt: skip


def make_scales(n: int) -> None:
    for i in range(n):
        Scale.objects.create(
            confederation=cior(), year=2101 + i, full_member=Decimal("100"),
            associate_member=Decimal("50"), due_on=datetime.date(2101 + i, 3, 31),
            decision=decision("subscriptions"),
        )  # fmt: skip


def make_voting_rules(n: int) -> None:
    for confederation in confederations(n):
        for business in ("other", "budget"):
            VotingRule.objects.create(
                confederation=confederation, business=business, majority="simple"
            )


def make_calls(n: int) -> None:
    for i in range(n):
        Call.objects.create(
            office=Office.objects.first(), term_starts_on=datetime.date(2101 + i, 8, 1),
            closes_on=datetime.date(2101 + i, 6, 1),
        )  # fmt: skip


def make_candidatures(n: int) -> None:
    for i in range(n):
        Candidature.objects.create(
            association=associations()[0], kind="presidency", year=2101 + i, statement="Ready."
        )


MORE_ROWS: dict[str, Callable[[int], object]] = {
    "auth.Group": lambda n: [Group.objects.create(name=f"Made {i}") for i in range(n)],
    "members.Confederation": confederations,
    "governance.Committee": lambda n: [CommitteeFactory(confederation=cior()) for _ in range(n)],
    "governance.Presidency": make_presidencies,
    "governance.MembershipApplication": make_applications,
    "subscriptions.Scale": make_scales,
    "subscriptions.CreditNote": make_credit_notes,
    "documents.Document": lambda n: [
        Document.objects.create(confederation=cior(), kind="minutes", title_en=f"Made {i}")
        for i in range(n)
    ],
    "about.Section": lambda n: [
        Section.objects.create(
            confederation=cior(), slug=f"made-{i}", title_en=f"Made {i}", body_en="Text."
        )
        for i in range(n)
    ],
    "delegations.Delegation": make_delegations,
    "council.CouncilRules": lambda n: [
        CouncilRules.objects.create(confederation=confederation)
        for confederation in confederations(n)
    ],
    "council.VotingRule": make_voting_rules,
    "council.Session": sessions,
    "council.AgendaItem": items,
    "council.Motion": lambda n: [
        Motion.objects.create(
            session=sessions(1)[0],
            association=associations()[i],
            title=f"Motion {i}",
            text="It decides.",
        )
        for i in range(n)
    ],
    "council.Proxy": make_proxies,
    "council.Poll": make_polls,
    "council.Minutes": lambda n: [
        Minutes.objects.create(session=session, text_en="Minuted.") for session in sessions(n)
    ],
    "elections.Call": make_calls,
    "elections.Nomination": make_election_nominations,
    "elections.Candidature": make_candidatures,
    "awards.Award": lambda n: [
        Award.objects.create(confederation=cior(), slug=f"made-{i}", name_en=f"Made {i}")
        for i in range(n)
    ],
    "awards.Nomination": make_award_nominations,
    "reminders.Reminder": make_reminders,
}


@pytest.mark.parametrize("label", sorted(ADMINS))
def test_a_list_asks_as_often_for_30_rows_as_for_3(
    label, demo_loaded, secretariat_client, monkeypatch
):
    model_admin = ADMINS[label]
    model = model_admin.model
    missing = MANY - model._default_manager.count()
    if missing > 0:
        assert label in MORE_ROWS, f"the demo has too few rows of {label}: add it to MORE_ROWS"
        MORE_ROWS[label](missing)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    secretariat_client.get(url)  # the first request fills the session's caches
    counted = {}
    for rows in (FEW, MANY):
        monkeypatch.setattr(model_admin, "list_per_page", rows)
        counted[rows], response = queries_of(secretariat_client, url)
        assert len(response.context["cl"].result_list) == rows
    assert counted[MANY] == counted[FEW]


# -- the change forms with inlines -----------------------------------------------------
# A row of the model with `n` rows in each of its change form's inlines. The inlines
# that show only what holds now (an office's terms, a committee's members) are given
# rows that do.


def today() -> datetime.date:
    return timezone.localdate()


def nations(n: int) -> list:
    return [NationFactory(country=code) for code in COUNTRY_CODES[:n]]


def members_of(confederation: Confederation, n: int) -> list[NationalAssociation]:
    return [
        NationalAssociationFactory(confederation=confederation, nation=nation)
        for nation in nations(n)
    ]


def association_with_history(n: int) -> NationalAssociation:
    association = NationalAssociationFactory(confederation=ConfederationFactory(code=f"c{n}"))
    for year in range(n - 1):  # its admission is the first
        MembershipChange.objects.create(
            association=association, effective_on=datetime.date(1991 + year, 1, 1),
            category="full", status="active", note="Renewed",
        )  # fmt: skip
    return association


def person_with_records(n: int) -> Person:
    person = PersonFactory()
    office = OfficeFactory(confederation=ConfederationFactory(), code=f"made-{n}")
    committee = CommitteeFactory()
    for i in range(n):
        TermFactory(
            office=office, person=person, seat=i + 1, starts_on=datetime.date(2000, 1, 1),
            ends_on=datetime.date(2002, 1, 1),
        )  # fmt: skip
        CommitteeMember.objects.create(
            committee=committee, person=person, nation=person.nation,
            since=datetime.date(1990 + i, 1, 1), until=datetime.date(1991 + i, 1, 1),
        )  # fmt: skip
    association = NationalAssociationFactory(
        confederation=ConfederationFactory(code=f"p{n}"), nation=person.nation
    )
    for _ in range(n):
        delegation = Delegation.objects.create(association=association, event=EventFactory())
        DelegationMember.objects.create(
            delegation=delegation, person=person, role="delegate", seat=1, seat_limit=6
        )
    return person


def office_with_terms(n: int) -> Office:
    office = OfficeFactory(confederation=ConfederationFactory(), code=f"made-{n}")
    for i in range(n):
        TermFactory(office=office, seat=i + 1, starts_on=today() - datetime.timedelta(365),
                    ends_on=None)  # fmt: skip
    return office


def committee_with_members(n: int) -> Committee:
    committee = CommitteeFactory()
    for person in [PersonFactory() for _ in range(n)]:
        CommitteeMember.objects.create(
            committee=committee, person=person, nation=person.nation, nominated_by=person,
            since=datetime.date(2020, 1, 1),
        )  # fmt: skip
    return committee


def presidency_with_team(n: int) -> Presidency:
    confederation = ConfederationFactory(code=f"c{n}")
    presidency = Presidency.objects.create(
        confederation=confederation, association=members_of(confederation, 1)[0],
        starts_on=datetime.date(2030, 8, 1),
    )  # fmt: skip
    for i in range(n):
        PresidencyAppointment.objects.create(
            presidency=presidency, person=PersonFactory(),
            office=OfficeFactory(confederation=confederation, code=f"team-{i}",
                                 held_by_presidency=True),
            decision=CouncilDecisionFactory(confederation=confederation),
        )  # fmt: skip
    return presidency


def scale_with_rates(n: int) -> Scale:
    confederation = ConfederationFactory(code=f"c{n}")
    approved = CouncilDecisionFactory(confederation=confederation, kind="subscriptions")
    scale = Scale.objects.create(
        confederation=confederation, year=2030, full_member=Decimal("100"),
        associate_member=Decimal("50"), due_on=datetime.date(2030, 3, 31), decision=approved,
    )  # fmt: skip
    for association in members_of(confederation, n):
        ScaleRate.objects.create(
            scale=scale, association=association, amount=Decimal("10"), decision=approved
        )
    return scale


def invoice_with_payments_and_credit_notes(n: int) -> Invoice:
    confederation = ConfederationFactory(code=f"i{n}")
    scale = Scale.objects.create(
        confederation=confederation, year=2030, full_member=Decimal("100"),
        associate_member=Decimal("50"), due_on=datetime.date(2030, 3, 31),
        decision=CouncilDecisionFactory(confederation=confederation, kind="subscriptions"),
    )  # fmt: skip
    association = members_of(confederation, 1)[0]
    invoice = Invoice.objects.create(
        number=f"INV-{n}", confederation=scale.confederation, association=association,
        year=2030, scale=scale, issued_on=datetime.date(2030, 1, 15),
        due_on=datetime.date(2030, 3, 31), amount=Decimal("100"), billed_to=association.name,
        language="en",
    )  # fmt: skip
    for i in range(n):
        Payment.objects.create(
            invoice=invoice, received_on=datetime.date(2030, 2, 1), amount=Decimal("1"),
            reference=f"SEPA {i}",
        )  # fmt: skip
        CreditNote.objects.create(
            number=f"CN-{n}-{i}", invoice=invoice, kind="correction",
            issued_on=datetime.date(2030, 2, 2), amount=Decimal("1"), reason="Rounding",
        )  # fmt: skip
    return invoice


def event_with_programme(n: int) -> Event:
    event = EventFactory()
    for i in range(n):
        ProgrammeItem.objects.create(
            event=event, day=event.starts_on, starts_at=datetime.time(8 + i % 12, i % 60),
            title_en=f"Session {i}",
        )  # fmt: skip
    return event


def document_with_versions(n: int) -> Document:
    document = Document.objects.create(
        confederation=ConfederationFactory(), kind="minutes", title_en="Minutes"
    )
    for i in range(n):
        Version.objects.create(
            document=document, number=i + 1, file=f"documents/minutes-{i}.pdf",
            name=f"minutes-{i}.pdf", content_type="application/pdf", size=100,
            sha256="0" * 64, is_current=i == n - 1,
        )  # fmt: skip
    return document


def delegation_with_members(n: int) -> Delegation:
    association = members_of(ConfederationFactory(code=f"d{n}"), 1)[0]
    delegation = Delegation.objects.create(association=association, event=EventFactory())
    for seat, person in enumerate([PersonFactory() for _ in range(n)], start=1):
        DelegationMember.objects.create(
            delegation=delegation, person=person, role="delegate", seat=seat, seat_limit=20
        )
    return delegation


def session_with_agenda(n: int) -> Session:
    session = Session.objects.create(
        confederation=ConfederationFactory(code=f"c{n}"), held_on=datetime.date(2031, 1, 1)
    )
    for i in range(n):
        AgendaItem.objects.create(
            session=session, position=i + 1, kind="information", title_en=f"Item {i}"
        )
    return session


def election_with_candidates(n: int) -> AgendaItem:
    session = Session.objects.create(
        confederation=ConfederationFactory(code=f"c{n}"), held_on=datetime.date(2031, 1, 1)
    )
    item = AgendaItem.objects.create(
        session=session, position=1, kind="election", business="other", title_en="Election"
    )
    for i in range(n):
        Candidate.objects.create(item=item, position=i + 1, name=f"Candidate {i}")
    return item


def poll_with_ballots(n: int) -> Poll:
    item = election_with_candidates(n)
    poll = Poll.objects.create(
        item=item, method="roll-call", business="other", majority="simple",
        associates_vote=True,
    )  # fmt: skip
    for candidate in item.candidates.all():
        PollCandidate.objects.create(poll=poll, candidate=candidate)
    for association in members_of(item.session.confederation, n):
        seat = Seat.objects.create(session=item.session, association=association)
        Ballot.objects.create(poll=poll, seat=seat, choice="yes")
    return poll


def call_with_nominations(n: int) -> Call:
    call = Call.objects.create(
        office=OfficeFactory(confederation=ConfederationFactory(), code=f"made-{n}"),
        term_starts_on=datetime.date(2031, 8, 1), closes_on=datetime.date(2031, 6, 1),
    )  # fmt: skip
    for person in [PersonFactory() for _ in range(n)]:
        ElectionNomination.objects.create(call=call, nominee=person, statement="Able.")
    return call


# The rows each inline of these change forms shows, at most: a delegation has at most
# twenty members (MAX_DELEGATION_SIZE).
MADE_WITH_ROWS: dict[str, tuple[Callable[[int], object], int]] = {
    "members.NationalAssociation": (association_with_history, MANY),
    "members.Person": (person_with_records, MANY),
    "governance.Office": (office_with_terms, MANY),
    "governance.Committee": (committee_with_members, MANY),
    "governance.Presidency": (presidency_with_team, MANY),
    "subscriptions.Scale": (scale_with_rates, MANY),
    "subscriptions.Invoice": (invoice_with_payments_and_credit_notes, MANY),
    "events.Event": (event_with_programme, MANY),
    "documents.Document": (document_with_versions, MANY),
    "delegations.Delegation": (delegation_with_members, 20),
    "council.Session": (session_with_agenda, MANY),
    "council.AgendaItem": (election_with_candidates, MANY),
    "council.Poll": (poll_with_ballots, MANY),
    "elections.Call": (call_with_nominations, MANY),
}


def with_inlines() -> list[str]:
    """The admins whose change form has inlines (some add theirs only to a saved row)."""
    return sorted(
        label
        for label, model_admin in ADMINS.items()
        if model_admin.inlines or type(model_admin).get_inlines is not admin.ModelAdmin.get_inlines
    )


def change_form(obj) -> str:
    meta = obj._meta
    return reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])


def rows_shown(response) -> int:
    return sum(
        len(inline.formset.initial_forms) for inline in response.context["inline_admin_formsets"]
    )


@pytest.mark.parametrize("label", with_inlines())
def test_a_change_form_asks_as_often_for_30_inline_rows_as_for_3(label, secretariat_client):
    assert label in MADE_WITH_ROWS, f"add a way to make a {label} with inline rows"
    made_with, many = MADE_WITH_ROWS[label]
    urls = {rows: change_form(made_with(rows)) for rows in (FEW, many)}
    secretariat_client.get(urls[FEW])  # the first request fills the session's caches
    counted = {}
    for rows, url in urls.items():
        counted[rows], response = queries_of(secretariat_client, url)
        inlines = len(response.context["inline_admin_formsets"])
        assert rows_shown(response) == rows * inlines
    assert counted[many] == counted[FEW]


def test_a_committee_member_row_names_its_person_nation_and_nominator_without_asking(
    secretariat_client,
):
    committee = committee_with_members(2)
    response = secretariat_client.get(
        reverse("admin:governance_committee_change", args=[committee.pk])
    )
    page = response.content.decode()
    for member in committee.members.select_related("person", "nation"):
        assert f'<option value="{member.person.pk}" selected>{member.person}</option>' in page
        assert f'<option value="{member.nation.pk}" selected>{member.nation}</option>' in page
