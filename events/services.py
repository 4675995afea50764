"""Writes to the meeting calendar."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from members.models import Confederation, Nation

from .models import Event, EventKind, EventStatus

# Where and when the statutory meetings usually fall: the Mid-Winter
# Meeting at NATO Headquarters in February, the Summer Congress late in July, the two
# in-between planning meetings in spring and autumn. The secretariat moves the dates.
REGULAR_MEETINGS = [
    # kind, English title, French title, (month, day) of the first day, days
    (EventKind.MID_WINTER_MEETING, "Mid-Winter Meeting", "Réunion d'hiver", (2, 5), 3),
    (
        EventKind.SPRING_IN_BETWEEN_MEETING,
        "Spring In-Between Meeting",
        "Réunion intermédiaire de printemps",
        (4, 24),
        2,
    ),
    (EventKind.SUMMER_CONGRESS, "Summer Congress", "Congrès d'été", (7, 28), 5),
    (
        EventKind.FALL_IN_BETWEEN_MEETING,
        "Fall In-Between Meeting",
        "Réunion intermédiaire d'automne",
        (10, 16),
        2,
    ),
]
DELEGATION_DEADLINE_DAYS = 21
NATO_HEADQUARTERS = "NATO Headquarters"
NATO_HEADQUARTERS_FR = "Siège de l'OTAN"


def unique_slug(text: str) -> str:
    base = slugify(text)[:90]
    slug, number = base, 2
    while Event.objects.filter(slug=slug).exists():
        slug, number = f"{base}-{number}", number + 1
    return slug


@transaction.atomic
def draft_regular_meetings(*, year: int, confederations: list[Confederation]) -> list[Event]:
    """Draft the year's Mid-Winter Meeting, in-between meetings and Summer Congress.

    Side effects: for each regular meeting the confederations do not yet have that
    year, an event, planned and not yet public, with a delegation deadline three weeks
    before it; the secretariat confirms dates and publishes. The Mid-Winter Meeting is
    at NATO Headquarters, Brussels. A Summer Congress whose host the council has
    decided already exists as an event and is left as it is. Returns the new events;
    none when all exist (a second call drafts nothing).
    """
    belgium = Nation.objects.filter(country="BE").first()
    drafted = []
    for kind, title_en, title_fr, (month, day), days in REGULAR_MEETINGS:
        exists = Event.objects.filter(
            kind=kind, starts_on__year=year, confederations__in=confederations
        ).exists()
        if exists:
            continue
        starts_on = datetime.date(year, month, day)
        event = Event.objects.create(
            kind=kind,
            title_en=f"{title_en} {year}",
            title_fr=f"{title_fr} {year}",
            slug=unique_slug(f"{title_en} {year}"),
            starts_on=starts_on,
            ends_on=starts_on + datetime.timedelta(days=days - 1),
            delegation_deadline=starts_on - datetime.timedelta(days=DELEGATION_DEADLINE_DAYS),
            status=EventStatus.PLANNED,
            is_public=False,
            **(
                {
                    "city": "Brussels",
                    "city_fr": "Bruxelles",
                    "venue": NATO_HEADQUARTERS,
                    "venue_fr": NATO_HEADQUARTERS_FR,
                    "host_nation": belgium,
                }
                if kind == EventKind.MID_WINTER_MEETING
                else {}
            ),
        )
        event.confederations.set(confederations)
        drafted.append(event)
    return drafted


def _locked(event: Event) -> Event:
    return Event.objects.select_for_update().get(pk=event.pk)


@transaction.atomic
def confirm_and_publish(*, event: Event) -> bool:
    """Confirm an event's dates and show it in the public calendar and its feeds.
    False when it is confirmed and public already. A cancelled event is reinstated
    first (reinstate), not confirmed."""
    event = _locked(event)
    if event.status == EventStatus.CONFIRMED and event.is_public:
        return False
    if event.status == EventStatus.CANCELLED:
        raise ValidationError(_("It is cancelled: reinstate it before confirming it."))
    event.status = EventStatus.CONFIRMED
    event.is_public = True
    event.save(update_fields=["status", "is_public", "updated_at"])
    return True


@transaction.atomic
def withdraw_from_calendar(*, event: Event) -> bool:
    """Take an event out of the public calendar and its feeds (a calendar that
    subscribed loses it at its next update). False when it is not public."""
    event = _locked(event)
    if not event.is_public:
        return False
    event.is_public = False
    event.save(update_fields=["is_public", "updated_at"])
    return True


@transaction.atomic
def cancel(*, event: Event) -> bool:
    """Cancel an event: it stays in the calendar, marked cancelled (the feed says
    STATUS:CANCELLED, so subscribed calendars show it struck through), and no reminder
    of its delegation deadline goes out any more. False when it is cancelled already."""
    event = _locked(event)
    if event.status == EventStatus.CANCELLED:
        return False
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    return True


@transaction.atomic
def reinstate(*, event: Event) -> bool:
    """Undo a cancellation: the event is planned again, its dates to be confirmed.
    False when it is not cancelled."""
    event = _locked(event)
    if event.status != EventStatus.CANCELLED:
        return False
    event.status = EventStatus.PLANNED
    event.save(update_fields=["status", "updated_at"])
    return True
