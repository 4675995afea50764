"""The confederations' public face: what each is, how to reach its secretariat, and
what the portal does with personal data."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from confed.cache import public_page
from members.models import Confederation

from . import selectors


@public_page
@require_safe
def index(request: HttpRequest) -> HttpResponse:
    return render(
        request, "about/index.html", {"confederations": selectors.confederations_with_sections()}
    )


@public_page
@require_safe
def confederation(request: HttpRequest, code: str) -> HttpResponse:
    try:
        confederation = selectors.confederation_by_code(code)
    except Confederation.DoesNotExist:
        raise Http404(code) from None
    images, documents = selectors.images_and_texts_of(confederation)
    return render(
        request,
        "about/confederation.html",
        {
            "confederation": confederation,
            "sections": selectors.sections_of(confederation),
            "images": images,
            "documents": documents,
        },
    )


@public_page
@require_safe
def contact(request: HttpRequest) -> HttpResponse:
    return render(request, "about/contact.html", {"confederations": Confederation.objects.all()})


@public_page
@require_safe
def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "about/privacy.html", {"confederations": Confederation.objects.all()})
