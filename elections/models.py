"""Elections to offices, and candidatures for the presidency and for hosting a congress.

The secretariat opens a call for nominations for an office; heads of delegation
nominate members of their confederation's delegations; a nominee accepts or declines
from the link in an email. At the close the accepted candidates go onto a session's
agenda as an election item, the council votes with its seats (council.services), and
the winner's term is opened from the result (elections.receivers). The International
Vice President's appointment is the same call with the president designate as the
one who nominates.

An association applies for the presidency, or to host a Summer Congress, for a year to
come; the council decides it at a session, and an approved presidency becomes the
planned presidency the handover uses.
"""

import datetime
import uuid

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from confed.i18n import format_date, localized
from council.models import AgendaItem, Candidate, Session
from governance.models import CouncilDecision, Office, Presidency, Term
from members.models import Confederation, NationalAssociation, Person


class Call(models.Model):
    """A call for nominations to one office (and seat) for a term."""

    office = models.ForeignKey(
        Office, on_delete=models.PROTECT, related_name="calls", verbose_name=_("office")
    )
    seat = models.PositiveSmallIntegerField(
        _("seat"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("For an office held by several at once. Empty: the first free seat."),
    )
    term_starts_on = models.DateField(_("the term starts on"))
    term_ends_on = models.DateField(
        _("the term ends on"),
        null=True,
        blank=True,
        editable=False,
        help_text=_("From the office's term of years."),
    )
    closes_on = models.DateField(
        _("nominations close on"), help_text=_("The last day a nomination is received.")
    )
    session = models.ForeignKey(
        Session,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="calls",
        verbose_name=_("elected at the session"),
        help_text=_("Empty: the confederation's next session after the close."),
    )
    by_president_designate = models.BooleanField(
        _("the president designate chooses the one candidate"),
        default=False,
        help_text=_("CIOMR's International Vice President: approved by the council."),
    )
    notes_en = models.TextField(_("notes (English)"), blank=True)
    notes_fr = models.TextField(_("notes (French)"), blank=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True, editable=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True, editable=False)
    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="call",
        verbose_name=_("agenda item"),
    )
    term = models.OneToOneField(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="call",
        verbose_name=_("term of the one elected"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["-closes_on", "pk"]
        verbose_name = _("call for nominations")
        verbose_name_plural = _("calls for nominations")
        constraints = [
            models.CheckConstraint(
                condition=Q(term_ends_on__isnull=True)
                | Q(term_ends_on__gt=models.F("term_starts_on")),
                name="a_called_term_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(closes_on__lt=models.F("term_starts_on")),
                name="nominations_close_before_the_term",
                violation_error_message=_("Nominations close before the term starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.office.title_en} {self.term_starts_on:%Y}"

    def get_absolute_url(self) -> str:
        return reverse("elections:call", kwargs={"pk": self.pk})

    @property
    def confederation(self) -> Confederation:
        return self.office.confederation

    @property
    def notes(self) -> str:
        return localized(self.notes_en, self.notes_fr)

    @property
    def is_open(self) -> bool:
        return self.opened_at is not None and self.closed_at is None

    def open_on(self, day: datetime.date) -> bool:
        """Whether a nomination is received on `day`."""
        return self.is_open and day <= self.closes_on

    @property
    def period(self) -> str:
        end = format_date(self.term_ends_on) if self.term_ends_on else _("open end")
        return f"{format_date(self.term_starts_on)} – {end}"


class NominationStatus(models.TextChoices):
    NOMINATED = "nominated", _("waiting for the nominee's answer")
    ACCEPTED = "accepted", _("accepted: a candidate")
    DECLINED = "declined", _("declined")
    NO_ANSWER = "no-answer", _("no answer by the close: not standing")
    ELECTED = "elected", _("elected")
    NOT_ELECTED = "not-elected", _("not elected")


# A nomination that stands: it is, or may become, a candidacy.
STANDING = [NominationStatus.NOMINATED, NominationStatus.ACCEPTED]


class Nomination(models.Model):
    """A person nominated in a call, by a head of delegation (or the president
    designate), who accepts or declines."""

    call = models.ForeignKey(
        Call, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("call")
    )
    nominee = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="nominations", verbose_name=_("nominee")
    )
    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nominations",
        verbose_name=_("nominated by the association"),
        help_text=_("Empty: by the president designate."),
    )
    statement = models.TextField(_("statement"))
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("nominated by"),
    )
    nominated_at = models.DateTimeField(_("nominated at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=NominationStatus.choices,
        default=NominationStatus.NOMINATED,
        editable=False,
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True, editable=False)
    # The nominee's answer comes from the link in their email: the token is its key.
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    candidate = models.OneToOneField(
        Candidate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="nomination",
        verbose_name=_("candidate"),
    )

    history = HistoricalRecords(excluded_fields=["token"])

    class Meta:
        ordering = ["call", "nominated_at"]
        verbose_name = _("nomination")
        verbose_name_plural = _("nominations")
        constraints = [
            models.UniqueConstraint(
                fields=["call", "nominee"],
                condition=Q(status__in=STANDING),
                name="one_standing_nomination_per_person_and_call",
                violation_error_message=_("This person is nominated in this call already."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=NominationStatus.values),
                name="election_nomination_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.nominee} — {self.call}"

    def get_answer_url(self) -> str:
        return reverse("elections:answer", kwargs={"token": self.token})


class CandidatureKind(models.TextChoices):
    PRESIDENCY = "presidency", _("the presidency")
    CONGRESS = "congress", _("hosting the Summer Congress")


class CandidatureStatus(models.TextChoices):
    SUBMITTED = "submitted", _("submitted")
    ON_AGENDA = "on-agenda", _("on the council's agenda")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("not approved")


# Presidencies and congress hosts are decided up to this many years ahead.
YEARS_AHEAD = 6


class Candidature(models.Model):
    """An association's application for the presidency, or to host a Summer Congress,
    from a year to come."""

    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        related_name="candidatures",
        verbose_name=_("association"),
    )
    kind = models.CharField(_("for"), max_length=12, choices=CandidatureKind.choices)
    year = models.PositiveSmallIntegerField(_("from the year"))
    statement = models.TextField(_("statement"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=CandidatureStatus.choices,
        default=CandidatureStatus.SUBMITTED,
        editable=False,
    )
    item = models.OneToOneField(
        AgendaItem,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="candidature",
        verbose_name=_("agenda item"),
    )
    decision = models.ForeignKey(
        CouncilDecision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="candidatures",
        verbose_name=_("council decision"),
    )
    presidency = models.OneToOneField(
        Presidency,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="candidature",
        verbose_name=_("planned presidency"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["kind", "year", "submitted_at"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "kind", "year"],
                condition=Q(status__in=[CandidatureStatus.SUBMITTED, CandidatureStatus.ON_AGENDA]),
                name="one_candidature_waiting_per_association_kind_and_year",
                violation_error_message=_(
                    "Your association has a candidature for this waiting already."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=CandidatureStatus.values),
                name="candidature_status_valid",
            ),
            models.CheckConstraint(
                condition=~Q(status=CandidatureStatus.APPROVED) | Q(decision__isnull=False),
                name="an_approved_candidature_names_its_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association} — {self.get_kind_display()} {self.year}"

    @property
    def confederation(self) -> Confederation:
        return self.association.confederation
