from django import forms
from django.db.models import Case, When
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from members.models import NationalAssociation, NatoRank, Person, Profession

from .models import Role


class KnownPersonField(forms.ModelChoiceField):
    """The nation's people, the association's own first; the others say whose they are
    (the same nation's association in the other confederation, or none)."""

    def __init__(self, *args, **kwargs) -> None:
        self.association = None
        super().__init__(*args, **kwargs)

    def label_from_instance(self, person: Person) -> str:
        if self.association is None or person.association_id == self.association.pk:
            return person.name_with_rank
        if person.association is None:
            return _("%(person)s (of no association)") % {"person": person.name_with_rank}
        return _("%(person)s (%(association)s, %(confederation)s)") % {
            "person": person.name_with_rank,
            "association": person.association.acronym or person.association.name,
            "confederation": person.association.confederation,
        }


class AddMemberForm(forms.Form):
    """Add someone already known for the nation, or a new person."""

    person = KnownPersonField(
        label=_("Someone already known"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— a new person (fill in below) —"),
    )
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices, initial=Role.DELEGATE)
    given_name = forms.CharField(label=_("Given name"), max_length=100, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=100, required=False)
    rank = forms.CharField(label=_("Rank"), max_length=100, required=False)
    nato_rank = forms.ChoiceField(
        label=pgettext_lazy("a form's label", "NATO rank code"),
        choices=[("", "—"), *NatoRank.choices],
        required=False,
    )
    profession = forms.ChoiceField(
        label=_("Profession"), choices=[("", "—"), *Profession.choices], required=False
    )
    is_medical_officer = forms.BooleanField(label=_("Medical officer"), required=False)
    email = forms.EmailField(label=_("Email"), required=False)

    def __init__(
        self, *args, association: NationalAssociation, head: Person | None = None, **kwargs
    ) -> None:
        """`head`: the vice president, offered as the head while the delegation has
        none."""
        super().__init__(*args, **kwargs)
        self.association = association
        known = self.fields["person"]
        known.association = association
        known.queryset = (
            Person.objects.filter(nation=association.nation)
            .select_related("association__confederation")
            .annotate(
                own=Case(When(association=association, then=0), default=1),
            )
            .order_by("own", "family_name", "given_name")
        )
        if head is not None:
            self.initial.update({"person": head.pk, "role": Role.HEAD})

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("person") is None:
            for name in ("given_name", "family_name"):
                if not cleaned.get(name):
                    self.add_error(name, _("Give the new person's name, or pick someone known."))
            email = cleaned.get("email")
            if email and Person.objects.filter(email__iexact=email).exists():
                self.add_error(
                    "email",
                    _("Someone already has this email address: pick them from the list."),
                )
        return cleaned

    def new_person(self) -> Person:
        """The person the form describes, unsaved, of the association's nation."""
        data = self.cleaned_data
        return Person(
            nation=self.association.nation,
            association=self.association,
            given_name=data["given_name"],
            family_name=data["family_name"],
            rank=data["rank"],
            nato_rank=data["nato_rank"],
            profession=data["profession"],
            is_medical_officer=data["is_medical_officer"],
            email=data["email"],
        )
