"""Every change of an election or a candidature: one function each.

Calls are opened and closed by the secretariat; nominations are made by heads of
delegation (or the president designate) and answered by the nominee; the council's
vote is council.services', and what its result does here is `elect` and
`decide_candidature`, called by elections.receivers."""

import datetime
import logging

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from confed.constraints import violations_as_errors
from confed.emails import send_email_after_commit
from confed.i18n import format_date, nation_in_sentence
from council.models import AgendaItem, Candidate, ItemKind, PollOutcome, Session
from governance.models import CouncilDecision, Presidency, Term
from governance.services import add_years, appoint, free_seat
from members.models import NationalAssociation, Person

from . import selectors
from .models import (
    YEARS_AHEAD,
    Call,
    Candidature,
    CandidatureKind,
    CandidatureStatus,
    Nomination,
    NominationStatus,
)

User = AbstractBaseUser
logger = logging.getLogger(__name__)


def _locked(call: Call) -> Call:
    return (
        Call.objects.select_for_update(of=("self",))
        .select_related("office__confederation", "office__association")
        .get(pk=call.pk)
    )


# Calls


@transaction.atomic
def open_call(*, call: Call) -> bool:
    """Open a call for nominations: its term's end follows from the office's term of
    years. Side effects: an email to each head of delegation of the confederation (or
    to the president designate, who alone nominates for their International Vice
    President). False when open already."""
    call = _locked(call)
    if call.opened_at is not None:
        return False
    if call.closes_on < timezone.localdate():
        raise ValidationError({"closes_on": _("Nominations close on a day to come.")})
    office = call.office
    if call.seat is not None and call.seat > office.holders_at_once:
        raise ValidationError(
            {"seat": _("This office has %(n)s seat(s).") % {"n": office.holders_at_once}}
        )
    call.term_ends_on = (
        add_years(call.term_starts_on, office.term_years) if office.term_years else None
    )
    call.opened_at = timezone.now()
    with violations_as_errors():
        call.save(update_fields=["opened_at", "term_ends_on"])
    if call.by_president_designate:
        people = [p for p in [selectors.president_designate(office.confederation)] if p]
    else:
        people = selectors.heads_of_delegation(office.confederation)
    for person in people:
        if person.email:
            send_email_after_commit(
                to=[person.email],
                template="elections/emails/call_opened",
                context={"call": call, "office": office},
                language=person.language,
            )
    return True


@transaction.atomic
def close_call(*, call: Call) -> AgendaItem | None:
    """Close a call: the nominees who accepted are the candidates, put onto the
    session's agenda (the call's, or the confederation's next) as an election item
    with the office's majority. A nominee who has not answered does not stand.
    Returns the item, or None when no one accepted (the call is closed all the
    same). Refuses a call closed already, and a session whose agenda is in use."""
    call = _locked(call)
    if call.closed_at is not None:
        raise ValidationError(_("This call is closed already."))
    if call.opened_at is None:
        raise ValidationError(_("This call was never opened."))
    if timezone.localdate() <= call.closes_on:
        raise ValidationError(
            _("Nominations are received until %(date)s, and answered by then: close the "
              "call after that day.") % {"date": format_date(call.closes_on)}
        )  # fmt: skip
    nominations = list(
        call.nominations.filter(status=NominationStatus.ACCEPTED)
        .select_related("nominee__nation")
        .order_by("nominee__family_name", "nominee__given_name")
    )
    call.nominations.filter(status=NominationStatus.NOMINATED).update(
        status=NominationStatus.NO_ANSWER
    )
    call.closed_at = timezone.now()
    item = None
    if nominations:
        session = call.session or selectors.next_session(call.confederation)
        if session is None:
            raise ValidationError(
                _("The council has no session to come: add one, then close the call.")
            )
        if session.confederation_id != call.office.confederation_id:
            raise ValidationError({"session": _("Choose a session of the office's council.")})
        if session.opened_at is not None:
            raise ValidationError(
                _("%(session)s is open: its agenda can no longer take an election.")
                % {"session": session.title}
            )
        _check_the_seat_is_free(call)
        office = call.office
        last = session.items.filter(parent=None).aggregate(last=Max("position"))["last"] or 0
        item = AgendaItem.objects.create(
            session=session,
            position=last + 1,
            kind=ItemKind.ELECTION,
            business=CouncilDecision.Kind.ELECTION,
            majority=office.election_majority,
            title_en=f"Election: {office.title_en} ({call.term_starts_on:%Y})",
            title_fr=f"Élection : {office.title_fr or office.title_en} ({call.term_starts_on:%Y})",
        )
        for position, nomination in enumerate(nominations, start=1):
            with violations_as_errors():  # two namesakes of one nation and rank
                nomination.candidate = Candidate.objects.create(
                    item=item, position=position, name=selectors.candidate_name(nomination.nominee)
                )
            nomination.save(update_fields=["candidate"])
        call.session = session
        call.item = item
    call.save(update_fields=["closed_at", "session", "item"])
    return item


