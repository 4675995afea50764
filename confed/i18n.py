"""Data that has an English and a French form, shown in the reader's language: names
of things, the names of countries in a French sentence, and dates."""

import datetime
import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils import formats, translation
from django.utils.translation import get_language


def localized(english: str, french: str) -> str:
    """The French form on French pages when there is one, else the English."""
    language = (get_language() or "en").split("-")[0]
    if language == "fr" and french:
        return french
    return english


def _is_french() -> bool:
    return (get_language() or "en").split("-")[0] == "fr"


# A French sentence names a country with its article and the preposition it takes: "la
# Pologne exerce la présidence", "délégation de l'Estonie", "du Canada", "des Pays-Bas",
# "de Malte". The rule is the gender of the name's first word (feminine when it ends in
# an unaccented -e: la Pologne, la Corée du Nord, la République tchèque) and these
# exceptions to it.
FRENCH_MASCULINE_ENDING_IN_E = frozenset({
    "Belize", "Bélize", "Cambodge", "Mexique", "Mozambique", "Royaume-Uni", "Suriname",
    "Zaïre", "Zimbabwe",
})  # fmt: skip
FRENCH_FEMININE_NOT_ENDING_IN_E = frozenset({"Sierra Leone"})
FRENCH_PLURAL = frozenset({
    "Bahamas", "Bermudes", "Comores", "Émirats arabes unis", "États-Unis",
    "États-Unis d'Amérique", "Fidji", "Maldives", "Palaos", "Pays-Bas", "Philippines",
    "Salomon", "Seychelles",
})  # fmt: skip
# Islands, city-states and small states named without an article: "de Malte", "à Chypre".
FRENCH_WITHOUT_ARTICLE = frozenset({
    "Anguilla", "Antigua-et-Barbuda", "Aruba", "Bahreïn", "Chypre", "Cuba", "Curaçao",
    "Djibouti", "Gibraltar", "Guam", "Guernesey", "Haïti", "Hong Kong", "Israël", "Jersey",
    "Kiribati", "Macao", "Madagascar", "Malte", "Maurice", "Mayotte", "Monaco", "Montserrat",
    "Nauru", "Niue", "Oman", "Porto Rico", "Saint Barthélemy", "Saint-Christophe-et-Niévès",
    "Saint-Marin", "Saint-Pierre-et-Miquelon", "Saint-Vincent-et-les-Grenadines",
    "Sainte-Lucie", "Sao Tomé-et-Principe", "Singapour", "Taïwan", "Tokelau",
    "Trinidad et Tobago", "Trinité-et-Tobago", "Tuvalu", "Wallis et Futuna",
})  # fmt: skip
# Names that begin with a mute h, elided like a vowel: "d'Haïti", "en Haïti"; the
# others begin with an aspirated one: "la Hongrie", "du Honduras".
FRENCH_MUTE_H = frozenset({"Haïti"})


@dataclass(frozen=True)
class FrenchCountryName:
    """A country's French name and the forms a sentence needs."""

    name: str
    article: str  # "la ", "le ", "les ", "l'" or ""

    @property
    def is_plural(self) -> bool:
        return self.article == "les "

    @property
    def with_article(self) -> str:
        """La Pologne, le Canada, les Pays-Bas, l'Estonie, Malte."""
        return f"{self.article}{self.name}"

    @property
    def with_de(self) -> str:
        """De la Pologne, du Canada, des Pays-Bas, de l'Estonie, de Malte, d'Israël."""
        if self.article == "le ":
            return f"du {self.name}"
        if self.article == "les ":
            return f"des {self.name}"
        if not self.article and _elides(self.name):
            return f"d'{self.name}"
        return f"de {self.with_article}"

    @property
    def with_en(self) -> str:
        """Where: en Pologne, en Estonie, en Iran, au Canada, aux Pays-Bas, à Malte,
        en Israël."""
        if self.article == "le ":
            return f"au {self.name}"
        if self.article == "les ":
            return f"aux {self.name}"
        if self.article or _elides(self.name):
            return f"en {self.name}"
        return f"à {self.name}"


