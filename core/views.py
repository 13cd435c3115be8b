"""Floor-level pages every module relies on: the language switch, the health
check and the error pages (the home page lives in ``portal``)."""

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET, require_POST
from django.views.i18n import set_language as django_set_language


@require_POST
def set_language(request: HttpRequest) -> HttpResponse:
    """Django's set_language, and the profile remembers the choice."""
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in dict(settings.LANGUAGES):
        request.user.preferred_language = language
        request.user.save(update_fields=["preferred_language"])
    return django_set_language(request)


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    return JsonResponse({"status": "ok"})


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    """Every refusal ends here (core.access): the anonymous are sent to sign
    in and come back (htmx requests are told to go there), the signed-in are
    told why in their language."""
    if not request.user.is_authenticated:
        response = redirect_to_login(request.get_full_path())
        if getattr(request, "htmx", False):
            return HttpResponse(status=204, headers={"HX-Redirect": response["Location"]})
        return response
    return render(request, "403.html", {"reason": str(exception) if exception else ""}, status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)
