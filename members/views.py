from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


def nation_list(request: HttpRequest) -> HttpResponse:
    return render(request, "members/nation_list.html", {"directory": selectors.member_directory()})


def nation_detail(request: HttpRequest, code: str) -> HttpResponse:
    nation = selectors.nation_by_code(code)
    return render(
        request,
        "members/nation_detail.html",
        {"nation": nation, "associations": selectors.nation_associations(nation)},
    )