def _check_the_seat_is_free(call: Call) -> None:
    """The seat called is free for the term (a seat, when none is named), or the
    holder at that time is named: end their term first, or change the call."""
    office = call.office
    seat = call.seat
    if seat is None:
        seat = free_seat(office=office, starts_on=call.term_starts_on, ends_on=call.term_ends_on)
        if seat is not None:
            return
        if office.holders_at_once > 1:
            raise ValidationError(
                _("Every seat of %(office)s is held at that time: end a term first.")
                % {"office": office.title}
            )
        seat = 1
    held = (
        Term(office=office, seat=seat, starts_on=call.term_starts_on, ends_on=call.term_ends_on)
        .overlapping()
        .select_related("person", "office")
        .first()
    )
    if held is not None:
        raise ValidationError(held.conflict_message())


# Nominations


def check_nominee(
    *,
    call: Call,
    nominee: Person,
    association: NationalAssociation | None,
    by: User,
    on: datetime.date | None = None,
) -> None:
    """Raise ValidationError naming the rule that stands in the way of nominating
    `nominee` in `call` by `association`'s head of delegation (None: the president
    designate), from the records: the call open; who nominates; a member of a
    delegation of the confederation; the office's nation (the presidency's, for an
    office of the presidency team); one seat per nation; the terms in a row; an
    office it cannot be held with, for the term; the same person twice."""
    on = on or timezone.localdate()
    office = call.office
    confederation = office.confederation
    if not call.open_on(on):
        raise ValidationError(_("Nominations for this call are closed."))
    person = getattr(by, "person", None)
    if call.by_president_designate:
        if association is not None or person != selectors.president_designate(confederation):
            raise ValidationError(_("Only the president designate nominates for this office."))
        if call.nominations.filter(
            status__in=[NominationStatus.NOMINATED, NominationStatus.ACCEPTED]
        ).exists():
            raise ValidationError(_("The president designate has chosen a candidate already."))
    elif association is None or association not in selectors.nominating_associations(by, call):
        raise ValidationError(
            {"association": _("Only a head of delegation of %(confederation)s nominates.")
             % {"confederation": confederation.acronym}}
        )  # fmt: skip
    if not office.self_nomination and person is not None and nominee.pk == person.pk:
        raise ValidationError(
            {"nominee": _("The rules of this office forbid nominating yourself.")}
        )
    if not selectors.in_a_delegation(nominee, confederation, on):
        raise ValidationError(
            {"nominee": _("%(person)s is not a member of a delegation of %(confederation)s.")
             % {"person": nominee, "confederation": confederation.acronym}}
        )  # fmt: skip
    if office.held_by_presidency:
        presidency = selectors.presidency_on(confederation, call.term_starts_on)
        if presidency is None:
            raise ValidationError(
                _("No presidency is approved for %(date)s: this office belongs to its nation.")
                % {"date": format_date(call.term_starts_on)}
            )
        if nominee.nation_id != presidency.association.nation_id:
            raise ValidationError(
                {"nominee": _("This office belongs to the presidency's nation, %(nation)s.")
                 % {"nation": presidency.association.nation}}
            )  # fmt: skip
    if office.one_seat_per_nation:
        holder = selectors.holder_of_the_nation(call, nominee.nation_id)
        if holder is not None:
            raise ValidationError(
                {"nominee": _("%(person)s holds a seat of this office for %(nation)s for the "
                              "term: one seat per nation.")
                 % {"person": holder.person,
                    "nation": nation_in_sentence(nominee.nation, "le")}}
            )  # fmt: skip
    limit = office.consecutive_terms
    if limit is not None and selectors.terms_in_a_row(call, nominee) >= limit:
        raise ValidationError(
            {"nominee": _("%(person)s has held this office %(n)s terms in a row: the most "
                          "the rules allow.") % {"person": nominee, "n": limit}}
        )  # fmt: skip
    conflict = selectors.conflicting_term(call, nominee)
    if conflict is not None and conflict.office_id == office.pk:
        raise ValidationError(
            {"nominee": _("%(person)s holds this office for the term already.")
             % {"person": nominee}}
        )  # fmt: skip
    if conflict is not None:
        raise ValidationError(
            {"nominee": _("%(person)s holds %(office)s for the term, which cannot be held "
                          "with this office.")
             % {"person": nominee, "office": conflict.office.title}}
        )  # fmt: skip
    if call.nominations.filter(
        nominee=nominee, status__in=[NominationStatus.NOMINATED, NominationStatus.ACCEPTED]
    ).exists():
        raise ValidationError({"nominee": _("This person is nominated in this call already.")})


