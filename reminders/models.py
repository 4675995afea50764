"""The reminder ledger: one row per reminder the portal owes someone, so that each is
sent exactly once. Imports flow members <- governance <- events <- delegations <-
reminders."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    TERM_ENDING = "term-ending", _("a term of office ends")
    APPLICATION_WAITING = "application-waiting", _("an application waits for a decision")
    APPLICATIONS_BEFORE_MEETING = (
        "applications-before-meeting",
        _("pending applications before a council meeting"),
    )
    DELEGATION_DEADLINE = "delegation-deadline", _("a delegation deadline comes")
    VACANT_OFFICES = "vacant-offices", _("offices are vacant")
    SUBSCRIPTION_DUE = "subscription-due", _("a subscription falls due")
    SUBSCRIPTION_IN_ARREARS = "subscription-arrears", _("a subscription is in arrears")
    WRITTEN_VOTE = "written-vote", _("a written vote closes, the seat has not voted")


class ReminderStatus(models.TextChoices):
    PENDING = "pending", _("to send")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")
    OBSOLETE = "obsolete", _("no longer needed")


class Reminder(models.Model):
    """A reminder owed: what about (kind and subject), to whom, for which date.

    The unique key makes a second scan, a retried task or a redelivered message
    unable to owe it twice. A renewed term or a moved deadline has another
    `target_on`, so it is owed again, for the new date.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=ReminderKind.choices)
    subject = models.CharField(
        _("about"),
        max_length=80,
        help_text=_("What it is about, e.g. term:12, event:5 or invoice:7."),
    )
    recipient = models.EmailField(_("recipient"))
    language = models.CharField(_("language"), max_length=10, default="en")
    target_on = models.DateField(_("for the date"), help_text=_("The end, deadline or meeting."))
    lead_days = models.PositiveSmallIntegerField(_("days before"), default=0)
    due_on = models.DateField(_("due on"))
    status = models.CharField(
        _("status"), max_length=10, choices=ReminderStatus.choices, default=ReminderStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    handed_over_at = models.DateTimeField(_("handed to a worker at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.UUIDField(_("claimed by"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next try at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["-due_on", "kind"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "recipient", "target_on", "lead_days"],
                name="a_reminder_is_owed_once",
            ),
            models.CheckConstraint(
                condition=models.Q(status__in=ReminderStatus.values), name="reminder_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="reminder_status")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient} ({self.due_on:%Y-%m-%d})"
