"""Everything the portal holds about one person, as a file the secretariat can send
them; and the erasure of a person no longer needed.

It reads and writes the records of every app (a person's offices, committees,
delegations, the applications they signed, the emails and reminders sent to them,
their account and its logins), so it lives with the project's wiring, above the
apps, rather than in one of them. Erasing removes the contact data and the account;
the record of offices held stays, with the name and rank, as the constitutions want
the confederations' history kept. The records' history is scrubbed of the address too.
"""

import datetime

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import BooleanField, Q
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from awards.models import AWARDED, Nomination
from confed.models import Email
from council.models import Motion, Seat
from delegations.models import DelegationMember
from elections.models import Nomination as ElectionNomination
from governance.models import CommitteeMember, MembershipApplication, PresidencyAppointment, Term
from members.models import NationalAssociation, Person
from reminders.models import Reminder
from subscriptions.models import CreditNote, Invoice, Payment

FORMAT_VERSION = 1


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def addresses_of(person: Person) -> set[str]:
    """The addresses the portal reaches this person at, lower-cased: their record's and
    their account's, which may differ."""
    found = {person.email, person.user.email if person.user_id else ""}
    return {address.lower() for address in found if address}


def _emails_to(addresses: set[str]) -> Q:
    """The outbox's emails to one of these addresses, or naming one in their text (the
    secretariat's copy of an application names its contact), in any case."""
    if not addresses:
        return Q(pk__in=[])
    # The ORM has no lookup for "an element equals, in any case"; the table's name is
    # the model's, and the addresses are bound parameters.
    recipients = RawSQL(  # noqa: S611
        f'EXISTS (SELECT 1 FROM unnest({Email._meta.db_table}."to") AS address '  # noqa: S608
        "WHERE lower(address) = ANY(%s))",
        (sorted(addresses),),
        output_field=BooleanField(),
    )
    named = Q()
    for address in addresses:
        named |= Q(body__icontains=address)
    return Q(recipients) | named


def _forget_emails_to(addresses: set[str]) -> None:
    """An email to them, or naming them, goes; one to others too (an invoice to the
    association's contact and its vice president) stays, without their address."""
    for email in Email.objects.filter(_emails_to(addresses)):
        others = [to for to in email.to if to.lower() not in addresses]
        named = any(a in f"{email.subject}\n{email.body}".lower() for a in addresses)
        if others and not named:
            email.to = others
            email.save(update_fields=["to"])
        else:
            email.delete()


def signed_the_ledger(user) -> bool:
    """Whether the account issued, recorded or voided an entry of the subscriptions."""
    return (
        Invoice.objects.filter(Q(issued_by=user) | Q(voided_by=user)).exists()
        or CreditNote.objects.filter(issued_by=user).exists()
        or Payment.objects.filter(Q(recorded_by=user) | Q(voided_by=user)).exists()
    )


def _applications_of(addresses: set[str]):
    wanted = Q(pk__in=[])
    for address in addresses:
        wanted |= Q(contact_email__iexact=address)
    return MembershipApplication.objects.filter(wanted)


