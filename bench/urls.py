"""The portal's URLs and the bare view the benchmark measures them against."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from confed.urls import urlpatterns as portal


@transaction.non_atomic_requests  # as the public pages: no transaction, so no database
def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: through the same middleware, no database."""
    return HttpResponse("ok", content_type="text/plain")


@transaction.non_atomic_requests
def layout(request: HttpRequest) -> HttpResponse:
    """The portal's layout with nothing in it and no query: the most a page rendered
    with it can reach, uncached."""
    return render(request, "base.html")


urlpatterns = [path("bench/bare", bare), path("bench/layout", layout), *portal]
