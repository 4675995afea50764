"""Events as iCalendar (RFC 5545), with the icalendar package."""

import datetime
import functools
import zoneinfo
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import icalendar
from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from .models import Event, EventStatus

STATUS = {
    EventStatus.PLANNED: "TENTATIVE",
    EventStatus.CONFIRMED: "CONFIRMED",
    EventStatus.CANCELLED: "CANCELLED",
}
UID_DOMAIN = "confed"


def event_component(event: Event, absolute_url: Callable[[str], str]) -> icalendar.Event:
    """One VEVENT. A day-only event is all-day (DATE values) whose DTEND is the day
    after its last day, as RFC 5545 has the end exclusive."""
    component = icalendar.Event()
    component.add("uid", f"{event.uid}@{UID_DOMAIN}")
    component.add("dtstamp", event.updated_at.astimezone(datetime.UTC))
    component.add("last-modified", event.updated_at.astimezone(datetime.UTC))
    component.add("summary", event.title)
    if event.start_time:
        zone = zoneinfo.ZoneInfo(event.time_zone)
        component.add(
            "dtstart", datetime.datetime.combine(event.starts_on, event.start_time, tzinfo=zone)
        )
        if event.end_time:
            component.add(
                "dtend", datetime.datetime.combine(event.ends_on, event.end_time, tzinfo=zone)
            )
    else:
        component.add("dtstart", event.starts_on)
        component.add("dtend", event.ends_on + datetime.timedelta(days=1))
    component.add("status", STATUS[event.status])
    if event.place:
        component.add("location", event.place)
    categories = [event.get_kind_display(), *(c.acronym for c in event.confederations.all())]
    component.add("categories", categories)
    url = absolute_url(event.get_absolute_url())
    component.add("url", url)
    description = event.description
    if event.is_cancelled:
        description = f"{_('Cancelled.')}\n\n{description}".strip()
    component.add("description", f"{description}\n\n{url}".strip())
    return component


@functools.lru_cache(maxsize=256)
def time_zone_component(zone: str, first_year: int, last_year: int) -> icalendar.Timezone:
    """A zone's VTIMEZONE over whole years. Working it out takes about 1.5 ms a zone
    (icalendar asks that it be cached); it only changes with the zone database, which
    comes with a release. Whole years keep it the same as the feed's days go by.
    Shared between calendars: it is never changed once made."""
    return icalendar.Timezone.from_tzid(
        zone,
        first_date=datetime.date(first_year, 1, 1),
        last_date=datetime.date(last_year + 1, 1, 1),
    )


def day_component(
    *, uid: str, day: datetime.date, summary: str, url: str, stamp: datetime.datetime
) -> icalendar.Event:
    """An all-day VEVENT of one day that is not an event of the calendar: a deadline."""
    component = icalendar.Event()
    component.add("uid", f"{uid}@{UID_DOMAIN}")
    component.add("dtstamp", stamp.astimezone(datetime.UTC))
    component.add("summary", summary)
    component.add("dtstart", day)
    component.add("dtend", day + datetime.timedelta(days=1))
    component.add("transp", "TRANSPARENT")  # a deadline does not make its day busy
    component.add("url", url)
    component.add("description", url)
    return component


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    absolute_url: Callable[[str], str],
    also: Iterable[icalendar.Event] = (),
) -> bytes:
    """The events as a calendar named `name`, with the components `also` beside them."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//CIOR and CIOMR//confed//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    # Subscribed calendars ask again about twice a day.
    cal.add("refresh-interval", datetime.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT12H")
    events = list(events)
    # A VTIMEZONE for each zone of a timed event, over the years of those events only:
    # add_missing_timezones() walks the whole calendar to find them and writes each
    # zone's changes from 1970 to 2038, a tenth of the feed's time.
    timed = [event for event in events if event.start_time]
    # (UTC needs none: its times are written with a Z.)
    zones = sorted({event.time_zone for event in timed} - {"UTC", "Etc/UTC"})
    if zones:
        first_year = min(event.starts_on for event in timed).year
        last_year = max(event.ends_on for event in timed).year
        for zone in zones:
            cal.add_component(time_zone_component(zone, first_year, last_year))
    for event in events:
        cal.add_component(event_component(event, absolute_url))
    for component in also:
        cal.add_component(component)
    return cal.to_ical()


@dataclass(frozen=True)
class Subscription:
    """The addresses a calendar app subscribes to the feed with (these filters)."""

    feed_url: str  # https://…/events/calendar.ics?…, to paste
    webcal_url: str  # webcal://…, which a calendar app opens itself
    google_url: str  # Google Calendar's page that adds it


def subscription(filters: dict, request) -> Subscription:
    """The portal's address (PORTAL_URL) rather than the request's: the public page is
    kept for everyone, and a Host header is the visitor's to choose. Without PORTAL_URL
    (check --deploy warns of it), the request's, which ALLOWED_HOSTS has vetted."""
    query = f"?{urlencode(filters)}" if filters else ""
    path = f"{reverse('events:calendar_feed')}{query}"
    feed_url = (
        f"{settings.PORTAL_URL}{path}"
        if settings.PORTAL_URL
        else (request.build_absolute_uri(path))
    )
    webcal_url = "webcal://" + feed_url.partition("://")[2]
    return Subscription(
        feed_url=feed_url,
        webcal_url=webcal_url,
        google_url="https://calendar.google.com/calendar/render?" + urlencode({"cid": webcal_url}),
    )
