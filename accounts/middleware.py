from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation


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
    """Staff roles must use a second factor: platform staff and the
    coordinators who run an EDP."""
    if not (user and user.is_authenticated):
        return False
    if user.is_staff or user.is_superuser:
        return True
    return user.edp_roles.filter(role="coordinator").exists()


class StaffMFARequiredMiddleware:
    """Sends staff without an authenticator to set one up before anything else."""

    ALLOWED_PREFIXES = ("/accounts/", "/static/", "/i18n/", "/healthz")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        path = request.path_info
        if (
            user is not None
            and user.is_authenticated
            and not path.startswith(self.ALLOWED_PREFIXES)
            and user_requires_mfa(user)
            and not _has_mfa(user)
        ):
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)


def _has_mfa(user) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
