"""The member registry: confederations, nations, national associations, people.

A national association's category and status are kept on the association (so the
database can hold "one member per nation") and every change to them is a dated
MembershipChange row, written only by members.services.change_membership.
"""

import datetime
import functools

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, OpClass
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.functions import Lower, Upper
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from confed.i18n import format_date, localized


@functools.cache
def _country_name(code: str, language: str | None) -> str:
    # `language` is not read here (django-countries follows the active language), but
    # it keeps each language's name apart in the memo.
    return str(countries.name(code))


@functools.cache
def _nation_url(code: str, language: str | None, script_prefix: str, urlconf: str | None) -> str:
    # Pages link many nations, and reverse() costs about 40 µs: once per nation and
    # language (the French pages are under /fr/), script prefix and URLconf.
    return reverse("members:nation_detail", kwargs={"code": code.lower()})


@functools.cache
def _country_alpha3(code: str) -> str:
    return countries.alpha3(code)


def default_delegation_reminder_days() -> list[int]:
    return [21, 7]


def default_subscription_reminder_days() -> list[int]:
    return [30]


# No confederation's delegation has more places than this: a confederation's own limit
# is its data, within this range, and a delegation's numbered seats are held to it by
# the database (delegations.models).
MAX_DELEGATION_SIZE = 20
_delegation_size_message = lazy(
    lambda: gettext("A delegation has from 1 to %(max)s members.") % {"max": MAX_DELEGATION_SIZE},
    str,
)()


