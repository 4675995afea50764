from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import Min, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from confed.admin import ConfedAdmin, RowsReadOnce

from .forms import AssociationAdmissionForm, MembershipChangeForm, OneNewChangeFormSet
from .models import Confederation, MembershipChange, Nation, NationalAssociation, Person
from .services import admit_association, change_membership, invite


def association_in_brief(
    association: NationalAssociation | None, *, confederation: bool, nation: bool = True
) -> str | None:
    """An association as a narrow list column names it: by its acronym, its nation's
    code and its confederation, leaving out what the list shows beside it; "EROK (EST,
    CIOR)", "EROK (EST)", "EROK (CIOR)". One without an acronym by the codes alone
    ("BEL, CIOMR", "CIOMR"), not by a name of sixty letters."""
    if association is None:
        return None  # the list shows its empty value
    codes = [association.nation.code] if nation else []
    if confederation:
        codes.append(str(association.confederation))
    named = ", ".join(codes)
    return f"{association.acronym} ({named})" if association.acronym else named


@admin.register(Confederation)
class ConfederationAdmin(ConfedAdmin):
    list_display = [
        "acronym",
        "name_en",
        "founded_year",
        "governing_body_en",
        "delegation_size_limit",
        "delegation_requires_medical_officer",
        "presidency_term_years",
    ]
    search_fields = ["acronym", "name_en", "name_fr", "code"]
    prepopulated_fields = {"code": ["acronym"]}
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "code",
                    "acronym",
                    "founded_year",
                    "position",
                    "website",
                    "secretariat_email",
                    "postal_address",
                ]
            },
        ),
        (_("Names"), {"fields": ["name_en", "name_fr", "description_en", "description_fr"]}),
        (
            _("Rules"),
            {
                "fields": [
                    "governing_body_en",
                    "governing_body_fr",
                    "delegation_size_limit",
                    "delegation_requires_medical_officer",
                    "presidency_term_years",
                ]
            },
        ),
        (
            _("Subscriptions"),
            {
                "fields": [
                    "subscription_payment_details",
                    "subscription_reminder_days",
                    "arrears_cost_the_vote_after_days",
                ]
            },
        ),
        (_("Reminders"), {"fields": ["application_waiting_days", "delegation_reminder_days"]}),
    ]


@admin.register(Nation)
class NationAdmin(ConfedAdmin):
    list_display = ["__str__", "code", "nato_member_since", "partnership"]
    list_filter = ["partnership", ("nato_member_since", admin.EmptyFieldListFilter)]
    search_fields = ["country"]

    def get_search_results(
        self, request: HttpRequest, queryset: QuerySet, search_term: str
    ) -> tuple[QuerySet, bool]:
        """Find nations by their name (any language shown) or ISO code, not only the code."""
        term = search_term.strip().lower()
        if not term:
            return queryset, False
        codes = [
            code
            for code, name in countries
            if term in name.lower() or term in (code.lower(), countries.alpha3(code).lower())
        ]
        return queryset.filter(country__in=codes), False


