"""Applications for membership: received from the public form, decided by the council."""

import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from confed.constraints import violations_as_errors
from confed.emails import send_email_after_commit
from confed.i18n import format_date, nation_in_sentence
from members.models import Confederation, MembershipStatus, Nation
from members.services import admit_association, check_membership_rules

from ..models import (
    PENDING_APPLICATION_STATUSES,
    ApplicationStatus,
    CouncilDecision,
    MembershipApplication,
)
from .presidency import record_decision
from .terms import national_vice_president_office


def nation_of(country: str) -> Nation:
    """The registry's nation for an ISO country code; an unsaved one if it has none yet
    (a nation new to the registry is outside NATO until the secretariat says otherwise)."""
    return Nation.objects.filter(country=country).first() or Nation(country=country)


def check_application_allowed(
    *, confederation: Confederation, nation: Nation, category: str
) -> None:
    """Raise ValidationError when a nation may not apply: the membership it seeks would
    break the membership rules today (full membership outside NATO, a nation already
    represented), or it has an application waiting."""
    check_membership_rules(
        confederation=confederation,
        nation=nation,
        category=category,
        status=MembershipStatus.ACTIVE,
        effective_on=timezone.localdate(),
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
                % {"nation": nation_in_sentence(nation, "de"), "confederation": confederation}
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
    with violations_as_errors(fields={"one_pending_application_per_nation": "country"}):
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
    """Mark a submitted application as under review. No side effect beyond history.
    False when it is under review already."""
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
) -> bool:
    """Admit the applicant as decided by the council.

    Side effects, in one transaction: a CouncilDecision (admission, approved); the
    association admitted with its category from `decided_on` (members.services);
    its National Vice President office; the application approved and linked to
    both; after commit, emails to the applicant and the secretariat. Refuses, naming
    the rule, a second association for the nation or full membership outside NATO,
    and then changes nothing. False when it is approved already.
    """
    application = _lock(application)
    if application.status == ApplicationStatus.APPROVED:
        return False
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
        note=_("Admitted by council decision of %(date)s") % {"date": format_date(decided_on)},
        recorded_by=recorded_by,
    )
    national_vice_president_office(association)
    application.status = ApplicationStatus.APPROVED
    application.decision = decision
    application.association = association
    application.save(update_fields=["status", "decision", "association"])
    _email_application(application, "application_approved")
    return True


@transaction.atomic
def reject_application(
    *,
    application: MembershipApplication,
    decided_on: datetime.date,
    reason: str,
    meeting: str = "",
    recorded_by: AbstractBaseUser | None = None,
) -> bool:
    """Record the council's rejection. Side effects: a CouncilDecision (admission,
    rejected) with the reason; after commit, emails to the applicant and the
    secretariat. False when it is rejected already."""
    application = _lock(application)
    if application.status == ApplicationStatus.REJECTED:
        return False
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
    return True


@transaction.atomic
def withdraw_application(*, application: MembershipApplication) -> bool:
    """The applicant withdraws. No email; False when it is withdrawn already."""
    application = _lock(application)
    if application.status == ApplicationStatus.WITHDRAWN:
        return False
    _refuse_unless_pending(application)
    application.status = ApplicationStatus.WITHDRAWN
    application.save(update_fields=["status"])
    return True
