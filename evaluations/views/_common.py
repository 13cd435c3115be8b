"""What every evaluation view shares: finding the EDP by its public slug and
checking one `rules` permission against it (or an object inside it)."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from edp.models import EDP


def get_edp(slug: str) -> EDP:
    return get_object_or_404(EDP.objects.select_related("region", "owner"), slug=slug)


def edp_permission_required(perm: str) -> Callable:
    """Resolve ``slug`` to ``request.edp`` and require ``perm`` on it.

    Anonymous people are sent to sign in; signed-in people without the
    permission get a 403 (never a redirect loop)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, slug, *args, **kwargs):
            edp = get_edp(slug)
            if not request.user.has_perm(perm, edp):
                if not request.user.is_authenticated:
                    return redirect_to_login(request.get_full_path())
                raise PermissionDenied
            request.edp = edp
            return view(request, edp, *args, **kwargs)

        return wrapped

    return decorator


def require_object_perm(request, perm: str, obj) -> None:
    if not request.user.has_perm(perm, obj):
        raise PermissionDenied


def post_to_thread(request, edp, idea_id: int) -> None:
    """Post the consensus message in ``request.POST`` (shared by the
    coordinator's and the evaluator's pages); refusals become messages."""
    from django.contrib import messages
    from django.utils.translation import gettext as _

    from core.errors import DomainError

    from .. import services
    from ..forms import ConsensusForm

    form = ConsensusForm(request.POST)
    try:
        if not form.is_valid():
            raise DomainError(_("Write a message."))
        services.consensus_post(actor=request.user, edp=edp, idea_id=idea_id, body=form.cleaned_data["body"])
    except DomainError as exc:
        messages.error(request, exc.message)
