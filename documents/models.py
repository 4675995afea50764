"""The documents of the confederations: official texts, meeting papers and minutes, the
anthem's music; each readable by the public, the council or the secretariat alone.

A document is what people name ("the Constitution", "the minutes of the Mid-Winter
Meeting 2027"); its versions are the files uploaded for it over time. A new version
never replaces an old one: each is kept with its checksum, and one is the current.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from confed.i18n import localized
from events.models import Event
from members.models import Confederation


class Access(models.TextChoices):
    PUBLIC = "public", _("everyone")
    # The heads of delegation, the presidency team and the honorary delegates.
    COUNCIL = "council", _("the council")
    SECRETARIAT = "secretariat", _("the secretariat")


class DocumentKind(models.TextChoices):
    CONSTITUTION = "constitution", _("constitution")
    BY_LAWS = "by-laws", _("by-laws")
    NATO = "nato", _("NATO document")
    REGULATIONS = "regulations", _("regulations")
    MEETING_PAPER = "meeting-paper", _("meeting paper")
    MINUTES = "minutes", _("minutes")
    ANTHEM = "anthem", _("anthem")
    IMAGE = "image", _("image")
    OTHER = "other", _("other")


class DocumentQuerySet(models.QuerySet):
    def public(self) -> "DocumentQuerySet":
        """Open to everyone, and with a file to give (a current version)."""
        return self.filter(access=Access.PUBLIC, versions__is_current=True)


class Document(models.Model):
    confederation = models.ForeignKey(
        Confederation,
        on_delete=models.PROTECT,
        related_name="documents",
        verbose_name=_("confederation"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    reference = models.CharField(
        _("reference"), max_length=60, blank=True, help_text=_("e.g. MC 0441/2")
    )
    edition = models.CharField(_("edition"), max_length=60, blank=True, help_text=_("e.g. 2024"))
    effective_on = models.DateField(_("in force from"), null=True, blank=True)
    event = models.ForeignKey(
        Event,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("meeting"),
        help_text=_("For a meeting's papers and minutes."),
    )
    access = models.CharField(
        _("who may read it"), max_length=20, choices=Access.choices, default=Access.COUNCIL
    )
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["confederation", "kind", "title_en"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=Q(access__in=Access.values), name="document_access_valid"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="document_kind_valid"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title_en} ({self.confederation})"

    def get_absolute_url(self) -> str:
        return reverse("documents:download", kwargs={"pk": self.pk})

    @property
    def title(self) -> str:
        return localized(self.title_en, self.title_fr)


def version_path(version: "Version", name: str) -> str:
    # A name nobody can guess or collide with; the file's own name is kept in `name`.
    return f"documents/{version.document.confederation.code}/{uuid.uuid4().hex}/{name}"


class Version(models.Model):
    """One file uploaded for a document; never changed, never replaced."""

    document = models.ForeignKey(
        Document, on_delete=models.PROTECT, related_name="versions", verbose_name=_("document")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    file = models.FileField(_("file"), upload_to=version_path, max_length=300)
    name = models.CharField(_("file name"), max_length=120)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    is_current = models.BooleanField(_("current"), default=True)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["document", "-number"]
        verbose_name = _("version")
        verbose_name_plural = _("versions")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="one_version_of_each_number"
            ),
            models.UniqueConstraint(
                fields=["document"],
                condition=Q(is_current=True),
                name="one_current_version_per_document",
                violation_error_message=_("A document has one current version."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.title_en}, version {self.number}"

    def get_absolute_url(self) -> str:
        return reverse(
            "documents:download_version", kwargs={"pk": self.document_id, "number": self.number}
        )
