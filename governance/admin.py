import hashlib

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from confed.admin import (
    ConfedAdmin,
    RowsReadOnce,
    SearchedTableByTable,
    confirm_action,
    filter_by_related,
    link_to_list,
    perform_each,
)
from members.admin import PersonAdmin, ReadOnlyInline, association_in_brief

from . import services
from .forms import PaperApplicationForm, RotationFormSet, TermAdminForm, TermFormSet
from .models import (
    Committee,
    CommitteeMember,
    CouncilDecision,
    MembershipApplication,
    Office,
    Presidency,
    PresidencyAppointment,
    RotationPlace,
    Term,
)
from .selectors import TERMS_ENDING_SOON_DAYS, terms_ending_soon


class DecisionForm(forms.Form):
    decided_on = forms.DateField(label=_("decided on"), initial=timezone.localdate)
    meeting = forms.CharField(
        label=_("meeting"), required=False, help_text=_("e.g. Mid-Winter Meeting 2026")
    )


class RejectionForm(DecisionForm):
    reason = forms.CharField(
        label=_("reason given to the applicant"), widget=forms.Textarea(attrs={"rows": 4})
    )


class HandoverForm(forms.Form):
    on = forms.DateField(label=_("handover on"))
    place = forms.CharField(label=_("place"), required=False, help_text=_("e.g. Tallinn"))
    far_from_the_plan = forms.BooleanField(
        label=_("the date is right, though far from the planned start"),
        required=False,
    )

    def previewed(self, handover: "services.Handover") -> str:
        """A digest of what the preview showed (the date and place typed, the terms that
        end and begin, who becomes an honorary delegate), so that a confirmation does
        what was previewed: if anything of it changed meanwhile, the digest differs."""
        data = self.cleaned_data
        shown = [
            f"{data['on']:%Y-%m-%d}",
            str(data["far_from_the_plan"]),
            data["place"].strip(),
            *(f"ends {term.pk} {term.person_id}" for term in handover.ending),
            *(
                f"opens {opening.appointment.office_id} {opening.appointment.person_id} "
                f"{opening.starts_on} {opening.ends_on}"
                for opening in handover.opening
            ),
            *(f"honorary {person.pk}" for person in handover.becoming_honorary_delegates),
        ]
        return hashlib.sha256("\n".join(shown).encode()).hexdigest()


def admin_link(obj) -> str:
    meta = obj._meta
    url = reverse(f"admin:{meta.app_label}_{meta.model_name}_change", args=[obj.pk])
    return format_html('<a href="{}">{}</a>', url, obj)


# Columns that name a person or an office as their record does, in a cell that wraps
# between words (Django keeps a foreign key's cell on one line, whatever its length).
@admin.display(description=_("person"), ordering="person__family_name")
def person_column(obj) -> str:
    return str(obj.person)


@admin.display(description=_("office"), ordering="office__position")
def office_column(obj) -> str:
    return str(obj.office)


