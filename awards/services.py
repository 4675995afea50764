"""Every write of the awards: one function per state change, each in one transaction,
refusing with the rule (ValidationError) and changing nothing when the rule says no.

nominate; decide_nomination (the presidency's decision, recorded by the secretariat),
put_on_agenda and record_council_vote (the council's); confer; revoke. An award's
rules against earlier awards are checked in one place, check_eligible.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Max
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from confed.constraints import violations_as_errors
from confed.emails import send_email_after_commit
from confed.i18n import format_date
from council.models import AgendaItem, ItemKind, Poll, PollOutcome, Session
from documents.models import Access, DocumentKind
from documents.services import add_document
from events.models import Event
from governance.models import CouncilDecision
from members.models import NationalAssociation, Person, is_member

from . import selectors
from .models import AWARDED, Award, Decider, Nomination, NominationStatus

User = AbstractBaseUser


def _locked_award(award: Award) -> Award:
    # Decisions on one award take turns: two approved at once could both find the
    # year's last place free, or both give one person a once-per-person award.
    return (
        Award.objects.select_for_update(of=("self",))
        .select_related("confederation")
        .get(pk=award.pk)
    )


def _locked(nomination: Nomination) -> tuple[Award, Nomination]:
    award = _locked_award(nomination.award)
    nomination = (
        Nomination.objects.select_for_update(of=("self",))
        .select_related("person__nation", "association", "decision", "nominated_by")
        .get(pk=nomination.pk)
    )
    nomination.award = award
    return award, nomination


def check_eligible(
    *, award: Award, person: Person, year: int | None, exclude: Nomination | None = None
) -> None:
    """Whether the award may go to the person in the year, against its earlier awards
    and those on a council's agenda: once per person where the award says so, and no
    more a year than its number. `year` None: the first rule only (a nomination,
    whose year is not known yet). ValidationError naming the rule."""
    earlier = selectors.given_or_put_to_council(award, person=person)
    if exclude is not None:
        earlier = earlier.exclude(pk=exclude.pk)
    if award.once_per_person and earlier.exists():
        raise ValidationError(
            _("%(person)s has received the %(award)s already: it is given once per person.")
            % {"person": person.name_with_rank, "award": award.name},
            code="once_per_person",
        )
    if year is not None and award.per_year is not None:
        this_year = selectors.given_or_put_to_council(award, year=year)
        if exclude is not None:
            this_year = this_year.exclude(pk=exclude.pk)
        if this_year.count() >= award.per_year:
            raise ValidationError(
                _(
                    "The %(award)s is given at most %(count)s times a year, and %(year)s "
                    "has its %(count)s already (with any on a council's agenda)."
                )
                % {"award": award.name, "count": award.per_year, "year": year},
                code="per_year",
            )


def _secretariat_told(nomination: Nomination, award: Award) -> None:
    secretariat = award.confederation.secretariat_email
    if secretariat:
        send_email_after_commit(
            to=[secretariat],
            template="awards/emails/nominated",
            context={"nomination": nomination, "award": award},
            language="en",
        )


def _nominator_told(nomination: Nomination) -> None:
    user = nomination.nominated_by
    if user is not None and user.email:
        person = getattr(user, "person", None)
        send_email_after_commit(
            to=[user.email],
            template="awards/emails/decided",
            context={"nomination": nomination, "award": nomination.award},
            language=getattr(person, "language", nomination.language),
        )


@transaction.atomic
def nominate(
    *,
    award: Award,
    person: Person,
    association: NationalAssociation | None,
    citation: str,
    roll_citation: str = "",
    upload: UploadedFile | None = None,
    language: str = "en",
    by: User | None = None,
) -> Nomination:
    """Nominate a person for the award: by a member association's vice president (a
    person of its nation) where the award takes their nominations, or with no
    association by the presidency (anyone). Who may is awards/rules.py's; this holds
    the data to the award's rules. A paper goes into the library, for the council.
    Side effect: an email to the confederation's secretariat."""
    award = _locked_award(award)
    if association is not None:
        if not award.vice_presidents_nominate:
            raise ValidationError(
                {"association": _("Only the presidency nominates for the %(award)s.")
                 % {"award": award.name}}
            )  # fmt: skip
        if association.confederation_id != award.confederation_id or not is_member(
            status=association.status
        ):
            raise ValidationError(
                {"association": _("%(association)s is not a member of %(confederation)s.")
                 % {"association": association, "confederation": award.confederation.acronym}}
            )  # fmt: skip
        if person.nation_id != association.nation_id:
            raise ValidationError(
                {"person": _("A vice president nominates a person of their own nation.")}
            )
    citation = citation.strip()
    if not citation:
        raise ValidationError({"citation": _("Say why the person deserves the award.")})
    try:
        check_eligible(award=award, person=person, year=None)
    except ValidationError as error:
        raise ValidationError({"person": error.messages}) from error
    with violations_as_errors(fields={"one_nomination_waiting_per_award_and_person": "person"}):
        nomination = Nomination.objects.create(
            award=award,
            person=person,
            association=association,
            citation=citation,
            roll_citation_en=roll_citation.strip() if language != "fr" else "",
            roll_citation_fr=roll_citation.strip() if language == "fr" else "",
            language=language,
            nominated_by=by,
        )
    if upload is not None:
        with translation.override("en"):
            title = _("Nomination for the %(award)s: %(person)s") % {
                "award": award.name_en,
                "person": person.full_name,
            }
        nomination.paper = add_document(
            upload=upload,
            uploaded_by=by,
            confederation=award.confederation,
            kind=DocumentKind.OTHER,
            title_en=title[:200],
            access=Access.COUNCIL,
        )
        nomination.save(update_fields=["paper"])
    _secretariat_told(nomination, award)
    return nomination


