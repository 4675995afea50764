"""The secretariat's side of the elections: calls for nominations opened and closed,
the nominations read, the candidatures put on a session's agenda. Every change of
state goes through elections.services; the council's vote is the council's admin."""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from confed.admin import (
    ConfedAdmin,
    RefusalsAsMessages,
    RowsReadOnce,
    confirm_action,
    perform_each,
)
from council.models import Session

from . import selectors, services
from .models import Call, Candidature, Nomination


class NominationInline(RowsReadOnce, admin.TabularInline):
    model = Nomination
    extra = 0
    fields = ["nominee", "association", "status", "answered_at"]
    readonly_fields = fields
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None) -> bool:
        return False  # made by the heads of delegation in the portal

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("nominee", "association__nation", "association__confederation")
        )


class CallState(admin.SimpleListFilter):
    title = _("state")
    parameter_name = "state"

    def lookups(self, request, model_admin):
        return [
            ("open", _("open")),
            ("to-close", _("past its last day: to close")),
            ("term-pending", _("elected, the term not opened")),
            ("closed", _("closed")),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        value = self.value()
        if value == "open":
            return queryset.filter(opened_at__isnull=False, closed_at__isnull=True)
        if value == "to-close":
            return queryset.filter(pk__in=selectors.calls_to_close(today).values("pk"))
        if value == "term-pending":
            return queryset.filter(pk__in=selectors.elected_without_a_term().values("pk"))
        if value == "closed":
            return queryset.filter(closed_at__isnull=False)
        return queryset


@admin.register(Call)
class CallAdmin(RefusalsAsMessages, ConfedAdmin):
    list_display = ["office", "term_starts_on", "closes_on", "state"]
    list_filter = [CallState, "office__confederation"]
    list_select_related = ["office__confederation", "term__person"]
    search_fields = ["office__title_en", "office__title_fr"]
    autocomplete_fields = ["office"]
    fields = [
        "office", "seat", "term_starts_on", "term_ends_on", "closes_on", "session",
        "by_president_designate", "notes_en", "notes_fr", "opened_at", "closed_at", "item",
        "term",
    ]  # fmt: skip
    readonly_fields = ["term_ends_on", "opened_at", "closed_at", "item", "term"]
    inlines = [NominationInline]
    actions = ["open_calls", "close_calls", "open_elected_terms", *ConfedAdmin.actions]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.opened_at is not None:
            # Opened: the heads of delegation were told its office and term.
            return [f for f in self.fields if f not in ("session", "notes_en", "notes_fr")]
        return self.readonly_fields

    @admin.action(description=_("Open the term of the one elected (once the seat is free)"))
    def open_elected_terms(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda call: services.open_elected_term(call=call),
            done=gettext("%(object)s: the term of the one elected is open."),
            already=gettext("%(object)s: the term was open already."),
        )  # fmt: skip

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "session":
            kwargs["queryset"] = Session.objects.filter(
                opened_at__isnull=True, event__isnull=False
            ).select_related("confederation", "event")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    @admin.display(description=_("state"))
    def state(self, call: Call) -> str:
        if call.opened_at is None:
            return gettext("not yet open")
        if call.closed_at is None:
            return gettext("open")
        if call.term_id:
            return gettext("elected: %(person)s") % {"person": call.term.person}
        return gettext("closed")

    @admin.action(description=_("Open for nominations (emails the heads of delegation)"))
    def open_calls(self, request, queryset):
        perform_each(
            self, request, queryset,
            lambda call: services.open_call(call=call),
            done=gettext("%(object)s is open for nominations."),
            already=gettext("%(object)s was open already."),
        )  # fmt: skip

    @admin.action(description=_("Close, and put the candidates on the session's agenda"))
    def close_calls(self, request, queryset):
        def perform(call):
            services.close_call(call=call)
            return True

        perform_each(
            self, request, queryset, perform,
            done=gettext("%(object)s is closed; its candidates are on the agenda."),
            already="",
        )  # fmt: skip


@admin.register(Nomination)
class NominationAdmin(ConfedAdmin):
    list_display = ["nominee", "call", "nominated_by_nation", "status"]
    list_filter = ["status", "call__office__confederation"]
    list_select_related = ["nominee", "call__office__confederation", "association__nation"]
    search_fields = ["nominee__family_name", "nominee__given_name", "call__office__title_en"]
    readonly_fields = [
        "call", "nominee", "association", "statement", "nominated_by", "nominated_at",
        "status", "answered_at", "candidate",
    ]  # fmt: skip
    fields = readonly_fields

    def has_add_permission(self, request) -> bool:
        return False  # made by the heads of delegation in the portal

    @admin.display(description=_("nominated by"), ordering="association__nation")
    def nominated_by_nation(self, nomination: Nomination) -> str:
        # The nation, not the association's long name: the list fits 1280 px.
        if nomination.association is None:
            return gettext("the president designate")
        return str(nomination.association.nation)


class AgendaForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Session.objects.filter(opened_at__isnull=True, event__isnull=False)
        .select_related("confederation", "event")
        .order_by("held_on"),
    )


@admin.register(Candidature)
class CandidatureAdmin(ConfedAdmin):
    list_display = ["association", "kind", "year", "status"]
    list_filter = ["kind", "status", "association__confederation"]
    list_select_related = ["association__nation", "association__confederation"]
    search_fields = ["association__name", "association__nation__country"]
    readonly_fields = [
        "association", "kind", "year", "statement", "submitted_by", "submitted_at",
        "status", "item", "decision", "presidency",
    ]  # fmt: skip
    fields = readonly_fields
    actions = ["to_the_agenda", *ConfedAdmin.actions]

    def has_add_permission(self, request) -> bool:
        return False  # sent by the vice presidents in the portal

    @admin.action(description=_("Put on a session's agenda for the council's decision"))
    def to_the_agenda(self, request, queryset):
        return confirm_action(
            self, request, queryset, form_class=AgendaForm,
            title=gettext("Put on the agenda"),
            perform=lambda c, data: bool(
                services.put_on_agenda(candidature=c, session=data["session"])
            ),
            done=gettext("%(object)s: the candidature is on the agenda."), already="",
        )  # fmt: skip