@admin.register(CouncilDecision)
class CouncilDecisionAdmin(ConfedAdmin):
    list_display = ["decided_on", "confederation", "kind", "outcome", "summary"]
    export_columns = ["decided_on", "confederation", "kind", "outcome", "summary", "meeting"]
    list_filter = ["confederation", "kind", "outcome"]
    search_fields = ["summary", "meeting"]
    date_hierarchy = "decided_on"
    readonly_fields = ["what_it_decided", "recorded_by"]
    fields = [
        "confederation",
        "decided_on",
        "meeting",
        "kind",
        "outcome",
        "summary",
        "is_public",
        ("votes_for", "votes_against", "abstentions"),
        "what_it_decided",
        "recorded_by",
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(super().get_readonly_fields(request, obj))
        if obj is not None and obj.votes_for is not None and hasattr(obj, "agenda_item"):
            # Written by a poll of a session: what was voted stays as it was voted.
            fields += ["kind", "outcome", "decided_on", "votes_for", "votes_against",
                       "abstentions"]  # fmt: skip
        return fields

    @admin.display(description=_("what it decided"))
    def what_it_decided(self, decision: CouncilDecision) -> str:
        linked = [
            *decision.applications.all(),
            *decision.presidencies.select_related("association__nation", "confederation"),
            *decision.appointments.select_related("office", "person"),
            *decision.terms.select_related("office", "person"),
        ]
        if not linked:
            return "—"
        return format_html_join(mark_safe("<br>"), "{}", ((admin_link(o),) for o in linked))

    def save_model(self, request, obj, form, change) -> None:
        if not change:
            obj.recorded_by = request.user
        super().save_model(request, obj, form, change)


class TermInline(RowsReadOnce, admin.TabularInline):
    """The terms held now and to come, to change; an office of many seats and many
    years has thousands of past terms, in the list of terms (OfficeAdmin.all_terms)."""

    model = Term
    form = TermAdminForm
    formset = TermFormSet
    extra = 0
    fields = ["seat", "person", "starts_on", "ends_on", "began_by", "decision", "note"]
    autocomplete_fields = ["person", "decision"]
    ordering = ["-starts_on"]
    verbose_name_plural = _("terms held now and to come")

    def get_queryset(self, request):
        today = timezone.localdate()
        terms = super().get_queryset(request).select_related("person", "decision__confederation")
        return terms.current(today) | terms.filter(starts_on__gt=today)


@admin.register(Office)
class OfficeAdmin(ConfedAdmin):
    # The list is in the order of `position`; how many hold an office at once is on
    # its page and in the export.
    list_display = ["title_en", "confederation", "kind", "term_years", "held_by_presidency"]
    export_columns = [
        "title_en",
        "confederation",
        "kind",
        "term_years",
        "holders_at_once",
        "held_by_presidency",
        "position",
    ]
    list_filter = ["confederation", "kind", "held_by_presidency"]
    list_select_related = ["confederation"]
    search_fields = ["title_en", "title_fr", "code"]
    autocomplete_fields = ["association", "committee", "elect_of", "conflicting_offices"]
    inlines = [TermInline]
    readonly_fields = ["all_terms"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "confederation",
                    "kind",
                    "code",
                    "title_en",
                    "title_fr",
                    "position",
                    "all_terms",
                ]
            },
        ),
        (_("Whose office"), {"fields": ["association", "committee"]}),
        (
            _("Rules"),
            {
                "fields": [
                    "term_years",
                    "holders_at_once",
                    "held_by_presidency",
                    "elect_of",
                    "holders_become_honorary_delegates",
                    "reminder_lead_days",
                ]
            },
        ),
        (
            _("Elections"),
            {
                "fields": [
                    "election_majority",
                    "self_nomination",
                    "one_seat_per_nation",
                    "consecutive_terms",
                    "conflicting_offices",
                ]
            },
        ),
    ]

    @admin.display(description=_("terms, past and present"))
    def all_terms(self, office: Office) -> str:
        if office.pk is None:
            return "—"
        count = office.terms.count()
        text = ngettext("%(n)s term, in the list of terms", "%(n)s terms, in the list of terms",
                        count) % {"n": count}  # fmt: skip
        return link_to_list(Term, text, office__id__exact=office.pk)


class TermStateFilter(admin.SimpleListFilter):
    title = _("when")
    parameter_name = "when"

    def lookups(self, request, model_admin):
        return [
            ("current", _("current")),
            ("ending", _("ending within %(days)s days") % {"days": TERMS_ENDING_SOON_DAYS}),
            ("past", _("past")),
            ("future", _("future")),
        ]

    def queryset(self, request, queryset: QuerySet) -> QuerySet:
        today = timezone.localdate()
        if self.value() == "ending":
            return queryset & terms_ending_soon(today)
        if self.value() == "current":
            return queryset.current(today)
        if self.value() == "past":
            return queryset.past(today)
        if self.value() == "future":
            return queryset.filter(starts_on__gt=today)
        return queryset


@admin.register(Term)
class TermAdmin(SearchedTableByTable, ConfedAdmin):
    form = TermAdminForm
    list_display = [person_column, office_column, "seat", "starts_on", "ends_on"]
    export_columns = ["person", "office", "seat", "starts_on", "ends_on", "began_by"]
    list_filter = [TermStateFilter, "office__confederation", "office__kind", "began_by"]
    list_select_related = ["person", "office__confederation"]
    search_fields = ["person__given_name", "person__family_name", "office__title_en"]
    autocomplete_fields = ["office", "person", "decision"]
    date_hierarchy = "starts_on"
    # The latest first, as an index has them (term_latest_first): in the order of the
    # offices, each page of the list was a sort of every term ever held.
    ordering = ["-starts_on", "-pk"]
    show_full_result_count = False  # a second count of every term, beside the filtered