class Confederation(models.Model):
    """CIOR, CIOMR, ...: what differs between them is data the secretariat edits."""

    code = models.SlugField(_("code"), max_length=20, unique=True, help_text=_("e.g. cior"))
    acronym = models.CharField(_("acronym"), max_length=20, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    founded_year = models.PositiveSmallIntegerField(_("founded in"))
    position = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Where it comes in lists of confederations.")
    )
    governing_body_en = models.CharField(
        _("governing body (English)"), max_length=100, help_text=_("e.g. Executive Council")
    )
    governing_body_fr = models.CharField(_("governing body (French)"), max_length=100, blank=True)
    delegation_size_limit = models.PositiveSmallIntegerField(
        _("delegation size limit"),
        default=6,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_DELEGATION_SIZE)],
        help_text=_("Members of a national delegation, the head of delegation included."),
    )
    delegation_requires_medical_officer = models.BooleanField(
        _("delegation needs a medical officer"), default=False
    )
    presidency_term_years = models.PositiveSmallIntegerField(
        _("presidency term (years)"), default=2, validators=[MinValueValidator(1)]
    )
    website = models.URLField(_("website"), blank=True)
    application_waiting_days = models.PositiveSmallIntegerField(
        _("remind of applications waiting longer than (days)"), default=14
    )
    delegation_reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("remind of delegations (days before the deadline)"),
        default=default_delegation_reminder_days,
        blank=True,
        help_text=_("Comma-separated, e.g. 21,7."),
    )
    secretariat_email = models.EmailField(
        _("secretariat email"),
        blank=True,
        help_text=_(
            "Where notifications for the secretariat go (applications, delegations); shown "
            "on the contact page."
        ),
    )
    postal_address = models.TextField(
        _("secretariat's postal address"),
        blank=True,
        help_text=_("Shown on the contact page, one line per line of the address."),
    )
    # The annual subscriptions' rules (subscriptions app): data, so that each
    # confederation's council can set its own.
    subscription_payment_details = models.TextField(
        _("how to pay the subscription"),
        blank=True,
        help_text=_("Bank, IBAN and BIC, printed on every invoice, one line per line."),
    )
    subscription_reminder_days = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name=_("remind of subscriptions (days before they fall due)"),
        default=default_subscription_reminder_days,
        blank=True,
        help_text=_(
            "Comma-separated, e.g. 30. A reminder also goes on the due date, and monthly "
            "while in arrears."
        ),
    )
    arrears_cost_the_vote_after_days = models.PositiveSmallIntegerField(
        _("arrears take the vote after (days)"),
        null=True,
        blank=True,
        help_text=_(
            "An association in arrears for longer than this after the due date has no "
            "vote in the council until it has paid, e.g. 365. Empty: arrears never take "
            "the vote."
        ),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["position", "acronym"]
        verbose_name = _("confederation")
        verbose_name_plural = _("confederations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(
                    delegation_size_limit__gte=1, delegation_size_limit__lte=MAX_DELEGATION_SIZE
                ),
                name="confederation_delegation_size_in_range",
                violation_error_message=_delegation_size_message,
            ),
            models.CheckConstraint(
                condition=models.Q(presidency_term_years__gte=1),
                name="confederation_presidency_term_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.acronym

    @property
    def name(self) -> str:
        return localized(self.name_en, self.name_fr)

    @property
    def description(self) -> str:
        return localized(self.description_en, self.description_fr)

    @property
    def governing_body(self) -> str:
        return localized(self.governing_body_en, self.governing_body_fr)


# The Washington Treaty entered into force: from this day a nation can be "in NATO".
NATO_FOUNDED = datetime.date(1949, 8, 24)


class Partnership(models.TextChoices):
    NONE = "", _("none")
    PARTNERSHIP_FOR_PEACE = "pfp", _("Partnership for Peace")
    MEDITERRANEAN_DIALOGUE = "md", _("Mediterranean Dialogue")
    ISTANBUL_COOPERATION_INITIATIVE = "ici", _("Istanbul Cooperation Initiative")
    PARTNER_ACROSS_THE_GLOBE = "global", _("Partner across the globe")
    OTHER = "other", _("other partner")


class Nation(models.Model):
    """A country, whether or not in NATO; its associations may belong to confederations."""

    country = CountryField(_("country"), unique=True)
    nato_member_since = models.DateField(
        _("NATO member since"), null=True, blank=True, help_text=_("Date of accession.")
    )
    partnership = models.CharField(
        _("partnership with NATO"),
        max_length=10,
        choices=Partnership.choices,
        blank=True,
        help_text=_("For nations outside NATO."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["country"]
        verbose_name = _("nation")
        verbose_name_plural = _("nations")

    def __str__(self) -> str:
        # Pages name many nations: django-countries looks each name up anew (~20 µs),
        # the memo once per country and language.
        return _country_name(self.country.code, get_language())

    def get_absolute_url(self) -> str:
        return _nation_url(self.code, get_language(), get_script_prefix(), get_urlconf())

    @property
    def code(self) -> str:
        """ISO 3166 alpha-3, which is also the NATO country code CIOR uses (EST, DEU)."""
        return _country_alpha3(self.country.code)

    def is_nato_member(self, on: datetime.date | None = None) -> bool:
        on = on or timezone.localdate()
        return self.nato_member_since is not None and self.nato_member_since <= on


class MembershipCategory(models.TextChoices):
    FULL = "full", _("full member")
    ASSOCIATE = "associate", _("associate member")


class MembershipStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    SUSPENDED = "suspended", _("suspended")
    WITHDRAWN = "withdrawn", _("withdrawn")


def member_condition(via: str = "") -> models.Q:
    """An association belongs to its confederation until it withdraws: an active or a
    suspended one is a member. `via` reaches the association from another model
    ("associations__")."""
    return ~models.Q(**{f"{via}status": MembershipStatus.WITHDRAWN})


def active_full_member_condition(via: str = "") -> models.Q:
    return models.Q(
        **{f"{via}category": MembershipCategory.FULL, f"{via}status": MembershipStatus.ACTIVE}
    )


def is_member(*, status: str) -> bool:
    return status != MembershipStatus.WITHDRAWN


def is_active_full_member(*, category: str, status: str) -> bool:
    """An active full member takes its turn at the presidency, sits in the council with
    a full vote, and is what the NATO rule of full membership binds."""
    return category == MembershipCategory.FULL and status == MembershipStatus.ACTIVE


class NationalAssociationQuerySet(models.QuerySet):
    def members(self) -> "NationalAssociationQuerySet":
        """Associations that belong to their confederation now (active or suspended)."""
        return self.filter(member_condition())

    def active(self) -> "NationalAssociationQuerySet":
        return self.filter(status=MembershipStatus.ACTIVE)

    def active_full_members(self) -> "NationalAssociationQuerySet":
        return self.filter(active_full_member_condition())


class NationalAssociation(models.Model):
    """A national reserve (medical) officers' association, member of one confederation."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="associations",
        verbose_name=_("confederation"),
    )
    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="associations", verbose_name=_("nation")
    )
    name = models.CharField(_("name"), max_length=300)
    acronym = models.CharField(_("acronym"), max_length=40, blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact email"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of its invoices and of the emails sent to its contact."),
    )
    # Current state; changed only through members.services.change_membership, which
    # also writes the dated MembershipChange that explains it.
    category = models.CharField(
        _("category"), max_length=10, choices=MembershipCategory.choices, editable=False
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=MembershipStatus.choices,
        default=MembershipStatus.ACTIVE,
        editable=False,
    )

    history = HistoricalRecords()
    objects = NationalAssociationQuerySet.as_manager()

    class Meta:
        ordering = ["confederation", "nation"]
        verbose_name = _("national association")
        verbose_name_plural = _("national associations")
        constraints = [
            # Constitution: only one national association per country may be a member
            # of a confederation. A suspended member is still the member.
            models.UniqueConstraint(
                fields=["confederation", "nation"],
                condition=member_condition(),
                name="one_member_association_per_nation",
                violation_error_message=_(
                    "Only one national association per nation may be a member of a confederation."
                ),
            ),
            models.CheckConstraint(
                condition=models.Q(category__in=MembershipCategory.values),
                name="association_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MembershipStatus.values),
                name="association_status_valid",
            ),
        ]

    def __str__(self) -> str:
        if self.acronym:
            return f"{self.acronym} ({self.nation.code}, {self.confederation})"
        return f"{self.name} ({self.nation.code}, {self.confederation})"

    def get_absolute_url(self) -> str:
        return self.nation.get_absolute_url()

    @property
    def display_name(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name

    @property
    def is_active_full_member(self) -> bool:
        return is_active_full_member(category=self.category, status=self.status)


class DatePrecision(models.TextChoices):
    DAY = "day", _("exact day")
    YEAR = "year", _("year only")
    ESTIMATE = "circa", _("estimated year")


class MembershipChange(models.Model):
    """One dated step in an association's membership: admission, category, status."""

    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.CASCADE,
        related_name="membership_changes",
        verbose_name=_("association"),
    )
    effective_on = models.DateField(_("effective on"))
    effective_on_precision = models.CharField(
        _("precision of the date"),
        max_length=5,
        choices=DatePrecision.choices,
        default=DatePrecision.DAY,
        help_text=_("Older records often know only the year."),
    )
    category = models.CharField(_("category"), max_length=10, choices=MembershipCategory.choices)
    status = models.CharField(_("status"), max_length=10, choices=MembershipStatus.choices)
    note = models.CharField(_("note"), max_length=300, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["association", "effective_on", "id"]
        get_latest_by = ["effective_on", "id"]
        verbose_name = _("membership change")
        verbose_name_plural = _("membership changes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category__in=MembershipCategory.values),
                name="membership_change_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=MembershipStatus.values),
                name="membership_change_status_valid",
            ),
        ]

    def __str__(self) -> str:
        category, status = self.get_category_display(), self.get_status_display()
        return gettext("%(date)s: %(category)s, %(status)s") % {
            "date": self.effective_on_display,
            "category": category,
            "status": status,
        }

    @property
    def effective_on_display(self) -> str:
        return date_display(self.effective_on, self.effective_on_precision)


def date_display(day: datetime.date, precision: str) -> str:
    """A date as precisely as it is known: 5 August 2022, 1948, or c. 2004."""
    if precision == DatePrecision.YEAR:
        return str(day.year)
    if precision == DatePrecision.ESTIMATE:
        return _("c. %(year)s") % {"year": day.year}
    return format_date(day)


class NatoRank(models.TextChoices):
    """STANAG 2116 codes: officers OF-1..OF-10, other ranks OR-1..OR-9."""

    OF1 = "OF-1", "OF-1"
    OF2 = "OF-2", "OF-2"
    OF3 = "OF-3", "OF-3"
    OF4 = "OF-4", "OF-4"
    OF5 = "OF-5", "OF-5"
    OF6 = "OF-6", "OF-6"
    OF7 = "OF-7", "OF-7"
    OF8 = "OF-8", "OF-8"
    OF9 = "OF-9", "OF-9"
    OF10 = "OF-10", "OF-10"
    OR1 = "OR-1", "OR-1"
    OR2 = "OR-2", "OR-2"
    OR3 = "OR-3", "OR-3"
    OR4 = "OR-4", "OR-4"
    OR5 = "OR-5", "OR-5"
    OR6 = "OR-6", "OR-6"
    OR7 = "OR-7", "OR-7"
    OR8 = "OR-8", "OR-8"
    OR9 = "OR-9", "OR-9"


class Service(models.TextChoices):
    ARMY = "army", _("army")
    NAVY = "navy", _("navy")
    AIR_FORCE = "air", _("air force")
    JOINT_MEDICAL = "medical", _("joint medical service")
    OTHER = "other", _("other")


class Profession(models.TextChoices):
    PHYSICIAN = "physician", _("physician")
    DENTIST = "dentist", _("dentist")
    PHARMACIST = "pharmacist", _("pharmacist")
    VETERINARIAN = "veterinarian", _("veterinarian")
    NURSE = "nurse", _("nurse")
    TECHNICIAN = "technician", _("technician")
    MEDICAL_SERVICE_CORPS = "msc", _("medical service corps officer")
    OTHER = "other", _("other")


class Person(models.Model):
    """Someone the confederations deal with: an officer, a delegate, a holder of office."""

    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    rank = models.CharField(
        _("rank"), max_length=100, blank=True, help_text=_("As written nationally.")
    )
    nato_rank = models.CharField(
        _("NATO rank code"), max_length=5, choices=NatoRank.choices, blank=True
    )
    service = models.CharField(_("service"), max_length=10, choices=Service.choices, blank=True)
    nation = models.ForeignKey(
        Nation, on_delete=models.PROTECT, related_name="people", verbose_name=_("nation")
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("association"),
    )
    profession = models.CharField(
        _("profession"), max_length=20, choices=Profession.choices, blank=True
    )
    is_medical_officer = models.BooleanField(_("medical officer"), default=False)
    email = models.EmailField(_("email"), blank=True)
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="en",
        help_text=_("The language of the emails the portal sends them."),
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("user account"),
    )
    contact_erased_at = models.DateTimeField(
        _("contact data erased at"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("Their name stays on the record of offices held; the rest went."),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(
                Lower("email"),
                condition=~models.Q(email=""),
                name="person_email_unique",
                violation_error_message=_("Another person already has this email address."),
            ),
            models.CheckConstraint(
                condition=models.Q(nato_rank__in=["", *NatoRank.values]),
                name="person_nato_rank_valid",
            ),
        ]
        indexes = [
            # The admin's list, in this order: a page without a sort of everyone.
            models.Index(fields=["family_name", "given_name", "-id"], name="person_by_name"),
            # The admin's search: Django's icontains is UPPER(field) LIKE UPPER('%word%'),
            # which a trigram index of the same expression answers (pg_trgm).
            *(
                GinIndex(OpClass(Upper(field), name="gin_trgm_ops"), name=f"person_{field}_trgm")
                for field in ("given_name", "family_name", "email", "rank")
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def name_with_rank(self) -> str:
        # As a line or a cell begins: "Lieutenant-colonel", though French writes the rank
        # in lower case inside a sentence.
        return f"{capfirst(self.rank)} {self.full_name}" if self.rank else self.full_name

    def clean(self) -> None:
        if self.association_id and self.association.nation_id != self.nation_id:
            raise ValidationError(
                {"association": _("The association must be of the person's own nation.")}
            )
