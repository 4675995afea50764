"""An election as its people click through it, each at a browser of their own: the
secretariat opens a call for nominations to CIOR's Permanent Representative to NATO
from the admin; Estonia's vice president finds it in the portal and nominates one of
Estonia's delegates at a desk; the nominee accepts on a phone from the link in the
email; the day after the last for nominations the secretariat closes the call, which
puts the candidate on the agenda of the council's session. On the session's day the
council elects (the session and the poll opened and the poll closed from the admin;
the roll marked and the hands shown by the services), and the leadership page shows
the new Permanent Representative from the first day of the term, and the one before
them on its eve. The days pass by time_machine, the live server's clock with the
test's; a login a week old has expired by the session's day.

The session is at CIOR's next regular meeting without one (the demo's are taken by
council/demo.py); the demo's own call, CIOMR's, is left as it is."""

import datetime
import re
from collections.abc import Callable
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from confed.i18n import format_date
from confed.models import Email
from council import selectors as council_selectors
from council import services as council
from council.models import Poll, Session
from delegations import services as delegations
from delegations.models import Delegation
from elections.models import Call, Nomination, NominationStatus
from governance.models import Office, OfficeKind, Term
from governance.services import end_term
from members.models import Confederation, Person
from tests.browser.conftest import DESKTOP, Visitor
from tests.browser.test_council import act, meetings_ahead, menu, said
from tests.browser.test_pages_fit_the_screen import assert_in_reach
from tests.browser.test_people_at_work import log_in

pytestmark = pytest.mark.django_db(transaction=True)

STATEMENT = "Twenty years a reserve officer, and Estonia's liaison to NATO's reserve forces."
ANSWER_LINK = re.compile(r"/elections/answer/[0-9a-f-]{36}/")


@pytest.fixture
def another(request, browser, live_server, visitor) -> Callable[[str], Visitor]:
    """Another person at a browser of their own (as in test_council.py)."""
    contexts = []

    def at_a_browser(name: str) -> Visitor:
        context = browser.new_context(viewport=DESKTOP, locale="en-GB")
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return Visitor(page, live_server.url, f"{request.node.name}-{name}")

    yield at_a_browser
    for context in contexts:
        context.close()


def on(day: datetime.date) -> datetime.datetime:
    """Nine in the morning of `day`, where the portal keeps its dates."""
    return datetime.datetime.combine(day, datetime.time(9), tzinfo=ZoneInfo(settings.TIME_ZONE))


