"""The awards' pages: for the public, the list of awards and each one's roll of honour;
for the nominators (the member associations' vice presidents, the presidency), the
nomination form. Someone who may not nominate is answered as if it did not exist."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from confed.cache import public_page

from . import selectors, services
from .forms import NominationForm
from .models import Award
from .rules import nominating_associations, of_its_presidency

# The codes of documents.services.check_upload's refusals: said beside the paper.
_UPLOAD_CODES = {"too_large", "not_accepted", "wrong_name"}


@public_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    """Every award of the confederations, each linking to its roll of honour."""
    return render(request, "awards/index.html", {"awards": selectors.awards()})


@public_page
@require_safe
def roll(request: HttpRequest, slug: str) -> HttpResponse:
    """An award's roll of honour, by year and nation."""
    award = get_object_or_404(Award.objects.select_related("confederation"), slug=slug)
    return render(request, "awards/roll.html", {"award": award, "years": selectors.roll(award)})


@login_required
def nominate(request: HttpRequest, slug: str) -> HttpResponse:
    award = get_object_or_404(Award.objects.select_related("confederation"), slug=slug)
    if not request.user.has_perm("awards.nominate", award):
        raise Http404
    posted = request.method == "POST"  # an empty POST too: its errors are shown
    form = NominationForm(
        request.POST if posted else None,
        request.FILES if posted else None,
        associations=nominating_associations(request.user, award),
        presidency=of_its_presidency(request.user, award),
        initial={"language": get_language()},
    )
    status = 200
    if posted:
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.nominate(
                    award=award,
                    person=data["person"],
                    association=data["association"],
                    citation=data["citation"],
                    roll_citation=data["roll_citation"],
                    upload=data["paper"],
                    language=data["language"],
                    by=request.user,
                )
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.error_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error("paper" if error.code in _UPLOAD_CODES else None, error)
            else:
                messages.success(
                    request,
                    _(
                        "Your nomination is sent to the secretariat; you will be told of "
                        "the decision."
                    ),
                )
                return redirect(award.get_absolute_url())
    return render(request, "awards/nominate.html", {"award": award, "form": form}, status=status)
