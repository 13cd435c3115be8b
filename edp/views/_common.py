"""Helpers shared by the EDP views: object lookups scoped to the EDP in the
URL (never trusting a bare id from the client) and permission decorators."""

from __future__ import annotations

from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404

from core.errors import DomainError

from .. import selectors
from ..models import EDP, Idea, IdeaAttachment, Meeting


def get_edp(request, slug: str, **kwargs) -> EDP:
    cached = getattr(request, "_edp", None)
    if cached is None or cached.slug != slug:
        try:
            cached = selectors.edp_get(slug)
        except EDP.DoesNotExist:
            raise Http404
        request._edp = cached
    return cached


def get_meeting(request, slug: str, pk: int, **kwargs) -> Meeting:
    cached = getattr(request, "_meeting", None)
    if cached is None or cached.pk != pk:
        edp = get_edp(request, slug)
        try:
            cached = selectors.meeting_detail(edp, pk)
        except Meeting.DoesNotExist:
            raise Http404
        cached.edp = edp
        request._meeting = cached
    return cached


def get_idea(request, slug: str, pk: int, **kwargs) -> Idea:
    cached = getattr(request, "_idea", None)
    if cached is None or cached.pk != pk:
        edp = get_edp(request, slug)
        try:
            cached = selectors.idea_detail(edp, pk)
        except Idea.DoesNotExist:
            raise Http404
        cached.edp = edp
        cached._coauthor_ids = {u.pk for u in cached.co_authors.all()}
        request._idea = cached
    return cached


def get_attachment(request, slug: str, pk: int, attachment_pk: int, **kwargs) -> IdeaAttachment:
    idea = get_idea(request, slug, pk)
    attachment = get_object_or_404(IdeaAttachment, pk=attachment_pk, idea=idea)
    attachment.idea = idea
    return attachment


def needs(perm: str, getter=get_edp):
    """Check ``perm`` on the object the URL names (``getter=None``: no object);
    anonymous people are sent to sign in, signed-in people without the
    permission get a 403 (rules' own decorator would send them to sign in
    again, which helps nobody)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            obj = getter(request, *args, **kwargs) if getter else None
            if not request.user.has_perm(perm, obj):
                return deny(request)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def form_error(request, form, error: DomainError) -> None:
    """Show a refusal next to its field when it has one, else as a message."""
    if error.field and form is not None and error.field in form.fields:
        form.add_error(error.field, error.message)
    elif form is not None:
        form.add_error(None, error.message)
    else:
        messages.error(request, error.message)


def deny(request):
    """The response when a check made inside a view fails: sign in first, or 403."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied
