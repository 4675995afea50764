"""Who may read which document: the one place that says it (django-rules).

Everyone reads a public document; the council's (papers for a session, minutes) the
members of that confederation's council and the secretariat; the secretariat's, the
secretariat alone. Anyone else is answered as if the document did not exist.
"""

import rules

from governance.selectors import sits_in_council
from members.rules import secretariat_with

from .models import Access, Document

is_secretariat = secretariat_with("documents.view_document")


@rules.predicate
def is_public(user, document: Document) -> bool:
    return document.access == Access.PUBLIC


@rules.predicate
def is_for_the_council(user, document: Document) -> bool:
    return document.access == Access.COUNCIL


@rules.predicate
def sits_in_its_council(user, document: Document) -> bool:
    person = getattr(user, "person", None) if user.is_authenticated else None
    return sits_in_council(person and person.pk, document.confederation_id)


rules.add_perm(
    "documents.read", is_public | is_secretariat | (is_for_the_council & sits_in_its_council)
)
