"""What every admin page of the secretariat shares: history and CSV export of the list."""

import csv

from django.contrib import admin
from django.contrib.admin.utils import label_for_field, lookup_field
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    text = strip_tags(str(value)) if value is not None else ""
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@admin.action(description=_("Export selected rows as CSV"))
def export_as_csv(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse:
    """The selected rows with the columns the list shows, as the list shows them.

    Written here rather than with django-import-export: the secretariat needs only
    this export, and the list's own columns are the ones it asked for.
    """
    columns = [c for c in modeladmin.get_list_display(request) if c != "action_checkbox"]
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    filename = f"{modeladmin.model._meta.model_name}-{stamp}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")  # so that spreadsheet programs read UTF-8
    writer = csv.writer(response)
    writer.writerow([str(label_for_field(c, modeladmin.model, modeladmin)) for c in columns])
    related = modeladmin.get_list_select_related(request)
    if related is True:
        queryset = queryset.select_related()
    elif related:
        queryset = queryset.select_related(*related)
    for obj in queryset:
        row = []
        for column in columns:
            field, _attr, value = lookup_field(column, obj, modeladmin)
            if field is not None and getattr(field, "flatchoices", None):
                value = dict(field.flatchoices).get(value, value)
            row.append(spreadsheet_safe(value))
        writer.writerow(row)
    return response


class ConfedAdmin(SimpleHistoryAdmin):
    """Base of every model admin: the history view and the CSV export."""

    actions = [export_as_csv]
    list_per_page = 50
