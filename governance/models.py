"""Who leads what, for how long, and how members join.

Offices are posts; terms say who held a post from when to when. Everything shown
about the current leadership (holders, vacancies, the council's composition,
honorary delegates) is derived from terms, never stored a second time.

A term runs from `starts_on` up to, not including, `ends_on`: on a handover day the
outgoing term ends and the incoming one starts, and the two do not overlap.
"""

import datetime

from django.conf import settings
from django.contrib.postgres.constraints import ExclusionConstraint
from django.contrib.postgres.fields import (
    ArrayField,
    DateRangeField,
    RangeBoundary,
    RangeOperators,
)
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Deferrable, F, Func, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from confed.i18n import format_date, localized
from members.models import (
    Confederation,
    MembershipCategory,
    Nation,
    NationalAssociation,
    Person,
)


class DateRange(Func):
    """PostgreSQL's daterange(lower, upper, '[)'); a NULL upper bound is open-ended."""

    function = "daterange"
    output_field = DateRangeField()

    def __init__(self, lower, upper, **extra) -> None:
        super().__init__(lower, upper, RangeBoundary(), **extra)


def check_ends_after_it_starts(starts_on, ends_on, message) -> None:
    """The error beside the end date, found before the database's date-range checks
    run: PostgreSQL refuses to build a range that ends before it starts, which the
    overlap constraints would ask it to."""
    if starts_on and ends_on and ends_on <= starts_on:
        raise ValidationError({"ends_on": message})


