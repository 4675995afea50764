"""Writes to delegations. Who may call which is for delegations/rules.py to say; these
hold the delegation's own rules, whoever acts."""

import secrets

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from confed.constraints import violations_as_errors
from confed.emails import send_email_after_commit
from confed.i18n import nation_in_sentence
from events.models import MEETING_KINDS, Event
from governance.selectors import current_vice_president
from members.models import NationalAssociation, Person

from .models import Delegation, DelegationMember, DelegationStatus, PrivateFeed, Role


def check_meeting(association: NationalAssociation, event: Event) -> None:
    """A delegation goes to a statutory meeting of the association's confederation."""
    if (
        event.kind not in MEETING_KINDS
        or not event.confederations.filter(pk=association.confederation_id).exists()
    ):
        raise ValidationError(
            _("%(event)s is not a meeting of %(confederation)s to which delegations go.")
            % {"event": event.title, "confederation": association.confederation}
        )


def _locked(association: NationalAssociation, event: Event) -> Delegation:
    """The delegation, created if new, locked until the transaction ends: adds to one
    delegation run one after the other, so its size limit holds under concurrency."""
    check_meeting(association, event)
    Delegation.objects.get_or_create(association=association, event=event)
    return (
        Delegation.objects.select_for_update(of=("self",))
        .select_related("association__confederation", "association__nation", "event")
        .get(association=association, event=event)
    )


def full_message(delegation: Delegation, count: int) -> str:
    return _(
        "A delegation has at most %(limit)s members, the head of delegation included; "
        "this one has %(count)s."
    ) % {"limit": delegation.size_limit, "count": count}


def check_person(delegation: Delegation, person: Person, role: str) -> None:
    association = delegation.association
    if person.nation_id != association.nation_id:
        raise ValidationError(
            {"person": _("Only people of %(nation)s can be in its delegation.")
             % {"nation": nation_in_sentence(association.nation, "de")}}
        )  # fmt: skip
    if role == Role.HEAD:
        head = current_vice_president(association)
        if head is None or head.person_id != person.pk:
            raise ValidationError(
                {"role": _("The head of delegation is the association's National Vice President.")}
            )


@transaction.atomic
def add_member(
    *,
    association: NationalAssociation,
    event: Event,
    person: Person,
    role: str,
    added_by: AbstractBaseUser | None = None,
) -> DelegationMember:
    """Add a person to the association's delegation for the meeting (created if new).

    Side effects: the delegation row (first add), the member in the lowest free seat,
    their history. Refuses a full delegation, a person of another nation, a head who
    is not the National Vice President, a second head, a person already in it, and a
    delegation no longer in draft.
    """
    delegation = _locked(association, event)
    if delegation.status != DelegationStatus.DRAFT:
        raise ValidationError(_("The delegation is %(status)s; it can no longer be changed.")
                              % {"status": delegation.get_status_display()})  # fmt: skip
    check_person(delegation, person, role)
    seats = set(delegation.members.values_list("seat", flat=True))
    limit = delegation.size_limit
    if len(seats) >= limit:
        raise ValidationError(full_message(delegation, len(seats) + 1))
    seat = min(set(range(1, limit + 1)) - seats)
    with violations_as_errors(
        fields={"a_person_sits_once_in_a_delegation": "person", "one_head_per_delegation": "role"}
    ):
        return DelegationMember.objects.create(
            delegation=delegation,
            person=person,
            role=role,
            seat=seat,
            seat_limit=limit,
            added_by=added_by,
        )


@transaction.atomic
def remove_member(*, member: DelegationMember) -> None:
    """Take a person out of a draft delegation."""
    delegation = Delegation.objects.select_for_update().get(pk=member.delegation_id)
    if delegation.status != DelegationStatus.DRAFT:
        raise ValidationError(_("The delegation can no longer be changed."))
    member.delete()


@transaction.atomic
def copy_previous(
    *, association: NationalAssociation, event: Event, added_by: AbstractBaseUser | None = None
) -> int:
    """Start from the association's delegation to its previous meeting: add each of its
    members who may still be in it, as far as places allow. Returns how many."""
    delegation = _locked(association, event)
    previous = (
        Delegation.objects.filter(association=association, event__starts_on__lt=event.starts_on)
        .exclude(status=DelegationStatus.DRAFT)
        .order_by("-event__starts_on")
        .first()
    )
    if previous is None:
        return 0
    present = set(delegation.members.values_list("person_id", flat=True))
    added = 0
    for member in previous.members.select_related("person").order_by("seat"):
        if member.person_id in present:
            continue
        try:
            with transaction.atomic():
                add_member(
                    association=association,
                    event=event,
                    person=member.person,
                    role=member.role,
                    added_by=added_by,
                )
        except ValidationError:
            continue  # no longer the head, no longer a place: the rest still come
        added += 1
    return added


