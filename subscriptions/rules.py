"""Who sees the subscriptions (django-rules): an association's invoices, payments and
standing are its vice president's and the secretariat's, nobody else's; the public
sees nothing of them."""

import rules

from governance.selectors import associations_led_by
from members.rules import secretariat_with

is_secretariat = secretariat_with("subscriptions.view_invoice")


@rules.predicate
def leads_association(user, association) -> bool:
    return association is not None and association in associations_led_by(user)


@rules.predicate
def is_vice_president(user) -> bool:
    return bool(associations_led_by(user))


# The vice president's page of subscriptions, /subscriptions/.
rules.add_perm("subscriptions.see_own", is_vice_president)
# One association's invoices, credit notes (their PDFs), payments and standing.
rules.add_perm("subscriptions.see_association", leads_association | is_secretariat)
