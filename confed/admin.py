"""What the secretariat's admin pages share: history, CSV export, confirmation pages."""

import csv
import datetime
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field, lookup_field
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from . import outbox
from .models import Email

# A spreadsheet runs a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """A cell as a person reads it: yes or no, a local time to the minute, a date as
    2026-12-01; and never a formula a spreadsheet would run."""
    if value is None:
        text = ""
    elif isinstance(value, bool):
        text = str(_("yes") if value else _("no"))
    elif isinstance(value, datetime.datetime):
        text = timezone.localtime(value).strftime("%Y-%m-%d %H:%M")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = strip_tags(str(value))
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@admin.action(description=_("Export selected rows as CSV"))
def export_as_csv(
    modeladmin: admin.ModelAdmin, request: HttpRequest, queryset: QuerySet
) -> HttpResponse:
    """The selected rows with the columns the list shows, as the list shows them, or
    with the admin's export_columns where it names more than fit on a screen.

    Written here rather than with django-import-export: the secretariat needs only
    this export, and the list's own columns are the ones it asked for.
    """
    columns = getattr(modeladmin, "export_columns", None) or [
        c for c in modeladmin.get_list_display(request) if c != "action_checkbox"
    ]
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


class AbsurdFiltersRefused:
    """An admin list asked for with an absurd filter (a year of 25 digits) is answered
    as Django answers any filter it cannot apply: the list again, with "?e=1", never
    a 500."""

    def get_changelist_instance(self, request: HttpRequest):
        try:
            return super().get_changelist_instance(request)
        except (OverflowError, ValueError) as error:
            raise IncorrectLookupParameters(error) from error


def filter_by_related(*named_with: str) -> type[admin.RelatedFieldListFilter]:
    """Django's filter by a related record, its choices read with what their names show
    (`named_with`, for select_related) in one query rather than one per choice."""

    class RelatedFilter(admin.RelatedFieldListFilter):
        def field_choices(self, field, request, model_admin) -> list[tuple[object, str]]:
            ordering = self.field_admin_ordering(field, request, model_admin)
            choices = field.related_model._default_manager.select_related(*named_with)
            if ordering:
                choices = choices.order_by(*ordering)
            return [(choice.pk, str(choice)) for choice in choices]

    return RelatedFilter


class ChangeReadAsTheFormShowsIt(HistoricalRecordContextHelper):
    """A change in a record's history as the secretariat reads the form: an empty
    reference as a dash (django-simple-history calls it "Deleted ... (pk=None)"), a
    choice by its label, yes or no."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if (isinstance(value, DeletedObject) and value.pk is None) or value in (None, ""):
            return "—"
        if getattr(field, "flatchoices", None):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        return super().prepare_delta_change_value(change, value)


class ConfedAdmin(AbsurdFiltersRefused, SimpleHistoryAdmin):
    """Base of every model admin: the history view and the CSV export."""

    actions = [export_as_csv]
    list_per_page = 50
    # The columns of the CSV export, when they are more than the list's: a list shows
    # what fits a 1280 px screen beside the menu and the filters, a spreadsheet has room.
    export_columns: list[str] | None = None
    # The history lists what each change changed; django-simple-history's own template
    # is followed by templates/simple_history/object_history_list.html, which says so
    # when a save changed nothing.

    def get_historical_record_context_helper(self, request, historical_record):
        return ChangeReadAsTheFormShowsIt(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, **kwargs) -> None:
        super().set_history_delta_changes(request, historical_records, **kwargs)
        # The oldest record of a page has no change worked out: it is not "unchanged".
        for record in historical_records:
            record.changes_known = hasattr(record, "history_delta_changes")

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history saves a POSTed past version even with revert disabled:
        # history is for reading, and a revert would bypass the services' rules.
        if request.method == "POST":
            raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


class RefusalsAsMessages:
    """A service may still refuse after the form passed (another secretary's change
    came first): its rule is said as a message, not a 500, and nothing is saved (the
    admin's transaction rolls back)."""

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(request.get_full_path())


