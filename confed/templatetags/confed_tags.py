"""Template tags the base template needs."""

import functools

from django import template
from django.conf import settings
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

register = template.Library()

MAIN_MENU = [
    ("about:index", _("About")),
    ("members:nation_list", _("Member nations")),
    ("governance:leadership", _("Leadership")),
    ("governance:committee_list", _("Committees")),
    ("events:event_list", _("Calendar")),
    ("governance:apply", _("Apply")),
]


@register.simple_tag(takes_context=True)
def main_menu(context):
    """The main menu's links, each marked as the section (and the page) the visitor is
    in. A loop over these rather than an include per link, which cost a tenth of the
    layout's rendering."""
    path = context["request"].path
    links = []
    for name, label in MAIN_MENU:
        url = reverse(name)
        links.append({"url": url, "label": label, "active": url in path, "current": url == path})
    return links


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page in each language: plain links, since the language is in the URL.

    Links rather than a form posted to set_language: they work without a session or a
    CSRF token, so a public page stays the same for every visitor and can be cached.
    """
    request = context["request"]
    current = translation.get_language()
    here = request.get_full_path()
    return [
        {
            "code": code,
            "name": name,
            "url": here if code == current else translate_url(here, code),
            "is_current": code == current,
        }
        for code, name in _languages_named_in_themselves()
    ]


@functools.cache
def _languages_named_in_themselves() -> list[tuple[str, str]]:
    named = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):
            named.append((code, str(name)))
    return named
