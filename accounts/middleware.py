from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation

from core import modules


class PreferredLanguageMiddleware:
    """A signed-in person sees the UI in the language of their profile; the
    header switcher updates the profile, so the two never disagree."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.preferred_language:
            translation.activate(user.preferred_language)
            request.LANGUAGE_CODE = user.preferred_language
        return self.get_response(request)


def user_requires_mfa(user) -> bool:
    """Staff roles must use a second factor: platform staff, and whoever a
    module says holds a role that needs one (``Module.second_factor``: the
    coordinators who run an EDP). The modules read the roles through the
    request's permission cache, so the permission checks reuse them."""
    if not (user and user.is_authenticated):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return modules.needs_second_factor(user)


class StaffMFARequiredMiddleware:
    """Sends staff without an authenticator to set one up before anything else.

    Account pages stay reachable (they are where TOTP is set up, and sign-out
    must always work); there ``request.mfa_setup_required`` lets the layout
    explain why the person was sent there.
    """

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz", "/health/", "/ready/", "/metrics")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        request.mfa_setup_required = False
        if user is not None and user.is_authenticated and user_requires_mfa(user) and not _has_mfa(user):
            request.mfa_setup_required = True
            if not request.path_info.startswith(self.ALLOWED_PREFIXES):
                return redirect(reverse("mfa_activate_totp"))
        return self.get_response(request)


def _has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
