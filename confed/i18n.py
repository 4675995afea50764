"""Data that has an English and a French form, shown in the reader's language."""

import functools
import unicodedata
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import get_language


def localized(english: str, french: str) -> str:
    """The French form on French pages when there is one, else the English."""
    language = (get_language() or "en").split("-")[0]
    if language == "fr" and french:
        return french
    return english


def sort_key(text: str) -> str:
    """Order names as a reader expects in any language: États-Unis among the E."""
    decomposed = unicodedata.normalize("NFKD", str(text))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class AdminLanguageMiddleware:
    """The admin in the language the secretariat's browser asks for.

    The public pages take their language from the address (French under /fr/), and
    LocaleMiddleware gives every address outside those prefixes the default language;
    the admin has no prefix, so it would always be English. Placed after
    LocaleMiddleware, this activates for the admin the language of the browser's
    Accept-Language (or of Django's language cookie), and LocaleMiddleware's answer says
    so in Content-Language and Vary."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    @functools.cached_property
    def prefix(self) -> str:
        return reverse("admin:index")

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info.startswith(self.prefix):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
