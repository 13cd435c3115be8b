"""Reads shared by the bell, the inbox and the preferences page."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import Announcement, Event, Notification, Preference
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


def notification_of(pk: int, *, recipient: Any) -> Notification:
    """One notification of ``recipient`` (DoesNotExist for anyone else's)."""
    return Notification.objects.select_related("event").get(pk=pk, recipient=recipient)


def announcement_get(pk: int) -> Announcement:
    return Announcement.objects.select_related("region").get(pk=pk)


def announcement_event(announcement: Announcement) -> Event | None:
    """The event that announced it (its delivery progress hangs off it)."""
    return Event.objects.filter(
        target_type=ContentType.objects.get_for_model(Announcement),
        target_id=announcement.pk,
        key="notifications.announcement",
    ).first()


def outbox_backlog() -> dict[str, int]:
    """Outbox rows still to be handled by the workers (for metrics and the load test).

    Events whose fan-out has not finished, immediate emails still pending and
    prepared digests not yet sent; three counts on partial indexes. Digest-channel
    deliveries waiting for tomorrow's digest are not a backlog.
    """
    from .models import Delivery, Digest

    return {
        "events": Event.objects.filter(fanned_out_at__isnull=True).count(),
        "emails": Delivery.objects.filter(status=Delivery.Status.PENDING, channel=Delivery.Channel.EMAIL).count(),
        "digests": Digest.objects.filter(sent_at__isnull=True, failed_at__isnull=True).count(),
    }
