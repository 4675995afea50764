"""Nations in a French sentence, and dates as French writes them (confed.i18n)."""

import datetime

import pytest
from django.template import Context, Template
from django.utils import translation
from django_countries import countries

from confed.i18n import french_country_name, nation_in_sentence, nation_number

# name, with its article, with "de", where (en/au/aux/à)
FRENCH_FORMS = [
    ("Pologne", "la Pologne", "de la Pologne", "en Pologne"),
    ("Estonie", "l'Estonie", "de l'Estonie", "en Estonie"),
    ("Canada", "le Canada", "du Canada", "au Canada"),
    ("Danemark", "le Danemark", "du Danemark", "au Danemark"),
    ("Portugal", "le Portugal", "du Portugal", "au Portugal"),
    ("Luxembourg", "le Luxembourg", "du Luxembourg", "au Luxembourg"),
    ("Iran", "l'Iran", "de l'Iran", "en Iran"),
    ("Afrique du Sud", "l'Afrique du Sud", "de l'Afrique du Sud", "en Afrique du Sud"),
    ("Ukraine", "l'Ukraine", "de l'Ukraine", "en Ukraine"),
    ("Pays-Bas", "les Pays-Bas", "des Pays-Bas", "aux Pays-Bas"),
    ("États-Unis", "les États-Unis", "des États-Unis", "aux États-Unis"),
    (
        "États-Unis d'Amérique",
        "les États-Unis d'Amérique",
        "des États-Unis d'Amérique",
        "aux États-Unis d'Amérique",
    ),
    ("Émirats arabes unis", "les Émirats arabes unis", "des Émirats arabes unis",
     "aux Émirats arabes unis"),
    ("Philippines", "les Philippines", "des Philippines", "aux Philippines"),
    ("Comores", "les Comores", "des Comores", "aux Comores"),
    ("Îles Féroé", "les Îles Féroé", "des Îles Féroé", "aux Îles Féroé"),
    ("Mexique", "le Mexique", "du Mexique", "au Mexique"),
    ("Cambodge", "le Cambodge", "du Cambodge", "au Cambodge"),
    ("Mozambique", "le Mozambique", "du Mozambique", "au Mozambique"),
    ("Zimbabwe", "le Zimbabwe", "du Zimbabwe", "au Zimbabwe"),
    ("Bélize", "le Bélize", "du Bélize", "au Bélize"),
    ("Royaume-Uni", "le Royaume-Uni", "du Royaume-Uni", "au Royaume-Uni"),
    ("Sierra Leone", "la Sierra Leone", "de la Sierra Leone", "en Sierra Leone"),
    ("Corée du Sud", "la Corée du Sud", "de la Corée du Sud", "en Corée du Sud"),
    ("République tchèque", "la République tchèque", "de la République tchèque",
     "en République tchèque"),
    ("République de Macédoine du Nord", "la République de Macédoine du Nord",
     "de la République de Macédoine du Nord", "en République de Macédoine du Nord"),
    ("Bosnie-Herzégovine", "la Bosnie-Herzégovine", "de la Bosnie-Herzégovine",
     "en Bosnie-Herzégovine"),
    ("Guinée-Bissau", "la Guinée-Bissau", "de la Guinée-Bissau", "en Guinée-Bissau"),
    ("Costa Rica", "le Costa Rica", "du Costa Rica", "au Costa Rica"),
    ("Hongrie", "la Hongrie", "de la Hongrie", "en Hongrie"),
    ("Honduras", "le Honduras", "du Honduras", "au Honduras"),
    ("Yémen", "le Yémen", "du Yémen", "au Yémen"),
    ("Saint-Siège", "le Saint-Siège", "du Saint-Siège", "au Saint-Siège"),
    ("Malte", "Malte", "de Malte", "à Malte"),
    ("Chypre", "Chypre", "de Chypre", "à Chypre"),
    ("Singapour", "Singapour", "de Singapour", "à Singapour"),
    ("Monaco", "Monaco", "de Monaco", "à Monaco"),
    ("Cuba", "Cuba", "de Cuba", "à Cuba"),
    ("Israël", "Israël", "d'Israël", "en Israël"),
    ("Haïti", "Haïti", "d'Haïti", "en Haïti"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "with_article", "with_de", "with_en"), FRENCH_FORMS)
