"""Writes to the member registry. Each state change is one function here."""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from confed.constraints import violations_as_errors
from confed.emails import send_email_after_commit
from confed.i18n import format_date, nation_in_sentence, nation_number

from .invitations import make_token
from .models import (
    NATO_FOUNDED,
    Confederation,
    DatePrecision,
    MembershipChange,
    MembershipStatus,
    Nation,
    NationalAssociation,
    Person,
    is_active_full_member,
    is_member,
)


def check_membership_rules(
    *,
    confederation: Confederation,
    nation: Nation,
    category: str,
    status: str,
    effective_on: datetime.date,
    association: NationalAssociation | None = None,
) -> None:
    """Raise ValidationError naming the rule a membership would break.

    Forms call this to show the error beside the field; the services call it again
    inside their transaction. The one-member-per-nation rule is also held by the
    database (a partial unique constraint), which wins any race.
    """
    if effective_on > timezone.localdate():
        raise ValidationError(
            {"effective_on": _("A membership change cannot take effect in the future.")}
        )
    already_full_member = association is not None and association.is_active_full_member
    # The rule binds an association that becomes, or becomes again, an active full
    # member; suspending or withdrawing one whose nation has left NATO stays possible.
    # Before NATO existed it could not bind: the founders of 1948 were full members.
    if (
        is_active_full_member(category=category, status=status)
        and not already_full_member
        and effective_on >= NATO_FOUNDED
        and not nation.is_nato_member(effective_on)
    ):
        raise ValidationError(
            {
                "category": ngettext(
                    "Full membership is only for associations of NATO nations; %(nation)s "
                    "is not a NATO member on %(date)s. It may be an associate member.",
                    "Full membership is only for associations of NATO nations; %(nation)s "
                    "are not NATO members on %(date)s. It may be an associate member.",
                    nation_number(nation),
                )
                % {"nation": nation_in_sentence(nation, "le"), "date": format_date(effective_on)}
            }
        )
    # A nation new to the registry (an application's) has no association yet.
    if is_member(status=status) and nation.pk is not None:
        others = NationalAssociation.objects.members().filter(
            confederation=confederation, nation=nation
        )
        if association is not None and association.pk:
            others = others.exclude(pk=association.pk)
        other = others.first()
        if other is not None:
            raise ValidationError(
                _(
                    "Only one national association per nation may be a member of "
                    "%(confederation)s; %(nation)s is already represented by %(other)s."
                )
                % {
                    "confederation": confederation,
                    "nation": nation_in_sentence(nation, "le"),
                    "other": other.display_name,
                }
            )


def check_change_date(*, association: NationalAssociation, effective_on: datetime.date) -> None:
    """History is appended to, not rewritten: no change before the latest recorded one."""
    latest = association.membership_changes.order_by("-effective_on", "-id").first()
    if latest is not None and effective_on < latest.effective_on:
        raise ValidationError(
            {
                "effective_on": _(
                    "The last recorded change took effect on %(date)s; a new change "
                    "cannot take effect before it."
                )
                % {"date": format_date(latest.effective_on)}
            }
        )


@transaction.atomic
def admit_association(
    *,
    confederation: Confederation,
    nation: Nation,
    name: str,
    category: str,
    admitted_on: datetime.date,
    admitted_on_precision: str = DatePrecision.DAY,
    acronym: str = "",
    website: str = "",
    email: str = "",
    language: str = "en",
    note: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> NationalAssociation:
    """Admit a national association as an active member of a confederation.

    Side effects: the association row, its first MembershipChange (admission), and
    their history records. Refuses a second member for the nation and full
    membership for a nation outside NATO, with a ValidationError naming the rule.
    """
    check_membership_rules(
        confederation=confederation,
        nation=nation,
        category=category,
        status=MembershipStatus.ACTIVE,
        effective_on=admitted_on,
    )
    association = NationalAssociation(
        confederation=confederation,
        nation=nation,
        name=name,
        acronym=acronym,
        website=website,
        email=email,
        language=language,
        category=category,
        status=MembershipStatus.ACTIVE,
    )
    with violations_as_errors():  # a second member saved meanwhile
        association.save()
    MembershipChange.objects.create(
        association=association,
        effective_on=admitted_on,
        effective_on_precision=admitted_on_precision,
        category=category,
        status=MembershipStatus.ACTIVE,
        note=note,
        recorded_by=recorded_by,
    )
    return association


@transaction.atomic
def change_membership(
    *,
    association: NationalAssociation,
    category: str | None = None,
    status: str | None = None,
    effective_on: datetime.date,
    effective_on_precision: str = DatePrecision.DAY,
    note: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> bool:
    """Change an association's category and/or status from a date on.

    An associate becoming full when its nation joins NATO, a suspension, a
    withdrawal: each is one call, recorded as a MembershipChange so the past stays
    visible. False, changing nothing, when the association is already in the
    requested state. A change dated before the latest recorded one is refused:
    history is appended to, not rewritten.
    """
    association = NationalAssociation.objects.select_for_update().get(pk=association.pk)
    category = category or association.category
    status = status or association.status
    if category == association.category and status == association.status:
        return False
    check_change_date(association=association, effective_on=effective_on)
    check_membership_rules(
        confederation=association.confederation,
        nation=association.nation,
        category=category,
        status=status,
        effective_on=effective_on,
        association=association,
    )
    association.category = category
    association.status = status
    with violations_as_errors():
        association.save(update_fields=["category", "status"])
    MembershipChange.objects.create(
        association=association,
        effective_on=effective_on,
        effective_on_precision=effective_on_precision,
        category=category,
        status=status,
        note=note,
        recorded_by=recorded_by,
    )
    return True


@transaction.atomic
def invite(*, person: Person) -> AbstractBaseUser:
    """Give a person a login and email them a link to set its password.

    Side effects: a user account named after the person's email (made once; the
    person is linked to it) with no usable password until the link is used; after
    commit, the invitation email. Refuses a person without an email address.
    """
    if not person.email:
        raise ValidationError(_("%(person)s has no email address to invite.") % {"person": person})
    user = person.user
    if user is None:
        user_model = get_user_model()
        user = user_model.objects.filter(username__iexact=person.email).first()
        # Only an account nobody uses yet may be given to this person: never a staff
        # account, one linked to someone else, or one that has a password already.
        if user is not None and (
            user.is_staff
            or user.is_superuser
            or user.has_usable_password()
            or Person.objects.filter(user=user).exists()
        ):
            raise ValidationError(
                _("An account named %(email)s exists already; link it to the person by hand.")
                % {"email": person.email}
            )
        if user is None:
            user = user_model(username=person.email.lower(), email=person.email)
            user.set_unusable_password()
            user.save()
        person.user = user
        person.save(update_fields=["user"])
    send_email_after_commit(
        to=[person.email],
        template="members/emails/invitation",
        context={
            "person": person,
            "username": user.get_username(),
            # The link is made in the recipient's language, with the email.
            "token": make_token(user),
            "days": settings.INVITATION_DAYS,
        },
        language=person.language,
        holds_a_secret=True,
    )
    return user
