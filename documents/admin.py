from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from confed.admin import ConfedAdmin, RowsReadOnce

from . import services
from .models import Document, Version


class DocumentForm(forms.ModelForm):
    """A document, and a file that becomes its new current version (the first, when
    the document is new); checked by its content before anything is saved."""

    upload = forms.FileField(
        label=_("file"),
        required=False,
        help_text=_(
            "PDF, office documents or images. A new file becomes the current version; "
            "the ones before are kept."
        ),
    )

    class Meta:
        model = Document
        fields = [
            "confederation",
            "kind",
            "title_en",
            "title_fr",
            "reference",
            "edition",
            "effective_on",
            "event",
            "access",
        ]

    def clean_upload(self):
        upload = self.cleaned_data.get("upload")
        if upload is None and self.instance.pk is None:
            raise ValidationError(_("A new document needs its file."))
        if upload is not None:
            services.check_upload(upload)
        return upload


class VersionInline(RowsReadOnce, admin.TabularInline):
    """The versions, newest first, to read and download; a file is never replaced."""

    model = Version
    extra = 0
    can_delete = False
    fields = ["number", "download", "size", "sha256", "is_current", "uploaded_at", "uploaded_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("uploaded_by")

    @admin.display(description=_("file"))
    def download(self, version: Version) -> str:
        return format_html('<a href="{}">{}</a>', version.get_absolute_url(), version.name)


@admin.register(Document)
class DocumentAdmin(ConfedAdmin):
    form = DocumentForm
    list_display = ["title_en", "confederation", "kind", "access", "edition", "effective_on"]
    list_filter = ["confederation", "kind", "access"]
    list_select_related = ["confederation"]
    search_fields = ["title_en", "title_fr", "reference"]
    autocomplete_fields = ["event"]
    inlines = [VersionInline]

    def save_model(self, request: HttpRequest, obj: Document, form, change: bool) -> None:
        super().save_model(request, obj, form, change)
        upload = form.cleaned_data.get("upload")
        if upload is not None:
            services.add_version(document=obj, upload=upload, uploaded_by=request.user)
