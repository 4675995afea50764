"""Template tags the base template needs."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils import translation

register = template.Library()


@register.simple_tag(takes_context=True)
def language_links(context):
    """This page in each language: plain links, since the language is in the URL.

    Links rather than a form posted to set_language: they work without a session or a
    CSRF token, so a public page stays the same for every visitor and can be cached.
    """
    request = context["request"]
    current = translation.get_language()
    links = []
    for code, name in settings.LANGUAGES:
        with translation.override(code):  # each language named in itself
            name = str(name)
        url = translate_url(request.get_full_path(), code)
        links.append({"code": code, "name": name, "url": url, "is_current": code == current})
    return links
