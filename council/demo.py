"""Demo council business, invented: CIOR's voting rules; the Executive Council's
session at the last statutory meeting held, voted (a roll call and a secret ballot)
and minuted, its minutes sent and awaiting approval; its session at the next
meeting, its agenda sent to the heads of delegation, with the approval of those
minutes, Estonia's motion waiting for the secretariat and Slovenia's proxy to Estonia;
a written vote of the presidency, open; and CIOMR's Executive
Committee at the same meeting, its agenda in preparation. Idempotent: a session
already there is left as it is."""

import datetime

from django.db import transaction
from django.utils import timezone
from django_countries import countries

from events.models import MEETING_KINDS, Event
from governance.models import CouncilDecision
from members.demo import LoadReport, upsert
from members.models import Confederation, NationalAssociation

from . import services
from .models import AgendaItem, CouncilRules, Majority, Poll, Session, VotingRule
from .selectors import votes_on

Kind = CouncilDecision.Kind

# CIOR's: two thirds for the constitution, admissions and exclusions; associates
# (limited vote since 2010) advisory on all of these.
CIOR_RULES = [
    (Kind.CONSTITUTION, Majority.TWO_THIRDS),
    (Kind.ADMISSION, Majority.TWO_THIRDS),
    (Kind.EXCLUSION, Majority.TWO_THIRDS),
    (Kind.PRESIDENCY, Majority.SIMPLE),
    (Kind.BUDGET, Majority.SIMPLE),
]


def _association(confederation: Confederation, code: str) -> NationalAssociation:
    return NationalAssociation.objects.get(
        confederation=confederation, nation__country=countries.alpha2(code)
    )


def _item(session, position, kind, title_en, title_fr, *, business="", parent=None, **values):
    return AgendaItem.objects.create(
        session=session, parent=parent, position=position, kind=kind, business=business,
        title_en=title_en, title_fr=title_fr, **values,
    )  # fmt: skip


def _by_each_seat(poll: Poll, choose) -> None:
    """The show of hands, as the secretariat records it: `choose(association)`."""
    seats = [
        seat
        for seat in poll.item.session.seats.select_related("association__nation")
        if votes_on(seat.vote, associates_vote=poll.associates_vote) and choose(seat.association)
    ]
    services.record_show_of_hands(
        poll=poll, choices={seat.pk: choose(seat.association) for seat in seats}
    )


@transaction.atomic
def load(report: LoadReport) -> None:
    cior = Confederation.objects.get(code="cior")
    ciomr = Confederation.objects.get(code="ciomr")
    for confederation in (cior, ciomr):
        upsert(CouncilRules, report, {"confederation": confederation}, {})
    for business, majority in CIOR_RULES:
        upsert(
            VotingRule,
            report,
            {"confederation": cior, "business": business},
            {"majority": majority, "associates_vote": False},
        )
    # The last statutory meeting held and the next to come, whenever the demo is loaded.
    today = timezone.localdate()
    meetings = Event.objects.filter(kind__in=MEETING_KINDS, confederations=cior)
    congress = meetings.filter(starts_on__lt=today).order_by("-starts_on").first()
    winter = meetings.filter(starts_on__gt=today).order_by("starts_on").first()
    if congress is None or winter is None:
        return
    held = _held_session(report, cior, congress)
    _coming_session(report, cior, winter, held)
    _written_vote(report, cior)
    if not Session.objects.filter(confederation=ciomr, event=winter).exists():
        session = Session.objects.create(
            confederation=ciomr, event=winter, held_on=winter.starts_on, place="Room 2"
        )
        _item(session, 1, "information", "Report of the President", "Rapport du Président")
        _item(
            session, 2, "decision", f"The CIOMR budget {winter.starts_on.year}",
            f"Le budget {winter.starts_on.year} de la CIOMR",
            business=Kind.BUDGET,
        )  # fmt: skip
        report.created += 1


