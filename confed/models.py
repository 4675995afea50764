"""The outbox: every email the portal sends is first a row here.

The row is written in the transaction of the change that causes the email, so a
change that is rolled back owes no email and one that is committed always does.
After commit a worker is asked to send it; a row whose hand-over was lost (Redis out
of reach, a worker killed) is found by the sweep, a periodic task. Sending claims the
row first, so that it is sent once, however many times it is handed over.
"""

from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _


class EmailStatus(models.TextChoices):
    PENDING = "pending", _("to send")
    SENDING = "sending", _("being sent")
    SENT = "sent", _("sent")
    FAILED = "failed", _("failed")


class Email(models.Model):
    """An email owed: to whom, what, in which language, and what became of it."""

    to = ArrayField(models.EmailField(), verbose_name=_("to"))
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html = models.TextField(_("HTML"), blank=True)
    template = models.CharField(
        _("kind"), max_length=100, help_text=_("The template it was written from.")
    )
    language = models.CharField(_("language"), max_length=10)
    status = models.CharField(
        _("status"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    attachments = models.JSONField(
        _("attachments"),
        default=list,
        blank=True,
        help_text=_("Files made when the email is sent (confed.outbox.Attachment)."),
    )
    holds_a_secret = models.BooleanField(
        _("holds a secret"),
        default=False,
        help_text=_("A link to set a password: shown to nobody, and not kept once sent."),
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    handed_over_at = models.DateTimeField(_("handed to a worker at"), null=True, blank=True)
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    claimed_by = models.UUIDField(_("claimed by"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next try at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("email")
        verbose_name_plural = _("emails")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status__in=EmailStatus.values), name="email_status_valid"
            ),
        ]
        indexes = [models.Index(fields=["status", "claimed_at"], name="email_status")]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class PagesToRetire(models.Model):
    """The public pages kept in Redis are owed a retirement: an edit was saved while
    Redis could not be told (confed.cache.invalidate). Kept in the database, where the
    edit is, so that a periodic task retires them once Redis answers again, rather
    than leave old pages served for up to an hour. At most one row. Nobody edits it,
    so it carries no permissions."""

    since = models.DateTimeField(_("since"))

    class Meta:
        verbose_name = _("public pages to retire")
        verbose_name_plural = _("public pages to retire")
        default_permissions = ()
        constraints = [models.CheckConstraint(condition=models.Q(pk=1), name="one_row")]

    def __str__(self) -> str:
        return f"{self.since:%Y-%m-%d %H:%M}"
