"""What a nominator types: the person, the citation, a paper."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from members.models import NationalAssociation

from . import selectors


class NominationForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Nominated by"), queryset=NationalAssociation.objects.none(), required=False
    )
    person = forms.ModelChoiceField(
        label=_("Nominee"),
        queryset=selectors.nominees([], presidency=False),
        help_text=_("A person in the registry; the secretariat adds one who is not there yet."),
    )
    citation = forms.CharField(
        label=_("Citation"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("The person's merits for the confederation and for NATO in reserve matters."),
    )
    roll_citation = forms.CharField(
        label=_("The citation in one line (optional)"),
        max_length=300,
        required=False,
        help_text=_("Shown on the public roll of honour if the award is conferred."),
    )
    paper = forms.FileField(
        label=_("A paper (optional)"),
        required=False,
        help_text=_("PDF, an office document or an image; kept in the library for the council."),
    )
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)

    def __init__(self, *args, associations: list, presidency: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["association"]
        field.queryset = NationalAssociation.objects.filter(
            pk__in=[a.pk for a in associations]
        ).select_related("nation")
        field.label_from_instance = lambda a: str(a.nation)
        if presidency:
            field.empty_label = _("— the presidency —")
        else:
            field.required = True
            field.empty_label = None
        person = self.fields["person"]
        person.queryset = selectors.nominees(associations, presidency=presidency)
        person.label_from_instance = lambda p: f"{p.name_with_rank} ({p.nation})"

    def clean(self) -> dict:
        data = super().clean()
        association, person = data.get("association"), data.get("person")
        if (
            association is not None
            and person is not None
            and person.nation_id != association.nation_id
        ):
            self.add_error("person", _("A vice president nominates a person of their own nation."))
        return data
