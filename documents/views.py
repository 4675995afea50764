"""The library's pages: the public documents, and the download of any document by
whoever may read it. Another visitor is answered 404: a council paper's existence is
not told to those it is not for."""

from itertools import groupby

from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from confed.cache import public_page

from . import selectors
from .models import Access, Document


@public_page
@require_safe
def library(request: HttpRequest) -> HttpResponse:
    documents = list(selectors.public_library())
    return render(
        request,
        "documents/library.html",
        {
            "by_confederation": [
                (confederation, list(group))
                for confederation, group in groupby(documents, key=lambda d: d.confederation)
            ]
        },
    )


@require_safe
def download(request: HttpRequest, pk: int, number: int | None = None) -> FileResponse:
    document = get_object_or_404(Document.objects.select_related("confederation"), pk=pk)
    if not request.user.has_perm("documents.read", document):
        raise Http404
    versions = document.versions.all()
    version = (
        versions.filter(number=number).first()
        if number is not None
        else versions.filter(is_current=True).first()
    )
    if version is None:
        raise Http404
    response = FileResponse(
        version.file.open("rb"),
        as_attachment=True,
        filename=version.name,
        content_type=version.content_type,
    )
    # A browser or a proxy keeps a copy only of what anyone may read, and only of a
    # numbered version, which never changes: the plain address follows the next one.
    if document.access != Access.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    elif number is None:
        response["Cache-Control"] = "public, no-cache"
    else:
        response["Cache-Control"] = "public, max-age=86400"
    return response
