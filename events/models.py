"""The meeting calendar: statutory meetings and committee events of the confederations."""

import datetime
import uuid
import zoneinfo

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from confed.i18n import format_date, localized
from confed.markdown import render
from governance.models import Committee, CouncilDecision
from members.models import Confederation, Nation, NationalAssociation

# The zones a person picks a city from: "Europe/Brussels", not the database's aliases
# and legacy names (W-SU, localtime, Etc/GMT+3). Not the field's choices: the list comes
# from the machine's time zone database, and a migration would have to follow it.
AREAS = ("Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia",
         "Europe", "Indian", "Pacific")  # fmt: skip


def time_zone_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """The zones by area, each named by its city: ("Europe", [("Europe/Brussels",
    "Brussels"), ...]), and UTC."""
    by_area: dict[str, list[tuple[str, str]]] = {}
    for name in sorted(zoneinfo.available_timezones()):
        area, _slash, city = name.partition("/")
        if area in AREAS:
            by_area.setdefault(area, []).append((name, city.replace("_", " ")))
    return [*by_area.items(), ("UTC", [("UTC", "UTC")])]


def validate_time_zone(name: str) -> None:
    if name not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(name)s” is not a time zone.") % {"name": name})


class EventKind(models.TextChoices):
    MID_WINTER_MEETING = "mid-winter-meeting", _("Mid-Winter Meeting")
    SUMMER_CONGRESS = "summer-congress", _("Summer Congress")
    FALL_IN_BETWEEN_MEETING = "fall-in-between-meeting", _("Fall In-Between Meeting")
    SPRING_IN_BETWEEN_MEETING = "spring-in-between-meeting", _("Spring In-Between Meeting")
    YRO_WORKSHOP = "yro-workshop", _("YRO Workshop")
    YRO_SEMINAR = "yro-seminar", _("YRO Seminar")
    LANGUAGE_ACADEMY = "language-academy", _("Language Academy")
    CIMEX = "cimex", _("CIMEX")
    MILCOMP = "milcomp", _("MILCOMP")
    INTERNATIONAL_CYBER_EVENT = "ice", _("International Cyber Event")
    SEMINAR = "seminar", _("Seminar")
    SYMPOSIUM = "symposium", _("Symposium")
    OTHER = "other", _("other")


# The statutory meetings, to which the member associations send their delegations.
MEETING_KINDS = [
    EventKind.MID_WINTER_MEETING,
    EventKind.SUMMER_CONGRESS,
    EventKind.FALL_IN_BETWEEN_MEETING,
    EventKind.SPRING_IN_BETWEEN_MEETING,
]


_NOT_A_MEETING = _(
    "Only the statutory meetings (the Mid-Winter Meeting, the Summer Congress and the "
    "In-Between Meetings) take national delegations: leave the deadline empty, or "
    "choose one of those kinds."
)


class EventStatus(models.TextChoices):
    PLANNED = "planned", _("planned")
    CONFIRMED = "confirmed", _("confirmed")
    CANCELLED = "cancelled", _("cancelled")


class EventQuerySet(models.QuerySet):
    def public(self) -> "EventQuerySet":
        return self.filter(is_public=True)

    def with_acronyms(self) -> "EventQuerySet":
        """Each event's confederations' acronyms, in their order, as `acronyms`, from a
        subquery in the same statement: what a calendar feed writes of them, without a
        prefetch's model per confederation and manager per event (a third of the feed's
        time at 550 events)."""
        return self.annotate(
            acronyms=ArraySubquery(
                Confederation.objects.filter(events=OuterRef("pk"))
                .order_by("position", "acronym")
                .values("acronym")
            )
        )

    def upcoming(self, on: datetime.date | None = None) -> "EventQuerySet":
        return self.filter(ends_on__gte=on or timezone.localdate())

    def past(self, on: datetime.date | None = None) -> "EventQuerySet":
        return self.filter(ends_on__lt=on or timezone.localdate())

    def taking_delegations(
        self, from_on: datetime.date, to_on: datetime.date | None = None
    ) -> "EventQuerySet":
        """The meetings, not cancelled, whose last day for delegations
        (Event.last_day_for_delegations, annotated as `last_day`) falls from `from_on`
        (to `to_on`)."""
        meetings = (
            self.filter(kind__in=MEETING_KINDS)
            .exclude(status=EventStatus.CANCELLED)
            .annotate(
                last_day=Coalesce(
                    "delegation_deadline",
                    # date - interval is a timestamp in PostgreSQL: back to a date.
                    Cast(F("starts_on") - datetime.timedelta(days=1), models.DateField()),
                )
            )
            .filter(last_day__gte=from_on)
        )
        return meetings.filter(last_day__lte=to_on) if to_on is not None else meetings