class CommitteeMemberInline(RowsReadOnce, admin.TabularInline):
    """The members now and to come, to change; those of the years before are in the
    list of committee members (CommitteeAdmin.all_members)."""

    model = CommitteeMember
    extra = 0
    fields = ["nation", "person", "nominated_by", "since", "until"]
    autocomplete_fields = ["nation", "person", "nominated_by"]
    verbose_name_plural = _("members now and to come")

    def get_queryset(self, request):
        serving = Q(until__isnull=True) | Q(until__gt=timezone.localdate())
        members = super().get_queryset(request).filter(serving)
        return members.select_related("nation", "person", "nominated_by")


@admin.register(Committee)
class CommitteeAdmin(ConfedAdmin):
    list_display = ["code", "name_en", "confederation", "formed_on", "is_universal"]
    list_filter = ["confederation", "is_universal"]
    search_fields = ["code", "name_en", "name_fr"]
    prepopulated_fields = {"slug": ["code"]}
    inlines = [CommitteeMemberInline]
    readonly_fields = ["all_members"]
    fieldsets = [
        (None, {"fields": ["confederation", "code", "slug", "name_en", "name_fr"]}),
        (
            _("Mission and products"),
            {"fields": ["mission_en", "mission_fr", "products_en", "products_fr"]},
        ),
        (None, {"fields": ["formed_on", "formed_at", "is_universal", "all_members"]}),
    ]

    @admin.display(description=_("members, past and present"))
    def all_members(self, committee: Committee) -> str:
        if committee.pk is None:
            return "—"
        count = committee.members.count()
        text = ngettext("%(n)s member, in the list of committee members",
                        "%(n)s members, in the list of committee members",
                        count) % {"n": count}  # fmt: skip
        return link_to_list(CommitteeMember, text, committee__id__exact=committee.pk)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        services.committee_offices(obj)  # a committee always has a Chair and a Secretary


@admin.register(CommitteeMember)
class CommitteeMemberAdmin(ConfedAdmin):
    list_display = [person_column, "nation_code", "committee", "since", "until"]
    export_columns = ["person", "nation", "committee", "nominated_by", "since", "until"]
    list_filter = ["committee__confederation", ("committee", filter_by_related("confederation"))]
    list_select_related = ["person", "nation", "committee__confederation", "nominated_by"]
    search_fields = ["person__given_name", "person__family_name", "committee__code"]
    autocomplete_fields = ["committee", "person", "nation", "nominated_by"]

    @admin.display(description=_("nation"), ordering="nation__country")
    def nation_code(self, member: CommitteeMember) -> str:
        return member.nation.code


