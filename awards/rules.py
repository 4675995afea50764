"""Who may nominate for an award (django-rules): the one place that says it. The
secretariat's rights are its model permissions."""

import rules

from council.rules import presides
from governance.selectors import associations_led_by
from members.models import is_member

from .models import Award


def nominating_associations(user, award: Award) -> list:
    """The member associations of the award's confederation whose vice president the
    user is, where the award takes the vice presidents' nominations."""
    if not award.vice_presidents_nominate:
        return []
    return [
        association
        for association in associations_led_by(user)
        if association.confederation_id == award.confederation_id
        and is_member(status=association.status)
    ]


@rules.predicate
def leads_a_member(user, award: Award) -> bool:
    return bool(nominating_associations(user, award))


@rules.predicate
def of_its_presidency(user, award: Award) -> bool:
    return presides(user, award.confederation_id)


# Nominate: a member association's vice president, where the award takes them, or a
# member of the presidency team of the award's confederation.
rules.add_perm("awards.nominate", leads_a_member | of_its_presidency)
