from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import selectors


@require_GET
def edp_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.edp_list(), 20).get_page(request.GET.get("page"))
    return render(request, "edp/edp_list.html", {"page": page})
