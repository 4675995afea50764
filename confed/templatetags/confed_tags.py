"""Template tags the base template needs."""

import functools

from django import template
from django.conf import settings
from django.contrib.auth.context_processors import PermWrapper
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse, translate_url
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from confed.cache import content_kept_for, public_content

register = template.Library()

MAIN_MENU = [
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


@register.tag("public_content")
def do_public_content(parser: template.base.Parser, token: template.base.Token) -> template.Node:
    """{% public_content %}...{% end_public_content %}: what a public page shows, kept in
    the cache for every visitor (confed.cache.public_content); rendered as it is on
    every other page. Django's {% cache %} takes its key from the template: this one's
    follows the generation of the data and the page's address, as the page cache's."""
    nodelist = parser.parse(("end_public_content",))
    parser.delete_first_token()
    return PublicContentNode(nodelist)


class PublicContentNode(template.Node):
    """Renders what it holds as for an anonymous visitor when it is kept: it is shown
    to everyone, so nothing of the visitor it was rendered for (name, permissions,
    messages, CSRF token) may be in it."""

    def __init__(self, nodelist: template.NodeList) -> None:
        self.nodelist = nodelist

    def render(self, context: template.Context) -> str:
        request = context.get("request")
        if request is None or not content_kept_for(request):
            return self.nodelist.render(context)
        return public_content(request, lambda: self.render_for_anyone(context))

    def render_for_anyone(self, context: template.Context) -> str:
        anyone = AnonymousUser()
        with context.push(user=anyone, perms=PermWrapper(anyone), messages=(), csrf_token=None):
            return self.nodelist.render(context)
