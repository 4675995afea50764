from django import template
from django.utils.html import format_html
from django.utils.http import urlencode

from events import selectors

register = template.Library()


@register.simple_tag(takes_context=True)
def filter_link(context, active: dict, name: str, value, label) -> str:
    """A link to the same page with one filter set (or cleared, for an empty value);
    the filter in force is marked as the current one."""
    params = {key: val for key, val in active.items() if key not in (name, "page")}
    if value not in ("", None):
        params[name] = value
    query = urlencode(params)
    href = f"{context['request'].path}?{query}" if query else context["request"].path
    current = str(active.get(name, "")) == str(value)
    if current:
        return format_html('<a href="{}" aria-current="true" class="fw-bold">{}</a>', href, label)
    return format_html('<a href="{}">{}</a>', href, label)


@register.inclusion_tag("events/_upcoming.html")
def upcoming_events(committee=None, nation=None) -> dict:
    """A committee's or a nation's coming events (1 query, 2 when there are some)."""
    return {"events": selectors.upcoming_for(committee=committee, nation=nation)}