@transaction.atomic
def nominate(
    *,
    call: Call,
    nominee: Person,
    association: NationalAssociation | None,
    statement: str,
    by: User,
) -> Nomination:
    """Nominate a person in an open call, with a statement. Side effects: an email to
    the nominee with the link to accept or decline. Refuses what check_nominee
    refuses, and a nominee the portal cannot reach."""
    call = _locked(call)
    check_nominee(call=call, nominee=nominee, association=association, by=by)
    if not nominee.email:
        raise ValidationError(
            {"nominee": _("%(person)s has no email address in the registry: ask the "
                          "secretariat to add it, so they can accept.") % {"person": nominee}}
        )  # fmt: skip
    statement = statement.strip()
    if not statement:
        raise ValidationError({"statement": _("Say why you nominate them.")})
    with violations_as_errors():
        nomination = Nomination.objects.create(
            call=call, nominee=nominee, association=association, statement=statement,
            nominated_by=by,
        )  # fmt: skip
    send_email_after_commit(
        to=[nominee.email],
        template="elections/emails/nominated",
        context={"nomination": nomination, "call": call, "office": call.office},
        language=nominee.language,
        holds_a_secret=True,  # the link answers for the nominee
    )
    return nomination


@transaction.atomic
def answer_nomination(*, nomination: Nomination, accept: bool) -> bool:
    """The nominee accepts (and is a candidate at the close) or declines. They may
    change their answer until the call closes. False when the answer was given
    already. Side effects: an email to who nominated them."""
    # The call first, as close_call locks it: an answer and the close take turns, so
    # the candidates at the close are those who had accepted by then.
    Call.objects.select_for_update().filter(pk=nomination.call_id).first()
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("call__office__confederation", "nominee", "nominated_by")
        .get(pk=nomination.pk)
    )
    if not nomination.call.open_on(timezone.localdate()) or nomination.status not in (
        NominationStatus.NOMINATED, NominationStatus.ACCEPTED, NominationStatus.DECLINED
    ):  # fmt: skip
        raise ValidationError(_("The call has closed: the answer can no longer change."))
    status = NominationStatus.ACCEPTED if accept else NominationStatus.DECLINED
    if nomination.status == status:
        return False
    nomination.status = status
    nomination.answered_at = timezone.now()
    with violations_as_errors():
        nomination.save(update_fields=["status", "answered_at"])
    user = nomination.nominated_by
    if user is not None and user.email:
        person = getattr(user, "person", None)
        send_email_after_commit(
            to=[user.email],
            template="elections/emails/answered",
            context={"nomination": nomination, "call": nomination.call},
            language=getattr(person, "language", "en"),
        )
    return True


# The council's result


