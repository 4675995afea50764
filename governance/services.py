"""Writes in governance: terms, presidencies and their handover, applications.

Each state change is one function: keyword-only, in one transaction, a no-op when
already done, and its docstring names its side effects.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from confed.emails import send_email_after_commit
from members.models import (
    Confederation,
    MembershipCategory,
    MembershipStatus,
    Nation,
    NationalAssociation,
    Person,
)
from members.services import admit_association

from .models import (
    PENDING_APPLICATION_STATUSES,
    ApplicationStatus,
    Committee,
    CouncilDecision,
    MembershipApplication,
    Office,
    OfficeKind,
    Presidency,
    RotationPlace,
    Term,
)

# --- offices and terms -------------------------------------------------------------


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February becomes 28 February in a common year."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def country_name(nation: Nation, language: str) -> str:
    with translation.override(language):
        return str(nation.country.name)


def national_vice_president_office(association: NationalAssociation) -> Office:
    """The association's National Vice President office, created the first time it is asked."""
    office, _created = Office.objects.get_or_create(
        kind=OfficeKind.NATIONAL_VICE_PRESIDENT,
        association=association,
        defaults={
            "confederation": association.confederation,
            "code": f"nvp-{association.nation.code.lower()}-{association.pk}",
            "title_en": f"National Vice President, {country_name(association.nation, 'en')}",
            "title_fr": f"Vice-président national, {country_name(association.nation, 'fr')}",
            "position": 500,
        },
    )
    return office


def committee_offices(committee: Committee) -> tuple[Office, Office]:
    """The committee's Chair and Secretary offices, created the first time they are asked."""
    offices = []
    for kind, title, title_fr, position in [
        (OfficeKind.COMMITTEE_CHAIR, "Chair", "Président", 700),
        (OfficeKind.COMMITTEE_SECRETARY, "Secretary", "Secrétaire", 701),
    ]:
        office, _created = Office.objects.get_or_create(
            committee=committee,
            kind=kind,
            defaults={
                "confederation": committee.confederation,
                "code": f"{committee.slug}-{kind}",
                "title_en": f"{title}, {committee.code}",
                "title_fr": f"{title_fr}, {committee.code}",
                "position": position,
            },
        )
        offices.append(office)
    return offices[0], offices[1]


def free_seat(
    *, office: Office, starts_on: datetime.date, ends_on: datetime.date | None
) -> int | None:
    for seat in range(1, office.holders_at_once + 1):
        term = Term(office=office, seat=seat, starts_on=starts_on, ends_on=ends_on)
        if not term.overlapping().exists():
            return seat
    return None


def check_term(
    *,
    office: Office,
    person: Person,
    seat: int,
    starts_on: datetime.date,
    ends_on: datetime.date | None,
) -> None:
    """Raise ValidationError naming the rule a term would break. The overlap of two
    holders is the database's rule, checked by Term.validate_constraints."""
    if seat > office.holders_at_once:
        raise ValidationError(
            {"seat": _("This office has %(n)s seat(s).") % {"n": office.holders_at_once}}
        )
    if ends_on is not None and ends_on <= starts_on:
        raise ValidationError({"ends_on": _("A term must end after it starts.")})
    if office.association_id and person.nation_id != office.association.nation_id:
        raise ValidationError(
            {
                "person": _("The National Vice President of %(nation)s must be of that nation.")
                % {"nation": office.association.nation}
            }
        )


