from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import (
    DatePrecision,
    MembershipCategory,
    MembershipChange,
    MembershipStatus,
    NationalAssociation,
)
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
        fields = ["confederation", "nation", "name", "acronym", "website", "email"]

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
