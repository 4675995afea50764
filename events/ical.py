"""Events as iCalendar (RFC 5545): the feeds' VEVENTs written here, their VTIMEZONEs by
the icalendar package.

Why not icalendar for the events too: it builds an object for each property, each
parameter and each folded line, about 1 ms an event; the calendar feed of the
benchmark's large size (550 events) took 560 ms to write with it, which every edit
(the page cache is retired) makes a subscriber's calendar app wait for. An event here
is a dozen lines of RFC 5545 text of a known shape, written in a few microseconds.
The tests read every feed back with icalendar's parser, and a VTIMEZONE (the zone's
rules over years, the hard part) is still icalendar's, made once a zone and kept."""

import datetime
import functools
import re
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
# Zones whose times are written in UTC, with a Z, and need no VTIMEZONE.
UTC_ZONES = frozenset({"UTC", "Etc/UTC"})
# RFC 5545 §3.1: a content line of more than 75 octets is folded; icalendar folds
# before the 75th, and so do we, so that a feed reads the same as it did.
FOLD_AT = 74
# TEXT (§3.3.11) holds no control character but a tab: a line break is written \n,
# anything else is dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def text(value: str) -> str:
    """A TEXT value, escaped."""
    value = (
        value.replace("\\", "\\\\")
        .replace(";", "\\;")
        .replace(",", "\\,")
        .replace("\r\n", "\\n")
        .replace("\n", "\\n")
        .replace("\r", "\\n")
    )
    return _CONTROL.sub("", value)


def fold(line: str) -> str:
    """A content line folded into lines of at most 75 octets with their leading space,
    never inside a character nor right after the backslash of an escape."""
    if not line.isascii():
        return _fold_characters(line)
    if len(line) <= FOLD_AT:
        return line
    pieces, start = [], 0
    while len(line) - start > FOLD_AT:
        end = start + FOLD_AT
        if line[end - 1] == "\\":  # the escape goes on the next line, whole
            end -= 1
        pieces.append(line[start:end])
        start = end
    pieces.append(line[start:])
    return "\r\n ".join(pieces)


def _fold_characters(line: str) -> str:
    """fold() for a line with characters of more than one octet in UTF-8."""
    pieces, piece, size = [], [], 0
    for char in line:
        width = len(char.encode())
        if piece and size + width > FOLD_AT:
            carried = piece.pop() if len(piece) > 1 and piece[-1] == "\\" else None
            pieces.append("".join(piece))
            piece, size = ([carried], 1) if carried else ([], 0)
        piece.append(char)
        size += width
    pieces.append("".join(piece))
    return "\r\n ".join(pieces)


def utc(moment: datetime.datetime) -> str:
    return moment.astimezone(datetime.UTC).strftime("%Y%m%dT%H%M%SZ")


def date_value(day: datetime.date) -> str:
    return f";VALUE=DATE:{day:%Y%m%d}"


def local_time(day: datetime.date, time: datetime.time, zone: str) -> str:
    """A DATE-TIME in the event's zone: with its TZID, or in UTC with a Z."""
    if zone in UTC_ZONES:
        return f":{day:%Y%m%d}T{time:%H%M%S}Z"
    return f";TZID={zone}:{day:%Y%m%d}T{time:%H%M%S}"


@dataclass(frozen=True)
class Component:
    """A component written out: its content lines, folded, each ending in CRLF."""

    ical: str

    @classmethod
    def of(cls, name: str, lines: Iterable[str]) -> "Component":
        body = "".join(f"{fold(line)}\r\n" for line in lines)
        return cls(f"BEGIN:{name}\r\n{body}END:{name}\r\n")


def event_addresses(absolute_url: Callable[[str], str]) -> Callable[[Event], str]:
    """An event's absolute address, from one reverse() and one absolute_url() a feed:
    asked once an event, they were a fifth of its time."""
    marker = "event-slug"
    address = absolute_url(reverse("events:event_detail", kwargs={"slug": marker}))
    head, _, tail = address.partition(marker)
    return lambda event: f"{head}{event.slug}{tail}"


