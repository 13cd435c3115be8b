"""Reads shared by the bell, the inbox and the preferences page."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import Notification, Preference
from .registry import EventType, event_types


def unread_count(*, user: Any) -> int:
    return Notification.objects.filter(recipient=user, read_at__isnull=True).count()


def inbox(*, user: Any, unread_only: bool = False) -> QuerySet[Notification]:
    """The person's notifications, newest first; the event and its target come along."""
    qs = Notification.objects.filter(recipient=user).select_related("event").prefetch_related("event__target")
    if unread_only:
        qs = qs.filter(read_at__isnull=True)
    return qs


def preference_table(*, user: Any) -> list[tuple[EventType, str]]:
    """Every event type with the person's current choice (or its default)."""
    chosen = dict(Preference.objects.filter(user=user).values_list("event", "mode"))
    return [
        (et, et.default_delivery if et.mandatory else chosen.get(et.key, et.default_delivery)) for et in event_types()
    ]
