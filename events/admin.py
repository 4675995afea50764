import functools
import html

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.forms.utils import flatatt
from django.http import HttpRequest, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from confed.admin import ConfedAdmin, RowsReadOnce, filter_by_related, perform_each

from . import services
from .forms import DraftYearForm
from .models import Event, ProgrammeItem, time_zone_choices


class TimeZoneSelect(forms.Select):
    """The select of the hundreds of time zones by area, as Django's Select draws it,
    written in one pass: Django draws each option through a template of its own, the
    slowest part of the event's form."""

    def render(self, name, value, attrs=None, renderer=None) -> str:
        chosen, escape = str(value) if value is not None else "", html.escape
        groups = "".join(
            f'<optgroup label="{escape(area)}">'
            + "".join(
                f'<option value="{escape(zone)}"{" selected" if zone == chosen else ""}>'
                f"{escape(city)}</option>"
                for zone, city in zones
            )
            + "</optgroup>"
            for area, zones in self.choices
        )
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        select = f'<select name="{escape(name)}"{attributes}>{groups}</select>'
        return mark_safe(select)  # noqa: S308 - every name, zone and city escaped above


class EventAdminForm(forms.ModelForm):
    time_zone = forms.ChoiceField(
        label=_("time zone"),
        # Read once a process: the machine's time zone database, read anew for each
        # form, is a walk through hundreds of files.
        choices=functools.cache(time_zone_choices),
        initial="Europe/Brussels",
        widget=TimeZoneSelect,
    )

    class Meta:
        model = Event
        fields = [
            "confederations",
            "kind",
            "title_en",
            "title_fr",
            "slug",
            "starts_on",
            "ends_on",
            "start_time",
            "end_time",
            "time_zone",
            "host_nation",
            "host_association",
            "host_decision",
            "city",
            "city_fr",
            "venue",
            "venue_fr",
            "address",
            "organising_committee",
            "delegation_deadline",
            "description_en",
            "description_fr",
        ]
        widgets = {"confederations": forms.CheckboxSelectMultiple}


class ProgrammeInline(RowsReadOnce, admin.TabularInline):
    """The meeting's programme, day by day, at its local time."""

    model = ProgrammeItem
    extra = 0
    fields = ["day", "starts_at", "ends_at", "title_en", "title_fr", "room"]


@admin.register(Event)
class EventAdmin(ConfedAdmin):
    form = EventAdminForm
    inlines = [ProgrammeInline]
    change_list_template = "admin/events/event/change_list.html"
    # The kind (a filter), the last day and the city (searched) are on each event's
    # page and in the export.
    list_display = [
        "title_en",
        "starts_on",
        "host_nation_code",
        "status",
        "is_public",
        "delegation_deadline",
    ]
    export_columns = [
        "title_en",
        "kind",
        "starts_on",
        "ends_on",
        "host_nation",
        "city",
        "status",
        "is_public",
        "delegation_deadline",
    ]
    list_filter = [
        "confederations",
        "kind",
        "status",
        "is_public",
        ("organising_committee", filter_by_related("confederation")),
    ]
    list_select_related = ["host_nation"]
    search_fields = ["title_en", "title_fr", "city", "city_fr", "venue", "venue_fr"]
    date_hierarchy = "starts_on"
    prepopulated_fields = {"slug": ["title_en"]}
    autocomplete_fields = [
        "host_nation",
        "host_association",
        "host_decision",
        "organising_committee",
    ]
    # Status and publication change only through the actions (events.services).
    readonly_fields = ["status", "is_public"]
    actions = [
        *ConfedAdmin.actions,
        "confirm_and_publish",
        "withdraw_from_calendar",
        "cancel",
        "reinstate",
    ]
    fieldsets = [
        (None, {"fields": ["confederations", "kind", "title_en", "title_fr", "slug"]}),
        (_("Status"), {"fields": ["status", "is_public"]}),
        (
            _("When"),
            {
                "fields": [
                    "starts_on",
                    "ends_on",
                    "start_time",
                    "end_time",
                    "time_zone",
                    "delegation_deadline",
                ]
            },
        ),
        (
            _("Where and who"),
            {
                "fields": [
                    "host_nation",
                    "host_association",
                    "host_decision",
                    "city",
                    "city_fr",
                    "venue",
                    "venue_fr",
                    "address",
                    "organising_committee",
                ]
            },
        ),
        (_("Description"), {"fields": ["description_en", "description_fr"]}),
    ]

    @admin.display(description=_("host nation"), ordering="host_nation__country")
    def host_nation_code(self, event: Event) -> str | None:
        return event.host_nation.code if event.host_nation_id else None

    def get_urls(self):
        return [
            path(
                "draft-year/",
                self.admin_site.admin_view(self.draft_year_view),
                name="events_event_draft_year",
            ),
            *super().get_urls(),
        ]

    def draft_year_view(self, request: HttpRequest):
        """Draft next year's regular meetings, so the secretariat only confirms dates."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = DraftYearForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            drafted = services.draft_regular_meetings(
                year=form.cleaned_data["year"],
                confederations=list(form.cleaned_data["confederations"]),
            )
            if drafted:
                self.message_user(
                    request,
                    gettext("Drafted: %(events)s. Confirm their dates, then publish them.")
                    % {"events": ", ".join(str(e) for e in drafted)},
                )
            else:
                self.message_user(
                    request,
                    gettext("Every regular meeting of that year exists already."),
                    messages.WARNING,
                )
            return HttpResponseRedirect(reverse("admin:events_event_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Draft a year's regular meetings"),
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/events/event/draft_year.html", context)

    @admin.action(description=_("Confirm the dates and publish"))
    def confirm_and_publish(self, request: HttpRequest, queryset) -> None:
        perform_each(
            self,
            request,
            queryset,
            lambda event: services.confirm_and_publish(event=event),
            done=gettext("%(object)s: confirmed and published."),
            already=gettext("%(object)s was confirmed and published already."),
        )

    @admin.action(description=_("Take out of the public calendar"))
    def withdraw_from_calendar(self, request: HttpRequest, queryset) -> None:
        perform_each(
            self,
            request,
            queryset,
            lambda event: services.withdraw_from_calendar(event=event),
            done=gettext("%(object)s: no longer in the public calendar."),
            already=gettext("%(object)s was not in the public calendar."),
        )

    @admin.action(description=_("Cancel"))
    def cancel(self, request: HttpRequest, queryset) -> None:
        perform_each(
            self,
            request,
            queryset,
            lambda event: services.cancel(event=event),
            done=gettext("%(object)s: cancelled."),
            already=gettext("%(object)s was cancelled already."),
        )

    @admin.action(description=_("Reinstate (undo a cancellation)"))
    def reinstate(self, request: HttpRequest, queryset) -> None:
        perform_each(
            self,
            request,
            queryset,
            lambda event: services.reinstate(event=event),
            done=gettext("%(object)s: reinstated, its dates to be confirmed."),
            already=gettext("%(object)s is not cancelled."),
        )