def event_component(event: Event, address: Callable[[Event], str]) -> Component:
    """One VEVENT. A day-only event is all-day (DATE values) whose DTEND is the day
    after its last day, as RFC 5545 has the end exclusive. Its properties are in the
    order icalendar writes them: the usual first, the others by name."""
    if event.start_time:
        starts = local_time(event.starts_on, event.start_time, event.time_zone)
        ends = (
            local_time(event.ends_on, event.end_time, event.time_zone) if event.end_time else None
        )
    else:
        starts = date_value(event.starts_on)
        ends = date_value(event.ends_on + datetime.timedelta(days=1))
    url = address(event)
    description = event.description
    if event.is_cancelled:
        description = f"{_('Cancelled.')}\n\n{description}".strip()
    categories = [event.get_kind_display(), *event.acronyms]  # EventQuerySet.with_acronyms
    described = f"{description}\n\n{url}".strip()
    modified = utc(event.updated_at)
    place = event.place
    lines = [
        f"SUMMARY:{text(event.title)}",
        f"DTSTART{starts}",
        *([f"DTEND{ends}"] if ends else []),
        f"DTSTAMP:{modified}",
        f"UID:{event.uid}@{UID_DOMAIN}",
        f"CATEGORIES:{','.join(text(str(c)) for c in categories)}",
        f"DESCRIPTION:{text(described)}",
        f"LAST-MODIFIED:{modified}",
        *([f"LOCATION:{text(place)}"] if place else []),
        f"STATUS:{STATUS[event.status]}",
        f"URL:{url}",
    ]
    return Component.of("VEVENT", lines)


@functools.lru_cache(maxsize=256)
def time_zone_component(zone: str, first_year: int, last_year: int) -> Component:
    """A zone's VTIMEZONE over whole years, by icalendar. Working it out takes about
    1.5 ms a zone (icalendar asks that it be cached); it only changes with the zone
    database, which comes with a release. Whole years keep it the same as the feed's
    days go by."""
    zone_component = icalendar.Timezone.from_tzid(
        zone,
        first_date=datetime.date(first_year, 1, 1),
        last_date=datetime.date(last_year + 1, 1, 1),
    )
    return Component(zone_component.to_ical().decode())


def day_component(
    *, uid: str, day: datetime.date, summary: str, url: str, stamp: datetime.datetime
) -> Component:
    """An all-day VEVENT of one day that is not an event of the calendar: a deadline."""
    lines = [
        f"SUMMARY:{text(summary)}",
        f"DTSTART{date_value(day)}",
        f"DTEND{date_value(day + datetime.timedelta(days=1))}",
        f"DTSTAMP:{utc(stamp)}",
        f"UID:{text(uid)}@{UID_DOMAIN}",
        f"DESCRIPTION:{text(url)}",
        "TRANSP:TRANSPARENT",  # a deadline does not make its day busy
        f"URL:{url}",
    ]
    return Component.of("VEVENT", lines)


def calendar(
    events: Iterable[Event],
    *,
    name: str,
    absolute_url: Callable[[str], str],
    also: Iterable[Component] = (),
) -> bytes:
    """The events as a calendar named `name`, with the components `also` beside them."""
    events = list(events)
    # A VTIMEZONE for each zone of a timed event, over the years of those events only
    # (icalendar's add_missing_timezones() writes each zone's changes from 1970 to
    # 2038).
    timed = [event for event in events if event.start_time]
    zones = sorted({event.time_zone for event in timed} - UTC_ZONES)
    time_zones = []
    if zones:
        first_year = min(event.starts_on for event in timed).year
        last_year = max(event.ends_on for event in timed).year
        time_zones = [time_zone_component(zone, first_year, last_year) for zone in zones]
    header = Component.of(
        "VCALENDAR",
        [
            "VERSION:2.0",
            "PRODID:-//CIOR and CIOMR//confed//EN",
            "CALSCALE:GREGORIAN",
            "METHOD:PUBLISH",
            f"X-WR-CALNAME:{text(name)}",
            # Subscribed calendars ask again about twice a day.
            "REFRESH-INTERVAL;VALUE=DURATION:PT12H",
            "X-PUBLISHED-TTL:PT12H",
        ],
    ).ical.removesuffix("END:VCALENDAR\r\n")
    address = event_addresses(absolute_url)
    components = [
        *time_zones,
        *(event_component(event, address) for event in events),
        *also,
    ]
    return "".join([header, *(c.ical for c in components), "END:VCALENDAR\r\n"]).encode()


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
