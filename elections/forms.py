"""What a head of delegation types: a nomination, a candidature. The rules of who may
be nominated are checked by the services, their errors set beside the fields."""

from django import forms
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from members.models import NationalAssociation, Person

from . import selectors
from .models import YEARS_AHEAD, Call, CandidatureKind


class NominationForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Nominated by"), queryset=NationalAssociation.objects.none(), empty_label=None
    )
    nominee = forms.ModelChoiceField(
        label=_("Nominee"),
        queryset=Person.objects.none(),
        help_text=_("A member of a delegation of the confederation, or a head of delegation."),
    )
    statement = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("Why you nominate them: the council and the nominee read it."),
    )

    def __init__(self, *args, call: Call, associations: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["nominee"].queryset = selectors.eligible_nominees(call)
        self.fields["nominee"].label_from_instance = lambda p: f"{p.name_with_rank} ({p.nation})"
        if associations:
            self.fields["association"].queryset = NationalAssociation.objects.filter(
                pk__in=[a.pk for a in associations]
            ).select_related("nation")
            self.fields["association"].label_from_instance = lambda a: str(a.nation)
        else:  # the president designate
            del self.fields["association"]


class _Listed(ModelChoiceIterator):
    """A field's choices drawn from the records the view loaded already (`listed`, in
    the queryset's order), with no query; what is posted is still looked up in the
    queryset. A select asks its choices twice (the required attribute, the options):
    twice a query otherwise."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for record in self.field.listed:
            yield self.choice(record)

    def __len__(self) -> int:
        return len(self.field.listed) + (self.field.empty_label is not None)


class CandidatureForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Association"), queryset=NationalAssociation.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(label=_("Applies for"), choices=CandidatureKind.choices)
    year = forms.TypedChoiceField(label=_("From the year"), coerce=int, choices=())
    statement = forms.CharField(
        label=_("Statement"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=10000,
        help_text=_("What your association offers: the team, the city, the plans."),
    )

    def __init__(self, *args, associations: list, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["association"]
        # Drawn from the associations as given, with their nation and confederation
        # (before the queryset, which hands the widget its choices).
        field.listed, field.iterator = associations, _Listed
        field.queryset = NationalAssociation.objects.filter(
            pk__in=[a.pk for a in associations]
        ).select_related("nation", "confederation")
        field.label_from_instance = lambda a: f"{a.nation} ({a.confederation.acronym})"
        this_year = timezone.localdate().year
        self.fields["year"].choices = [
            (y, y) for y in range(this_year + 1, this_year + YEARS_AHEAD + 1)
        ]
