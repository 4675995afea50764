"""A session of the council as its people click through it, in a real browser, each at
a browser of their own: the secretariat at its desk drafts the agenda in English and
French and sends it to the heads of delegation; Estonia's vice president moves a
motion from the portal and the secretariat puts it on the agenda; the session opens,
the secretariat marks who is present on the roll and opens a roll call on the motion;
Estonia and the Netherlands vote from their phones; the secretariat closes the poll,
its figures shown, and drafts the minutes, which the next session approves: kept in
the library as a PDF, which the heads of delegation open.

The demo (council/demo.py) has CIOR's sessions at the Summer Congress 2026 and the
Mid-Winter Meeting 2027; these two take CIOR's next regular meetings without one."""

import datetime
import io
import re
from collections.abc import Callable

import pypdf
import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Page, expect

from confed.models import Email
from council import selectors, services
from council.models import AgendaItem, Minutes, Motion, Poll, Session
from events.models import Event, EventKind
from members.models import Confederation
from tests.browser.conftest import DESKTOP, Visitor
from tests.browser.test_pages_fit_the_screen import assert_in_reach
from tests.browser.test_people_at_work import log_in

pytestmark = pytest.mark.django_db(transaction=True)

MOTION = "A register of reserve officers' civilian skills"


@pytest.fixture
def another(request, browser, live_server, visitor) -> Callable[[str], Visitor]:
    """Another person at a browser of their own (its cookies its own), while the
    visitor stays logged in at theirs; their screenshots in a folder of their own."""
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


def meetings_ahead(confederation: Confederation) -> list[Event]:
    """The confederation's regular meetings to come, still open to motions, at which
    its council has no session yet, the soonest first."""
    days = selectors.rules_of(confederation).motion_deadline_days
    return list(
        Event.objects.filter(
            confederations=confederation,
            kind__in=[
                EventKind.MID_WINTER_MEETING,
                EventKind.SPRING_IN_BETWEEN_MEETING,
                EventKind.SUMMER_CONGRESS,
                EventKind.FALL_IN_BETWEEN_MEETING,
            ],
            starts_on__gt=timezone.localdate() + datetime.timedelta(days=days),
        )
        .exclude(council_sessions__confederation=confederation)
        .order_by("starts_on")
    )


def act(page: Page, obj: object, action: str) -> None:
    """On an admin list: select the object's row and run the action on it."""
    page.get_by_role("checkbox", name=f"Select this object for an action - {obj}").check()
    page.get_by_label("Action:").select_option(label=action)
    page.get_by_role("button", name="Go").click()


def menu(page: Page, name: str) -> None:
    """Follow a link of the admin's menu beside its pages."""
    page.get_by_role("navigation", name="Sidebar").get_by_role(
        "link", name=name, exact=True
    ).click()


def said(page: Page, text: str) -> None:
    """The admin's message after an action or a save, and no refusal beside it."""
    expect(page.locator(".messagelist")).to_contain_text(text)
    expect(page.locator(".messagelist .error")).to_have_count(0)


def fill_item(page: Page, row: int, position: int, kind: str, title_en: str, title_fr: str,
              business: str = "") -> None:  # fmt: skip
    """An item of the agenda, inline on the session's change form."""
    prefix = f"#id_items-{row}"
    page.locator(f"{prefix}-position").fill(str(position))
    page.locator(f"{prefix}-kind").select_option(label=kind)
    if business:
        page.locator(f"{prefix}-business").select_option(label=business)
    page.locator(f"{prefix}-title_en").fill(title_en)
    page.locator(f"{prefix}-title_fr").fill(title_fr)


def pdf_text(page: Page, base_url: str, href: str) -> str:
    """The text of the PDF at `href`, fetched with the browser's own session."""
    response = page.request.get(base_url + href)
    assert response.status == 200, (href, response.status)
    assert response.headers["content-type"] == "application/pdf"
    pdf = pypdf.PdfReader(io.BytesIO(response.body()))
    return "\n".join(p.extract_text() for p in pdf.pages).replace("\u00a0", " ")


def vote_from_a_phone(
    head: Visitor, session: Session, nation: str, choice: str, *, look_first: bool = False
) -> Page:
    """A head of delegation opens the session's page, follows its link to the poll and
    votes from their phone; their seat then says it voted, with no button left."""
    page = head.open(session.get_absolute_url())  # as a vice president, 1280 and 390 px
    seat_on_the_roll = page.get_by_role("row", name=re.compile(f"^{nation} "))
    expect(seat_on_the_roll.locator('td[data-label="Present"]')).to_have_text("yes")
    page.get_by_role("link", name=f"Vote on “{MOTION}”").click()
    if look_first:
        head.check()  # the poll, open, at 1280 and 390 px
    with head.phone():
        expect(page.get_by_role("heading", level=1)).to_have_text(MOTION)
        seat = page.get_by_role("region", name=nation, exact=True)
        button = seat.get_by_role("button", name=choice, exact=True)
        assert_in_reach(button)
        button.click()
        expect(page.get_by_text(f"{nation}: the vote is cast.")).to_be_visible()
        expect(seat).to_contain_text("Voted.")
        expect(seat.get_by_role("button")).to_have_count(0)
    head.check()
    return page


