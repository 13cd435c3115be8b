import json

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from core.errors import DomainError

from . import personal_data, services
from .forms import AccountDeleteForm, ProfileForm


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProfileForm(request.POST)
        if form.is_valid():
            services.user_update_profile(user=user, **form.cleaned_data)
            messages.success(request, _("Your profile was saved."))
            return redirect("accounts:profile")
    else:
        form = ProfileForm(
            initial={
                "display_name": user.display_name,
                "preferred_language": user.preferred_language,
                "region": user.region_id,
                "helix": user.helix,
            }
        )
    return render(request, "accounts/profile.html", {"form": form})


@login_required
@require_GET
def personal_data_page(request: HttpRequest) -> HttpResponse:
    # Making a link writes nothing: it is a signature over the person's id
    # and the current time, checked again on download.
    token = personal_data.make_token(request.user)
    expires = timezone.now() + timezone.timedelta(seconds=settings.PERSONAL_DATA_LINK_MAX_AGE)
    return render(
        request,
        "accounts/personal_data.html",
        {"token": token, "expires": expires, "parts": personal_data.registered_parts()},
    )


@login_required
@require_GET
def personal_data_download(request: HttpRequest, token: str) -> HttpResponse:
    try:
        owner_id = personal_data.owner_id_from_token(token)
    except personal_data.LinkInvalid:
        messages.error(request, _("This download link has expired or is not valid. Here is a fresh one."))
        return redirect("accounts:personal_data")
    if owner_id != request.user.pk:
        # Someone else's link: do not even confirm that it was valid.
        raise Http404
    payload = json.dumps(personal_data.collect(request.user), ensure_ascii=False, indent=2, default=str)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="edp-personal-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_delete_account(user=request.user, password=form.cleaned_data["password"])
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            logout(request)
            messages.success(
                request, _("Your account was deleted. What you contributed stays, shown as “Former participant”.")
            )
            return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form})