@transaction.atomic
def elect(*, call: Call, outcome: str, elected: Candidate | None, decision) -> None:
    """What the council's vote on a call's election does: the one elected is given
    the term, the others are told. A vote without a quorum or a majority decides
    nothing. The council's result stands whatever happens to the term: should the
    seat be held at that time after all (a term recorded since the call closed), the
    term is left for the secretariat to open (open_elected_term), and the desk says so."""
    if outcome not in (PollOutcome.CARRIED, PollOutcome.NOT_CARRIED):
        return
    call = _locked(call)
    candidates = list(
        call.nominations.filter(candidate__isnull=False).select_related("nominee", "candidate")
    )
    winner = next((n for n in candidates if elected and n.candidate_id == elected.pk), None)
    for nomination in candidates:
        nomination.status = (
            NominationStatus.ELECTED if nomination is winner else NominationStatus.NOT_ELECTED
        )
        nomination.save(update_fields=["status"])
        if nomination.nominee.email:
            send_email_after_commit(
                to=[nomination.nominee.email],
                template="elections/emails/result",
                context={"nomination": nomination, "call": call, "winner": winner},
                language=nomination.nominee.language,
            )
    if winner is not None:
        try:
            with transaction.atomic():
                _open_the_term(call, winner, decision)
        except ValidationError as refused:
            logger.warning(
                "call %s: %s is elected, but the term is not opened: %s",
                call.pk, winner.nominee, " ".join(refused.messages),
            )  # fmt: skip


def _open_the_term(call: Call, winner: Nomination, decision) -> None:
    call.term = appoint(
        office=call.office,
        person=winner.nominee,
        starts_on=call.term_starts_on,
        ends_on=call.term_ends_on,
        began_by=Term.BeganBy.ELECTED,
        decision=decision,
        seat=call.seat,
        note=_("Elected by the council"),
    )
    call.save(update_fields=["term"])


@transaction.atomic
def open_elected_term(*, call: Call) -> bool:
    """Open the term of the one the council elected, which the election could not open
    (the seat was held at that time): once the secretariat has ended or moved the
    other term. Refuses with the holder named while it is still held. False when the
    term is open already."""
    call = _locked(call)
    if call.term_id is not None:
        return False
    winner = (
        call.nominations.filter(status=NominationStatus.ELECTED)
        .select_related("nominee", "candidate")
        .first()
    )
    if winner is None:
        raise ValidationError(_("The council has elected no one in this call."))
    decision = winner.candidate.item.decision if winner.candidate_id else None
    _open_the_term(call, winner, decision)
    return True


# Candidatures for the presidency and for hosting a congress


@transaction.atomic
def apply(
    *,
    association: NationalAssociation,
    kind: str,
    year: int,
    statement: str,
    by: User | None = None,
) -> Candidature:
    """An association applies, through its vice president, for the presidency from
    `year`, or to host the Summer Congress of `year`: a year to come, at most
    YEARS_AHEAD ahead. Only an active full member takes the presidency. Side effects:
    an email to the secretariat."""
    this_year = timezone.localdate().year
    if kind not in CandidatureKind.values:
        raise ValidationError({"kind": _("Choose the presidency or the Summer Congress.")})
    if not this_year < year <= this_year + YEARS_AHEAD:
        raise ValidationError(
            {"year": _("Choose a year from %(first)s to %(last)s.")
             % {"first": this_year + 1, "last": this_year + YEARS_AHEAD}}
        )  # fmt: skip
    if kind == CandidatureKind.PRESIDENCY and not association.is_active_full_member:
        raise ValidationError(_("Only an active full member takes its turn at the presidency."))
    statement = statement.strip()
    if not statement:
        raise ValidationError({"statement": _("Say what your association offers.")})
    with violations_as_errors():
        candidature = Candidature.objects.create(
            association=association, kind=kind, year=year, statement=statement,
            submitted_by=by,
        )  # fmt: skip
    secretariat = association.confederation.secretariat_email
    if secretariat:
        send_email_after_commit(
            to=[secretariat],
            template="elections/emails/candidature_submitted",
            context={"candidature": candidature},
            language="en",
        )
    return candidature


