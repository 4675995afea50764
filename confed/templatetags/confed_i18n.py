"""Filters for sentences in the reader's language: nations with their French article
and preposition, dates as French writes them (confed.i18n)."""

import datetime

from django import template

from confed import i18n

register = template.Library()


@register.filter
def nation(value: object, form: str = "le") -> str:
    """`{{ nation|nation:"de" }}`: "de l'Estonie" on a French page, "Estonia" on an
    English one. Forms: "le" (la Pologne), "de" (du Canada), "en" (aux Pays-Bas). At
    the start of a sentence, follow it with capfirst (La Pologne)."""
    if form not in i18n.NATION_FORMS:
        raise template.TemplateSyntaxError(
            f"nation takes one of {i18n.NATION_FORMS}, not {form!r}"
        )
    return i18n.nation_in_sentence(value, form)


@register.filter
def nation_number(value: object) -> int:
    """The count a blocktranslate's plural takes from the nation it names:
    `{% blocktranslate count number=nation|nation_number %}` (les Pays-Bas exercent)."""
    return i18n.nation_number(value)


@register.filter(expects_localtime=True)
def format_date(value: datetime.date | None, format_name: str = "DATE_FORMAT") -> str:
    """`{{ day|format_date }}`, `{{ moment|format_date:"DATETIME_FORMAT" }}`: Django's date
    filter with the first of the month as French writes it (1er février)."""
    return i18n.format_date(value, format_name)


@register.filter
def money(value, currency: str = "EUR") -> str:
    """{{ invoice.amount|money }}: confed.i18n.format_money."""
    return i18n.format_money(value, currency)
