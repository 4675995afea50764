from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from confed.cache import public_page
from confed.http import client_address, too_many

from . import selectors, services
from .forms import MembershipApplicationForm
from .models import Committee


@public_page
@require_safe
def leadership(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/leadership.html", {"leaderships": selectors.leadership()})


@public_page
@require_safe
def committee_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "governance/committee_list.html", {"committees": selectors.committees()}
    )


@public_page
@require_safe
def committee_detail(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        committee = selectors.committee(slug)
    except Committee.DoesNotExist:
        raise Http404(slug) from None
    return render(request, "governance/committee_detail.html", {"committee": committee})


def apply(request: HttpRequest) -> HttpResponse:
    """The public membership application form, with a honeypot and a limit per address."""
    form = MembershipApplicationForm(request.POST or None)
    status = 200
    if request.method == "POST" and form.is_valid():
        if form.is_spam:
            # Say nothing to a robot that it could learn from; save nothing.
            return redirect("governance:apply_thanks")
        if too_many(
            request,
            group="membership-application",
            key=client_address,
            rate=settings.APPLICATION_RATE,
        ):
            form.add_error(
                None,
                _(
                    "Too many applications have been sent from your address. Please try "
                    "again in an hour, or write to the secretariat."
                ),
            )
            status = 429
        else:
            data = form.cleaned_data
            try:
                services.submit_application(
                    confederation=data["confederation"],
                    country=data["country"],
                    association_name=data["association_name"],
                    acronym=data["acronym"],
                    website=data["website"],
                    contact_name=data["contact_name"],
                    contact_email=data["contact_email"],
                    category=data["category"],
                    statement=data["statement"],
                    language=get_language() or "en",
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Thank you: your application has been received."))
                return redirect("governance:apply_thanks")
    return render(request, "governance/apply.html", {"form": form}, status=status)


@require_safe
def apply_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "governance/apply_thanks.html")