@transaction.atomic
def put_on_agenda(*, candidature: Candidature, session: Session) -> AgendaItem:
    """Put a candidature onto a session's agenda for the council's decision (the
    February meeting's, by custom). Refuses one decided or on an agenda already, and
    a session of another council or already open."""
    candidature = (
        Candidature.objects.select_for_update(of=("self",))
        .select_related("association__nation", "association__confederation")
        .get(pk=candidature.pk)
    )
    if candidature.status != CandidatureStatus.SUBMITTED:
        raise ValidationError(
            _("This candidature is %(status)s.") % {"status": candidature.get_status_display()}
        )
    if session.confederation_id != candidature.association.confederation_id:
        raise ValidationError(_("Choose a session of the association's council."))
    if session.opened_at is not None:
        raise ValidationError(
            _("%(session)s is open: its agenda is kept as it stands.") % {"session": session.title}
        )
    rival = (
        Candidature.objects.filter(
            association__confederation=candidature.association.confederation_id,
            kind=candidature.kind, year=candidature.year,
            status__in=[CandidatureStatus.ON_AGENDA, CandidatureStatus.APPROVED],
        )
        .exclude(pk=candidature.pk)
        .select_related("association__nation")
        .first()
    )  # fmt: skip
    if rival is not None:
        raise ValidationError(
            _("The candidature of %(nation)s for %(year)s is %(status)s: the council "
              "decides one at a time.")
            % {"nation": rival.association.nation, "year": rival.year,
               "status": rival.get_status_display()}
        )  # fmt: skip
    last = session.items.filter(parent=None).aggregate(last=Max("position"))["last"] or 0
    association = candidature.association
    presidency = candidature.kind == CandidatureKind.PRESIDENCY
    Kind = CouncilDecision.Kind
    nation_en = selectors.country(association, "en")
    nation_fr = selectors.country(association, "fr")
    item = AgendaItem.objects.create(
        session=session,
        position=last + 1,
        kind=ItemKind.DECISION,
        business=Kind.PRESIDENCY if presidency else Kind.CONGRESS_HOST,
        title_en=(f"Presidency from {candidature.year}: {nation_en}" if presidency
                  else f"Summer Congress {candidature.year}: hosted by {nation_en}"),
        title_fr=(f"Présidence à partir de {candidature.year} : {nation_fr}" if presidency
                  else f"Congrès d'été {candidature.year} : organisé par {nation_fr}"),
        notes_en=candidature.statement,
    )  # fmt: skip
    candidature.item = item
    candidature.status = CandidatureStatus.ON_AGENDA
    candidature.save(update_fields=["item", "status"])
    return item


# A presidency approved for a year is planned from 1 July of it (the Summer Congress,
# where presidencies are handed over); the handover sets the day it happened.
PLANNED_START = (7, 1)


@transaction.atomic
def decide_candidature(*, candidature: Candidature, outcome: str, decision) -> None:
    """What the council's vote on a candidature does: approved, a presidency becomes
    the planned presidency (Presidency, with the decision) that the handover uses;
    not carried, it is not approved. Without a quorum nothing changes. Side effects:
    an email to who applied."""
    if outcome not in (PollOutcome.CARRIED, PollOutcome.NOT_CARRIED):
        return
    candidature = (
        Candidature.objects.select_for_update(of=("self",))
        .select_related("association__confederation", "submitted_by")
        .get(pk=candidature.pk)
    )
    approved = outcome == PollOutcome.CARRIED
    candidature.status = CandidatureStatus.APPROVED if approved else CandidatureStatus.REJECTED
    candidature.decision = decision
    if approved and candidature.kind == CandidatureKind.PRESIDENCY:
        association = candidature.association
        candidature.presidency = Presidency.objects.create(
            confederation=association.confederation,
            association=association,
            starts_on=datetime.date(candidature.year, *PLANNED_START),
            decision=decision,
        )
    candidature.save(update_fields=["status", "decision", "presidency"])
    user = candidature.submitted_by
    if user is not None and user.email:
        person = getattr(user, "person", None)
        send_email_after_commit(
            to=[user.email],
            template="elections/emails/candidature_decided",
            context={"candidature": candidature},
            language=getattr(person, "language", "en"),
        )
