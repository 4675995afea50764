"""What the secretariat's admin pages share: history, CSV export, confirmation pages."""

import csv
import datetime
import html
from collections import defaultdict
from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import label_for_field, lookup_field
from django.contrib.admin.widgets import AutocompleteSelect, ForeignKeyRawIdWidget
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.constants import LOOKUP_SEP
from django.forms.models import apply_limit_choices_to_to_formfield
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, strip_tags
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.text import smart_split
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


class AutocompleteOfTheRow(AutocompleteSelect):
    """An inline row's autocomplete, which names the row's choice from the record the
    row was read with (`row_choice`, set by RowsReadOnceFormSet), rather than by a query
    of its own; and writes that one option in Python, as Django's select.html would,
    rather than through the templates Django draws each option and attribute with."""

    row_choice: tuple[object, str] | None = None

    def render(self, name, value, attrs=None, renderer=None) -> str:
        if self.row_choice is None or self.format_value(value) != [str(self.row_choice[0])]:
            return super().render(name, value, attrs, renderer)  # typed anew: Django's query
        escape = html.escape
        attributes = "".join(
            f" {key}" if given is True else f' {key}="{escape(str(given))}"'
            for key, given in self.build_attrs(self.attrs, attrs).items()
            if given is not False and given is not None
        )  # as django/forms/widgets/attrs.html writes them
        empty = "" if self.is_required else '<option value=""></option>'
        chosen, label = (escape(str(part)) for part in self.row_choice)
        select = (
            f'<select name="{escape(name)}"{attributes}>{empty}'
            f'<option value="{chosen}" selected>{label}</option></select>'
        )
        return mark_safe(select)  # noqa: S308 - every name, value and label escaped above


class RowsReadOnce:
    """An inline whose rows make no query of their own, so that its page asks the
    database as often for 30 rows as for 3. Django's inline formset reads, for each
    row, the parent the row names, each select's choices and each autocomplete's
    chosen record. Here the parent is the page's own, a select's choices are read once
    for all the rows (so a row's form must not change a field's queryset), and an
    autocomplete names the record its row was read with: the inline's get_queryset
    selects the related records, with what their names show, as a list's
    list_select_related does."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if "widget" not in kwargs and db_field.name in self.get_autocomplete_fields(request):
            kwargs["widget"] = AutocompleteOfTheRow(
                db_field, self.admin_site, using=kwargs.get("using")
            )
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None and not isinstance(
            formfield.widget, (AutocompleteSelect, ForeignKeyRawIdWidget)
        ):
            apply_limit_choices_to_to_formfield(formfield)  # as each row's form would
            formfield.choices = list(iter(formfield.choices))  # shared by every row's copy
        return formfield

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        return type(formset.__name__, (RowsReadOnceFormSet, formset), {})


class RowKeyInput(forms.HiddenInput):
    """The hidden key of an inline row (its own, its parent's), written in Python as
    Django's hidden.html would: two on each row, each through three templates."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        escape = html.escape
        written = self.format_value(value)
        attributes = "".join(
            f" {key}" if given is True else f' {key}="{escape(str(given))}"'
            for key, given in self.build_attrs(self.attrs, attrs).items()
            if given is not False and given is not None
        )
        shown = "" if written is None else f' value="{escape(str(written))}"'
        hidden = f'<input type="hidden" name="{escape(name)}"{shown}{attributes}>'
        return mark_safe(hidden)  # noqa: S308 - the name, value and attributes escaped


class RowsReadOnceFormSet:
    """RowsReadOnce's formset: each row given its parent, its autocompletes the records
    the row was read with, and its keys written without templates."""

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        for name in {self._pk_field.name, self.fk.name}:
            field = form.fields.get(name)
            if field is not None and type(field.widget) is forms.HiddenInput:
                field.widget = RowKeyInput(attrs=field.widget.attrs)

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        if self.instance.pk is not None and not self.save_as_new:
            setattr(form.instance, self.fk.name, self.instance)
        for name, field in form.fields.items():
            widget = getattr(field.widget, "widget", field.widget)  # inside its links
            if not isinstance(widget, AutocompleteOfTheRow):
                continue
            relation = form.instance._meta.get_field(name)
            chosen = relation.get_cached_value(form.instance, default=None)
            if chosen is not None:
                value = getattr(chosen, relation.target_field.attname)
                widget.row_choice = (value, field.label_from_instance(chosen))
        return form


def link_to_list(model, text: str, **filters) -> str:
    """A link to `model`'s admin list, filtered (`committee__id__exact=3`): where a
    page shows only the rows worked on now, the whole is one click away, with the
    list's filters, search and export."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return format_html('<a href="{}?{}">{}</a>', url, urlencode(filters), text)


class SearchedTableByTable:
    """The search of a large table whose search_fields lie across relations (a term's
    person__family_name): each word is looked for in each table on its own (the people,
    whose names have trigram indexes), then the rows are those that name what was
    found. Django's search joins the tables and tries each word on every row of the
    large one (the person's names of every term ever held). The same words, fields and
    lookups as Django's (search_fields, with its ^ = @ prefixes): each word found in
    one of the fields."""

    def get_search_results(self, request, queryset, search_term):
        searched: dict[str, list[str]] = defaultdict(list)  # by relation, its fields
        for field in self.get_search_fields(request):
            path = field.lstrip("^=@")
            relation, through, rest = path.partition(LOOKUP_SEP)
            if not through:  # a field of the model's own
                relation, rest = "pk", path
            searched[relation].append(field.removesuffix(path) + rest)
        searchers = {
            relation: _searcher(
                self.model
                if relation == "pk"
                else self.model._meta.get_field(relation).related_model,
                fields,
            )
            for relation, fields in searched.items()
        }
        for word in smart_split(search_term):
            found = Q()
            for relation, searcher in searchers.items():
                rows, _duplicates = searcher.get_search_results(
                    request, searcher.model._default_manager.all(), word
                )
                found |= Q(**{f"{relation}__in": rows})
            queryset = queryset.filter(found)
        return queryset, False


def _searcher(model, search_fields: list[str]) -> admin.ModelAdmin:
    """Django's own search of `model` by `search_fields`, for SearchedTableByTable."""
    return type("Searcher", (admin.ModelAdmin,), {"search_fields": search_fields})(
        model, admin.site
    )


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
