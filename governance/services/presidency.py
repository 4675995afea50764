"""The rotating presidency: the council's approval, the -elect terms, the handover."""

import datetime
from dataclasses import dataclass

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from confed.i18n import format_date
from members.models import Confederation, NationalAssociation, Person

from ..models import (
    CouncilDecision,
    Office,
    OfficeKind,
    Presidency,
    PresidencyAppointment,
    RotationPlace,
    Term,
)
from ..selectors import current_presidency
from .terms import add_years, appoint, end_term


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


@transaction.atomic
def approve_presidency(
    *,
    presidency: Presidency,
    decided_on: datetime.date,
    meeting: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> bool:
    """Record the council's approval of a presidency and open the -elect terms.

    Side effects: a CouncilDecision linked from the presidency; for each designated
    holder of an office that has an -elect office (President, Secretary General), a
    term in the -elect office from the decision until the handover. False, changing
    nothing, when it is approved already.
    """
    presidency = Presidency.objects.select_for_update().get(pk=presidency.pk)
    if presidency.is_approved:
        return False
    presidency.decision = record_decision(
        confederation=presidency.confederation,
        kind=CouncilDecision.Kind.PRESIDENCY,
        outcome=CouncilDecision.Outcome.APPROVED,
        decided_on=decided_on,
        meeting=meeting,
        summary=_("Presidency %(years)s given to %(association)s")
        % {"years": presidency.years, "association": presidency.association.display_name},
        recorded_by=recorded_by,
    )
    presidency.save(update_fields=["decision"])
    open_elect_terms(presidency=presidency)
    return True


def open_elect_terms(*, presidency: Presidency) -> None:
    """Give each designated President and Secretary General their -elect term, once."""
    if not presidency.is_approved or presidency.handed_over:
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


# A handover this many days or more from the presidency's planned start is a mistake
# more often than not (a presidency planned years ahead chosen by a slip): it goes
# ahead only when the secretariat confirms the date.
DAYS_FROM_THE_PLAN = 60


@dataclass
class OpeningTerm:
    appointment: PresidencyAppointment
    starts_on: datetime.date
    ends_on: datetime.date | None


@dataclass
class Handover:
    """What handing a presidency over on a day does, worked out before anything is."""

    presidency: Presidency
    on: datetime.date
    outgoing: Presidency | None
    # The current terms of the presidency team and of the -elect offices: they end.
    ending: list[Term]
    # The incoming team: each opens a term for its office's length.
    opening: list[OpeningTerm]
    # Holders of the ending terms who become honorary delegates by it (past Presidents
    # and Secretaries General who were not yet).
    becoming_honorary_delegates: list[Person]


def plan_handover(
    *, presidency: Presidency, on: datetime.date, far_from_the_plan: bool = False
) -> Handover:
    """The handover of `presidency` on `on`, or ValidationError naming what stands in
    its way. A date DAYS_FROM_THE_PLAN or more from the planned start needs
    `far_from_the_plan`: the secretariat's confirmation that it is right. Reads only."""
    appointments = list(
        presidency.appointments.select_related("office", "person", "decision").order_by(
            "office__position"
        )
    )
    _check_handover(presidency, on, appointments)
    days_off = abs((on - presidency.starts_on).days)
    if days_off >= DAYS_FROM_THE_PLAN and not far_from_the_plan:
        raise ValidationError(
            _(
                "The handover on %(date)s is %(days)s days from the presidency's planned "
                "start on %(planned)s. If that date is right, confirm it."
            )
            % {
                "date": format_date(on),
                "days": days_off,
                "planned": format_date(presidency.starts_on),
            },
            code="far_from_the_plan",
        )
    outgoing = current_presidency(presidency.confederation)
    if outgoing is not None and on <= outgoing.starts_on:
        raise ValidationError(
            _("The handover must come after the outgoing presidency began on %(date)s.")
            % {"date": format_date(outgoing.starts_on)}
        )
    team_offices = Office.objects.filter(
        Q(held_by_presidency=True) | Q(elect_of__isnull=False),
        confederation=presidency.confederation,
    )
    ending = list(
        Term.objects.filter(office__in=team_offices)
        .current(on)
        .select_related("office", "person")
        .order_by("office__position")
    )
    opening = [
        OpeningTerm(
            appointment,
            on,
            add_years(on, appointment.office.term_years)
            if appointment.office.term_years
            else None,
        )
        for appointment in appointments
    ]
    return Handover(
        presidency, on, outgoing, ending, opening, _becoming_honorary(presidency, on, ending)
    )


def _becoming_honorary(presidency: Presidency, on: datetime.date, ending: list[Term]):
    leaving = {
        term.person_id: term.person
        for term in ending
        if term.office.holders_become_honorary_delegates and term.starts_on < on
    }
    already = set(
        Term.objects.past(on)
        .filter(
            office__confederation=presidency.confederation,
            office__holders_become_honorary_delegates=True,
            person__in=list(leaving),
        )
        .values_list("person_id", flat=True)
    )
    return [person for pk, person in leaving.items() if pk not in already]


def _check_handover(
    presidency: Presidency, on: datetime.date, appointments: list[PresidencyAppointment]
) -> None:
    if on > timezone.localdate():
        raise ValidationError(_("A handover cannot be recorded before the day it happens."))
    association = presidency.association
    if not association.is_active_full_member:
        raise ValidationError(
            _("Only an active full member takes the presidency; %(association)s is not one.")
            % {"association": association.display_name}
        )
    if not presidency.is_approved:
        raise ValidationError(
            _("The council has not approved this presidency; it cannot be handed over.")
        )
    for appointment in appointments:
        office = appointment.office
        if office.confederation_id != presidency.confederation_id:
            raise ValidationError(
                _("%(office)s is not an office of %(confederation)s.")
                % {"office": office.title, "confederation": presidency.confederation}
            )
        # The presidency team comes from the presiding association's nation; CIOMR's
        # International Vice President is chosen by the president designate, and takes
        # office only once the governing body has approved the choice.
        if office.kind == OfficeKind.INTERNATIONAL_VICE_PRESIDENT:
            if not appointment.is_approved:
                raise ValidationError(
                    _(
                        "The %(body)s has not approved %(person)s as International Vice "
                        "President; the presidency cannot be handed over."
                    )
                    % {
                        "body": presidency.confederation.governing_body,
                        "person": appointment.person,
                    }
                )
        elif appointment.person.nation_id != association.nation_id:
            raise ValidationError(
                _("%(person)s is not of %(nation)s, which takes the presidency.")
                % {"person": appointment.person, "nation": association.nation}
            )
    if not any(a.office.kind == OfficeKind.PRESIDENT for a in appointments):
        raise ValidationError(_("Name the incoming President before handing over."))


@transaction.atomic
def hand_over_presidency(
    *,
    presidency: Presidency,
    on: datetime.date,
    place: str = "",
    far_from_the_plan: bool = False,
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
    False, changing nothing, when this presidency was handed over already. Refuses
    (plan_handover) a presidency or an appointment the council has not approved, and
    a date far from the plan unless `far_from_the_plan` confirms it.
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
    handover = plan_handover(presidency=presidency, on=on, far_from_the_plan=far_from_the_plan)
    _end_the_outgoing_presidency(handover)
    _install_the_incoming_presidency(handover, place)
    _open_the_incoming_terms(handover)
    move_to_end_of_rotation(association=presidency.association)
    return True


def _end_the_outgoing_presidency(handover: Handover) -> None:
    if handover.outgoing is not None:
        handover.outgoing.ends_on = handover.on
        handover.outgoing.save(update_fields=["ends_on"])
    for term in handover.ending:
        end_term(term=term, on=handover.on)


def _install_the_incoming_presidency(handover: Handover, place: str) -> None:
    presidency = handover.presidency
    presidency.starts_on = handover.on
    presidency.handover_place = place or presidency.handover_place
    presidency.handed_over = True
    presidency.save(update_fields=["starts_on", "handover_place", "handed_over"])


def _open_the_incoming_terms(handover: Handover) -> None:
    for term in handover.opening:
        appoint(
            office=term.appointment.office,
            person=term.appointment.person,
            starts_on=term.starts_on,
            ends_on=term.ends_on,
            began_by=Term.BeganBy.NOMINATED_IN_ROTATION,
            decision=term.appointment.decision or handover.presidency.decision,
        )


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
