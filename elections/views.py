"""The elections' pages: the calls for nominations and a call's candidates, for its
council and the secretariat; the nomination form, for the heads of delegation (or
the president designate); the nominee's answer, from the link in their email; the
candidatures for the presidency and the Summer Congress, for the vice presidents.

Someone outside a call's council is answered as if it did not exist (404)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from governance.selectors import associations_led_by, councils_of
from members.models import Confederation, is_member

from . import selectors, services
from .forms import CandidatureForm, NominationForm
from .models import Call, Nomination, NominationStatus


def _confederations(request: HttpRequest) -> list[int] | None:
    """The confederations whose calls the visitor sees; None: all (the secretariat)."""
    if request.user.has_perm("elections.view_call"):
        return None
    person = getattr(request.user, "person", None)
    return sorted(councils_of(person.pk)) if person else []


@login_required
@require_safe
def calls(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("elections.see_calls"):
        raise Http404
    confederations = _confederations(request)
    if confederations is None:
        confederations = list(Confederation.objects.values_list("pk", flat=True))
    found = selectors.calls_for(confederations)
    return render(
        request,
        "elections/calls.html",
        {
            "open": [c for c in found if c.closed_at is None],
            "closed": [c for c in found if c.closed_at is not None],
            "may_apply": request.user.has_perm("elections.apply"),
        },
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def call(request: HttpRequest, pk: int) -> HttpResponse:
    found = get_object_or_404(
        Call.objects.select_related(
            "office__confederation", "session__event", "item", "term__person"
        ),
        pk=pk,
        opened_at__isnull=False,
    )
    user = request.user
    if not user.has_perm("elections.see_call", found):
        raise Http404
    may_nominate = user.has_perm("elections.nominate", found)
    associations = (
        [] if found.by_president_designate else selectors.nominating_associations(user, found)
    )
    form, status = None, 200
    if may_nominate:
        form = NominationForm(
            request.POST if request.method == "POST" else None,
            call=found,
            associations=associations,
        )
    if request.method == "POST":
        if form is None:
            raise Http404
        status = 400
        if form.is_valid():
            try:
                nomination = services.nominate(
                    call=found,
                    nominee=form.cleaned_data["nominee"],
                    association=form.cleaned_data.get("association"),
                    statement=form.cleaned_data["statement"],
                    by=user,
                )
            except ValidationError as error:
                _add(form, error)
            else:
                messages.success(
                    request,
                    _("%(person)s is nominated, and asked by email to accept or decline.")
                    % {"person": nomination.nominee},
                )
                return redirect(found.get_absolute_url())
    return render(
        request,
        "elections/call.html",
        {"call": found, "nominations": selectors.candidates(found), "form": form},
        status=status,
    )


def _add(form, error: ValidationError) -> None:
    """The service's refusal beside its field, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


@require_http_methods(["GET", "HEAD", "POST"])
def answer(request: HttpRequest, token) -> HttpResponse:
    """The nominee's answer, from the link in their email (the link is the key)."""
    nomination = get_object_or_404(
        Nomination.objects.select_related(
            "call__office__confederation", "nominee", "association__nation"
        ),
        token=token,
    )
    error, status = None, 200
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice not in ("accept", "decline"):
            error, status = _("Choose to accept or to decline."), 400
        else:
            try:
                changed = services.answer_nomination(
                    nomination=nomination, accept=choice == "accept"
                )
            except ValidationError as refused:
                error, status = " ".join(refused.messages), 400
            else:
                if not changed:
                    messages.info(request, _("Your answer was given already: it stands."))
                elif choice == "accept":
                    messages.success(request, _("Thank you: you accept the nomination."))
                else:
                    messages.success(request, _("Thank you: you decline the nomination."))
                return redirect(nomination.get_answer_url())
        nomination.refresh_from_db(fields=["status", "answered_at"])
    return render(
        request,
        "elections/answer.html",
        {
            "nomination": nomination,
            "call": nomination.call,
            "error": error,
            "answerable": nomination.call.open_on(timezone.localdate())
            and nomination.status
            in (NominationStatus.NOMINATED, NominationStatus.ACCEPTED, NominationStatus.DECLINED),
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def candidatures(request: HttpRequest) -> HttpResponse:
    """A vice president's candidatures for the presidency and the Summer Congress,
    and where each association falls in the rotation."""
    if not request.user.has_perm("elections.apply"):
        raise Http404
    associations = [a for a in associations_led_by(request.user) if is_member(status=a.status)]
    form = CandidatureForm(
        request.POST if request.method == "POST" else None, associations=associations
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.apply(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                _add(form, error)
            else:
                messages.success(
                    request, _("Your candidature is sent to the secretariat for the council.")
                )
                return redirect("elections:candidatures")
    return render(
        request,
        "elections/candidatures.html",
        {
            "form": form,
            "turns": list(
                zip(associations, selectors.turns_in_rotation(associations), strict=True)
            ),
            "candidatures": selectors.candidatures_of(associations),
        },
        status=status,
    )