@transaction.atomic
def appoint(
    *,
    office: Office,
    person: Person,
    starts_on: datetime.date,
    ends_on: datetime.date | None = None,
    began_by: str = Term.BeganBy.APPOINTED,
    decision: CouncilDecision | None = None,
    seat: int | None = None,
    note: str = "",
) -> Term:
    """Open a term of office. Without a seat, takes the first free one.

    Side effects: the term and its history record. Refuses an overlap with the holder
    named, and a National Vice President of another nation.
    """
    # Lock the office so that two appointments to it are checked one after the other.
    office = (
        Office.objects.select_for_update(of=("self",))
        .select_related("association")
        .get(pk=office.pk)
    )
    if seat is None:
        seat = free_seat(office=office, starts_on=starts_on, ends_on=ends_on) or 1
    check_term(office=office, person=person, seat=seat, starts_on=starts_on, ends_on=ends_on)
    term = Term(
        office=office,
        person=person,
        seat=seat,
        starts_on=starts_on,
        ends_on=ends_on,
        began_by=began_by,
        decision=decision,
        note=note,
    )
    term.validate_constraints()  # names the holder of an overlapping term
    try:
        with transaction.atomic():
            term.save()
            return term
    except IntegrityError as error:  # a term written meanwhile by another transaction
        if "no_overlapping_terms_of_one_seat" in str(error):
            raise ValidationError(_("This seat of the office is held at that time.")) from error
        raise


def end_term(*, term: Term, on: datetime.date) -> bool:
    """End a term on `on` (the first day it is no longer held); a term that had not yet
    begun by then never was, and is removed. False if it already ended by then."""
    if term.ends_on is not None and term.ends_on <= on:
        return False
    if term.starts_on >= on:
        term.delete()
        return True
    term.ends_on = on
    term.save(update_fields=["ends_on"])
    return True


# --- the presidency ----------------------------------------------------------------