def _summary(nomination: Nomination, award: Award) -> str:
    # The register's record is written in English, as the agenda's titles are.
    with translation.override("en"):
        return _("The %(award)s to %(person)s (%(nation)s)") % {
            "award": str(award),
            "person": nomination.person.name_with_rank,
            "nation": nomination.person.nation,
        }


def _by_the_presidency() -> str:
    with translation.override("en"):
        return _("decided by the presidency")


def _not_in_the_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("A decision is recorded once it is made, not before.")})


@transaction.atomic
def decide_nomination(
    *, nomination: Nomination, approve: bool, decided_on: datetime.date, by: User | None = None
) -> bool:
    """Record the presidency's decision on a nomination (the award's decider is the
    presidency): approved, once check_eligible allows it, or not. It writes the
    council decision (kind award; public only when approved) the nomination links to.
    Side effect: an email to the nominator. False when decided so already."""
    award, nomination = _locked(nomination)
    wanted = NominationStatus.APPROVED if approve else NominationStatus.REJECTED
    if nomination.status == wanted:
        return False
    if nomination.is_decided:
        raise ValidationError(
            _("This nomination is decided already: %(status)s.")
            % {"status": nomination.get_status_display()}
        )
    if award.decided_by != Decider.PRESIDENCY or nomination.agenda_item_id is not None:
        raise ValidationError(
            _("The council decides the %(award)s: put the nomination on a session's agenda.")
            % {"award": award.name}
        )
    _not_in_the_future(decided_on, "decided_on")
    if approve:
        check_eligible(
            award=award, person=nomination.person, year=decided_on.year, exclude=nomination
        )
    Outcome = CouncilDecision.Outcome
    nomination.decision = CouncilDecision.objects.create(
        confederation=award.confederation,
        decided_on=decided_on,
        meeting=_by_the_presidency(),
        kind=CouncilDecision.Kind.AWARD,
        outcome=Outcome.APPROVED if approve else Outcome.REJECTED,
        summary=_summary(nomination, award),
        recorded_by=by,
        is_public=approve,
    )
    nomination.status = wanted
    nomination.save(update_fields=["decision", "status"])
    _nominator_told(nomination)
    return True


@transaction.atomic
def put_on_agenda(*, nomination: Nomination, session: Session, by: User | None = None) -> bool:
    """Put a nomination the council decides on a session's agenda before it opens: an
    item for decision (business award, not public) titled with the award and the
    person, the citation in its notes and the paper with it, once check_eligible
    allows it in the session's year (the item then counts against the year's number
    until the vote). The council's poll decides it (record_council_vote). False when
    it is on this session's agenda already."""
    award, nomination = _locked(nomination)
    if nomination.agenda_item_id is not None:
        if nomination.agenda_item.session_id == session.pk:
            return False
        raise ValidationError(_("This nomination is on another session's agenda."))
    if nomination.is_decided:
        raise ValidationError(
            _("This nomination is decided already: %(status)s.")
            % {"status": nomination.get_status_display()}
        )
    if award.decided_by != Decider.COUNCIL:
        raise ValidationError(
            _("The presidency decides the %(award)s: record its decision.") % {"award": award.name}
        )
    session = Session.objects.select_for_update(of=("self",)).get(pk=session.pk)
    if session.confederation_id != award.confederation_id:
        raise ValidationError(
            {"session": _("The award is decided by the council of %(confederation)s.")
             % {"confederation": award.confederation.acronym}}
        )  # fmt: skip
    if session.opened_at is not None:
        raise ValidationError({"session": _("This session has opened: its agenda is kept.")})
    check_eligible(
        award=award, person=nomination.person, year=session.held_on.year, exclude=nomination
    )
    person = nomination.person
    position = (
        session.items.filter(parent=None).aggregate(Max("position"))["position__max"] or 0
    ) + 1
    french = nomination.language == "fr"
    item = AgendaItem.objects.create(
        session=session,
        position=position,
        kind=ItemKind.DECISION,
        business=CouncilDecision.Kind.AWARD,
        title_en=f"{award.name_en}: {person.full_name}"[:300],
        title_fr=f"{award.name_fr or award.name_en} : {person.full_name}"[:300],
        notes_en="" if french else nomination.citation,
        notes_fr=nomination.citation if french else "",
        is_public=False,
    )
    if nomination.paper_id is not None:
        item.papers.add(nomination.paper_id)
    nomination.agenda_item = item
    nomination.save(update_fields=["agenda_item"])
    return True


