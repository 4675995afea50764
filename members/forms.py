from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    Confederation,
    DatePrecision,
    MembershipCategory,
    MembershipChange,
    MembershipStatus,
    NationalAssociation,
    Partnership,
)
from .selectors import NATO_MEMBERS, DirectoryFilters
from .services import check_change_date, check_membership_rules


class AssociationAdmissionForm(forms.ModelForm):
    """Adding an association in the admin admits it: category and date of admission."""

    category = forms.ChoiceField(label=_("category"), choices=MembershipCategory.choices)
    effective_on = forms.DateField(label=_("admitted on"), initial=timezone.localdate)
    effective_on_precision = forms.ChoiceField(
        label=_("precision of the date"),
        choices=DatePrecision.choices,
        initial=DatePrecision.DAY,
    )

    class Meta:
        model = NationalAssociation
        fields = ["confederation", "nation", "name", "acronym", "website", "email", "language"]

    def clean(self) -> dict:
        cleaned = super().clean()
        if not self.errors:
            try:
                check_membership_rules(
                    confederation=cleaned["confederation"],
                    nation=cleaned["nation"],
                    category=cleaned["category"],
                    status=MembershipStatus.ACTIVE,
                    effective_on=cleaned["effective_on"],
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


class MembershipChangeForm(forms.ModelForm):
    """A new step in an association's membership, checked against the rules."""

    class Meta:
        model = MembershipChange
        fields = ["effective_on", "effective_on_precision", "category", "status", "note"]

    def clean(self) -> dict:
        cleaned = super().clean()
        association = self.instance.association
        if self.errors or not self.has_changed():
            return cleaned
        try:
            check_change_date(association=association, effective_on=cleaned["effective_on"])
            check_membership_rules(
                confederation=association.confederation,
                nation=association.nation,
                category=cleaned["category"],
                status=cleaned["status"],
                effective_on=cleaned["effective_on"],
                association=association,
            )
        except ValidationError as error:
            self.add_error(None, error)
        if (
            cleaned.get("category") == association.category
            and cleaned.get("status") == association.status
        ):
            self.add_error(
                None, _("The association already has this category and status: nothing changes.")
            )
        return cleaned


class OneNewChangeFormSet(forms.BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        new = [f for f in self.extra_forms if f.has_changed()]
        if len(new) > 1:
            raise ValidationError(_("Record one membership change at a time."))


class DirectoryFilterForm(forms.Form):
    """The member directory's search and filters, from query parameters (a plain GET
    form: no JavaScript). A value that names nothing is an error the page answers
    with 400, never a 500."""

    q = forms.CharField(
        label=_("Nation or association"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"class": "form-control", "type": "search"}),
    )
    confederation = forms.ChoiceField(
        label=_("Confederation"),
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    category = forms.ChoiceField(
        label=_("Membership"),
        required=False,
        choices=[("", _("Full and associate")), *MembershipCategory.choices],
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    partnership = forms.ChoiceField(
        label=_("Nation"),
        required=False,
        choices=[
            ("", _("Any nation")),
            (NATO_MEMBERS, _("NATO member")),
            *[(value, label) for value, label in Partnership.choices if value],
        ],
        widget=forms.Select(attrs={"class": "form-select"}),
    )

    def __init__(self, data, confederations: list[Confederation]):
        super().__init__(data)
        self.fields["confederation"].choices = [
            ("", _("Both confederations")),
            *[(c.code, c.acronym) for c in confederations],
        ]

    @property
    def active(self) -> dict[str, str]:
        """The valid filters given, as the query parameters the page's links carry; an
        invalid one is left out (and shown as an error)."""
        return {name: value for name, value in getattr(self, "cleaned_data", {}).items() if value}

    @property
    def filters(self) -> DirectoryFilters:
        active = self.active
        return DirectoryFilters(
            search=active.get("q", ""),
            confederation=active.get("confederation", ""),
            category=active.get("category", ""),
            partnership=active.get("partnership", ""),
        )
