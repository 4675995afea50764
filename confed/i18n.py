"""Data that has an English and a French form, shown in the reader's language."""

import unicodedata

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
