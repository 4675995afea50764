"""Reads of the calendar. Each makes a fixed number of queries, however many events."""

import calendar
import datetime
from dataclasses import dataclass
from itertools import groupby

from django.conf import settings
from django.db.models import Case, F, IntegerField, Max, Min, Prefetch, QuerySet, Value, When
from django.utils import timezone

from members.models import Confederation

from .models import Event, ProgrammeItem


def public_events() -> QuerySet[Event]:
    """Public events with what a listing shows of them (2 queries once evaluated)."""
    return (
        Event.objects.public()
        .select_related("host_nation", "organising_committee")
        .prefetch_related(
            Prefetch("confederations", queryset=Confederation.objects.order_by("position"))
        )
    )


def filtered(events: QuerySet[Event], filters: dict) -> QuerySet[Event]:
    """Apply the valid filters of an EventFilterForm's cleaned data."""
    if filters.get("confederation"):
        events = events.filter(confederations=filters["confederation"])
    if filters.get("kind"):
        events = events.filter(kind=filters["kind"])
    if filters.get("committee"):
        events = events.filter(organising_committee=filters["committee"])
    if filters.get("nation"):
        events = events.filter(host_nation=filters["nation"])
    if filters.get("year"):
        year = filters["year"]
        events = events.filter(starts_on__lte=datetime.date(year, 12, 31)).filter(
            ends_on__gte=datetime.date(year, 1, 1)
        )
    return events


def calendar_years() -> range:
    """The years the calendar covers, from its first public event's to its last's; empty
    when it has none (1 query)."""
    span = Event.objects.public().aggregate(first=Min("starts_on"), last=Max("ends_on"))
    if span["first"] is None:
        return range(0)
    return range(span["first"].year, span["last"].year + 1)


def calendar_order(events: QuerySet[Event], today: datetime.date) -> QuerySet[Event]:
    """Upcoming events first, soonest first; then past ones, latest first."""
    is_past = Case(
        When(ends_on__lt=today, then=Value(1)), default=Value(0), output_field=IntegerField()
    )
    return events.annotate(is_past=is_past).order_by(
        "is_past",
        Case(When(is_past=0, then=F("starts_on"))).asc(nulls_last=True),
        Case(When(is_past=1, then=F("starts_on"))).desc(nulls_last=True),
        "title_en",
    )


def feed_events(filters: dict, today: datetime.date | None = None) -> QuerySet[Event]:
    """The public events of the iCal feed: all to come, and the past ones of the last
    ICAL_PAST_DAYS days, so that the feed stays small as the years pass."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=settings.ICAL_PAST_DAYS)
    events = Event.objects.public().select_related("host_nation").with_acronyms()
    return filtered(events, filters).filter(ends_on__gte=since).order_by("starts_on")


@dataclass
class MonthDay:
    day: datetime.date | None
    events: list[Event]


@dataclass
class Month:
    first: datetime.date
    weeks: list[list[MonthDay]]
    previous: datetime.date
    next: datetime.date
    # A date for each column, Monday to Sunday, to name the days of the week by.
    weekdays: list[datetime.date]

    @property
    def beginnings(self) -> list[MonthDay]:
        """The days on which events begin, each with those events (an event begun in
        an earlier month under the first day): the month as a phone lists it, each
        event once however many days it lasts."""
        days = []
        for week in self.weeks:
            for cell in week:
                beginning = [
                    event
                    for event in cell.events
                    if event.starts_on == cell.day or cell.day == self.first
                ]
                if beginning:
                    days.append(MonthDay(cell.day, beginning))
        return days


def month(year: int, month_number: int, events: QuerySet[Event]) -> Month:
    """A month as weeks of days, Monday first, each day with the events on it."""
    first = datetime.date(year, month_number, 1)
    last = first.replace(day=calendar.monthrange(year, month_number)[1])
    in_month = list(events.filter(starts_on__lte=last, ends_on__gte=first).order_by("starts_on"))
    weeks = []
    dates = calendar.Calendar(firstweekday=0).monthdatescalendar(year, month_number)
    for week in dates:
        weeks.append(
            [
                MonthDay(
                    day if day.month == month_number else None,
                    [e for e in in_month if e.starts_on <= day <= e.ends_on]
                    if day.month == month_number
                    else [],
                )
                for day in week
            ]
        )
    previous = (first - datetime.timedelta(days=1)).replace(day=1)
    following = last + datetime.timedelta(days=1)
    return Month(first, weeks, previous, following, weekdays=dates[0])


def upcoming_for(*, committee=None, nation=None, limit: int = 5) -> list[Event]:
    events = public_events().upcoming()
    if committee is not None:
        events = events.filter(organising_committee=committee)
    if nation is not None:
        events = events.filter(host_nation=nation)
    return list(events.order_by("starts_on")[:limit])


def confederation_filter_choices() -> QuerySet[Confederation]:
    return Confederation.objects.order_by("position")


def programme_by_day(event: Event) -> list[tuple[datetime.date, list[ProgrammeItem]]]:
    """The meeting's programme, day by day (1 query)."""
    items = event.programme.order_by("day", "starts_at", "pk")
    return [(day, list(group)) for day, group in groupby(items, key=lambda item: item.day)]