def back_in(visitor: Visitor, username: str, path: str) -> Page:
    """Log in again, days later (the last login has expired), and go on to `path`; the
    login's pages were seen the first time."""
    page = visitor.page
    page.goto(f"{visitor.base_url}{reverse('login')}?next={path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(settings.DEMO_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(visitor.base_url + path)
    return page


def test_a_vice_president_nominates_the_nominee_accepts_and_the_council_elects(
    visitor, another, time_machine
):
    cior = Confederation.objects.get(code="cior")
    meeting = meetings_ahead(cior)[0]
    session = Session.objects.create(
        confederation=cior, event=meeting, held_on=meeting.starts_on, place="Room 2"
    )
    # The Permanent Representative, without a fixed term, steps down the day after the
    # meeting: the secretariat has recorded the end of their term, and calls, for a week.
    office = Office.objects.get(confederation=cior, kind=OfficeKind.PERMANENT_REPRESENTATIVE)
    starts_on = (meeting.ends_on or meeting.starts_on) + datetime.timedelta(days=1)
    predecessor = Term.objects.current().get(office=office)
    end_term(term=predecessor, on=starts_on)
    closes_on = timezone.localdate() + datetime.timedelta(days=7)
    assert closes_on < session.held_on
    call = Call.objects.create(
        office=office,
        term_starts_on=starts_on,
        closes_on=closes_on,
        session=session,
        notes_en="Nominations from the heads of delegation, with a statement.",
    )
    # One of Estonia's delegates to the Mid-Winter Meeting (delegations/demo.py), their
    # delegation submitted: a member of a delegation of CIOR.
    nominee = Person.objects.get(email="cior-delegate-est-1@example.org")
    delegations.submit(delegation=Delegation.objects.get(members__person=nominee))
    desk, estonia, phone = visitor, another("vp-cior-est"), another("nominee")
    mail.outbox.clear()

    # 1. The secretariat opens the call from the admin: the heads of delegation are told.
    page = log_in(desk, "secretariat", "/admin/login/")
    page.get_by_role("link", name="Calls for nominations", exact=True).click()  # the index
    act(page, call, "Open for nominations (emails the heads of delegation)")
    desk.check()
    said(page, f"{call} is open for nominations.")
    call.refresh_from_db()
    assert call.is_open
    assert call.term_ends_on is None  # the office has no fixed term
    told = Email.objects.filter(template="elections/emails/call_opened")
    heads = {e for email in told for e in email.to}
    assert "vp-cior-est@example.org" in heads
    assert len(heads) > 20

    # 2. Estonia's vice president finds the call and nominates, at a desk.
    page = log_in(estonia, "vp-cior-est")
    page.get_by_role("link", name="Your association's delegations to the meetings").click()
    page.get_by_role("link", name="Elections: calls for nominations, your nominations").click()
    estonia.check()  # the calls, 1280 and 390 px
    expect(page.get_by_role("heading", level=1)).to_have_text("Elections")
    page.get_by_role("link", name=re.compile("^Permanent Representative to NATO")).click()
    estonia.check()  # the call, with its form
    expect(page.get_by_role("heading", level=1)).to_have_text("Permanent Representative to NATO")
    expect(page.get_by_text("No nomination yet.")).to_be_visible()
    nominated_by = page.get_by_label("Nominated by")
    expect(nominated_by.locator("option:checked")).to_have_text("Estonia")
    page.get_by_label("Nominee").select_option(label=f"{nominee.name_with_rank} (Estonia)")
    page.get_by_label("Statement").fill(STATEMENT)
    page.get_by_role("button", name="Nominate").click()
    estonia.check()
    expect(page.get_by_text(f"{nominee} is nominated, and asked by email")).to_be_visible()
    nominations = page.get_by_role("listitem").filter(has_text=nominee.name_with_rank)
    expect(nominations).to_contain_text("waiting for the nominee's answer")
    nomination = Nomination.objects.get(call=call)
    assert (nomination.nominee, nomination.association.nation.code) == (nominee, "EST")

    # 3. The nominee accepts, on a phone, from the link in the email.
    [email] = [m for m in mail.outbox if m.to == [nominee.email]]
    assert email.subject == "You are nominated for Permanent Representative to NATO"
    assert STATEMENT in email.body
    link = ANSWER_LINK.search(email.body).group()
    page = phone.open(link)  # the answer, 1280 and 390 px
    with phone.phone():
        expect(page.get_by_role("heading", level=1)).to_have_text("Your nomination")
        greeting = page.get_by_text(f"{nominee.name_with_rank}, you are nominated for")
        expect(greeting).to_contain_text("Permanent Representative to NATO")
        expect(page.locator("blockquote")).to_have_text(STATEMENT)
        button = page.get_by_role("button", name="I accept")
        assert_in_reach(button)
        button.click()
        expect(page.get_by_text("Thank you: you accept the nomination.")).to_be_visible()
        expect(
            page.get_by_text("You accept: you stand for election when the call closes.")
        ).to_be_visible()
    phone.check()
    nomination.refresh_from_db()
    assert nomination.status == NominationStatus.ACCEPTED
    assert [m.subject for m in mail.outbox if m.to == ["vp-cior-est@example.org"]][-1] == (
        f"{nominee} accepts the nomination"
    )

    # 4. The day after the last for nominations, the secretariat closes the call: the
    # candidate is on the session's agenda, which goes to the heads of delegation.
    time_machine.move_to(on(closes_on + datetime.timedelta(days=1)))
    page = desk.page
    menu(page, "Calls for nominations")
    act(page, call, "Close, and put the candidates on the session's agenda")
    desk.check()
    said(page, f"{call} is closed; its candidates are on the agenda.")
    call.refresh_from_db()
    item = call.item
    title = f"Election: Permanent Representative to NATO ({starts_on:%Y})"
    assert (item.session, item.kind, item.title_en) == (session, "election", title)
    assert [c.name for c in item.candidates.all()] == [f"{nominee.name_with_rank} (EST)"]
    menu(page, "Council sessions")
    act(page, session, "Send the agenda to the heads of delegation")
    said(page, f"{session}: the agenda is sent to the heads of delegation.")

    page = estonia.open(call.get_absolute_url())  # closed: the nominee a candidate
    expect(page.get_by_text("(closed)")).to_be_visible()
    expect(page.get_by_role("heading", name="Nominate")).to_have_count(0)
    expect(nominations).to_contain_text("accepted: a candidate")
    page.get_by_role("link", name="Elections", exact=True).click()  # the breadcrumb
    candidatures = "Candidatures for the presidency and the Summer Congress"
    page.get_by_role("link", name=candidatures).click()
    estonia.check()  # the candidatures, 1280 and 390 px
    expect(page.get_by_role("heading", level=1)).to_have_text(candidatures)

    # 5. On the session's day the council elects: the session opened and the poll
    # opened and closed from the admin; everyone present and their hands shown by the
    # services. One candidate: yes or no.
    time_machine.move_to(on(session.held_on))
    page = back_in(desk, "secretariat", reverse("admin:council_session_changelist"))
    act(page, session, "Open the session (keep the roll)")
    said(page, f"{session} is open: mark who is present.")
    everyone = set(session.seats.values_list("pk", flat=True))
    council.mark_attendance(session=session, present=everyone)
    menu(page, "Agenda items")
    act(page, title, "Open a poll on the item")
    page.get_by_label("Method").select_option(label="by roll call")
    page.get_by_role("button", name="Confirm").click()
    said(page, f"{title}: the poll is open.")
    poll = Poll.objects.get(item=item)
    standing = council_selectors.poll_standing(poll)
    council.record_show_of_hands(
        poll=poll, choices={seat.pk: "yes" for seat in standing.seats_with_a_vote}
    )
    menu(page, "Polls")
    act(page, title, "Close the poll and state the result")
    desk.check()
    said(page, f"{title} is closed.")
    poll.refresh_from_db()
    assert poll.outcome == "carried"
    assert poll.item.decision.decided_on == session.held_on
    call.refresh_from_db()
    term = call.term
    assert (term.person, term.office, term.starts_on, term.ends_on) == (
        nominee, office, starts_on, None
    )  # fmt: skip
    assert (term.began_by, term.decision) == (Term.BeganBy.ELECTED, poll.item.decision)
    result = [m for m in mail.outbox if m.to == [nominee.email]][-1]
    assert result.subject == "You are elected Permanent Representative to NATO"
    menu(page, "Calls for nominations")
    desk.check()
    row = page.get_by_role("row").filter(has_text=str(call.office))
    expect(row).to_contain_text(f"elected: {nominee}")

    page = back_in(estonia, "vp-cior-est", call.get_absolute_url())
    estonia.check()  # the call, its result
    expect(page.locator("dt:text-is('Elected') + dd")).to_have_text(nominee.name_with_rank)
    expect(nominations.locator(".badge")).to_have_text("elected")

    # 6. The leadership page: the one before on the term's eve, the one elected from
    # its first day.
    public = another("public")
    officers = public.page.locator("#cior").get_by_role("table").filter(has_text="Other officers")
    row = officers.get_by_role("row", name=re.compile("^Permanent Representative to NATO"))
    time_machine.move_to(on(starts_on - datetime.timedelta(days=1)))
    public.open(reverse("governance:leadership"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(predecessor.person.name_with_rank)
    expect(officers).not_to_contain_text(nominee.name_with_rank)
    time_machine.move_to(on(starts_on))
    public.open(reverse("governance:leadership"))
    expect(row).to_have_count(1)
    expect(row).to_contain_text(f"{nominee.name_with_rank} (EST)")
    expect(row).to_contain_text(format_date(starts_on))
    expect(officers).not_to_contain_text(predecessor.person.name_with_rank)
