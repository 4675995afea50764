"""The confederations' own pages: what each is, written by the secretariat."""

from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from confed.i18n import localized
from confed.markdown import render

# The ids the layout and the about page hold themselves.
PAGE_IDS = frozenset({"content", "main-nav", "on-this-page", "about-documents", "about-contact"})


def validate_anchor(slug: str) -> None:
    if slug in PAGE_IDS:
        raise ValidationError(
            _("The page uses “%(slug)s” itself: choose another.") % {"slug": slug}
        )


class Section(models.Model):
    """A part of a confederation's about page (its history, its purpose, how it is
    governed, ...), in English and French, in Markdown: the page shows it sanitised,
    so no HTML typed in the admin reaches a visitor as written."""

    confederation = models.ForeignKey(
        "members.Confederation",
        on_delete=models.PROTECT,
        related_name="about_sections",
        verbose_name=_("confederation"),
    )
    slug = models.SlugField(
        _("anchor"),
        max_length=60,
        validators=[validate_anchor],
        help_text=_("The section's address on the page: #history."),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title_en = models.CharField(_("title (English)"), max_length=200)
    title_fr = models.CharField(_("title (French)"), max_length=200, blank=True)
    body_en = models.TextField(
        _("text (English)"),
        help_text=_(
            "Markdown: a blank line between paragraphs, *italics*, **bold**, "
            "[a link](https://…), lines beginning with - for a list, # for a sub-heading."
        ),
    )
    body_fr = models.TextField(_("text (French)"), blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["confederation__position", "position", "pk"]
        verbose_name = _("section of an about page")
        verbose_name_plural = _("sections of the about pages")
        constraints = [
            models.UniqueConstraint(
                fields=["confederation", "slug"],
                name="one_section_of_each_anchor",
                violation_error_message=_("This confederation's page has a section so named."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.confederation}: {self.title_en}"

    def get_absolute_url(self) -> str:
        return reverse("about:confederation", kwargs={"code": self.confederation.code}) + (
            f"#{self.slug}"
        )

    @property
    def title(self) -> str:
        return localized(self.title_en, self.title_fr)

    @property
    def body(self) -> str:
        """The text in the reader's language, as sanitised HTML."""
        return render(localized(self.body_en, self.body_fr), id_prefix=f"{self.slug}-")
