from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from confed.admin import ConfedAdmin

from .models import Section


@admin.register(Section)
class SectionAdmin(ConfedAdmin):
    list_display = ["title_en", "confederation", "position", "updated_at"]
    list_filter = ["confederation"]
    list_select_related = ["confederation"]
    search_fields = ["title_en", "title_fr", "body_en", "body_fr"]
    prepopulated_fields = {"slug": ["title_en"]}
    fieldsets = [
        (None, {"fields": ["confederation", "position", "slug"]}),
        (_("English"), {"fields": ["title_en", "body_en"]}),
        (_("French"), {"fields": ["title_fr", "body_fr"]}),
    ]
    view_on_site = True