def _elides(name: str) -> bool:
    first = unicodedata.normalize("NFKD", name[:1])[:1].lower()
    return first in "aeiou" or name in FRENCH_MUTE_H


@functools.cache
def french_country_name(name: str) -> FrenchCountryName:
    """The French forms of a country's French name (as django-countries gives it)."""
    if name in FRENCH_PLURAL or name.startswith("Îles "):
        return FrenchCountryName(name, "les ")
    if name in FRENCH_WITHOUT_ARTICLE:
        return FrenchCountryName(name, "")
    if _elides(name):
        return FrenchCountryName(name, "l'")
    first_word = re.split(r"[\s-]", name, maxsplit=1)[0]
    feminine = (
        first_word.endswith("e") and name not in FRENCH_MASCULINE_ENDING_IN_E
    ) or name in FRENCH_FEMININE_NOT_ENDING_IN_E
    return FrenchCountryName(name, "la " if feminine else "le ")


NATION_FORMS = ("le", "de", "en")


def nation_in_sentence(nation: object, form: str) -> str:
    """A nation's name as a sentence in the reader's language needs it: in French with
    its article ("le": la Pologne), with "de" ("de": de la Pologne, du Canada) or as
    where ("en": en Pologne, au Canada); in English the name as it is. `nation` is a
    Nation, or a country's name in the active language."""
    name = str(nation)
    if not _is_french() or not name:
        return name
    french = french_country_name(name)
    return {"le": french.with_article, "de": french.with_de, "en": french.with_en}[form]


def nation_number(nation: object) -> int:
    """2 for a nation whose name is plural in the reader's language (les Pays-Bas
    exercent), else 1: the count for ngettext and blocktranslate's plural, so that a
    verb agrees with the nation it follows. English treats every name as singular
    (the Netherlands holds)."""
    name = str(nation)
    return 2 if _is_french() and name and french_country_name(name).is_plural else 1


def format_date(value: datetime.date | None, format_name: str = "DATE_FORMAT") -> str:
    """Django's date_format, with the first of the month as French writes it: "1er
    février 2027", where Django writes "1 février 2027". A format string has no
    character for an ordinal, so on the first of the month the day ("j") becomes the
    locale's FIRST_OF_THE_MONTH (confed/formats/fr/formats.py). `format_name` is a
    format setting (DATE_FORMAT, DATETIME_FORMAT, MONTH_DAY_FORMAT) or a format."""
    if not value:
        return ""
    fmt = formats.get_format(format_name)
    if value.day == 1:
        first = _first_of_the_month(get_language() or settings.LANGUAGE_CODE)
        if first:
            # Every "j" not escaped by a backslash.
            fmt = re.sub(r"(?<!\\)j", lambda _match: first, fmt)
    return formats.date_format(value, fmt)


@functools.cache
def _first_of_the_month(language: str) -> str:
    for module in formats.iter_format_modules(language, settings.FORMAT_MODULE_PATH):
        if first := getattr(module, "FIRST_OF_THE_MONTH", ""):
            return first
    return ""


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


def format_money(amount, currency: str = "EUR") -> str:
    """An amount as the reader's language writes money: "€1,250.00" in English,
    "1 250,00 €" in French (no-break spaces). Two decimals always; a Decimal stays one."""
    if amount is None:
        return ""
    symbol = {"EUR": "€"}.get(currency, currency)
    number = formats.number_format(amount, 2, use_l10n=True, force_grouping=True)
    if (get_language() or settings.LANGUAGE_CODE).startswith("fr"):
        return f"{number}\u00a0{symbol}"
    return f"-{symbol}{number[1:]}" if number.startswith("-") else f"{symbol}{number}"
