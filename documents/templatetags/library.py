"""The library's part of other apps' pages: a meeting's page lists its public papers
(the events app, below this one, knows nothing of documents)."""

from django import template

from documents import selectors

register = template.Library()


@register.simple_tag
def public_papers(event) -> list:
    """`{% public_papers event as papers %}`: the meeting's public documents (2 queries)."""
    return selectors.public_papers_of(event)