def show_lockouts_in_brief() -> None:
    """django-axes' list of login lockouts without the browser's user agent, a line of
    150 letters that widened the list past the screen, nor the login page's path (a
    filter; both stay searchable and on each attempt's page). Called once every app's
    admin module is loaded: axes, the last of the apps, registers its admin after ours."""
    from axes.admin import AccessAttemptAdmin
    from axes.models import AccessAttempt

    class LockoutAdmin(AccessAttemptAdmin):
        list_display = [
            c for c in AccessAttemptAdmin.list_display if c not in ("user_agent", "path_info")
        ]

    if isinstance(admin.site._registry.get(AccessAttempt), AccessAttemptAdmin):
        admin.site.unregister(AccessAttempt)
        admin.site.register(AccessAttempt, LockoutAdmin)


def perform_each(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    perform: Callable[[object], bool],
    *,
    done: str,
    already: str,
) -> None:
    """Call a service on each selected object, each in its own transaction, and say
    what became of it: `done` % {"object": obj} when it made the change, `already` when
    the service found it made, or the rule it refused with (its ValidationError)."""
    for obj in queryset:
        try:
            with transaction.atomic():
                changed = perform(obj)
        except ValidationError as error:
            modeladmin.message_user(
                request,
                _("%(object)s: %(refusal)s")
                % {"object": obj, "refusal": " ".join(error.messages)},
                level=messages.ERROR,
            )
        else:
            message, level = (done, messages.SUCCESS) if changed else (already, messages.WARNING)
            modeladmin.message_user(request, message % {"object": obj}, level=level)


def confirm_action(
    modeladmin: admin.ModelAdmin,
    request: HttpRequest,
    queryset: QuerySet,
    *,
    form_class: type[forms.Form],
    title: str,
    perform: Callable[[object, dict], bool],
    done: str,
    already: str,
) -> HttpResponse | None:
    """An admin action behind a confirmation page with a small form.

    The first request shows the selected objects and the form; the confirmed one
    calls `perform(obj, cleaned_data)` for each object, as perform_each does. Returns
    None (back to the list) once performed.
    """
    form = form_class(request.POST if "confirm" in request.POST else None)
    if "confirm" in request.POST and form.is_valid():
        perform_each(
            modeladmin,
            request,
            queryset,
            lambda obj: perform(obj, form.cleaned_data),
            done=done,
            already=already,
        )
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "objects": queryset,
        "form": form,
        "action": request.POST.get("action"),
        "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
        "opts": modeladmin.model._meta,
        "media": modeladmin.media + form.media,
    }
    return TemplateResponse(request, "admin/confed/confirm_action.html", context)


@admin.register(Email)
class EmailAdmin(AbsurdFiltersRefused, admin.ModelAdmin):
    """The outbox, to read: every email the portal sent or owes, and what became of it.
    It is a log itself, so it keeps no second history of its rows."""

    list_display = ["written", "subject", "recipients", "status"]
    export_columns = ["created_at", "subject", "recipients", "status", "attempts", "sent_at"]
    list_filter = ["status", "template", "language"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "to",
        "subject",
        "text",
        "template",
        "language",
        "status",
        "attempts",
        "last_error",
        "created_at",
        "next_attempt_at",
        "sent_at",
    ]
    fields = readonly_fields
    actions = [export_as_csv, "send_again"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # emails are owed by the changes that cause them

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the record of what was sent to whom stays

    @admin.display(description=_("written at"), ordering="created_at")
    def written(self, email: Email) -> str:
        return timezone.localtime(email.created_at).strftime("%Y-%m-%d %H:%M")

    @admin.display(description=_("to"))
    def recipients(self, email: Email) -> str:
        return ", ".join(email.to)

    @admin.display(description=_("text"))
    def text(self, email: Email) -> str:
        return outbox.readable_text(email)

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("confed.change_email")

    @admin.action(description=_("Send again"), permissions=["resend"])
    def send_again(self, request: HttpRequest, queryset: QuerySet) -> None:
        again = sum(outbox.resend(email=email) for email in queryset)
        self.message_user(
            request,
            ngettext(
                "%(n)s failed email is owed again.", "%(n)s failed emails are owed again.", again
            )
            % {"n": again},
        )
