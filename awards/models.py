"""The confederations' awards (the CIOR Medal of Merit first), the nominations made
for them, their decisions, conferral and revocation; the roll of honour reads them.

An award's rules are data the secretariat keeps: who may nominate, whether one person
receives it once, how many a year, and who decides. awards.services.check_eligible is
the one place that reads the last three against earlier awards.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from confed.i18n import localized
from council.models import AgendaItem
from documents.models import Document
from events.models import Event
from governance.models import CouncilDecision
from members.models import Confederation, NationalAssociation, Person


class Nominators(models.TextChoices):
    VICE_PRESIDENTS_AND_PRESIDENCY = (
        "vice-presidents",
        _("the member associations' vice presidents and the presidency"),
    )
    PRESIDENCY = "presidency", _("the presidency only")


class Decider(models.TextChoices):
    PRESIDENCY = "presidency", _("the presidency")
    COUNCIL = "council", _("the council")


class Award(models.Model):
    """An award of a confederation, with its rules."""

    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="awards",
        verbose_name=_("confederation"),
    )
    slug = models.SlugField(
        _("address"), max_length=60, unique=True, help_text=_("e.g. cior-medal-of-merit")
    )
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_fr = models.CharField(_("name (French)"), max_length=200, blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_fr = models.TextField(_("description (French)"), blank=True)
    nominated_by = models.CharField(
        _("who may nominate"),
        max_length=20,
        choices=Nominators.choices,
        default=Nominators.VICE_PRESIDENTS_AND_PRESIDENCY,
    )
    once_per_person = models.BooleanField(_("once per person"), default=True)
    per_year = models.PositiveSmallIntegerField(
        _("at most this many a year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Empty: no limit."),
    )
    decided_by = models.CharField(
        _("decided by"), max_length=12, choices=Decider.choices, default=Decider.PRESIDENCY
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["confederation__position", "name_en"]
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        constraints = [
            models.UniqueConstraint(
                fields=["confederation", "name_en"],
                name="one_award_of_a_name_per_confederation",
                violation_error_message=_("This confederation has an award of this name."),
            ),
            models.CheckConstraint(
                condition=Q(per_year__isnull=True) | Q(per_year__gte=1),
                name="award_per_year_at_least_one",
                violation_error_message=_("At least one a year, or empty for no limit."),
            ),
            models.CheckConstraint(
                condition=Q(nominated_by__in=Nominators.values), name="award_nominators_valid"
            ),
            models.CheckConstraint(
                condition=Q(decided_by__in=Decider.values), name="award_decider_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.confederation.acronym} {self.name_en}"

    def get_absolute_url(self) -> str:
        return reverse("awards:roll", kwargs={"slug": self.slug})

    @property
    def name(self) -> str:
        return localized(self.name_en, self.name_fr)

    @property
    def description(self) -> str:
        return localized(self.description_en, self.description_fr)

    @property
    def vice_presidents_nominate(self) -> bool:
        return self.nominated_by == Nominators.VICE_PRESIDENTS_AND_PRESIDENCY


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("waiting for a decision")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("not approved")
    CONFERRED = "conferred", _("conferred")
    REVOKED = "revoked", _("revoked")


# A nomination whose award was given, whatever became of it since: what "once per
# person" and "how many a year" count (a revoked award was still given that year).
AWARDED = (NominationStatus.APPROVED, NominationStatus.CONFERRED, NominationStatus.REVOKED)


class Nomination(models.Model):
    """A person nominated for an award, by an association's vice president or the
    presidency; then its decision, its conferral and perhaps its revocation."""

    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("award")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="award_nominations",
        verbose_name=_("nominee"),
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_nominations",
        verbose_name=_("nominated by the association"),
        help_text=_("Empty for a nomination by the presidency."),
    )
    citation = models.TextField(_("citation"))
    roll_citation_en = models.CharField(
        _("citation on the roll of honour (English)"),
        max_length=300,
        blank=True,
        help_text=_("One line, shown on the public roll."),
    )
    roll_citation_fr = models.CharField(
        _("citation on the roll of honour (French)"), max_length=300, blank=True
    )
    language = models.CharField(_("language"), max_length=10, default="en")
    paper = models.ForeignKey(
        Document,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="award_nominations",
        verbose_name=_("paper"),
    )
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    shown_on_roll = models.BooleanField(
        _("agreed to be shown on the roll of honour"),
        default=False,
        help_text=_("Recorded by the secretariat once the person has agreed."),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
        editable=False,
    )
    agenda_item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="award_nomination",
        verbose_name=_("on the council's agenda as"),
    )
    decision = models.OneToOneField(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="award_nomination",
        verbose_name=_("decision"),
    )
    conferred_on = models.DateField(_("conferred on"), null=True, blank=True, editable=False)
    conferred_at = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="awards_conferred",
        verbose_name=_("conferred at"),
    )
    conferred_by = models.CharField(_("conferred by"), max_length=200, blank=True, editable=False)
    revoked_on = models.DateField(_("revoked on"), null=True, blank=True, editable=False)
    revocation_reason = models.TextField(_("why it was revoked"), blank=True, editable=False)
    revocation = models.OneToOneField(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="award_revocation",
        verbose_name=_("decision to revoke"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-nominated_at"]
        verbose_name = _("award nomination")
        verbose_name_plural = _("award nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["award", "person"],
                condition=Q(status=NominationStatus.NOMINATED),
                name="one_nomination_waiting_per_award_and_person",
                violation_error_message=_(
                    "This person is nominated for this award already, waiting for a decision."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=NominationStatus.values), name="nomination_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(status=NominationStatus.NOMINATED) | Q(decision__isnull=False),
                name="a_decided_nomination_has_its_decision",
            ),
            models.CheckConstraint(
                condition=~Q(status=NominationStatus.CONFERRED) | Q(conferred_on__isnull=False),
                name="a_conferred_award_has_its_date",
            ),
            models.CheckConstraint(
                condition=~Q(status=NominationStatus.REVOKED)
                | (Q(revoked_on__isnull=False) & ~Q(revocation_reason="")),
                name="a_revoked_award_says_when_and_why",
                violation_error_message=_("Say when and why the award is revoked."),
            ),
        ]
        indexes = [models.Index(fields=["award", "status"], name="nomination_award_status")]

    def __str__(self) -> str:
        return f"{self.award}: {self.person}"

    @property
    def roll_citation(self) -> str:
        return localized(self.roll_citation_en, self.roll_citation_fr)

    @property
    def is_decided(self) -> bool:
        return self.status != NominationStatus.NOMINATED
