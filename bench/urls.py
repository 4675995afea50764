"""The portal's URLs and the bare view the benchmark measures them against."""

from django.http import HttpRequest, HttpResponse
from django.urls import path

from confed.urls import urlpatterns as portal


def bare(request: HttpRequest) -> HttpResponse:
    """The least a Django view can do: through the same middleware, no database."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/bare", bare), *portal]
