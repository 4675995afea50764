"""The portal's URLs and the bare view the benchmark measures them against."""

from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.urls import path

from confed.urls import urlpatterns as portal


@transaction.non_atomic_requests  # as the public pages: no transaction, so no database
def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: through the same middleware, no database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), *portal]