def record_decision(
    *,
    confederation: Confederation,
    kind: str,
    outcome: str,
    decided_on: datetime.date,
    summary: str,
    meeting: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> CouncilDecision:
    return CouncilDecision.objects.create(
        confederation=confederation,
        kind=kind,
        outcome=outcome,
        decided_on=decided_on,
        summary=summary,
        meeting=meeting,
        recorded_by=recorded_by,
    )


def is_approved(decision: CouncilDecision | None) -> bool:
    return decision is not None and decision.outcome == CouncilDecision.Outcome.APPROVED


@transaction.atomic
def approve_presidency(
    *,
    presidency: Presidency,
    decided_on: datetime.date,
    meeting: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> CouncilDecision:
    """Record the council's approval of a presidency and open the -elect terms.

    Side effects: a CouncilDecision linked from the presidency; for each designated
    holder of an office that has an -elect office (President, Secretary General), a
    term in the -elect office from the decision until the handover. A no-op returning
    the existing decision when already approved.
    """
    presidency = Presidency.objects.select_for_update().get(pk=presidency.pk)
    if is_approved(presidency.decision):
        return presidency.decision
    decision = record_decision(
        confederation=presidency.confederation,
        kind=CouncilDecision.Kind.PRESIDENCY,
        outcome=CouncilDecision.Outcome.APPROVED,
        decided_on=decided_on,
        meeting=meeting,
        summary=_("Presidency %(years)s given to %(association)s")
        % {"years": presidency.years, "association": presidency.association.display_name},
        recorded_by=recorded_by,
    )
    presidency.decision = decision
    presidency.save(update_fields=["decision"])
    open_elect_terms(presidency=presidency)
    return decision


def open_elect_terms(*, presidency: Presidency) -> None:
    """Give each designated President and Secretary General their -elect term, once."""
    if not is_approved(presidency.decision) or presidency.handed_over:
        return
    for appointment in presidency.appointments.select_related("office__elect_office", "person"):
        elect_office = getattr(appointment.office, "elect_office", None)
        if elect_office is None:
            continue
        current = Term.objects.filter(office=elect_office).current().first()
        if current is not None and current.person_id == appointment.person_id:
            continue
        # The designation runs from the council's decision.
        starts_on = presidency.decision.decided_on
        if current is not None:
            end_term(term=current, on=starts_on)
        appoint(
            office=elect_office,
            person=appointment.person,
            starts_on=starts_on,
            began_by=Term.BeganBy.ELECTED,
            decision=presidency.decision,
        )


def current_presidency(confederation: Confederation) -> Presidency | None:
    return (
        Presidency.objects.filter(confederation=confederation, handed_over=True, ends_on=None)
        .select_related("association")
        .first()
    )


@transaction.atomic
def hand_over_presidency(
    *,
    presidency: Presidency,
    on: datetime.date,
    place: str = "",
) -> bool:
    """Hand the presidency of a confederation to `presidency`'s association on `on`.

    Side effects, all in one transaction:
    - the outgoing presidency ends on `on`;
    - every current term in an office held by the presidency, and in the -elect
      offices, ends on `on` (the outgoing President and Secretary General thereby
      become honorary delegates, which are derived from past terms);
    - a term opens for each of the incoming presidency's appointments, for the
      office's term length;
    - the incoming association moves to the end of the rotation.
    Returns False, changing nothing, when this presidency was already handed over.
    Refuses a presidency or an appointment the council has not approved.
    """
    # Lock the confederation: two handovers of one confederation run one after the other.
    Confederation.objects.select_for_update().get(pk=presidency.confederation_id)
    presidency = (
        Presidency.objects.select_for_update(of=("self",))
        .select_related("confederation", "decision", "association__nation")
        .get(pk=presidency.pk)
    )
    if presidency.handed_over:
        return False
    if on > timezone.localdate():
        raise ValidationError(_("A handover cannot be recorded before the day it happens."))
    association = presidency.association
    if not (
        association.category == MembershipCategory.FULL
        and association.status == MembershipStatus.ACTIVE
    ):
        raise ValidationError(
            _("Only an active full member takes the presidency; %(association)s is not one.")
            % {"association": association.display_name}
        )
    if not is_approved(presidency.decision):
        raise ValidationError(
            _("The council has not approved this presidency; it cannot be handed over.")
        )
    appointments = list(
        presidency.appointments.select_related("office", "person", "decision").order_by(
            "office__position"
        )
    )
    for appointment in appointments:
        office = appointment.office
        if office.confederation_id != presidency.confederation_id:
            raise ValidationError(
                _("%(office)s is not an office of %(confederation)s.")
                % {"office": office.title, "confederation": presidency.confederation}
            )
        # The presidency team comes from the presiding association's nation; CIOMR's
        # International Vice President is chosen by the president designate.
        if (
            office.kind != OfficeKind.INTERNATIONAL_VICE_PRESIDENT
            and appointment.person.nation_id != association.nation_id
        ):
            raise ValidationError(
                _("%(person)s is not of %(nation)s, which takes the presidency.")
                % {"person": appointment.person, "nation": association.nation}
            )
        if office.kind == OfficeKind.INTERNATIONAL_VICE_PRESIDENT and not is_approved(
            appointment.decision
        ):
            raise ValidationError(
                _(
                    "The %(body)s has not approved %(person)s as International Vice "
                    "President; the presidency cannot be handed over."
                )
                % {"body": presidency.confederation.governing_body, "person": appointment.person}
            )
    if not any(a.office.kind == OfficeKind.PRESIDENT for a in appointments):
        raise ValidationError(_("Name the incoming President before handing over."))

    outgoing = current_presidency(presidency.confederation)
    if outgoing is not None:
        if on <= outgoing.starts_on:
            raise ValidationError(
                _("The handover must come after the outgoing presidency began on %(date)s.")
                % {"date": date_format(outgoing.starts_on)}
            )
        outgoing.ends_on = on
        outgoing.save(update_fields=["ends_on"])

    team_offices = Office.objects.filter(
        Q(held_by_presidency=True) | Q(elect_of__isnull=False),
        confederation=presidency.confederation,
    )
    for term in Term.objects.filter(office__in=team_offices).current(on):
        end_term(term=term, on=on)

    presidency.starts_on = on
    presidency.handover_place = place or presidency.handover_place
    presidency.handed_over = True
    presidency.save(update_fields=["starts_on", "handover_place", "handed_over"])

    for appointment in appointments:
        years = appointment.office.term_years
        appoint(
            office=appointment.office,
            person=appointment.person,
            starts_on=on,
            ends_on=add_years(on, years) if years else None,
            began_by=Term.BeganBy.NOMINATED_IN_ROTATION,
            decision=appointment.decision or presidency.decision,
        )
    move_to_end_of_rotation(association=presidency.association)
    return True


def move_to_end_of_rotation(*, association: NationalAssociation) -> None:
    """The association has taken its turn: it goes to the back of the queue."""
    last = (
        RotationPlace.objects.filter(confederation=association.confederation).aggregate(
            Max("position")
        )["position__max"]
        or 0
    )
    place = RotationPlace.objects.filter(association=association).first()
    if place is None:
        RotationPlace.objects.create(
            confederation=association.confederation, association=association, position=last + 1
        )
    elif place.position != last:
        place.position = last + 1
        place.save(update_fields=["position"])


# --- membership applications -------------------------------------------------------


def nation_of(country: str) -> Nation:
    """The registry's nation for an ISO country code; an unsaved one if it has none yet
    (a nation new to the registry is outside NATO until the secretariat says otherwise)."""
    return Nation.objects.filter(country=country).first() or Nation(country=country)


def check_application_allowed(
    *, confederation: Confederation, nation: Nation, category: str
) -> None:
    """Raise ValidationError when a nation may not apply: it is already represented, it
    has an application waiting, or it seeks full membership outside NATO."""
    if category == MembershipCategory.FULL and not nation.is_nato_member():
        raise ValidationError(
            {
                "category": _(
                    "Full membership is only for associations of NATO nations; %(nation)s "
                    "is not a NATO member. Apply as an associate member."
                )
                % {"nation": nation}
            }
        )
    pending = MembershipApplication.objects.filter(
        confederation=confederation,
        country=nation.country.code,
        status__in=PENDING_APPLICATION_STATUSES,
    ).exists()
    if pending:
        raise ValidationError(
            {
                "country": _(
                    "An application from %(nation)s to %(confederation)s is already waiting "
                    "for a decision. The secretariat will be in touch."
                )
                % {"nation": nation, "confederation": confederation}
            }
        )
    if nation.pk is None:
        return
    member = (
        NationalAssociation.objects.members()
        .filter(confederation=confederation, nation=nation)
        .first()
    )
    if member is not None:
        raise ValidationError(
            {
                "country": _(
                    "%(nation)s is already represented in %(confederation)s by %(member)s: "
                    "only one national association per nation may be a member."
                )
                % {"nation": nation, "confederation": confederation, "member": member.display_name}
            }
        )


def _email_application(application: MembershipApplication, template: str) -> None:
    context = {"application": application, "confederation": application.confederation}
    send_email_after_commit(
        to=[application.contact_email],
        template=f"governance/emails/{template}",
        context=context,
        language=application.language,
    )
    if application.confederation.secretariat_email:
        send_email_after_commit(
            to=[application.confederation.secretariat_email],
            template=f"governance/emails/secretariat_{template}",
            context=context,
            language="en",
        )


@transaction.atomic
def submit_application(
    *,
    confederation: Confederation,
    country: str,
    association_name: str,
    contact_name: str,
    contact_email: str,
    category: str,
    statement: str,
    acronym: str = "",
    website: str = "",
    language: str = "en",
) -> MembershipApplication:
    """Receive an application for membership.

    Side effects: the application; after commit, a confirmation email to the contact
    person and a notification to the confederation's secretariat. Refuses a nation
    already represented or with an application waiting (the database holds the
    latter too). A country new to the registry is added only on admission.
    """
    nation = nation_of(country)
    check_application_allowed(confederation=confederation, nation=nation, category=category)
    try:
        with transaction.atomic():
            application = MembershipApplication.objects.create(
                confederation=confederation,
                country=country,
                association_name=association_name,
                acronym=acronym,
                website=website,
                contact_name=contact_name,
                contact_email=contact_email,
                category=category,
                statement=statement,
                language=language,
            )
    except IntegrityError as error:
        if "one_pending_application_per_nation" in str(error):
            raise ValidationError(
                {"country": _("An application from this nation is already waiting.")}
            ) from error
        raise
    _email_application(application, "application_received")
    return application


def _lock(application: MembershipApplication) -> MembershipApplication:
    return (
        MembershipApplication.objects.select_for_update()
        .select_related("confederation")
        .get(pk=application.pk)
    )


def _refuse_unless_pending(application: MembershipApplication) -> None:
    if not application.is_pending:
        raise ValidationError(
            _("This application is %(status)s; it is no longer waiting for a decision.")
            % {"status": application.get_status_display()}
        )


@transaction.atomic
def start_review(*, application: MembershipApplication) -> bool:
    """Mark a submitted application as under review. No side effect beyond history."""
    application = _lock(application)
    if application.status == ApplicationStatus.UNDER_REVIEW:
        return False
    _refuse_unless_pending(application)
    application.status = ApplicationStatus.UNDER_REVIEW
    application.save(update_fields=["status"])
    return True


@transaction.atomic
def approve_application(
    *,
    application: MembershipApplication,
    decided_on: datetime.date,
    meeting: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> MembershipApplication:
    """Admit the applicant as decided by the council.

    Side effects, in one transaction: a CouncilDecision (admission, approved); the
    association admitted with its category from `decided_on` (members.services);
    its National Vice President office; the application approved and linked to
    both; after commit, emails to the applicant and the secretariat. Refuses, naming
    the rule, a second association for the nation or full membership outside NATO,
    and then changes nothing. A no-op when already approved.
    """
    application = _lock(application)
    if application.status == ApplicationStatus.APPROVED:
        return application
    _refuse_unless_pending(application)
    decision = record_decision(
        confederation=application.confederation,
        kind=CouncilDecision.Kind.ADMISSION,
        outcome=CouncilDecision.Outcome.APPROVED,
        decided_on=decided_on,
        meeting=meeting,
        summary=_("Admission of %(name)s (%(nation)s) as %(category)s")
        % {
            "name": application.association_name,
            "nation": application.country.name,
            "category": application.get_category_display(),
        },
        recorded_by=recorded_by,
    )
    # A country new to the registry joins it now, outside NATO until the secretariat
    # records an accession (the admission refuses full membership until then).
    nation, _created = Nation.objects.get_or_create(country=application.country)
    association = admit_association(
        confederation=application.confederation,
        nation=nation,
        name=application.association_name,
        acronym=application.acronym,
        website=application.website,
        email=application.contact_email,
        category=application.category,
        admitted_on=decided_on,
        note=_("Admitted by council decision of %(date)s") % {"date": date_format(decided_on)},
        recorded_by=recorded_by,
    )
    national_vice_president_office(association)
    application.status = ApplicationStatus.APPROVED
    application.decision = decision
    application.association = association
    application.save(update_fields=["status", "decision", "association"])
    _email_application(application, "application_approved")
    return application


@transaction.atomic
def reject_application(
    *,
    application: MembershipApplication,
    decided_on: datetime.date,
    reason: str,
    meeting: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> MembershipApplication:
    """Record the council's rejection. Side effects: a CouncilDecision (admission,
    rejected) with the reason; after commit, emails to the applicant and the
    secretariat. A no-op when already rejected."""
    application = _lock(application)
    if application.status == ApplicationStatus.REJECTED:
        return application
    _refuse_unless_pending(application)
    application.decision = record_decision(
        confederation=application.confederation,
        kind=CouncilDecision.Kind.ADMISSION,
        outcome=CouncilDecision.Outcome.REJECTED,
        decided_on=decided_on,
        meeting=meeting,
        summary=reason,
        recorded_by=recorded_by,
    )
    application.status = ApplicationStatus.REJECTED
    application.save(update_fields=["status", "decision"])
    _email_application(application, "application_rejected")
    return application


@transaction.atomic
def withdraw_application(*, application: MembershipApplication) -> bool:
    """The applicant withdraws. No email; a no-op when already withdrawn."""
    application = _lock(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        return False
    _refuse_unless_pending(application)
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    return True
