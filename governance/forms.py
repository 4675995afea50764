import datetime
from collections import defaultdict

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from members.models import Confederation

from .models import MembershipApplication, RotationPlace, Term
from .services import check_application_allowed, check_term, free_seat, nation_of


class ApplicationForm(forms.ModelForm):
    """An application for membership, checked against the rules before it is sent."""

    confederation = forms.ModelChoiceField(
        label=_("Confederation"), queryset=Confederation.objects.all(), empty_label=None
    )
    # Any country may apply, not only those already in the registry.
    # Choices made per form, so that the names are in the reader's language.
    country = forms.ChoiceField(label=_("Nation"), choices=lambda: [("", "---------"), *countries])

    field_order = ["confederation", "country"]

    class Meta:
        model = MembershipApplication
        fields = [
            "confederation",
            "association_name",
            "acronym",
            "website",
            "contact_name",
            "contact_email",
            "category",
            "statement",
        ]
        widgets = {"statement": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["statement"].max_length = 5000
        # Blank in the model only for an applicant whose contact data was erased.
        self.fields["contact_name"].required = True
        self.fields["contact_email"].required = True

    def clean(self) -> dict:
        cleaned = super().clean()
        if self.errors:
            return cleaned
        try:
            check_application_allowed(
                confederation=cleaned["confederation"],
                nation=nation_of(cleaned["country"]),
                category=cleaned["category"],
            )
        except ValidationError as error:
            # The rule the membership rules state for the whole form is about the
            # nation: one association per nation.
            self.add_error(None if hasattr(error, "error_dict") else "country", error)
        return cleaned


class MembershipApplicationForm(ApplicationForm):
    """The public application form. `homepage` is a honeypot: people do not see it."""

    homepage = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    @property
    def is_spam(self) -> bool:
        return bool(self.cleaned_data.get("homepage"))

    def clean(self) -> dict:
        if self.is_spam:
            return self.cleaned_data  # a robot is told nothing it could learn from
        return super().clean()


class PaperApplicationForm(ApplicationForm):
    """An application that came on paper or by email, entered by the secretariat."""

    language = forms.ChoiceField(
        label=_("language"),
        choices=settings.LANGUAGES,
        help_text=_("The language of the emails the applicant receives."),
    )

    class Meta(ApplicationForm.Meta):
        fields = [*ApplicationForm.Meta.fields, "language"]


class TermAdminForm(forms.ModelForm):
    """A term in the admin: a free seat is taken when one exists, and a conflict names
    the holder it conflicts with."""

    class Meta:
        model = Term
        fields = [
            "office",
            "seat",
            "person",
            "starts_on",
            "ends_on",
            "began_by",
            "decision",
            "note",
        ]

    def clean(self) -> dict:
        cleaned = super().clean()
        office, person, starts_on = (cleaned.get(k) for k in ("office", "person", "starts_on"))
        if self.errors or not (office and person and starts_on):
            return cleaned
        ends_on = cleaned.get("ends_on")
        seat = cleaned.get("seat") or 1
        if office.holders_at_once > 1 and not self.instance.pk:
            seat = free_seat(office=office, starts_on=starts_on, ends_on=ends_on) or seat
            cleaned["seat"] = self.instance.seat = seat
        try:
            check_term(
                office=office,
                person=person,
                seat=seat,
                starts_on=starts_on,
                ends_on=ends_on,
            )
        except ValidationError as error:
            self.add_error(None, error)
        return cleaned


class TermFormSet(forms.BaseInlineFormSet):
    """New terms entered together on an office's page must not overlap each other
    either; the database would refuse them only when saving."""

    def clean(self) -> None:
        super().clean()
        terms = [
            form.cleaned_data
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]
        for index, first in enumerate(terms):
            for second in terms[index + 1 :]:
                if first.get("seat", 1) != second.get("seat", 1):
                    continue
                if _overlap(first, second):
                    message = _("These terms hold one seat at the same time: %(a)s, %(b)s.")
                    raise ValidationError(
                        message % {"a": first.get("person"), "b": second.get("person")}
                    )


def _overlap(first: dict, second: dict) -> bool:
    never = datetime.date.max
    return first["starts_on"] < (second.get("ends_on") or never) and second["starts_on"] < (
        first.get("ends_on") or never
    )


class RotationFormSet(forms.BaseModelFormSet):
    """Reordering the rotation on the list page: two associations may not share a place."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        # The list's inputs have no label of their own: each says whose place it holds.
        if form.instance.pk and "position" in form.fields:
            form.fields["position"].widget.attrs["aria-label"] = _(
                "Place of %(association)s in the rotation"
            ) % {"association": form.instance.association}

    def clean(self) -> None:
        super().clean()
        edited = {form.instance.pk: form.cleaned_data.get("position") for form in self.forms}
        positions = defaultdict(list)
        for place in RotationPlace.objects.select_related("association__nation"):
            position = edited.get(place.pk, place.position)
            positions[(place.confederation_id, position)].append(place)
        for (_confederation, position), places in positions.items():
            if len(places) > 1:
                raise ValidationError(
                    _("%(a)s and %(b)s cannot both be in place %(n)s.")
                    % {"a": places[0].association, "b": places[1].association, "n": position}
                )
