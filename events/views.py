from django.core.paginator import InvalidPage, Page, Paginator
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from confed.cache import not_kept, public_page
from governance.models import Committee
from members.models import Nation

from . import ical, selectors
from .forms import EventFilterForm
from .models import Event, EventKind

PAGE_SIZE = 25
ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"
# The query parameters of the calendar's filters; the list also takes its page's number.
FILTERS = tuple(EventFilterForm.base_fields)


def _filters(request: HttpRequest) -> EventFilterForm:
    form = EventFilterForm(request.GET)
    form.is_valid()  # the valid filters apply; the errors are shown, with status 400
    return form


def _answer(request: HttpRequest, response: HttpResponse, spelt: dict) -> HttpResponse:
    """The calendar's answer, kept in the page cache only when the query string spells
    each value as the calendar's own links do (?nation=est, not EST; ?year=2027, not
    02027 or 2027.0; no empty filter): the form takes every such spelling, and there is
    no end of them."""
    if request.GET.dict() != {name: str(value) for name, value in spelt.items()}:
        return not_kept(response)
    return response


def _host_nations() -> list[Nation]:
    # EXISTS finds each nation's first public event by index; a join would read every
    # event and then drop the duplicates.
    return sorted(
        Nation.objects.filter(Exists(Event.objects.public().filter(host_nation=OuterRef("pk")))),
        key=str,
    )


def _filter_context(form: EventFilterForm) -> dict:
    active = form.active
    return {
        "filter_form": form,
        "active_filters": active,
        "query": urlencode(active),
        "confederations": selectors.confederation_filter_choices(),
        "kinds": EventKind.choices,
        "committees": Committee.objects.select_related("confederation").order_by("code"),
        "nations": _host_nations(),
    }


@public_page(parameters=(*FILTERS, "page"))
@require_safe
def event_list(request: HttpRequest) -> HttpResponse:
    form = _filters(request)
    page = _calendar_page(form, request.GET.get("page", 1))
    response = render(
        request,
        "events/event_list.html",
        {
            "page": page,
            "subscription": ical.subscription(form.active, request),
            **_filter_context(form),
        },
        status=400 if form.errors else 200,
    )
    number = {"page": page.number} if "page" in request.GET else {}
    return _answer(request, response, {**form.active, **number})


def _calendar_page(form: EventFilterForm, number: str | int) -> Page:
    """The page of that number, or 404: Paginator.get_page would answer any value at all
    (every one a page of its own in the cache) with the first page or the last."""
    today = timezone.localdate()
    events = selectors.calendar_order(
        selectors.filtered(selectors.public_events(), form.cleaned_data), today
    )
    try:
        page = Paginator(events, PAGE_SIZE).page(number)
    except InvalidPage:
        raise Http404(_("No such page.")) from None
    page.object_list = list(page.object_list)
    for event in page.object_list:  # the heading each event comes under
        event.section = event.starts_on.year if event.is_past else "upcoming"
    return page


@public_page(parameters=FILTERS)
@require_safe
def event_month(request: HttpRequest, year: int, month: int) -> HttpResponse:
    if not (1 <= month <= 12 and 1948 <= year <= 2200):
        raise Http404(_("No such month."))
    form = _filters(request)
    events = selectors.filtered(selectors.public_events(), form.cleaned_data)
    response = render(
        request,
        "events/event_month.html",
        {"month": selectors.month(year, month, events), **_filter_context(form)},
        status=400 if form.errors else 200,
    )
    return _answer(request, response, form.active)


@require_safe
def event_month_current(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    return event_month(request, today.year, today.month)


@public_page
@require_safe
def event_detail(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.public_events(), slug=slug)
    return render(
        request,
        "events/event_detail.html",
        {"event": event, "programme": selectors.programme_by_day(event)},
    )


def _ical_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=ICAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@public_page(parameters=FILTERS)
@require_safe
def calendar_feed(request: HttpRequest) -> HttpResponse:
    """Every public event, filtered as the query parameters say (the same filters as
    /events/). An unknown filter value is a 400 that names it, not an empty feed."""
    form = EventFilterForm(request.GET)
    if not form.is_valid():
        errors = "; ".join(f"{name}: {' '.join(e)}" for name, e in form.errors.items())
        # A value echoed in the error may hold control characters: one line of text.
        errors = " ".join(errors.split())
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    name = " · ".join(["CIOR · CIOMR", *(str(v) for v in form.active.values())])
    body = ical.calendar(
        selectors.feed_events(form.cleaned_data),
        name=name,
        absolute_url=request.build_absolute_uri,
    )
    return _answer(request, _ical_response(body, "confed.ics"), form.active)


@public_page
@require_safe
def event_ical(request: HttpRequest, slug: str) -> HttpResponse:
    event = get_object_or_404(selectors.public_events().with_acronyms(), slug=slug)
    body = ical.calendar([event], name=event.title, absolute_url=request.build_absolute_uri)
    return _ical_response(body, f"{event.slug}.ics")