def test_a_session_from_its_agenda_to_its_approved_minutes(visitor, another):
    cior = Confederation.objects.get(code="cior")
    meeting, next_meeting = meetings_ahead(cior)[:2]
    session = Session.objects.create(
        confederation=cior, event=meeting, held_on=meeting.starts_on, place="Room 3"
    )
    budget = f"The budget {meeting.starts_on.year + 1}"
    desk, estonia, netherlands = visitor, another("vp-cior-est"), another("vp-cior-nld")

    # 1. The secretariat drafts the agenda, in English and in French, and sends it.
    page = log_in(desk, "secretariat", "/admin/login/")
    page.get_by_role("link", name="Council sessions", exact=True).click()  # on the index
    page.get_by_role("link", name=str(session), exact=True).click()
    fill_item(page, 0, 1, "for information", "Opening and roll call", "Ouverture et appel")
    page.get_by_role("button", name=re.compile("^Add another agenda item", re.I)).click()
    fill_item(page, 1, 2, "for decision", budget, f"Le budget {meeting.starts_on.year + 1}",
              business="budget")  # fmt: skip
    page.get_by_role("button", name="Save and continue editing").click()
    desk.check()
    said(page, "was changed successfully")
    assert list(session.items.values_list("position", "kind", "title_en", "title_fr")) == [
        (1, "information", "Opening and roll call", "Ouverture et appel"),
        (2, "decision", budget, f"Le budget {meeting.starts_on.year + 1}"),
    ]
    menu(page, "Council sessions")
    act(page, session, "Send the agenda to the heads of delegation")
    desk.check()
    said(page, f"{session}: the agenda is sent to the heads of delegation.")
    heads = {row.sitting.email for row in selectors.roll(session) if row.sitting}
    sent = Email.objects.filter(template="council/emails/agenda", subject__contains=str(session))
    assert sorted(e for email in sent for e in email.to) == sorted(heads)
    assert len(heads) > 20

    # 2. Estonia's vice president moves a motion; the secretariat puts it on the agenda.
    page = log_in(estonia, "vp-cior-est")
    page.get_by_role("link", name=re.compile("^The council's sessions")).click()
    estonia.check()
    page.get_by_role("link", name=str(session)).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(str(session))
    expect(page.locator("ol.agenda > li")).to_have_count(2)
    page.get_by_role("link", name="Submit a motion").click()
    estonia.check()
    moved_by = page.get_by_label("Moved by")
    expect(moved_by.locator("option:checked")).to_have_text("EROK (EST, CIOR)")
    page.get_by_label("Title").fill(MOTION)
    page.get_by_role("textbox", name=re.compile("^The motion")).fill(
        "The Council asks each member association to keep a register of its officers' "
        "civilian skills, for the committees to call on."
    )
    page.get_by_label("Reasons").fill("The committees look for experts one by one.")
    page.get_by_role("button", name="Submit the motion").click()
    estonia.check()
    expect(page.get_by_text("Your motion is submitted")).to_be_visible()
    expect(page.locator("#motions ~ p", has_text=MOTION)).to_contain_text("submitted")
    motion = Motion.objects.get(title=MOTION)
    assert (motion.session, motion.submitted_by.username) == (session, "vp-cior-est")

    page = desk.page
    menu(page, "Motions")
    act(page, MOTION, "Accept onto the agenda")
    desk.check()
    said(page, f"{MOTION} is on the agenda.")
    item = AgendaItem.objects.get(motion=motion)
    assert (item.session, item.position, item.kind, item.presenter) == (
        session, 3, "decision", motion.association.display_name
    )  # fmt: skip

    # 3. The session opens; the secretariat marks who is present and opens a roll call.
    menu(page, "Council sessions")
    act(page, session, "Open the session (keep the roll)")
    said(page, f"{session} is open: mark who is present.")
    page.get_by_role("link", name=str(session), exact=True).click()
    page.get_by_role("link", name="The roll, attendance and the votes").click()
    absent = ("Canada", "Portugal")
    for box in page.locator('input[name="present"]').all():
        if not box.get_attribute("aria-label").startswith(absent):
            box.check()
    page.get_by_role("button", name="Save attendance").click()
    desk.check()  # the roll, marked, at 1280 px; at 390 px below
    seats = session.seats.count()
    present = seats - len(absent)
    said(page, f"Attendance saved: {present} seats changed.")
    expect(page.get_by_text(f"In session: {present} of {seats} seats present.")).to_be_visible()
    expect(page.get_by_label("Canada present")).not_to_be_checked()
    with desk.phone():  # the admin's pages are seen at a desk; this one on a phone too
        shot = f"{desk.count:02d}-admin-council-session-{session.pk}-roll-390.png"
        page.screenshot(path=desk.folder / shot, full_page=True)
        assert_in_reach(page.get_by_label("Estonia present"))
        assert_in_reach(page.get_by_role("button", name="Save attendance"))

    menu(page, "Agenda items")
    act(page, MOTION, "Open a poll on the item")
    desk.check()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open a poll")
    page.get_by_label("Method").select_option(label="by roll call")
    page.get_by_role("button", name="Confirm").click()
    desk.check()
    said(page, f"{MOTION}: the poll is open.")
    poll = Poll.objects.get(item=item)

    # 4. Two heads of delegation vote from their phones.
    vote_from_a_phone(estonia, session, "Estonia", "Yes", look_first=True)
    log_in(netherlands, "vp-cior-nld")
    page = vote_from_a_phone(netherlands, session, "Netherlands", "Abstain")
    expect(page.get_by_text("2 of")).to_contain_text("seats with a vote have voted.")
    assert sorted(poll.ballots.values_list("seat__association__nation__country", "choice")) == [
        ("EE", "yes"),
        ("NL", "abstain"),
    ]

    # 5. The secretariat closes the poll, which shows its result with its figures;
    # the session closed, the minutes are drafted, which the secretariat reads.
    page = desk.page
    menu(page, "Polls")
    act(page, MOTION, "Close the poll and state the result")
    desk.check()
    said(page, f"{MOTION} is closed.")
    poll.refresh_from_db()
    assert (poll.outcome, poll.yes, poll.no, poll.abstain) == ("carried", 1, 0, 1)
    page = netherlands.open(poll.get_absolute_url())  # closed, at 1280 and 390 px
    result = page.get_by_role("status")
    expect(result).to_contain_text("Carried")
    expect(result).to_contain_text("For 1, against 0, abstentions 1.")
    expect(result).to_contain_text(
        f"{poll.present} of {poll.seats_with_a_vote} seats with a vote present or "
        f"represented; the quorum was {poll.quorum}."
    )
    # 27 seats, 4 of them associates' and 2 in arrears: 21 vote, all present but Canada.
    assert (poll.seats_with_a_vote, poll.present) == (21, 20)
    roll_call = page.get_by_role("table")
    expect(roll_call.get_by_role("row")).to_have_count(3)
    expect(roll_call.get_by_role("row", name="Estonia")).to_contain_text("yes")
    expect(roll_call.get_by_role("row", name="Netherlands")).to_contain_text("abstain")

    page = desk.page
    menu(page, "Council sessions")
    act(page, session, "Close the session")
    said(page, f"{session} is closed.")
    act(page, session, "Draft the minutes from the session")
    desk.check()
    said(page, f"{session}: the minutes are drafted.")
    url = reverse("council:minutes", args=[session.pk])
    page = desk.open(url)  # 1280 and 390 px
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Minutes: {session}")
    expect(page.get_by_text("A draft, for approval at the next session.")).to_be_visible()
    minutes = page.locator("article.minutes")
    expect(minutes.get_by_role("heading", name=f"3. {MOTION}")).to_be_visible()
    expect(minutes).to_contain_text(
        "Put to the vote by roll call: carried. For 1, against 0, abstentions 1;"
    )
    expect(minutes.get_by_role("row", name="Netherlands")).to_contain_text("abstain")
    # A draft not yet sent to them: the heads of delegation do not find it.
    assert estonia.page.request.get(estonia.base_url + url).status == 404

    # 6. The next session approves the minutes: frozen, kept in the library as a PDF.
    following = Session.objects.create(
        confederation=cior, event=next_meeting, held_on=next_meeting.starts_on
    )
    approval = AgendaItem.objects.create(
        session=following, position=1, kind="decision", business="other",
        title_en=f"Approval of the minutes of the {meeting.title_en}",
        title_fr=f"Approbation du procès-verbal de la {meeting.title_fr}",
        minutes_of=session,
    )  # fmt: skip
    services.publish_agenda(session=following)
    services.open_session(session=following)
    services.mark_attendance(
        session=following, present=set(following.seats.values_list("pk", flat=True))
    )
    approving = services.open_poll(item=approval)
    services.record_show_of_hands(
        poll=approving,
        choices={s.pk: "yes" for s in selectors.poll_standing(approving).seats_with_a_vote},
    )
    page = desk.open(reverse("admin:council_poll_changelist"))
    act(page, approval.title_en, "Close the poll and state the result")
    desk.check()
    said(page, f"{approval.title_en} is closed.")
    kept = Minutes.objects.select_related("document").get(session=session)
    assert kept.is_approved
    assert (kept.document.kind, kept.document.access) == ("minutes", "council")

    page = estonia.open(url)  # 1280 and 390 px
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Minutes: {session}")
    expect(page.get_by_text("Approved on")).to_be_visible()
    expect(page.get_by_text("A draft, for approval")).to_have_count(0)
    link = page.get_by_role("link", name="The minutes as kept in the library (PDF)")
    expect(link).to_have_attribute("href", kept.document.get_absolute_url())
    text = pdf_text(page, estonia.base_url, link.get_attribute("href"))
    assert f"Minutes: {session}" in text
    assert f"3. {MOTION}" in text
    assert "Procès-verbal" in text  # then in French