def test_a_french_country_name_has_its_article_and_prepositions(
    name, with_article, with_de, with_en
):
    french = french_country_name(name)
    assert (french.with_article, french.with_de, french.with_en) == (
        with_article,
        with_de,
        with_en,
    )


@pytest.mark.parametrize(
    ("name", "plural"),
    [("Pays-Bas", True), ("États-Unis d'Amérique", True), ("Pologne", False), ("Malte", False)],
)
def test_only_a_plural_name_makes_the_verb_plural(name, plural):
    assert french_country_name(name).is_plural is plural
    with translation.override("fr"):
        assert nation_number(name) == (2 if plural else 1)
    with translation.override("en"):
        assert nation_number(name) == 1


def test_every_country_django_countries_names_in_french_has_forms():
    """No name of the list trips the rules (an empty name, a stray article)."""
    with translation.override("fr"):
        for country in countries:
            french = french_country_name(str(country.name))
            assert french.with_de.startswith(("de ", "d'", "du ", "des "))
            assert french.with_article.endswith(str(country.name))


def test_a_nation_in_an_english_sentence_is_its_name_alone():
    with translation.override("en"):
        assert [nation_in_sentence("Netherlands", form) for form in ("le", "de", "en")] == [
            "Netherlands"
        ] * 3


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ name|nation:"le"|capfirst }} exerce', "La Pologne exerce"),
        ('Délégation {{ name|nation:"de" }}', "Délégation de la Pologne"),
        ('Délégation {{ other|nation:"de" }}', "Délégation de l'Estonie"),
    ],
)
def test_the_nation_filter_gives_the_form_a_french_sentence_asks_for(template, expected):
    with translation.override("fr"):
        rendered = Template(
            "{% load confed_i18n %}{% autoescape off %}" + template + "{% endautoescape %}"
        ).render(Context({"name": "Pologne", "other": "Estonie"}))
    assert rendered == expected


def test_the_nation_filter_refuses_a_form_it_does_not_know():
    with pytest.raises(Exception, match="nation takes one of"):
        Template('{% load confed_i18n %}{{ name|nation:"au" }}').render(Context({"name": "x"}))


@pytest.mark.parametrize(
    ("language", "day", "format_name", "expected"),
    [
        ("fr", datetime.date(2027, 2, 1), "DATE_FORMAT", "1er février 2027"),
        ("fr", datetime.date(2027, 2, 2), "DATE_FORMAT", "2 février 2027"),
        ("fr", datetime.date(2027, 2, 11), "DATE_FORMAT", "11 février 2027"),
        ("fr", datetime.date(2027, 2, 21), "DATE_FORMAT", "21 février 2027"),
        ("fr", datetime.date(2027, 3, 1), "MONTH_DAY_FORMAT", "1er mars"),
        (
            "fr",
            datetime.datetime(2027, 2, 1, 14, 30),
            "DATETIME_FORMAT",
            "1er février 2027 à 14:30",
        ),
        ("en", datetime.date(2027, 2, 1), "DATE_FORMAT", "Feb. 1, 2027"),
    ],
)
def test_a_date_is_written_as_the_language_writes_it(language, day, format_name, expected):
    with translation.override(language):
        rendered = Template("{% load confed_i18n %}{{ day|format_date:format_name }}").render(
            Context({"day": day, "format_name": format_name})
        )
    assert rendered == expected


def test_no_date_is_an_empty_string():
    assert Template("{% load confed_i18n %}{{ day|format_date }}").render(Context({})) == ""
