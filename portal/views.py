"""The platform's front pages. The home page's "happening now" part is made
of the blocks the modules declare (``Module.home``, core.modules), in their
order; this app knows none of them by name."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.views.decorators.http import require_GET

from core import modules


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # Each block is rendered with its module's own context (a module's
    # template sees nothing of the others'); the result is already safe HTML.
    blocks = [
        render_to_string(block.template, block.context, request=request) for block in modules.home_blocks(request)
    ]
    return render(request, "portal/home.html", {"blocks": blocks})


@require_GET
def code_of_conduct(request: HttpRequest) -> HttpResponse:
    return render(request, "portal/code_of_conduct.html")