class MembershipChangeInline(RowsReadOnce, admin.TabularInline):
    """The dated membership history; new steps go through members.services."""

    model = MembershipChange
    form = MembershipChangeForm
    formset = OneNewChangeFormSet
    extra = 1
    fields = [
        "effective_on",
        "effective_on_precision",
        "category",
        "status",
        "note",
        "recorded_by",
    ]
    readonly_fields = ["recorded_by"]
    verbose_name = _("membership change")
    verbose_name_plural = _("membership history (add a row to change category or status)")

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("recorded_by")

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False  # the past is not edited; a correction is a new change

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(NationalAssociation)
class NationalAssociationAdmin(ConfedAdmin):
    list_display = [
        "name_and_acronym",
        "nation_code",
        "confederation",
        "category",
        "status",
        "member_since_year",
    ]
    export_columns = [
        "name",
        "acronym",
        "nation",
        "confederation",
        "category",
        "status",
        "member_since",
    ]
    list_filter = ["confederation", "category", "status"]
    list_select_related = ["nation", "confederation"]
    search_fields = ["name", "acronym", "nation__country"]
    autocomplete_fields = ["nation"]
    # Moving an association to another nation or confederation is not an edit: it
    # would bypass the membership rules. A new association is admitted instead.
    readonly_fields = ["confederation", "nation", "category", "status"]
    fields = [
        "confederation",
        "nation",
        "name",
        "acronym",
        "website",
        "email",
        "language",
        "category",
        "status",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(first_change_on=Min("membership_changes__effective_on"))
        )

    @admin.display(description=_("member since"), ordering="first_change_on")
    def member_since(self, association: NationalAssociation):
        return association.first_change_on

    @admin.display(description=_("member since"), ordering="first_change_on")
    def member_since_year(self, association: NationalAssociation) -> int | None:
        # The year, as the public pages give it; the day is in the membership history.
        return association.first_change_on.year if association.first_change_on else None

    @admin.display(description=_("name"), ordering="name")
    def name_and_acronym(self, association: NationalAssociation) -> str:
        return association.display_name

    @admin.display(description=_("nation"), ordering="nation__country")
    def nation_code(self, association: NationalAssociation) -> str:
        return association.nation.code

    def get_form(self, request: HttpRequest, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AssociationAdmissionForm
            kwargs["fields"] = None
        return super().get_form(request, obj, change=change, **kwargs)

    def get_fieldsets(self, request: HttpRequest, obj=None):
        if obj is None:
            return [
                (
                    None,
                    {
                        "fields": [
                            "confederation",
                            "nation",
                            "name",
                            "acronym",
                            "website",
                            "email",
                            "language",
                        ]
                    },
                ),
                (
                    _("Admission"),
                    {"fields": ["category", "effective_on", "effective_on_precision"]},
                ),
            ]
        return super().get_fieldsets(request, obj)

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        return self.readonly_fields if obj is not None else []

    def get_inlines(self, request: HttpRequest, obj=None):
        return [MembershipChangeInline] if obj is not None else []

    def save_model(self, request, obj: NationalAssociation, form, change: bool) -> None:
        if change:
            obj.save()
            return
        admitted = admit_association(
            confederation=form.cleaned_data["confederation"],
            nation=form.cleaned_data["nation"],
            name=form.cleaned_data["name"],
            acronym=form.cleaned_data["acronym"],
            website=form.cleaned_data["website"],
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            category=form.cleaned_data["category"],
            admitted_on=form.cleaned_data["effective_on"],
            admitted_on_precision=form.cleaned_data["effective_on_precision"],
            recorded_by=request.user,
        )
        # The admin goes on with `obj` (its redirect and log entry): make it the saved row.
        obj.pk = admitted.pk
        obj.category, obj.status = admitted.category, admitted.status
        obj._state.adding = False

    def save_formset(self, request, form, formset, change: bool) -> None:
        if formset.model is not MembershipChange:
            super().save_formset(request, form, formset, change)
            return
        # The admin's change message reads these, as after formset.save().
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for change_form in formset.extra_forms:
            if change_form.has_changed():
                data = change_form.cleaned_data
                changed = change_membership(
                    association=form.instance,
                    category=data["category"],
                    status=data["status"],
                    effective_on=data["effective_on"],
                    effective_on_precision=data["effective_on_precision"],
                    note=data["note"],
                    recorded_by=request.user,
                )
                if changed:
                    formset.new_objects.append(form.instance.membership_changes.latest())


@admin.register(MembershipChange)
class MembershipChangeAdmin(ConfedAdmin):
    """Every membership history, to read and export; changes are made on the association."""

    list_display = [
        "association_code",
        "effective_on",
        "category",
        "status",
        "note",
        "recorded_by",
    ]
    export_columns = ["association", "effective_on", "category", "status", "note", "recorded_by"]
    list_filter = ["association__confederation", "category", "status"]
    list_select_related = ["association__nation", "association__confederation", "recorded_by"]
    search_fields = ["association__name", "association__acronym", "note"]
    date_hierarchy = "effective_on"

    @admin.display(description=_("association"), ordering="association__nation__country")
    def association_code(self, change: MembershipChange) -> str | None:
        return association_in_brief(change.association, confederation=True)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyInline(RowsReadOnce, admin.TabularInline):
    """A person's records kept elsewhere (terms, committee seats, delegations), shown on
    their page to read; each is changed on its own page, through its own rules."""

    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Person)
class PersonAdmin(ConfedAdmin):
    actions = [*ConfedAdmin.actions, "invite"]
    # The apps above add what they hold of a person (governance: terms and committee
    # seats; delegations: delegations), as ReadOnlyInlines.
    inlines: list = []

    @admin.action(description=_("Invite to the portal (email a link to set a password)"))
    def invite(self, request: HttpRequest, queryset: QuerySet) -> None:
        for person in queryset:
            try:
                user = invite(person=person)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(
                    request,
                    gettext("%(person)s is invited; username %(username)s.")
                    % {"person": person, "username": user.get_username()},
                )

    # Enough to tell people apart; profession, medical officers and email are in the
    # filters, the search and the export.
    list_display = [
        "family_name",
        "given_name",
        "rank",
        "nato_rank",
        "nation_code",
        "association_code",
    ]
    export_columns = [
        "family_name",
        "given_name",
        "rank",
        "nato_rank",
        "nation",
        "association",
        "profession",
        "is_medical_officer",
        "email",
    ]
    list_filter = [
        "association__confederation",
        "nato_rank",
        "profession",
        "is_medical_officer",
        "service",
    ]
    list_select_related = ["nation", "association__nation", "association__confederation"]
    search_fields = ["given_name", "family_name", "email", "rank"]
    # Set when the secretariat erases their contact data (the change page's button).
    readonly_fields = ["contact_erased_at"]

    @admin.display(description=_("nation"), ordering="nation__country")
    def nation_code(self, person: Person) -> str:
        return person.nation.code

    @admin.display(description=_("association"), ordering="association__confederation")
    def association_code(self, person: Person) -> str | None:
        # The nation is in the column beside it.
        return association_in_brief(person.association, confederation=True, nation=False)

    autocomplete_fields = ["nation", "association", "user"]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "given_name",
                    "family_name",
                    "nation",
                    "association",
                    "email",
                    "language",
                    "user",
                ]
            },
        ),
        (
            _("Service"),
            {"fields": ["rank", "nato_rank", "service", "profession", "is_medical_officer"]},
        ),
    ]
