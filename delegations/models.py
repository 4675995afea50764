"""National delegations to the statutory meetings, kept by the national vice presidents.

Imports flow members <- governance <- events <- delegations.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from events.models import Event
from members.models import MAX_DELEGATION_SIZE, NationalAssociation, Person


class DelegationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    APPROVED = "approved", _("approved")


class Delegation(models.Model):
    """An association's delegation to one meeting."""

    association = models.ForeignKey(
        NationalAssociation,
        on_delete=models.PROTECT,
        related_name="delegations",
        verbose_name=_("association"),
    )
    event = models.ForeignKey(
        Event, on_delete=models.PROTECT, related_name="delegations", verbose_name=_("meeting")
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=DelegationStatus.choices,
        default=DelegationStatus.DRAFT,
        editable=False,
    )
    return_comment = models.TextField(
        _("comment from the secretariat"),
        blank=True,
        help_text=_("Why the delegation was returned to draft."),
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True, editable=False)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True, editable=False)

    history = HistoricalRecords()

    class Meta:
        ordering = ["event__starts_on", "association__nation"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["association", "event"],
                name="one_delegation_per_association_per_meeting",
                violation_error_message=_("This association already has a delegation there."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=DelegationStatus.values), name="delegation_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.association.nation} — {self.event}"

    def get_absolute_url(self) -> str:
        return reverse(
            "delegations:delegation_detail",
            kwargs={"association": self.association_id, "event": self.event.slug},
        )

    @property
    def size_limit(self) -> int:
        """How many it may have, the head of delegation included: its confederation's
        limit (at most MAX_DELEGATION_SIZE, which the seats' constraints hold)."""
        return self.association.confederation.delegation_size_limit


class Role(models.TextChoices):
    HEAD = "head", _("head of delegation")
    DELEGATE = "delegate", _("delegate")
    OBSERVER = "observer", _("observer")


class DelegationMember(models.Model):
    """A person in a delegation, in one of its numbered seats."""

    delegation = models.ForeignKey(
        Delegation, on_delete=models.CASCADE, related_name="members", verbose_name=_("delegation")
    )
    person = models.ForeignKey(
        Person,
        on_delete=models.PROTECT,
        related_name="delegation_memberships",
        verbose_name=_("person"),
    )
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    seat = models.PositiveSmallIntegerField(_("seat"))
    # The confederation's size limit when the member was added. With the unique seat,
    # the check below makes the database itself refuse a member beyond the limit,
    # whatever code path inserts it; the service's row lock only orders the adds.
    seat_limit = models.PositiveSmallIntegerField(_("places in the delegation"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["delegation", "seat"]
        verbose_name = _("delegation member")
        verbose_name_plural = _("delegation members")
        constraints = [
            models.UniqueConstraint(
                fields=["delegation", "person"],
                name="a_person_sits_once_in_a_delegation",
                violation_error_message=_("This person is already in the delegation."),
            ),
            models.UniqueConstraint(
                fields=["delegation", "seat"], name="one_person_per_delegation_seat"
            ),
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(role=Role.HEAD),
                name="one_head_per_delegation",
                violation_error_message=_("A delegation has one head."),
            ),
            models.CheckConstraint(
                condition=Q(seat__gte=1) & Q(seat__lte=F("seat_limit")),
                name="delegation_seat_within_the_limit",
                violation_error_message=_("The delegation is full."),
            ),
            models.CheckConstraint(
                condition=Q(seat_limit__lte=MAX_DELEGATION_SIZE),
                name="delegation_limit_in_range",
            ),
            models.CheckConstraint(
                condition=Q(role__in=Role.values), name="delegation_role_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} ({self.get_role_display()})"


class PrivateFeed(models.Model):
    """A vice president's own calendar address: their meetings and delegation deadlines,
    at a secret address a calendar app asks without logging in. Renewed, the old
    address answers 404. The secret is kept as it is, not hashed, so that the area can
    show the address again for a second device (as calendar services do): what it
    opens is a list of meetings, far less than the database that would have to leak."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="private_feed",
        verbose_name=_("user"),
    )
    token = models.CharField(_("secret"), max_length=64, unique=True)
    renewed_at = models.DateTimeField(_("renewed at"), auto_now=True)

    class Meta:
        verbose_name = _("private calendar")
        verbose_name_plural = _("private calendars")

    def __str__(self) -> str:
        return str(self.user)

    def get_absolute_url(self) -> str:
        return reverse("delegations:private_feed", kwargs={"token": self.token})