def export(person: Person) -> dict:
    """What the portal holds about this person, as plain data for a JSON file."""
    user = person.user
    addresses = addresses_of(person)
    return {
        "format": FORMAT_VERSION,
        "exported_at": _moment(timezone.now()),
        "person": {
            "given_name": person.given_name,
            "family_name": person.family_name,
            "rank": person.rank,
            "nato_rank": person.nato_rank,
            "service": person.service,
            "nation": person.nation.code,
            "association": person.association and person.association.display_name,
            "profession": person.profession,
            "medical_officer": person.is_medical_officer,
            "email": person.email,
            "language": person.language,
            "contact_erased_at": _moment(person.contact_erased_at),
            "recorded_changes": person.history.count(),
        },
        "account": user
        and {
            "username": user.username,
            "email": user.email,
            "active": user.is_active,
            "joined": _moment(user.date_joined),
            "last_login": _moment(user.last_login),
            "second_factors": [device.name for device in devices_for_user(user, confirmed=None)],
            "failed_logins": AccessAttempt.objects.filter(username__iexact=user.username).count()
            + AccessFailureLog.objects.filter(username__iexact=user.username).count(),
            "logins": AccessLog.objects.filter(username__iexact=user.username).count(),
        },
        "terms": [
            {
                "office": term.office.title_en,
                "confederation": term.office.confederation.acronym,
                "seat": term.seat,
                "starts_on": _day(term.starts_on),
                "ends_on": _day(term.ends_on),
            }
            for term in person.terms.select_related("office__confederation").order_by("starts_on")
        ],
        "presidency_appointments": [
            {
                "office": appointment.office.title_en,
                "presidency": str(appointment.presidency),
            }
            for appointment in PresidencyAppointment.objects.filter(person=person).select_related(
                "office", "presidency__confederation", "presidency__association__nation"
            )
        ],
        "committees": [
            {
                "committee": member.committee.name_en,
                "confederation": member.committee.confederation.acronym,
                "since": _day(member.since),
                "until": _day(member.until),
            }
            for member in CommitteeMember.objects.filter(person=person).select_related(
                "committee__confederation"
            )
        ],
        "delegations": [
            {
                "meeting": member.delegation.event.title_en,
                "starts_on": _day(member.delegation.event.starts_on),
                "nation": member.delegation.association.nation.code,
                "role": member.role,
                "status": member.delegation.status,
            }
            for member in DelegationMember.objects.filter(person=person)
            .select_related("delegation__event", "delegation__association__nation")
            .order_by("delegation__event__starts_on")
        ],
        # The council's record: the seats they sat in and the motions they moved. What
        # a seat voted is the association's, not theirs (and a secret ballot's is nobody's).
        "council_seats": [
            {
                "session": str(seat.session),
                "held_on": _day(seat.session.held_on),
                "nation": seat.association.nation.code,
                "present": seat.present,
            }
            for seat in Seat.objects.filter(sitting=person)
            .select_related("session__confederation", "session__event", "association__nation")
            .order_by("session__held_on")
        ],
        "motions": [
            {
                "session": str(motion.session),
                "title": motion.title,
                "submitted_at": _moment(motion.submitted_at),
                "status": motion.status,
            }
            for motion in (
                Motion.objects.filter(submitted_by=user)
                .select_related("session__confederation", "session__event")
                .order_by("submitted_at")
                if user
                else []
            )
        ],
        # The awards they were given, and the nominations they made (their citations
        # are of someone else, so only whom and for what).
        "awards": [
            {
                "award": str(nomination.award),
                "status": nomination.status,
                "decided_on": _day(nomination.decision.decided_on),
                "conferred_on": _day(nomination.conferred_on),
                "revoked_on": _day(nomination.revoked_on),
                "shown_on_roll": nomination.shown_on_roll,
            }
            for nomination in Nomination.objects.filter(person=person, status__in=AWARDED)
            .select_related("award__confederation", "decision")
            .order_by("decision__decided_on")
        ],
        "award_nominations_made": [
            {
                "award": str(nomination.award),
                "nominee": nomination.person.full_name,
                "nominated_at": _moment(nomination.nominated_at),
                "status": nomination.status,
            }
            for nomination in (
                Nomination.objects.filter(nominated_by=user)
                .select_related("award__confederation", "person")
                .order_by("nominated_at")
                if user
                else []
            )
        ],
        # The elections they were nominated in, with the statement made of them, and
        # the nominations they made.
        "nominations_received": [
            {
                "office": str(nomination.call.office),
                "term_starts_on": _day(nomination.call.term_starts_on),
                "statement": nomination.statement,
                "status": nomination.status,
                "answered_at": _moment(nomination.answered_at),
            }
            for nomination in ElectionNomination.objects.filter(nominee=person)
            .select_related("call__office__confederation")
            .order_by("nominated_at")
        ],
        "nominations_made": [
            {
                "office": str(nomination.call.office),
                "nominee": nomination.nominee.full_name,
                "nominated_at": _moment(nomination.nominated_at),
                "status": nomination.status,
            }
            for nomination in (
                ElectionNomination.objects.filter(nominated_by=user)
                .select_related("call__office__confederation", "nominee")
                .order_by("nominated_at")
                if user
                else []
            )
        ],
        "applications": [
            {
                "confederation": application.confederation.acronym,
                "association": application.association_name,
                "contact_name": application.contact_name,
                "contact_email": application.contact_email,
                "submitted_at": _moment(application.submitted_at),
                "status": application.status,
            }
            for application in _applications_of(addresses).select_related("confederation")
        ],
        "emails": [
            {
                "subject": email.subject,
                "to": email.to,
                "written_at": _moment(email.created_at),
                "sent_at": _moment(email.sent_at),
                "status": email.status,
                "text": "" if email.holds_a_secret else email.body,
            }
            for email in Email.objects.filter(_emails_to(addresses)).order_by("created_at")
        ],
        "reminders": [
            {
                "kind": reminder.kind,
                "for_the_date": _day(reminder.target_on),
                "status": reminder.status,
                "sent_at": _moment(reminder.sent_at),
            }
            for reminder in _reminders_to(addresses).order_by("due_on")
        ],
    }


