"""Load what a notifications URL names, authorise, fail one way (core.access)."""

from __future__ import annotations

from django.http import HttpRequest

from core import access

from . import selectors
from .models import Announcement, Notification


def notification_for(request: HttpRequest, pk: int, perm: str = "notifications.change_notification") -> Notification:
    """One of the person's own notifications. Looked up among theirs only:
    someone else's id is simply not found (404), so ids reveal nothing. A
    notification is always somebody's, so the anonymous are asked to sign in
    first."""
    if not request.user.is_authenticated:
        access.refuse(request)
    return access.load(request, perm, selectors.notification_of, pk, recipient=request.user)


def announcement_for(request: HttpRequest, pk: int, perm: str | None = None) -> Announcement:
    """An announcement (public: ``perm=None``), with its region."""
    return access.load(request, perm, selectors.announcement_get, pk)
