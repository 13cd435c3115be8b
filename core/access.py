"""The access seam: load the object a URL names, authorise, fail one way.

Every view gets its objects through an app's access function (for example
``consultations.access.item_for(request, pk, "consultations.comment")``),
and every access function is built from :func:`load` (Zulip's
``access_stream_by_id``). The failures are the same on every page:

- the id names nothing, or something of another EDP → 404 (never "exists
  but is not yours": ids from the client are not trusted);
- the person is anonymous and refused → the sign-in page, coming back here
  afterwards (Django's ``AccessMixin.handle_no_permission``);
- the person is signed in and refused → a 403 page that says why, in their
  language (the reason comes from :mod:`core.permissions`).

Anonymous refusals become the sign-in redirect in :func:`core.views.error_403`,
so a view may simply ``raise PermissionDenied(reason)``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NoReturn, TypeVar

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.http import Http404, HttpRequest

from . import permissions

T = TypeVar("T")


def fetch(loader: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``loader(*args, **kwargs)`` (a selector), or 404 when it finds nothing.
    Malformed ids (``?pk=abc``) are a 404 too, not a 500."""
    try:
        return loader(*args, **kwargs)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError, OverflowError) as exc:
        raise Http404 from exc


def refuse(request: HttpRequest, reason: str = "") -> NoReturn:
    """Stop the view: sign in first (anonymous) or 403 with ``reason``."""
    raise PermissionDenied(reason)


def require(request: HttpRequest, perm: str, obj: Any = None) -> None:
    """Refuse unless the person has ``perm`` on ``obj``."""
    decision = permissions.check(request.user, perm, obj)
    if not decision:
        refuse(request, decision.reason)


def load(request: HttpRequest, perm: str | None, loader: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """Fetch with ``loader`` (404 when missing), then require ``perm`` on it
    (``perm=None``: readable by anyone who can reach the URL)."""
    obj = fetch(loader, *args, **kwargs)
    if perm is not None:
        require(request, perm, obj)
    return obj


def load_in(
    request: HttpRequest, perm: str | None, parent: Any, loader: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """A thing of ``parent`` (``loader(parent, *args)``): found first — an id
    that names nothing in ``parent`` (another EDP's, another plan's) is a 404
    for whoever asks — then ``perm`` required on ``parent``."""
    obj = fetch(loader, parent, *args, **kwargs)
    if perm is not None:
        require(request, perm, parent)
    return obj


def can(request: HttpRequest, perm: str, obj: Any = None) -> permissions.Decision:
    """For a page deciding what to offer: the decision, with its reason."""
    return permissions.check(request.user, perm, obj)
