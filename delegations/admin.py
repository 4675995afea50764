import csv

from django import forms
from django.contrib import admin
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from confed.admin import (
    ConfedAdmin,
    RowsReadOnce,
    confirm_action,
    perform_each,
    spreadsheet_safe,
)
from members.admin import PersonAdmin, ReadOnlyInline, association_in_brief

from . import services
from .models import Delegation, DelegationMember, DelegationStatus


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("comment for the vice president"), widget=forms.Textarea(attrs={"rows": 4})
    )


class DelegationMemberInline(RowsReadOnce, admin.TabularInline):
    """Members as the vice president entered them; changes go through the portal's
    delegation page, where the size limit is held under a lock."""

    model = DelegationMember
    extra = 0
    fields = ["seat", "person", "role", "added_by"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("person", "added_by")


@admin.register(Delegation)
class DelegationAdmin(ConfedAdmin):
    list_display = ["event", "association_code", "status", "member_count", "submitted_on"]
    export_columns = ["event", "association", "status", "member_count", "submitted_at"]
    # The meetings delegations went to, not the calendar's thousands of events.
    list_filter = [
        ("event", admin.RelatedOnlyFieldListFilter),
        "status",
        "association__confederation",
    ]
    list_select_related = ["event", "association__nation", "association__confederation"]
    search_fields = ["association__name", "association__acronym", "event__title_en"]
    # Every change goes through an action, which keeps the state rules and sends emails.
    readonly_fields = [
        "association",
        "event",
        "status",
        "return_comment",
        "submitted_at",
        "approved_at",
        "portal_link",
    ]
    fields = [
        "association",
        "event",
        "status",
        "return_comment",
        "submitted_at",
        "approved_at",
        "portal_link",
    ]
    inlines = [DelegationMemberInline]
    actions = [*ConfedAdmin.actions, "approve", "return_to_draft", "export_roster"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False  # vice presidents build delegations in the portal

    def get_queryset(self, request: HttpRequest):
        # Counted for the rows shown, after the sort and the page's limit, rather than
        # by grouping the members of every delegation to show a page of them.
        members = (
            DelegationMember.objects.filter(delegation=OuterRef("pk"))
            .order_by()
            .values("delegation")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return (
            super()
            .get_queryset(request)
            .annotate(number_of_members=Coalesce(Subquery(members), 0))
        )

    def get_actions(self, request: HttpRequest):
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)  # a delegation ends by return, not deletion
        return actions

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    @admin.display(description=_("members"), ordering="number_of_members")
    def member_count(self, delegation: Delegation) -> int:
        return delegation.number_of_members

    @admin.display(description=_("association"), ordering="association__nation__country")
    def association_code(self, delegation: Delegation) -> str | None:
        return association_in_brief(delegation.association, confederation=True)

    @admin.display(description=_("submitted at"), ordering="submitted_at")
    def submitted_on(self, delegation: Delegation):
        # The day; the hour is on its page and in the export.
        return timezone.localdate(delegation.submitted_at) if delegation.submitted_at else None

    @admin.display(description=_("in the portal"))
    def portal_link(self, delegation: Delegation) -> str:
        return format_html(
            '<a href="{}">{}</a>', delegation.get_absolute_url(), gettext("open and change")
        )

    @admin.action(description=_("Approve"))
    def approve(self, request: HttpRequest, queryset) -> None:
        perform_each(
            self,
            request,
            queryset,
            lambda delegation: services.approve(delegation=delegation),
            done=gettext("%(object)s: approved."),
            already=gettext("%(object)s was approved already."),
        )

    @admin.action(description=_("Return to the vice president, with a comment"))
    def return_to_draft(self, request: HttpRequest, queryset):
        return confirm_action(
            self,
            request,
            queryset,
            form_class=ReturnForm,
            title=gettext("Return delegations to draft"),
            perform=lambda delegation, data: services.return_to_draft(
                delegation=delegation, comment=data["comment"]
            ),
            done=gettext("%(object)s: returned to draft."),
            already=gettext("%(object)s is a draft already: nothing was returned."),
        )

    @admin.action(description=_("Export the roster (CSV)"))
    def export_roster(self, request: HttpRequest, queryset) -> HttpResponse:
        """Every member of the selected delegations: meeting, nation, name, rank, role,
        profession, email."""
        # The roster is of delegations sent to the secretariat, not of drafts.
        members = (
            DelegationMember.objects.filter(delegation__in=queryset)
            .exclude(delegation__status=DelegationStatus.DRAFT)
            .select_related("person", "delegation__event", "delegation__association__nation")
            .order_by("delegation__event__starts_on", "delegation__association__nation", "seat")
        )
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
        response["Content-Disposition"] = f'attachment; filename="roster-{stamp}.csv"'
        response.write("\ufeff")
        writer = csv.writer(response)
        writer.writerow(
            [
                gettext("meeting"),
                gettext("nation"),
                gettext("name"),
                gettext("rank"),
                gettext("NATO rank code"),
                gettext("role"),
                gettext("profession"),
                gettext("medical officer"),
                gettext("email"),
            ]
        )
        for member in members:
            person = member.person
            writer.writerow(
                [
                    spreadsheet_safe(value)
                    for value in [
                        member.delegation.event.title_en,
                        member.delegation.association.nation.code,
                        person.full_name,
                        person.rank,
                        person.nato_rank,
                        member.get_role_display(),
                        person.get_profession_display(),
                        gettext("yes") if person.is_medical_officer else "",
                        person.email,
                    ]
                ]
            )
        return response


class DelegationsOfPersonInline(ReadOnlyInline):
    model = DelegationMember
    fk_name = "person"
    fields = ["delegation", "role", "seat"]
    readonly_fields = fields
    ordering = ["-delegation__event__starts_on"]
    verbose_name_plural = _("delegations")

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("delegation__event", "delegation__association__nation")
        )


PersonAdmin.inlines = [*PersonAdmin.inlines, DelegationsOfPersonInline]