def check_complete(delegation: Delegation) -> None:
    """The confederation's rules for a delegation that is submitted."""
    members = list(delegation.members.select_related("person"))
    confederation = delegation.association.confederation
    errors = []
    if len(members) > delegation.size_limit:
        errors.append(full_message(delegation, len(members)))
    heads = [m for m in members if m.role == Role.HEAD]
    vice_president = current_vice_president(delegation.association)
    if len(heads) != 1:
        errors.append(_("A delegation has exactly one head: the National Vice President."))
    elif vice_president is None or heads[0].person_id != vice_president.person_id:
        errors.append(_("The head of delegation must be the current National Vice President."))
    if confederation.delegation_requires_medical_officer and not any(
        m.person.is_medical_officer for m in members
    ):
        errors.append(
            _("A %(confederation)s delegation has at least one medical officer.")
            % {"confederation": confederation}
        )
    if errors:
        raise ValidationError(errors)


def _notify(delegation: Delegation, template: str) -> None:
    context = {"delegation": delegation, "confederation": delegation.association.confederation}
    head = current_vice_president(delegation.association)
    if head is not None and head.person.email:
        send_email_after_commit(
            to=[head.person.email],
            template=f"delegations/emails/{template}",
            context=context,
            language=head.person.language,
        )
    secretariat = delegation.association.confederation.secretariat_email
    if secretariat:
        send_email_after_commit(
            to=[secretariat],
            template=f"delegations/emails/{template}",
            context=context,
            language="en",
        )


def _lock(delegation: Delegation) -> Delegation:
    return (
        Delegation.objects.select_for_update(of=("self",))
        .select_related("association__confederation", "association__nation", "event")
        .get(pk=delegation.pk)
    )


@transaction.atomic
def submit(*, delegation: Delegation) -> bool:
    """Submit a draft that meets the rules. Side effects: the status and time; emails
    to the vice president and the secretariat. False when already submitted."""
    delegation = _lock(delegation)
    if delegation.status == DelegationStatus.SUBMITTED:
        return False
    if delegation.status != DelegationStatus.DRAFT:
        raise ValidationError(_("Only a draft delegation can be submitted."))
    check_complete(delegation)
    delegation.status = DelegationStatus.SUBMITTED
    delegation.submitted_at = timezone.now()
    delegation.return_comment = ""
    delegation.save(update_fields=["status", "submitted_at", "return_comment"])
    _notify(delegation, "submitted")
    return True


@transaction.atomic
def reopen(*, delegation: Delegation) -> bool:
    """Take a submitted delegation back to draft to change it (before a decision)."""
    delegation = _lock(delegation)
    if delegation.status == DelegationStatus.DRAFT:
        return False
    if delegation.status != DelegationStatus.SUBMITTED:
        raise ValidationError(
            _("An approved delegation goes back to draft only by the secretariat.")
        )
    delegation.status = DelegationStatus.DRAFT
    delegation.save(update_fields=["status"])
    return True


@transaction.atomic
def approve(*, delegation: Delegation) -> bool:
    """The secretariat approves a submitted delegation. Side effects: status and time;
    emails to the vice president and the secretariat. False when already approved."""
    delegation = _lock(delegation)
    if delegation.status == DelegationStatus.APPROVED:
        return False
    if delegation.status != DelegationStatus.SUBMITTED:
        raise ValidationError(_("Only a submitted delegation can be approved."))
    delegation.status = DelegationStatus.APPROVED
    delegation.approved_at = timezone.now()
    delegation.save(update_fields=["status", "approved_at"])
    _notify(delegation, "approved")
    return True


@transaction.atomic
def return_to_draft(*, delegation: Delegation, comment: str) -> bool:
    """The secretariat returns a delegation to its vice president with a comment.
    Side effects: status and comment; emails to the vice president and the secretariat.
    False when it is a draft already."""
    delegation = _lock(delegation)
    if delegation.status == DelegationStatus.DRAFT:
        return False
    delegation.status = DelegationStatus.DRAFT
    delegation.return_comment = comment
    delegation.approved_at = None
    delegation.save(update_fields=["status", "return_comment", "approved_at"])
    _notify(delegation, "returned")
    return True


@transaction.atomic
def add_new_person(
    *,
    association: NationalAssociation,
    event: Event,
    person: Person,
    role: str,
    added_by: AbstractBaseUser | None = None,
) -> DelegationMember:
    """Record a person new to the registry and add them, in one transaction: a refused
    add leaves no stray person behind."""
    person.nation = association.nation
    person.association = association
    with violations_as_errors(fields={"person_email_unique": "email"}):
        person.save()
    return add_member(
        association=association, event=event, person=person, role=role, added_by=added_by
    )


@transaction.atomic
def renew_private_feed(*, user: AbstractBaseUser) -> PrivateFeed:
    """A new secret address for the user's private calendar; the old one stops."""
    feed, _created = PrivateFeed.objects.update_or_create(
        user=user, defaults={"token": secrets.token_urlsafe(32)}
    )
    return feed
