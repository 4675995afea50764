"""Who may do what with delegations: the one place that says it (django-rules).

A national vice president's rights follow the current term of office: they start the
day the term starts and end the day it ends. The secretariat's rights are staff
rights, held through the Secretariat group's model permissions (members.rules).
"""

import rules
from django.utils import timezone

from governance.selectors import associations_led_by
from members.rules import secretariat_with

from .models import Delegation, DelegationStatus

is_secretariat = secretariat_with("delegations.change_delegation")


@rules.predicate
def is_vice_president(user) -> bool:
    return bool(associations_led_by(user))


@rules.predicate
def leads_association(user, association) -> bool:
    return association is not None and association in associations_led_by(user)


@rules.predicate
def leads_delegations_association(user, delegation: Delegation) -> bool:
    return delegation is not None and delegation.association in associations_led_by(user)


@rules.predicate
def before_deadline(user, delegation: Delegation) -> bool:
    """Until the meeting's last day for delegations; a past meeting is never open to
    changes by a vice president."""
    return timezone.localdate() <= delegation.event.last_day_for_delegations


@rules.predicate
def is_draft(user, delegation: Delegation) -> bool:
    return delegation.status == DelegationStatus.DRAFT


@rules.predicate
def is_submitted(user, delegation: Delegation) -> bool:
    return delegation.status == DelegationStatus.SUBMITTED


# The vice president's area at /delegations/.
rules.add_perm("delegations.use_area", is_vice_president)
# An association's delegations: its vice president, and the secretariat.
rules.add_perm("delegations.view_for_association", leads_association | is_secretariat)
# Building a draft (add, remove, submit): the vice president until the deadline; the
# secretariat at any time.
rules.add_perm(
    "delegations.edit",
    is_draft & ((leads_delegations_association & before_deadline) | is_secretariat),
)
# Taking back a submission to change it, before the secretariat has decided.
rules.add_perm(
    "delegations.reopen",
    is_submitted & ((leads_delegations_association & before_deadline) | is_secretariat),
)
