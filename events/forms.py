from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from governance.models import Committee
from members.models import Confederation, Nation
from members.selectors import nation_with_code

from . import selectors
from .models import EventKind


class EventFilterForm(forms.Form):
    """The calendar's filters, from query parameters: ?confederation=ciomr&kind=...

    Values are the ones a person reads in the URL: confederation and committee
    codes, ISO alpha-3 nation codes, the year. A value that names nothing (a nation
    not in the registry, a year the calendar does not cover) is an error, which the
    pages answer with 400 and never keep in the cache, never a 500.
    """

    confederation = forms.SlugField(required=False)
    kind = forms.ChoiceField(required=False, choices=[("", ""), *EventKind.choices])
    committee = forms.SlugField(required=False)
    nation = forms.CharField(required=False, max_length=3, min_length=3)
    year = forms.IntegerField(required=False)

    def clean_confederation(self) -> Confederation | None:
        code = self.cleaned_data["confederation"]
        if not code:
            return None
        confederation = Confederation.objects.filter(code=code.lower()).first()
        if confederation is None:
            raise forms.ValidationError(_("No confederation has the code “%s”.") % code)
        return confederation

    def clean_committee(self) -> Committee | None:
        slug = self.cleaned_data["committee"]
        if not slug:
            return None
        committee = Committee.objects.filter(slug=slug.lower()).first()
        if committee is None:
            raise forms.ValidationError(_("No committee has the code “%s”.") % slug)
        return committee

    def clean_nation(self) -> Nation | None:
        code = self.cleaned_data["nation"]
        if not code:
            return None
        nation = nation_with_code(code)
        if nation is None:
            raise forms.ValidationError(_("No nation has the code “%s”.") % code)
        return nation

    def clean_year(self) -> int | None:
        year = self.cleaned_data["year"]
        if year is None:
            return None
        years = selectors.calendar_years()
        if not years:
            raise forms.ValidationError(_("The calendar has no event yet."))
        if year not in years:
            raise forms.ValidationError(
                _("No event in %(year)s: the calendar runs from %(first)s to %(last)s.")
                % {"year": year, "first": years[0], "last": years[-1]}
            )
        return year

    @property
    def active(self) -> dict:
        """The valid filters in force, as query parameters."""
        if not hasattr(self, "cleaned_data"):
            return {}
        values = {}
        for name, value in self.cleaned_data.items():
            if value in (None, ""):
                continue
            if name == "confederation":
                value = value.code
            elif name == "committee":
                value = value.slug
            elif name == "nation":
                value = value.code.lower()
            values[name] = value
        return values


class DraftYearForm(forms.Form):
    year = forms.IntegerField(
        label=_("year"), min_value=2000, max_value=2200, initial=lambda: timezone.now().year + 1
    )
    confederations = forms.ModelMultipleChoiceField(
        label=_("confederations"),
        queryset=Confederation.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("CIOR and CIOMR meet together: one event serves both."),
    )