class Event(models.Model):
    """A meeting or committee event; a joint CIOR/CIOMR meeting is one event."""

    # The iCalendar UID: stable across edits and requests, whatever else changes.
    uid = models.UUIDField(_("calendar UID"), default=uuid.uuid4, unique=True, editable=False)
    confederations = models.ManyToManyField(
        Confederation, related_name="events", verbose_name=_("confederations")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=EventKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"), help_text=_("The last day; the first for a one-day event.")
    )
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    time_zone = models.CharField(
        _("time zone"),
        max_length=64,
        validators=[validate_time_zone],
        default="Europe/Brussels",
    )
    host_nation = models.ForeignKey(
        Nation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host nation"),
    )
    host_association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("host association"),
    )
    host_decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="hosted_events",
        verbose_name=_("council decision on the host"),
        help_text=_("For a Summer Congress: the council's choice of host."),
    )
    city = models.CharField(_("city"), max_length=100, blank=True)
    city_fr = models.CharField(
        _("city (French)"),
        max_length=100,
        blank=True,
        help_text=_("Where French names it otherwise, e.g. Bruxelles, La Haye."),
    )
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    venue_fr = models.CharField(
        _("venue (French)"), max_length=200, blank=True, help_text=_("e.g. Siège de l'OTAN")
    )
    address = models.CharField(
        _("address"),
        max_length=300,
        blank=True,
        help_text=_("The venue's street address, for the map: e.g. Boulevard Léopold III, 1110."),
    )
    organising_committee = models.ForeignKey(
        Committee,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("organising committee"),
    )
    delegation_deadline = models.DateField(
        _("delegation deadline"),
        null=True,
        blank=True,
        help_text=_("The last day national vice presidents may change their delegation."),
    )
    description_en = models.TextField(
        _("description (English)"),
        blank=True,
        help_text=_("Markdown: a blank line between paragraphs, *italics*, **bold**, [links](…)."),
    )
    description_fr = models.TextField(_("description (French)"), blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=EventStatus.choices, default=EventStatus.PLANNED
    )
    is_public = models.BooleanField(_("public"), default=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords(m2m_fields=[confederations])
    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["starts_on", "title_en"]
        verbose_name = _("event")
        verbose_name_plural = _("events")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")),
                name="event_ends_on_or_after_it_starts",
                violation_error_message=_("An event cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(delegation_deadline__isnull=True)
                | Q(delegation_deadline__lte=F("starts_on")),
                name="delegation_deadline_before_the_event",
                violation_error_message=_("The delegation deadline must not be after the start."),
            ),
            models.CheckConstraint(
                condition=Q(delegation_deadline__isnull=True) | Q(kind__in=MEETING_KINDS),
                name="delegation_deadline_only_for_meetings",
                violation_error_message=_NOT_A_MEETING,
            ),
            models.CheckConstraint(
                condition=Q(status__in=EventStatus.values), name="event_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=EventKind.values), name="event_kind_valid"
            ),
        ]
        indexes = [
            models.Index(fields=["ends_on"], name="event_ends_on"),
            models.Index(fields=["starts_on"], name="event_starts_on"),
        ]

    def __str__(self) -> str:
        return self.title_en

    def get_absolute_url(self) -> str:
        return reverse("events:event_detail", kwargs={"slug": self.slug})

    def get_ical_url(self) -> str:
        return reverse("events:event_ical", kwargs={"slug": self.slug})

    @property
    def title(self) -> str:
        return localized(self.title_en, self.title_fr)

    @property
    def description(self) -> str:
        """In the reader's language, as written (the calendar feeds' text)."""
        return localized(self.description_en, self.description_fr)

    @property
    def description_html(self) -> str:
        """The description as the page shows it: Markdown, sanitised."""
        return render(self.description)

    @property
    def map_url(self) -> str:
        """OpenStreetMap's search for the venue, or "" without an address or a city: a
        link to follow, not a map embedded in the page (no third party is asked
        anything until the visitor clicks)."""
        if not (self.address or self.city):
            return ""
        where = [
            localized(self.venue, self.venue_fr),
            self.address,
            self.city_name,
            self.host_nation,
        ]
        return "https://www.openstreetmap.org/search?" + urlencode(
            {"query": ", ".join(str(part) for part in where if part)}
        )

    def get_kind_display(self) -> str:
        # Django's own builds and translates the whole list of kinds on every call
        # (~0.1 ms), and so does EventKind.values; the feed calls it once an event.
        try:
            return str(EventKind(self.kind).label)
        except ValueError:
            return self.kind

    @property
    def is_cancelled(self) -> bool:
        return self.status == EventStatus.CANCELLED

    @property
    def last_day_for_delegations(self) -> datetime.date:
        """The last day a vice president may change their delegation to it: the
        delegation deadline, or without one the eve of the meeting."""
        return self.delegation_deadline or self.starts_on - datetime.timedelta(days=1)

    @property
    def city_name(self) -> str:
        """The city in the reader's language (Bruxelles on a French page)."""
        return localized(self.city, self.city_fr)

    @property
    def place(self) -> str:
        parts = [localized(self.venue, self.venue_fr), self.city_name]
        if self.host_nation_id:
            parts.append(str(self.host_nation))
        return ", ".join(p for p in parts if p)

    def clean(self) -> None:
        errors = {}
        if (
            self.host_association_id
            and self.host_nation_id
            and (self.host_association.nation_id != self.host_nation_id)
        ):
            errors["host_association"] = _("The host association must be of the host nation.")
        if self.delegation_deadline and self.kind and self.kind not in MEETING_KINDS:
            errors["delegation_deadline"] = _NOT_A_MEETING
        if self.end_time and not self.start_time:
            errors["start_time"] = _("Give a start time with the end time.")
        if (
            self.start_time
            and self.end_time
            and self.starts_on == self.ends_on
            and self.end_time <= self.start_time
        ):
            errors["end_time"] = _("A one-day event must end after it starts.")
        if errors:
            raise ValidationError(errors)


