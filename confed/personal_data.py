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
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django_otp import devices_for_user

from confed.models import Email
from delegations.models import DelegationMember
from governance.models import CommitteeMember, MembershipApplication, PresidencyAppointment, Term
from members.models import Person
from reminders.models import Reminder

FORMAT_VERSION = 1


def _day(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _moment(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _emails_to(address: str) -> Q:
    """The outbox's emails with this address among their recipients."""
    if not address:
        return Q(pk__in=[])
    return Q(to__contains=[address]) | Q(to__contains=[address.lower()])


def _applications_of(address: str):
    if not address:
        return MembershipApplication.objects.none()
    return MembershipApplication.objects.filter(contact_email__iexact=address)


def export(person: Person) -> dict:
    """What the portal holds about this person, as plain data for a JSON file."""
    user = person.user
    address = person.email
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
            "email": address,
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
            "failed_logins": AccessAttempt.objects.filter(username=user.username).count()
            + AccessFailureLog.objects.filter(username=user.username).count(),
            "logins": AccessLog.objects.filter(username=user.username).count(),
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
        "applications": [
            {
                "confederation": application.confederation.acronym,
                "association": application.association_name,
                "contact_name": application.contact_name,
                "contact_email": application.contact_email,
                "submitted_at": _moment(application.submitted_at),
                "status": application.status,
            }
            for application in _applications_of(address).select_related("confederation")
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
            for email in Email.objects.filter(_emails_to(address)).order_by("created_at")
        ],
        "reminders": [
            {
                "kind": reminder.kind,
                "for_the_date": _day(reminder.target_on),
                "status": reminder.status,
                "sent_at": _moment(reminder.sent_at),
            }
            for reminder in Reminder.objects.filter(recipient__iexact=address).order_by("due_on")
        ]
        if address
        else [],
    }


def check_erasable(person: Person, on: datetime.date | None = None) -> None:
    """A person who holds an office today is still needed: their term ends first."""
    current = Term.objects.current(on).filter(person=person).select_related("office")
    if current.exists():
        raise ValidationError(
            _("%(person)s holds an office today (%(offices)s): end the term before erasing.")
            % {
                "person": person.full_name,
                "offices": ", ".join(term.office.title for term in current),
            }
        )


@transaction.atomic
def erase(*, person: Person) -> bool:
    """Erase the person's contact data and account; False if it was done already.

    Goes: their email address (also in their records' history), their account (with
    its second factors, private calendar and login records), the contact on the
    applications they signed, the emails and reminders sent to them. Stays: their name,
    rank, nation and association, and the terms, committees and delegations they served
    in, which are the confederations' record. Raises ValidationError while they hold
    an office."""
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.contact_erased_at is not None:
        return False
    check_erasable(person)
    address = person.email
    if address:
        for application in _applications_of(address):
            application.history.update(contact_name="", contact_email="")
        _applications_of(address).update(contact_name="", contact_email="")
        Email.objects.filter(_emails_to(address)).delete()
        Reminder.objects.filter(recipient__iexact=address).delete()
    if person.user_id:
        username = person.user.username
        for model in (AccessAttempt, AccessFailureLog, AccessLog):
            model.objects.filter(username=username).delete()
        get_user_model().objects.filter(pk=person.user_id).delete()
    person.history.update(email="")
    person.email, person.user, person.contact_erased_at = "", None, timezone.now()
    person.save(update_fields=["email", "user", "contact_erased_at"])
    return True