def _held_session(report, cior, congress) -> Session:
    found = Session.objects.filter(confederation=cior, event=congress).first()
    if found is not None:
        return found
    session = Session.objects.create(
        confederation=cior, event=congress, held_on=congress.starts_on, place="Plenary hall"
    )
    _item(session, 1, "information", "Opening and roll call", "Ouverture et appel",
          presenter="the President")  # fmt: skip
    _item(session, 2, "information", "Report of the Secretary General",
          "Rapport du Secrétaire général", presenter="the Secretary General")  # fmt: skip
    year = congress.starts_on.year + 1
    budget = _item(session, 3, "decision", f"The budget {year}", f"Le budget {year}",
                   business=Kind.BUDGET, presenter="the Treasurer General")  # fmt: skip
    host = _item(session, 4, "decision", "Host of the Summer Congress 2031",
                 "Organisateur du Congrès d'été 2031", business=Kind.CONGRESS_HOST,
                 is_public=True)  # fmt: skip
    services.publish_agenda(session=session)
    services.publish_agenda(session=session, to_public=True)
    services.open_session(session=session)
    absent = {"CAN", "PRT", "ROU"}
    present = {
        seat.pk
        for seat in session.seats.select_related("association__nation")
        if seat.association.nation.code not in absent
    }
    services.mark_attendance(session=session, present=present)
    poll = services.open_poll(item=budget)
    against, abstaining = {"FRA", "ITA"}, {"GRC"}

    def budget_vote(association) -> str | None:
        code = association.nation.code
        if code in absent:
            return None
        return "no" if code in against else "abstain" if code in abstaining else "yes"

    _by_each_seat(poll, budget_vote)
    services.close_poll(poll=poll)
    # A secret ballot, cast by the heads of delegation from their phones: the record
    # says who voted, never what.
    poll = services.open_poll(item=host, method="secret")
    for seat in session.seats.filter(present=True).select_related(
        "association__nation", "sitting__user"
    ):
        user = getattr(seat.sitting, "user", None)
        if user is not None and votes_on(seat.vote, associates_vote=poll.associates_vote):
            choice = "no" if seat.association.nation.code in {"DNK", "NOR", "SWE"} else "yes"
            services.cast_vote(poll=poll, seat=seat, choice=choice, by=user)
    services.close_poll(poll=poll)
    services.close_session(session=session)
    minutes = services.draft_minutes(session=session)
    services.circulate_minutes(minutes=minutes)
    # Held in July: the record says so, not the day the demo was loaded.
    day = datetime.datetime.combine(congress.starts_on, datetime.time(9), tzinfo=datetime.UTC)
    Session.objects.filter(pk=session.pk).update(
        agenda_to_delegations_at=day - datetime.timedelta(days=30),
        agenda_to_public_at=day - datetime.timedelta(days=14),
        opened_at=day,
        closed_at=day + datetime.timedelta(hours=4),
    )
    CouncilDecision.objects.filter(agenda_item__session=session).update(
        decided_on=congress.starts_on, meeting=congress.title_en
    )
    report.created += 1
    return session


def _coming_session(report, cior, winter, held) -> None:
    if Session.objects.filter(confederation=cior, event=winter).exists():
        return
    session = Session.objects.create(
        confederation=cior, event=winter, held_on=winter.starts_on, place="Plenary hall"
    )
    _item(session, 1, "information", "Opening and roll call", "Ouverture et appel")
    _item(
        session, 2, "decision", f"Approval of the minutes of the {held.event.title_en}",
        f"Approbation du procès-verbal : {held.event.title_fr or held.event.title_en}",
        business=Kind.OTHER,
        minutes_of=held,
    )  # fmt: skip
    _item(
        session, 3, "decision", "Admission of the Icelandic association as an associate",
        "Admission de l'association islandaise comme membre associé", business=Kind.ADMISSION,
    )  # fmt: skip
    _item(session, 4, "discussion", "The Young Reserve Officers' Workshop",
          "L'atelier des jeunes officiers de réserve", is_public=False)  # fmt: skip
    services.publish_agenda(session=session)
    estonia, slovenia = _association(cior, "EST"), _association(cior, "SVN")
    services.give_proxy(session=session, giver=slovenia, holder=estonia)
    if timezone.localdate() <= services.motion_deadline(session):
        services.submit_motion(
            session=session, association=estonia,
            title="A standing committee on cyber reserves",
            text="The Council establishes a standing committee on cyber reserve forces.",
            reasons="Every member association now trains cyber reservists.",
        )  # fmt: skip
    report.created += 1


def _written_vote(report, cior) -> None:
    if Session.objects.filter(confederation=cior, event__isnull=True).exists():
        return
    today = timezone.localdate()
    session = Session.objects.create(confederation=cior, held_on=today)
    item = _item(
        session, 1, "decision", "Move the In-Between Meeting 2027 to Vilnius",
        "Déplacer la réunion intermédiaire 2027 à Vilnius", business=Kind.OTHER,
    )  # fmt: skip
    services.publish_agenda(session=session)
    poll = services.open_poll(
        item=item, closes_at=timezone.now() + datetime.timedelta(days=10), method="roll-call"
    )
    report.created += 1
    return poll