class CouncilDecision(models.Model):
    """A decision of the Executive Council / Committee, which what it decided links to."""

    class Kind(models.TextChoices):
        ADMISSION = "admission", _("admission of a member")
        PRESIDENCY = "presidency", _("presidency")
        CONGRESS_HOST = "congress-host", _("congress host")
        INTERNATIONAL_VICE_PRESIDENT = "ivp", _("International Vice President")
        APPOINTMENT = "appointment", _("appointment to an office")
        SUBSCRIPTIONS = "subscriptions", _("subscriptions (a scale, a waiver)")
        BUDGET = "budget", _("budget")
        CONSTITUTION = "constitution", _("the constitution")
        EXCLUSION = "exclusion", _("exclusion of a member")
        ELECTION = "election", _("election to an office")
        AWARD = "award", _("award")
        OTHER = "other", _("other (ordinary business)")

    class Outcome(models.TextChoices):
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        DEFERRED = "deferred", _("deferred")

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("confederation"),
    )
    decided_on = models.DateField(_("decided on"))
    meeting = models.CharField(
        _("meeting"), max_length=200, blank=True, help_text=_("e.g. Mid-Winter Meeting 2025")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices)
    summary = models.TextField(_("what was decided"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    is_public = models.BooleanField(
        _("public"),
        default=True,
        help_text=_("Shown in the register of decisions on the public site."),
    )
    # The figures of the vote, when one was taken (a poll of a session writes them).
    votes_for = models.PositiveSmallIntegerField(_("for"), null=True, blank=True)
    votes_against = models.PositiveSmallIntegerField(_("against"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(_("abstentions"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["-decided_on", "-id"]
        verbose_name = _("council decision")
        verbose_name_plural = _("council decisions")

    def __str__(self) -> str:
        return f"{self.confederation} {self.decided_on:%Y-%m-%d}: {self.summary[:80]}"


def is_approval(decision: CouncilDecision | None) -> bool:
    """Whether the council approved what links to this decision (none: not approved)."""
    return decision is not None and decision.outcome == CouncilDecision.Outcome.APPROVED


class Majority(models.TextChoices):
    """What a vote of the council needs to carry (council.selectors.carried reads it)."""

    SIMPLE = "simple", _("a simple majority of votes cast")
    TWO_THIRDS = "two-thirds", _("two thirds of votes cast")
    ABSOLUTE = "absolute", _("more than half of the seats with a vote")
    UNANIMITY = "unanimity", _("unanimity of votes cast")


class OfficeKind(models.TextChoices):
    PRESIDENT = "president", _("President")
    PRESIDENT_ELECT = "president-elect", _("President-elect")
    SECRETARY_GENERAL = "secretary-general", _("Secretary General")
    SECRETARY_GENERAL_ELECT = "secretary-general-elect", _("Secretary General-elect")
    ASSISTANT_SECRETARY_GENERAL = "asg", _("Assistant Secretary General")
    INTERNATIONAL_VICE_PRESIDENT = "ivp", _("International Vice President")
    DEPUTY_SECRETARY_GENERAL = "deputy-sg", _("Deputy Secretary General")
    NATIONAL_VICE_PRESIDENT = "nvp", _("National Vice President")
    PERMANENT_REPRESENTATIVE = "permanent-representative", _("Permanent Representative to NATO")
    COMMITTEE_CHAIR = "committee-chair", _("committee Chair")
    COMMITTEE_SECRETARY = "committee-secretary", _("committee Secretary")


class Committee(models.Model):
    """A standing committee of a confederation (YRO-C, CIMIC-C ...)."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("confederation"),
    )
    code = models.CharField(_("code"), max_length=20, help_text=_("e.g. YRO-C"))
    slug = models.SlugField(_("slug"), max_length=40, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    mission_en = models.TextField(_("mission (English)"), blank=True)
    mission_fr = models.TextField(_("mission (French)"), blank=True)
    products_en = models.TextField(
        _("main products (English)"), blank=True, help_text=_("One per line.")
    )
    products_fr = models.TextField(
        _("main products (French)"), blank=True, help_text=_("One per line.")
    )
    formed_on = models.DateField(_("formed on"), null=True, blank=True)
    formed_at = models.CharField(_("formed at"), max_length=100, blank=True)
    is_universal = models.BooleanField(
        _("open to all nations"),
        default=True,
        help_text=_("Every member nation may nominate members."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["confederation", "code"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        constraints = [
            models.UniqueConstraint(
                fields=["confederation", "code"], name="committee_code_unique_in_confederation"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.confederation})"

    def get_absolute_url(self) -> str:
        return reverse("governance:committee_detail", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return localized(self.name_en, self.name_fr)

    @property
    def mission(self) -> str:
        return localized(self.mission_en, self.mission_fr)

    @property
    def products(self) -> list[str]:
        text = localized(self.products_en, self.products_fr)
        return [line.strip() for line in text.splitlines() if line.strip()]


def default_reminder_lead_days() -> list[int]:
    return [90, 30, 7]


class Office(models.Model):
    """A post in a confederation, held through terms."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="offices",
        verbose_name=_("confederation"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=OfficeKind.choices)
    code = models.SlugField(
        _("code"), max_length=60, help_text=_("Unique in the confederation, e.g. asg-operations")
    )
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("association"),
        help_text=_("For a National Vice President: the association whose delegation it heads."),
    )
    committee = models.ForeignKey(
        Committee,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="offices",
        verbose_name=_("committee"),
    )
    term_years = models.PositiveSmallIntegerField(
        _("term (years)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty for an office without a fixed term."),
    )
    holders_at_once = models.PositiveSmallIntegerField(
        _("holders at once"), default=1, validators=[MinValueValidator(1)]
    )
    held_by_presidency = models.BooleanField(
        _("held by the presidency"),
        default=False,
        help_text=_("Filled from the presiding association and handed over with the presidency."),
    )
    elect_of = models.OneToOneField(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="elect_office",
        verbose_name=_("elect of"),
        help_text=_("For President-elect: the office its holder takes at the handover."),
    )
    holders_become_honorary_delegates = models.BooleanField(
        _("past holders are honorary delegates"), default=False
    )
    position = models.PositiveSmallIntegerField(_("order"), default=100)
    # How the council fills it from nominations (elections): read by
    # elections.services.check_nominee and by the election's poll.
    election_majority = models.CharField(
        _("majority to be elected"),
        max_length=12,
        choices=Majority.choices,
        default=Majority.SIMPLE,
        help_text=_(
            "With several candidates and no one reaching it, a second round "
            "between the first two decides."
        ),
    )
    self_nomination = models.BooleanField(
        _("a head of delegation may nominate themselves"), default=True
    )
    one_seat_per_nation = models.BooleanField(
        _("one seat per nation"),
        default=False,
        help_text=_("For an office held by several at once: no two holders of one nation."),
    )
    consecutive_terms = models.PositiveSmallIntegerField(
        _("terms in a row, at most"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    conflicting_offices = models.ManyToManyField(
        "self",
        blank=True,
        verbose_name=_("offices it cannot be held with"),
        help_text=_("A holder of one of these for the term cannot be nominated."),
    )
    reminder_lead_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("remind of the end of a term (days before)"),
        default=default_reminder_lead_days,
        blank=True,
        help_text=_("Comma-separated, e.g. 90,30,7. Empty: no reminder."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["confederation", "position", "title_en"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.UniqueConstraint(
                fields=["confederation", "code"], name="office_code_unique_in_confederation"
            ),
            models.UniqueConstraint(
                fields=["association"],
                condition=Q(kind=OfficeKind.NATIONAL_VICE_PRESIDENT),
                name="one_national_vice_president_office_per_association",
            ),
            models.UniqueConstraint(
                fields=["committee", "kind"],
                condition=Q(committee__isnull=False),
                name="one_chair_and_one_secretary_per_committee",
            ),
            models.CheckConstraint(
                condition=Q(holders_at_once__gte=1), name="office_has_at_least_one_seat"
            ),
            models.CheckConstraint(
                condition=~Q(kind=OfficeKind.NATIONAL_VICE_PRESIDENT)
                | Q(association__isnull=False),
                name="national_vice_president_office_names_its_association",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_en} ({self.confederation})"

    @property
    def title(self) -> str:
        return localized(self.title_en, self.title_fr)


class TermQuerySet(models.QuerySet):
    def current(self, on: datetime.date | None = None) -> "TermQuerySet":
        on = on or timezone.localdate()
        return self.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=on), starts_on__lte=on)

    def past(self, on: datetime.date | None = None) -> "TermQuerySet":
        on = on or timezone.localdate()
        return self.filter(ends_on__lte=on)


class Term(models.Model):
    """A person holding one seat of an office from `starts_on` up to `ends_on`."""

    class BeganBy(models.TextChoices):
        ELECTED = "elected", _("elected")
        APPOINTED = "appointed", _("appointed")
        NOMINATED_IN_ROTATION = "rotation", _("nominated in rotation")

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="terms", verbose_name=_("office")
    )
    seat = models.PositiveSmallIntegerField(
        _("seat"),
        default=1,
        validators=[MinValueValidator(1)],
        help_text=_("For an office held by several at once: which of its places."),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="terms", verbose_name=_("person")
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(
        _("ends on"),
        null=True,
        blank=True,
        help_text=_("The first day the holder no longer holds the office. Empty: open-ended."),
    )
    began_by = models.CharField(_("began by"), max_length=10, choices=BeganBy.choices)
    decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="terms",
        verbose_name=_("council decision"),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    history = HistoricalRecords()
    objects = TermQuerySet.as_manager()

    class Meta:
        ordering = ["office", "-starts_on"]
        verbose_name = _("term of office")
        verbose_name_plural = _("terms of office")
        constraints = [
            # No two holders of one seat at the same time.
            ExclusionConstraint(
                name="no_overlapping_terms_of_one_seat",
                expressions=[
                    (F("office"), RangeOperators.EQUAL),
                    (F("seat"), RangeOperators.EQUAL),
                    (DateRange("starts_on", "ends_on"), RangeOperators.OVERLAPS),
                ],
                violation_error_code="term_overlap",
                violation_error_message=_("This seat of the office is held at that time."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="term_ends_after_it_starts",
                violation_error_message=_("A term must end after it starts."),
            ),
            models.CheckConstraint(condition=Q(seat__gte=1), name="term_seat_positive"),
        ]
        indexes = [
            models.Index(fields=["ends_on"], name="term_ends_on"),
            # The admin's list, the latest first: a page without a sort of every term.
            models.Index(fields=["-starts_on", "-id"], name="term_latest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.office.title_en} ({self.period})"

    @property
    def period(self) -> str:
        end = f"{self.ends_on:%Y-%m-%d}" if self.ends_on else ""
        return f"{self.starts_on:%Y-%m-%d} – {end}"

    def overlapping(self) -> TermQuerySet:
        """Other terms of the same seat that share a day with this one."""
        terms = Term.objects.filter(office_id=self.office_id, seat=self.seat)
        if self.ends_on is not None:
            terms = terms.filter(starts_on__lt=self.ends_on)
        terms = terms.filter(Q(ends_on__isnull=True) | Q(ends_on__gt=self.starts_on))
        return terms.exclude(pk=self.pk) if self.pk else terms

    @staticmethod
    def check_dates(starts_on, ends_on) -> None:
        check_ends_after_it_starts(starts_on, ends_on, _("A term must end after it starts."))

    def clean(self) -> None:
        self.check_dates(self.starts_on, self.ends_on)

    def validate_constraints(self, exclude=None) -> None:
        """As the database would, but naming the holder a new term conflicts with."""
        try:
            super().validate_constraints(exclude=exclude)
        except ValidationError as error:
            conflict = (
                self.overlapping().select_related("person", "office").first()
                if self.office_id and self.starts_on
                else None
            )
            if conflict is None:
                raise
            errors = error.update_error_dict({})
            errors[NON_FIELD_ERRORS] = [
                e for e in errors.get(NON_FIELD_ERRORS, []) if e.code != "term_overlap"
            ] + [ValidationError(conflict.conflict_message(), code="term_overlap")]
            raise ValidationError(errors) from error

    def conflict_message(self) -> str:
        """What to tell someone whose new term would overlap this one."""
        end = format_date(self.ends_on) if self.ends_on else _("open end")
        return _("%(office)s is held by %(person)s from %(start)s to %(end)s at that time.") % {
            "office": self.office.title,
            "person": self.person,
            "start": format_date(self.starts_on),
            "end": end,
        }


class Presidency(models.Model):
    """One association's turn at the presidency of a confederation."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="presidencies",
        verbose_name=_("confederation"),
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        related_name="presidencies",
        verbose_name=_("association"),
    )
    starts_on = models.DateField(
        _("starts on"), help_text=_("Planned; the handover sets the day it happened.")
    )
    ends_on = models.DateField(
        _("ended on"), null=True, blank=True, help_text=_("Set by the next handover.")
    )
    handover_place = models.CharField(_("place of the handover"), max_length=100, blank=True)
    decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="presidencies",
        verbose_name=_("council decision"),
        help_text=_("The council's approval; a presidency is handed over only once approved."),
    )
    handed_over = models.BooleanField(_("handed over"), default=False, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["confederation", "-starts_on"]
        verbose_name = _("presidency")
        verbose_name_plural = _("presidencies")
        constraints = [
            ExclusionConstraint(
                name="no_overlapping_presidencies",
                expressions=[
                    (F("confederation"), RangeOperators.EQUAL),
                    (DateRange("starts_on", "ends_on"), RangeOperators.OVERLAPS),
                ],
                condition=Q(handed_over=True),
                violation_error_message=_("Two presidencies of a confederation cannot overlap."),
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gt=F("starts_on")),
                name="presidency_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.confederation} {self.years}: {self.association.nation.code}"

    def clean(self) -> None:
        check_ends_after_it_starts(
            self.starts_on, self.ends_on, _("A presidency must end after it starts.")
        )

    def validate_constraints(self, exclude=None) -> None:
        # handed_over is not in the admin form, yet the overlap constraint's condition
        # reads it: Django must not leave it out of the check.
        super().validate_constraints(exclude=set(exclude or ()) - {"handed_over"})

    @property
    def is_approved(self) -> bool:
        """The council has approved it: only then is it handed over."""
        return is_approval(self.decision)

    @property
    def years(self) -> str:
        end_year = (
            self.ends_on.year
            if self.ends_on
            else self.starts_on.year + self.confederation.presidency_term_years
        )
        return f"{self.starts_on.year}–{end_year}"


class PresidencyAppointment(models.Model):
    """Who will hold an office of the presidency team when it is handed over."""

    presidency = models.ForeignKey(
        Presidency,
        on_delete=models.CASCADE,
        related_name="appointments",
        verbose_name=_("presidency"),
    )
    office = models.ForeignKey(
        Office,
        on_delete=models.PROTECT,
        related_name="appointments",
        verbose_name=_("office"),
        limit_choices_to={"held_by_presidency": True},
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="appointments", verbose_name=_("person")
    )
    decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appointments",
        verbose_name=_("council decision"),
        help_text=_("Where the council approves this appointment on its own (CIOMR's IVP)."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["presidency", "office__position"]
        verbose_name = _("presidency appointment")
        verbose_name_plural = _("presidency appointments")
        constraints = [
            models.UniqueConstraint(
                fields=["presidency", "office"], name="one_appointment_per_office_per_presidency"
            )
        ]

    def __str__(self) -> str:
        return f"{self.office.title_en}: {self.person}"

    @property
    def is_approved(self) -> bool:
        return is_approval(self.decision)

    def clean(self) -> None:
        if (
            self.office_id
            and self.presidency_id
            and self.office.confederation_id != self.presidency.confederation_id
        ):
            raise ValidationError({"office": _("Choose an office of the same confederation.")})


class RotationPlace(models.Model):
    """An association's place in the order in which associations take the presidency."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.CASCADE,
        related_name="rotation",
        verbose_name=_("confederation"),
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.CASCADE,
        related_name="rotation_places",
        verbose_name=_("association"),
    )
    position = models.PositiveIntegerField(_("position"))

    history = HistoricalRecords()

    class Meta:
        ordering = ["confederation", "position"]
        verbose_name = _("place in the presidency rotation")
        verbose_name_plural = _("presidency rotation")
        constraints = [
            models.UniqueConstraint(
                fields=["association"], name="one_rotation_place_per_association"
            ),
            # Deferred, so that the secretariat can swap two places in one save.
            models.UniqueConstraint(
                fields=["confederation", "position"],
                name="one_association_per_rotation_position",
                deferrable=Deferrable.DEFERRED,
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.association}"

    def save(self, *args, **kwargs) -> None:
        # An association takes its turn in its own confederation's rotation only.
        self.confederation_id = self.association.confederation_id
        super().save(*args, **kwargs)

    @property
    def is_eligible(self) -> bool:
        """Only an active full member takes its turn; others are skipped, not removed."""
        return self.association.is_active_full_member


class CommitteeMember(models.Model):
    """A person serving on a committee for their nation, nominated by its vice president."""

    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="members", verbose_name=_("committee")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
        verbose_name=_("person"),
    )
    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="+", verbose_name=_("nation")
    )
    nominated_by = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_nominations",
        verbose_name=_("nominated by"),
        help_text=_("The nation's National Vice President."),
    )
    since = models.DateField(_("since"))
    until = models.DateField(_("until"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["committee", "nation", "person__family_name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "person"],
                condition=Q(until__isnull=True),
                name="one_open_committee_membership_per_person",
            ),
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gt=F("since")),
                name="committee_membership_ends_after_it_starts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.nation.code}) — {self.committee.code}"


class ApplicationStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    UNDER_REVIEW = "under-review", _("under review")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")
    WITHDRAWN = "withdrawn", _("withdrawn")


PENDING_APPLICATION_STATUSES = [ApplicationStatus.SUBMITTED, ApplicationStatus.UNDER_REVIEW]


class MembershipApplication(models.Model):
    """A national association's application to join a confederation."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("confederation"),
    )
    # A country, not yet a Nation of the registry: an application from a country new to
    # the registry adds it only when the association is admitted.
    country = CountryField(_("nation"))
    association_name = models.CharField(_("association name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    # Blank only once erased (confed.personal_data); the forms require both.
    contact_name = models.CharField(_("contact person"), max_length=200, blank=True)
    contact_email = models.EmailField(_("contact email"), blank=True)
    category = models.CharField(
        _("category sought"), max_length=10, choices=MembershipCategory.choices
    )
    statement = models.TextField(
        _("statement"), help_text=_("Why the association applies and what it brings.")
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ApplicationStatus.choices,
        default=ApplicationStatus.SUBMITTED,
        editable=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"), default=timezone.now, editable=False)
    decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("council decision"),
        editable=False,
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="applications",
        verbose_name=_("admitted association"),
        editable=False,
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = _("membership application")
        verbose_name_plural = _("membership applications")
        constraints = [
            models.UniqueConstraint(
                fields=["confederation", "country"],
                condition=Q(status__in=PENDING_APPLICATION_STATUSES),
                name="one_pending_application_per_nation",
                violation_error_message=_(
                    "This nation already has an application waiting for a decision."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ApplicationStatus.values),
                name="application_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=ApplicationStatus.APPROVED) | Q(association__isnull=False),
                name="approved_application_names_its_association",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association_name} ({self.country.alpha3}) → {self.confederation}"

    @property
    def is_pending(self) -> bool:
        return self.status in PENDING_APPLICATION_STATUSES