class ProgrammeItem(models.Model):
    """A part of a meeting's programme: a session, a ceremony, a visit, on one of its
    days, at the meeting's local time (its time zone)."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="programme", verbose_name=_("event")
    )
    day = models.DateField(_("day"))
    starts_at = models.TimeField(pgettext_lazy("a time of day", "from"))
    ends_at = models.TimeField(pgettext_lazy("a time of day", "until"), null=True, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    room = models.CharField(_("where"), max_length=200, blank=True, help_text=_("e.g. Room 3"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["day", "starts_at", "pk"]
        verbose_name = _("programme item")
        verbose_name_plural = _("programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gt=F("starts_at")),
                name="programme_item_ends_after_it_starts",
                violation_error_message=_("A part of the programme must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.day} {self.starts_at:%H:%M} {self.title_en}"

    @property
    def title(self) -> str:
        return localized(self.title_en, self.title_fr)

    def clean(self) -> None:
        try:
            event = self.event  # perhaps new and unsaved (the admin's inline)
        except Event.DoesNotExist:
            return
        first, last = event.starts_on, event.ends_on
        if first and last and self.day and not first <= self.day <= last:
            raise ValidationError(
                {
                    "day": _("The day must be one of the meeting's: %(first)s to %(last)s.")
                    % {"first": format_date(first), "last": format_date(last)}
                }
            )
