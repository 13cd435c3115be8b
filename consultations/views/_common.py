from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.http import Http404, HttpRequest


def require_perm(request: HttpRequest, perm: str, obj, reason: str | None = None) -> None:
    """Refuse with a 403 page saying why unless the person has ``perm`` on
    ``obj``. Views that need a signed-in person are wrapped in
    ``login_required`` first, so anonymous visitors are sent to sign in."""
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied(reason or "")


def get_or_404(selector, pk):
    try:
        return selector(pk)
    except ObjectDoesNotExist as exc:
        raise Http404 from exc


def int_param(value, default: int = 0) -> int:
    try:
        return max(0, int(value))
    except (TypeError, ValueError):
        return default
