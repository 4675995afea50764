"""What the heads of delegation type: a motion, the delegate who sits for them, a
proxy, a vote."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from delegations.models import DelegationMember, DelegationStatus
from members.models import Confederation, NationalAssociation, Person

from .models import Business, Choice, Motion, MotionStatus, PollMethod, Session


class MotionForm(forms.Form):
    association = forms.ModelChoiceField(
        label=_("Moved by"), queryset=NationalAssociation.objects.none(), required=False
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    text = forms.CharField(
        label=_("The motion"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=20000,
        help_text=_("What the council is asked to decide, as it would be minuted."),
    )
    reasons = forms.CharField(
        label=_("Reasons"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
    )
    amends = forms.ModelChoiceField(
        label=_("Amends the motion"),
        queryset=Motion.objects.none(),
        required=False,
        empty_label=_("— none: a motion of its own —"),
    )
    paper = forms.FileField(
        label=_("A paper (optional)"),
        required=False,
        help_text=_("PDF, an office document or an image; kept in the library for the council."),
    )
    language = forms.ChoiceField(label=_("Written in"), choices=settings.LANGUAGES)

    def __init__(self, *args, session: Session, associations: list, presidency: bool, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["association"]
        field.queryset = NationalAssociation.objects.filter(pk__in=[a.pk for a in associations])
        if presidency:
            field.empty_label = _("— the presidency —")
        else:
            field.required = True
            field.empty_label = None
        self.fields["amends"].queryset = session.motions.filter(
            status__in=[MotionStatus.SUBMITTED, MotionStatus.ACCEPTED]
        )


class DelegateForm(forms.Form):
    person = forms.ModelChoiceField(
        label=_("Sits in your seat"),
        queryset=Person.objects.none(),
        required=False,
        empty_label=_("— you, the head of delegation —"),
    )

    def __init__(self, *args, session: Session, association: NationalAssociation, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.filter(
            pk__in=DelegationMember.objects.filter(
                delegation__association=association,
                delegation__event=session.event_id,
                delegation__status=DelegationStatus.APPROVED,
            ).values("person")
        ).order_by("family_name", "given_name")
        self.fields["person"].label_from_instance = lambda p: p.name_with_rank


class ProxyForm(forms.Form):
    holder = forms.ModelChoiceField(
        label=_("Give your vote to the head of delegation of"),
        queryset=NationalAssociation.objects.none(),
    )

    def __init__(self, *args, session: Session, association: NationalAssociation, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["holder"]
        field.queryset = (
            NationalAssociation.objects.members()
            .filter(confederation=session.confederation_id)
            .exclude(pk=association.pk)
            .select_related("nation")
        )
        field.label_from_instance = lambda a: str(a.nation)


class VoteForm(forms.Form):
    seat = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label=_("Vote"), choices=Choice.choices, widget=forms.RadioSelect, required=False
    )
    # In an election between several: the candidate chosen (the service checks it).
    candidate = forms.IntegerField(required=False, min_value=1)

    def clean(self):
        data = super().clean()
        if not data.get("choice") and not data.get("candidate"):
            raise forms.ValidationError(_("Choose yes, no or abstain."))
        return data


class WrittenVoteForm(forms.Form):
    confederation = forms.ModelChoiceField(
        label=_("Confederation"), queryset=Confederation.objects.none(), empty_label=None
    )
    title_en = forms.CharField(label=_("The motion (English)"), max_length=300)
    title_fr = forms.CharField(label=_("The motion (French)"), max_length=300, required=False)
    notes_en = forms.CharField(
        label=_("Explanation (English)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
    )
    notes_fr = forms.CharField(
        label=_("Explanation (French)"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=20000,
        required=False,
    )
    business = forms.ChoiceField(
        label=_("Kind of business"), choices=Business.choices, initial=Business.OTHER
    )
    method = forms.ChoiceField(
        label=_("Method"), choices=PollMethod.choices, initial=PollMethod.ROLL_CALL
    )
    days = forms.IntegerField(label=_("Open for (days)"), min_value=1, max_value=60, initial=14)

    def __init__(self, *args, confederations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confederation"].queryset = Confederation.objects.filter(
            pk__in=[c.pk for c in confederations]
        )
