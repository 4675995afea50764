"""Who may do what in the elections (django-rules): the one place that says it for
the heads of delegation and the president designate. The secretariat's rights are
its model permissions; who may be nominated is elections.services.check_nominee."""

import rules
from django.utils import timezone

from governance.selectors import associations_led_by, councils_of
from members.rules import secretariat_with

from . import selectors
from .models import Call

is_secretariat = secretariat_with("elections.view_call")


def _person(user):
    return getattr(user, "person", None) if user.is_authenticated else None


@rules.predicate
def sits_in_its_council(user, call: Call) -> bool:
    person = _person(user)
    return person is not None and call.office.confederation_id in councils_of(person.pk)


@rules.predicate
def sits_in_a_council(user) -> bool:
    person = _person(user)
    return person is not None and bool(councils_of(person.pk))


@rules.predicate
def may_nominate(user, call: Call) -> bool:
    """A head of delegation of the call's confederation; for the International Vice
    President, the president designate alone."""
    if not call.open_on(timezone.localdate()):
        return False
    if call.by_president_designate:
        person = _person(user)
        return person is not None and person == selectors.president_designate(
            call.office.confederation
        )
    return bool(selectors.nominating_associations(user, call))


@rules.predicate
def leads_an_association(user) -> bool:
    return bool(associations_led_by(user))


rules.add_perm("elections.see_calls", is_secretariat | sits_in_a_council)
rules.add_perm("elections.see_call", is_secretariat | sits_in_its_council | may_nominate)
rules.add_perm("elections.nominate", may_nominate)
rules.add_perm("elections.apply", leads_an_association)
