"""Turning a stored notification into the words one person reads."""

from __future__ import annotations

import logging
from urllib.parse import urljoin

from django.conf import settings
from django.utils.translation import gettext

from .models import Event, Notification
from .payload import thaw
from .registry import Message, get_event_type

logger = logging.getLogger(__name__)


def _thawed(event: Event) -> tuple[object | None, dict, bool]:
    """Target, context and whether the target is gone; cached on the event instance."""
    cached = getattr(event, "_thawed", None)
    if cached is None:
        target = event.target if event.target_type_id else None
        gone = bool(event.target_type_id) and target is None
        cached = (target, thaw(event.context), gone)
        event._thawed = cached  # type: ignore[attr-defined]
    return cached


def render_message(notification: Notification) -> Message:
    """The message in the active language; never raises (a broken strategy must not break the inbox)."""
    event = notification.event
    try:
        event_type = get_event_type(event.key)
    except Exception:
        return Message(subject=event.key)
    target, context, gone = _thawed(event)
    if gone:
        return Message(subject=str(event_type.label), body=gettext("This item is no longer available."))
    try:
        return event_type.render(target, notification.recipient, **context)
    except Exception:
        logger.exception("Rendering %s for notification %s failed", event.key, notification.pk)
        return Message(subject=str(event_type.label))


def render_message_strict(notification: Notification) -> Message:
    """Like render_message but lets a strategy's error through: an email must not go out half-written."""
    event = notification.event
    event_type = get_event_type(event.key)
    target, context, gone = _thawed(event)
    if gone:
        return Message(subject=str(event_type.label), body=gettext("This item is no longer available."))
    return event_type.render(target, notification.recipient, **context)


def absolute_url(url: str) -> str:
    return urljoin(settings.SITE_URL.rstrip("/") + "/", url) if url else settings.SITE_URL


def one_line(text: str) -> str:
    """Email subjects must be a single line."""
    return " ".join(str(text).split())[:200]