def _reminders_to(addresses: set[str]):
    wanted = Q(pk__in=[])
    for address in addresses:
        wanted |= Q(recipient__iexact=address)
    return Reminder.objects.filter(wanted)


def check_erasable(person: Person, on: datetime.date | None = None) -> None:
    """Only a person no longer needed is erased: not one who holds or will hold an
    office, sits on a committee, is to take office with a presidency, or is in a
    delegation to a meeting still to come; nor the holder of a staff account, whose
    account is the secretariat's to keep (the secretariat may not delete accounts)."""
    on = on or timezone.localdate()
    reasons = []
    terms = Term.objects.filter(person=person).filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on))
    if terms.exists():
        offices = ", ".join(term.office.title for term in terms.select_related("office"))
        reasons.append(_("holds or will hold an office (%(offices)s)") % {"offices": offices})
    if PresidencyAppointment.objects.filter(person=person, presidency__handed_over=False).exists():
        reasons.append(_("is to take office with a presidency"))
    if (
        CommitteeMember.objects.filter(person=person)
        .filter(Q(until__isnull=True) | Q(until__gt=on))
        .exists()
    ):
        reasons.append(_("sits on a committee"))
    if DelegationMember.objects.filter(person=person, delegation__event__ends_on__gte=on).exists():
        reasons.append(_("is in a delegation to a meeting still to come"))
    if person.user_id and (person.user.is_staff or person.user.is_superuser):
        reasons.append(_("has a staff account, which only a superuser removes"))
    if person.user_id and signed_the_ledger(person.user):
        reasons.append(
            _("their account signed entries of the subscriptions' ledger, which keep who "
              "made them: make the account inactive instead")
        )  # fmt: skip
    contact = Q(pk__in=[])
    for address in addresses_of(person):
        contact |= Q(email__iexact=address)
    contact_of = NationalAssociation.objects.filter(contact)
    if contact_of.exists():
        reasons.append(
            _("their address is the contact address of %(associations)s: give it another "
              "first") % {"associations": ", ".join(a.display_name for a in contact_of)}
        )  # fmt: skip
    if reasons:
        raise ValidationError(
            _("%(person)s is still needed: %(reasons)s.")
            % {"person": person.full_name, "reasons": "; ".join(reasons)}
        )


def is_erased(person: Person) -> bool:
    """Erased, and nothing given again since: no address, no account."""
    return person.contact_erased_at is not None and not person.email and not person.user_id


@transaction.atomic
def erase(*, person: Person) -> bool:
    """Erase the person's contact data and account; False if there is nothing left to
    erase.

    Goes: their email addresses (also in their records' history), their account (with
    its second factors, private calendar, login records and the admin's log of it), the
    contact on the applications they signed, the emails and reminders sent to them or
    naming them. Stays: their name, rank, nation and association, and the terms,
    committees and delegations they served in, which are the confederations' record.
    Raises ValidationError while they are still needed (check_erasable)."""
    person = (
        Person.objects.select_for_update(of=("self",)).select_related("user").get(pk=person.pk)
    )
    if is_erased(person):
        return False
    check_erasable(person)
    addresses = addresses_of(person)
    for application in _applications_of(addresses):
        application.history.update(contact_name="", contact_email="")
    _applications_of(addresses).update(contact_name="", contact_email="")
    _forget_emails_to(addresses)
    _reminders_to(addresses).delete()
    if person.user_id:
        user = person.user
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username__iexact=user.username).delete()
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(user), object_id=str(user.pk)
        ).delete()
        user.delete()  # its devices and private calendar with it
    person.history.update(email="")
    person.email, person.user, person.contact_erased_at = "", None, timezone.now()
    person.save(update_fields=["email", "user", "contact_erased_at"])
    return True
