"""The secretariat's side of the awards: the awards and their rules; the nominations,
checked against the nominee's earlier awards, decided (the presidency's decision
recorded, or put on a council session's agenda), conferred and revoked by actions,
each through awards.services. What is decided is read-only here; whether the person
agreed to be on the roll of honour, and the roll's line, stay the secretariat's."""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from confed.admin import ConfedAdmin, RefusalsAsMessages, confirm_action
from confed.i18n import format_date
from council.models import Session
from events.models import Event

from . import selectors, services
from .models import Award, Nomination


@admin.register(Award)
class AwardAdmin(ConfedAdmin):
    list_display = ["name_en", "confederation", "nominated_by", "once_per_person", "per_year",
                    "decided_by"]  # fmt: skip
    list_filter = ["confederation"]
    list_select_related = ["confederation"]
    prepopulated_fields = {"slug": ["name_en"]}


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("Decided on"), initial=timezone.localdate)


class AgendaForm(forms.Form):
    session = forms.ModelChoiceField(
        label=_("On the agenda of"),
        queryset=Session.objects.filter(opened_at__isnull=True).select_related(
            "confederation", "event"
        ),
        help_text=_("A session of the award's council, before it opens."),
    )


class ConferralForm(forms.Form):
    conferred_on = forms.DateField(label=_("Conferred on"), initial=timezone.localdate)
    event = forms.ModelChoiceField(
        label=_("At the meeting"),
        queryset=Event.objects.order_by("-starts_on"),
        required=False,
    )
    conferred_by = forms.CharField(
        label=_("Conferred by"), max_length=200, required=False, help_text=_("e.g. the President")
    )


class RevocationForm(forms.Form):
    revoked_on = forms.DateField(label=_("Revoked on"), initial=timezone.localdate)
    reason = forms.CharField(label=_("Why it is revoked"), widget=forms.Textarea)


@admin.register(Nomination)
class NominationAdmin(RefusalsAsMessages, ConfedAdmin):
    # When it was nominated is on its page: five columns would not fit 1280 px.
    list_display = ["person", "award", "nominated_by_whom", "status"]
    list_filter = ["status", "award"]
    search_fields = ["person__family_name", "person__given_name", "citation"]
    list_select_related = ["award__confederation", "person", "association__nation"]
    fieldsets = [
        (
            _("The nomination"),
            {
                "fields": [
                    "award", "person", "association", "citation", "language", "paper",
                    "nominated_by", "nominated_at", "earlier_awards", "eligibility",
                ]
            },
        ),
        (_("The roll of honour"), {"fields": ["shown_on_roll", "roll_citation_en",
                                               "roll_citation_fr"]}),
        (
            _("Decision, conferral and revocation"),
            {
                "fields": [
                    "status", "agenda_item", "decision", "conferred_on", "conferred_at",
                    "conferred_by", "revoked_on", "revocation_reason", "revocation",
                ]
            },
        ),
    ]  # fmt: skip
    # What the nominator gave, and every decision on it: set by the portal and the
    # actions, never typed over.
    readonly_fields = [
        "award", "person", "association", "citation", "language", "paper", "nominated_by",
        "nominated_at", "earlier_awards", "eligibility", "status", "agenda_item", "decision",
        "conferred_on", "conferred_at", "conferred_by", "revoked_on", "revocation_reason",
        "revocation",
    ]  # fmt: skip
    actions = ["approve", "reject", "put_on_agenda", "confer", "revoke", *ConfedAdmin.actions]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related(
                "award__confederation", "person__nation", "association__nation", "decision",
                "revocation", "conferred_at", "agenda_item__session__confederation",
                "agenda_item__session__event", "paper", "nominated_by",
            )
        )  # fmt: skip

    def has_add_permission(self, request) -> bool:
        return False  # nominated in the portal, by a vice president or the presidency

    def has_delete_permission(self, request, obj=None) -> bool:
        # A decided nomination is the record of a decision; one waiting may go.
        if obj is not None and obj.is_decided:
            return False
        return super().has_delete_permission(request, obj)

    @admin.display(description=_("nominated by"))
    def nominated_by_whom(self, nomination: Nomination) -> str:
        if nomination.association is None:
            return gettext("the presidency")
        return str(nomination.association.nation)

    @admin.display(description=_("earlier awards of the nominee"))
    def earlier_awards(self, nomination: Nomination) -> str:
        found = selectors.earlier_awards(nomination.person, exclude=nomination)
        if not found:
            return gettext("None.")
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>{} ({}, {})</li>",
                (
                    (str(n.award), n.get_status_display(), format_date(n.decision.decided_on))
                    for n in found
                ),
            ),
        )

    @admin.display(description=_("eligibility this year"))
    def eligibility(self, nomination: Nomination) -> str:
        if nomination.is_decided:
            return "—"
        try:
            services.check_eligible(
                award=nomination.award,
                person=nomination.person,
                year=timezone.localdate().year,
                exclude=nomination,
            )
        except ValidationError as error:
            return " ".join(error.messages)
        return gettext("Eligible under the award's rules.")

    def _decide(self, request, queryset, *, approve: bool):
        return confirm_action(
            self, request, queryset, form_class=DecisionForm,
            title=gettext("The presidency's decision: approved")
            if approve else gettext("The presidency's decision: not approved"),
            perform=lambda n, data: services.decide_nomination(
                nomination=n, approve=approve, decided_on=data["decided_on"], by=request.user
            ),
            done=gettext("%(object)s: approved.") if approve
            else gettext("%(object)s: not approved."),
            already=gettext("%(object)s was decided so already."),
        )  # fmt: skip

    @admin.action(description=_("Record the presidency's decision: approved"))
    def approve(self, request, queryset):
        return self._decide(request, queryset, approve=True)

    @admin.action(description=_("Record the presidency's decision: not approved"))
    def reject(self, request, queryset):
        return self._decide(request, queryset, approve=False)

    @admin.action(description=_("Put on a council session's agenda"))
    def put_on_agenda(self, request, queryset):
        return confirm_action(
            self, request, queryset, form_class=AgendaForm,
            title=gettext("Put to the council"),
            perform=lambda n, data: services.put_on_agenda(
                nomination=n, session=data["session"], by=request.user
            ),
            done=gettext("%(object)s: the nomination is on the agenda."),
            already=gettext("%(object)s was on this agenda already."),
        )  # fmt: skip

    @admin.action(description=_("Record the conferral"))
    def confer(self, request, queryset):
        return confirm_action(
            self, request, queryset, form_class=ConferralForm,
            title=gettext("The award conferred"),
            perform=lambda n, data: services.confer(nomination=n, by=request.user, **data),
            done=gettext("%(object)s: conferred."),
            already=gettext("%(object)s was conferred already."),
        )  # fmt: skip

    @admin.action(description=_("Revoke the award"))
    def revoke(self, request, queryset):
        return confirm_action(
            self, request, queryset, form_class=RevocationForm,
            title=gettext("Revoke the award"),
            perform=lambda n, data: services.revoke(nomination=n, by=request.user, **data),
            done=gettext("%(object)s: revoked."),
            already=gettext("%(object)s was revoked already."),
        )  # fmt: skip