class OfficesNamedWithTheirConfederation:
    """The choice of an office, each named with its confederation (Office.__str__) from
    the one query that lists them."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "office":
            kwargs["queryset"] = Office.objects.select_related("confederation")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class PresidencyAppointmentInline(
    OfficesNamedWithTheirConfederation, RowsReadOnce, admin.TabularInline
):
    model = PresidencyAppointment
    extra = 1
    fields = ["office", "person", "decision"]
    autocomplete_fields = ["person", "decision"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("office", "person", "decision__confederation")
        )


@admin.register(Presidency)
class PresidencyAdmin(ConfedAdmin):
    list_display = ["association_code", "starts_on", "ends_on", "approved", "handed_over"]
    export_columns = [
        "confederation",
        "association",
        "starts_on",
        "ends_on",
        "approved",
        "handed_over",
    ]
    list_filter = ["confederation", "handed_over"]
    list_select_related = [
        "confederation",
        "association__nation",
        "association__confederation",
        "decision",
    ]
    search_fields = ["association__name", "association__acronym"]
    autocomplete_fields = ["association", "decision"]
    readonly_fields = ["handed_over"]
    inlines = [PresidencyAppointmentInline]
    actions = [*ConfedAdmin.actions, "approve", "hand_over"]

    @admin.display(boolean=True, description=_("approved"))
    def approved(self, presidency: Presidency) -> bool:
        return presidency.is_approved

    # With its confederation: a column of its own would leave no room for the dates.
    @admin.display(description=_("association"), ordering="confederation")
    def association_code(self, presidency: Presidency) -> str | None:
        return association_in_brief(presidency.association, confederation=True)

    def save_related(self, request, form, formsets, change) -> None:
        super().save_related(request, form, formsets, change)
        services.open_elect_terms(presidency=form.instance)

    @admin.action(description=_("Record the council's approval"))
    def approve(self, request: HttpRequest, queryset: QuerySet):
        return confirm_action(
            self,
            request,
            queryset,
            form_class=DecisionForm,
            title=gettext("Record the council's approval of a presidency"),
            perform=lambda presidency, data: services.approve_presidency(
                presidency=presidency,
                decided_on=data["decided_on"],
                meeting=data["meeting"],
                recorded_by=request.user,
            ),
            done=gettext("%(object)s: approved."),
            already=gettext("%(object)s was approved already."),
        )

    @admin.action(description=_("Hand over the presidency"))
    def hand_over(self, request: HttpRequest, queryset: QuerySet):
        """A preview of what the handover does (the terms that end and begin, who
        becomes an honorary delegate), then the handover once confirmed."""
        if queryset.count() != 1:
            self.message_user(
                request, gettext("Hand over one presidency at a time."), messages.WARNING
            )
            return None
        presidency = queryset.select_related("confederation", "association__nation").get()
        today = timezone.localdate()
        # Shown at once for the planned day (or today, if that is still to come).
        planned = {"on": min(presidency.starts_on, today), "place": presidency.handover_place}
        form = HandoverForm(request.POST if "on" in request.POST else planned)
        handover, refusal = None, []
        if form.is_valid():
            try:
                handover = services.plan_handover(
                    presidency=presidency,
                    on=form.cleaned_data["on"],
                    far_from_the_plan=form.cleaned_data["far_from_the_plan"],
                )
            except ValidationError as error:
                refusal = error.messages
            if handover and "hand_over" in request.POST:
                if request.POST.get("previewed") == form.previewed(handover):
                    return self._hand_over(request, presidency, form.cleaned_data)
                self.message_user(
                    request,
                    gettext(
                        "What the handover does is not what was shown (the date, the place "
                        "or the terms changed): check it below, and confirm again."
                    ),
                    messages.WARNING,
                )
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Hand over the presidency"),
            "opts": self.model._meta,
            "presidency": presidency,
            "form": form,
            "handover": handover,
            "refusal": refusal,
            "previewed": form.previewed(handover) if handover else "",
            "action": request.POST.get("action"),
            "selected": request.POST.getlist(helpers.ACTION_CHECKBOX_NAME),
            "media": self.media + form.media,
        }
        return TemplateResponse(request, "admin/governance/presidency/hand_over.html", context)

    def _hand_over(self, request: HttpRequest, presidency: Presidency, data: dict) -> None:
        perform_each(
            self,
            request,
            [presidency],
            lambda p: services.hand_over_presidency(
                presidency=p,
                on=data["on"],
                place=data["place"],
                far_from_the_plan=data["far_from_the_plan"],
            ),
            done=gettext("%(object)s: handed over."),
            already=gettext("%(object)s was already handed over."),
        )


@admin.register(PresidencyAppointment)
class PresidencyAppointmentAdmin(OfficesNamedWithTheirConfederation, ConfedAdmin):
    list_display = ["presidency", office_column, person_column, "decision"]
    export_columns = ["presidency", "office", "person", "decision"]
    list_filter = ["presidency__confederation"]
    list_select_related = [
        "presidency__confederation",
        "presidency__association__nation",
        "office__confederation",
        "person",
        "decision__confederation",
    ]
    autocomplete_fields = ["presidency", "person", "decision"]
    search_fields = ["person__given_name", "person__family_name"]


@admin.register(RotationPlace)
class RotationPlaceAdmin(ConfedAdmin):
    """The order of the presidency rotation; change the numbers to reorder it."""

    list_display = ["position", "association_code", "confederation", "eligible"]
    export_columns = ["position", "association", "confederation", "eligible"]
    list_display_links = ["association_code"]
    list_editable = ["position"]
    list_filter = ["confederation"]
    list_select_related = ["association__nation", "association__confederation", "confederation"]
    autocomplete_fields = ["association"]
    ordering = ["confederation", "position"]
    fields = ["association", "position"]  # the confederation is the association's

    def get_changelist_formset(self, request, **kwargs):
        kwargs["formset"] = RotationFormSet
        return super().get_changelist_formset(request, **kwargs)

    @admin.display(boolean=True, description=_("takes its turn"))
    def eligible(self, place: RotationPlace) -> bool:
        return place.is_eligible

    @admin.display(description=_("association"), ordering="association__nation__country")
    def association_code(self, place: RotationPlace) -> str | None:
        return association_in_brief(place.association, confederation=False)


@admin.register(MembershipApplication)
class MembershipApplicationAdmin(ConfedAdmin):
    list_display = [
        "submitted_on",
        "association_name",
        "country",
        "confederation",
        "category",
        "status",
    ]
    export_columns = [
        "submitted_at",
        "association_name",
        "country",
        "confederation",
        "category",
        "status",
    ]
    list_filter = ["status", "confederation", "category"]
    list_select_related = ["confederation"]
    search_fields = ["association_name", "acronym", "contact_name", "contact_email"]
    readonly_fields = ["status", "submitted_at", "decision_link", "association"]
    fields = [
        "confederation",
        "country",
        "association_name",
        "acronym",
        "website",
        "contact_name",
        "contact_email",
        "category",
        "statement",
        "language",
        "status",
        "submitted_at",
        "decision_link",
        "association",
    ]
    actions = [*ConfedAdmin.actions, "start_review", "approve", "reject", "withdraw"]

    @admin.display(description=_("submitted at"), ordering="submitted_at")
    def submitted_on(self, application: MembershipApplication):
        return timezone.localdate(application.submitted_at)  # the hour is on its page

    @admin.display(description=_("council decision"))
    def decision_link(self, application: MembershipApplication) -> str:
        return admin_link(application.decision) if application.decision else "—"

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = PaperApplicationForm
            kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return ["confederation", "country", *PaperApplicationForm.Meta.fields[1:]]
        return self.fields

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return self.readonly_fields if obj is not None else []

    def save_model(self, request, obj: MembershipApplication, form, change: bool) -> None:
        if change:
            obj.save()
            return
        # An application that came on paper is received as one from the public form:
        # the same rules, and the same receipt to the contact person.
        received = services.submit_application(**form.cleaned_data)
        obj.pk, obj.submitted_at = received.pk, received.submitted_at
        obj._state.adding = False

    @admin.action(description=_("Start the review"))
    def start_review(self, request: HttpRequest, queryset: QuerySet) -> None:
        perform_each(
            self,
            request,
            queryset,
            lambda application: services.start_review(application=application),
            done=gettext("%(object)s: under review."),
            already=gettext("%(object)s was under review already."),
        )

    @admin.action(description=_("Withdraw (at the applicant's request)"))
    def withdraw(self, request: HttpRequest, queryset: QuerySet) -> None:
        perform_each(
            self,
            request,
            queryset,
            lambda application: services.withdraw_application(application=application),
            done=gettext("%(object)s: withdrawn."),
            already=gettext("%(object)s was withdrawn already."),
        )

    @admin.action(description=_("Approve: admit the association"))
    def approve(self, request: HttpRequest, queryset: QuerySet):
        return confirm_action(
            self,
            request,
            queryset,
            form_class=DecisionForm,
            title=gettext("Approve the application: admit the association"),
            perform=lambda application, data: services.approve_application(
                application=application,
                decided_on=data["decided_on"],
                meeting=data["meeting"],
                recorded_by=request.user,
            ),
            done=gettext("%(object)s: admitted."),
            already=gettext("%(object)s was admitted already."),
        )

    @admin.action(description=_("Reject"))
    def reject(self, request: HttpRequest, queryset: QuerySet):
        return confirm_action(
            self,
            request,
            queryset,
            form_class=RejectionForm,
            title=gettext("Reject the application"),
            perform=lambda application, data: services.reject_application(
                application=application,
                decided_on=data["decided_on"],
                meeting=data["meeting"],
                reason=data["reason"],
                recorded_by=request.user,
            ),
            done=gettext("%(object)s: rejected."),
            already=gettext("%(object)s was rejected already."),
        )


class TermsOfPersonInline(ReadOnlyInline):
    model = Term
    fk_name = "person"
    fields = ["office", "seat", "starts_on", "ends_on", "began_by"]
    readonly_fields = fields
    ordering = ["-starts_on"]
    verbose_name_plural = _("terms of office")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("office__confederation")


class CommitteeSeatsOfPersonInline(ReadOnlyInline):
    model = CommitteeMember
    fk_name = "person"
    fields = ["committee", "nation", "since", "until"]
    readonly_fields = fields
    ordering = ["-since"]
    verbose_name_plural = _("committee seats")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("committee__confederation", "nation")


PersonAdmin.inlines = [*PersonAdmin.inlines, TermsOfPersonInline, CommitteeSeatsOfPersonInline]