@transaction.atomic
def record_council_vote(*, poll: Poll, by: User | None = None) -> bool:
    """The council's poll on a nomination's item has closed: carried, the nomination
    is approved (and its decision public), not carried, rejected, each with the
    decision the poll wrote; no quorum changes nothing (the item may be voted again).
    Side effect: an email to the nominator. False when the poll was on no nomination,
    had no quorum, or the nomination was decided already."""
    if poll.outcome == PollOutcome.NO_QUORUM:
        return False
    found = Nomination.objects.filter(agenda_item=poll.item_id).first()
    if found is None:
        return False
    _award, nomination = _locked(found)
    if nomination.is_decided:
        return False
    decision = poll.item.decision
    approved = decision.outcome == CouncilDecision.Outcome.APPROVED
    if approved:
        # The agenda item was not public; an award given is, as the presidency's are.
        CouncilDecision.objects.filter(pk=decision.pk).update(is_public=True)
    nomination.decision = decision
    nomination.status = NominationStatus.APPROVED if approved else NominationStatus.REJECTED
    nomination.save(update_fields=["decision", "status"])
    _nominator_told(nomination)
    return True


@transaction.atomic
def confer(
    *,
    nomination: Nomination,
    conferred_on: datetime.date,
    event: Event | None = None,
    conferred_by: str = "",
    by: User | None = None,
) -> bool:
    """Record that an approved award was conferred: the day, the meeting (optional)
    and by whom ("the President"). It then stands on the roll of honour if the person
    agreed. False when conferred already."""
    award, nomination = _locked(nomination)
    if nomination.status == NominationStatus.CONFERRED:
        return False
    if nomination.status != NominationStatus.APPROVED:
        raise ValidationError(
            _("Only an approved award is conferred; this one is %(status)s.")
            % {"status": nomination.get_status_display()}
        )
    if conferred_on < nomination.decision.decided_on:
        raise ValidationError(
            {"conferred_on": _("An award is conferred after its decision, of %(date)s.")
             % {"date": format_date(nomination.decision.decided_on)}}
        )  # fmt: skip
    if event is not None and not event.confederations.filter(pk=award.confederation_id).exists():
        raise ValidationError(
            {"event": _("The meeting is not one of %(confederation)s.")
             % {"confederation": award.confederation.acronym}}
        )  # fmt: skip
    nomination.status = NominationStatus.CONFERRED
    nomination.conferred_on = conferred_on
    nomination.conferred_at = event
    nomination.conferred_by = conferred_by.strip()[:200]
    nomination.save(update_fields=["status", "conferred_on", "conferred_at", "conferred_by"])
    return True


@transaction.atomic
def revoke(
    *, nomination: Nomination, revoked_on: datetime.date, reason: str, by: User | None = None
) -> bool:
    """Revoke an award given (approved or conferred), with the date and the reason of
    the decision: it writes a council decision (kind award, not public: the reason is
    the person's) and leaves the roll of honour. False when revoked already."""
    award, nomination = _locked(nomination)
    if nomination.status == NominationStatus.REVOKED:
        return False
    if nomination.status not in AWARDED:
        raise ValidationError(
            _("Only an award given is revoked; this nomination is %(status)s.")
            % {"status": nomination.get_status_display()}
        )
    reason = reason.strip()
    if not reason:
        raise ValidationError({"reason": _("Say why the award is revoked.")})
    _not_in_the_future(revoked_on, "revoked_on")
    if revoked_on < nomination.decision.decided_on:
        raise ValidationError(
            {"revoked_on": _("An award is revoked after its decision, of %(date)s.")
             % {"date": format_date(nomination.decision.decided_on)}}
        )  # fmt: skip
    with translation.override("en"):
        summary = _("Revocation: %(award)s. %(reason)s") % {
            "award": _summary(nomination, award),
            "reason": reason,
        }
    nomination.revocation = CouncilDecision.objects.create(
        confederation=award.confederation,
        decided_on=revoked_on,
        meeting=_by_the_presidency() if award.decided_by == Decider.PRESIDENCY else "",
        kind=CouncilDecision.Kind.AWARD,
        outcome=CouncilDecision.Outcome.APPROVED,
        summary=summary,
        recorded_by=by,
        is_public=False,
    )
    nomination.status = NominationStatus.REVOKED
    nomination.revoked_on = revoked_on
    nomination.revocation_reason = reason
    nomination.save(update_fields=["revocation", "status", "revoked_on", "revocation_reason"])
    return True
