"""Scheduled reminders: "your evaluations are due in 48 hours", "the meeting is tomorrow".

An app registers a provider in its ``notification_events.py``; the beat task
``send_scheduled_reminders`` (hourly) asks every provider what is due now and
emits each reminder once::

    from notifications.reminders import Reminder, ReminderProvider, register_reminder


    @register_reminder
    class EvaluationsDueSoon(ReminderProvider):
        key = "evaluations.due_48h"
        event = "evaluations.due_soon"  # a registered EventType key

        def due(self, now):
            window = now + timedelta(hours=48)
            for round_ in EvaluationRound.objects.filter(deadline__gt=now, deadline__lte=window):
                # occurrence: a new deadline is a new reminder, the same one never repeats
                yield Reminder(target=round_, occurrence=f"{round_.pk}:{round_.deadline:%Y%m%d%H%M}")

The recipients and the message are the event type's, as for any event; the
provider only says *when*. ``Reminder.context`` is passed to the event.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import SentReminder

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reminder:
    target: Any
    occurrence: str
    context: dict = field(default_factory=dict)


class ReminderProvider:
    key: ClassVar[str]
    event: ClassVar[str]

    def due(self, now: datetime) -> Iterable[Reminder]:
        """Everything that should be reminded of at ``now`` (already-sent ones are skipped)."""
        raise NotImplementedError


_providers: dict[str, ReminderProvider] = {}


def register_reminder(cls: type[ReminderProvider]) -> type[ReminderProvider]:
    if not getattr(cls, "key", None) or not getattr(cls, "event", None):
        raise ImproperlyConfigured(f"{cls.__name__} needs a key and an event.")
    _providers[cls.key] = cls()
    return cls


def reminder_providers() -> list[ReminderProvider]:
    return list(_providers.values())


def reminders_send(*, now: datetime | None = None) -> int:
    """Emit every due reminder not sent before; returns how many were emitted.

    Each reminder is its own transaction with its ``SentReminder`` row, so a
    crash halfway loses nothing and a rerun repeats nothing.
    """
    from .services import notification_emit

    now = now or timezone.now()
    emitted = 0
    for provider in reminder_providers():
        try:
            due = list(provider.due(now))
        except Exception:
            logger.exception("Reminder provider %s failed", provider.key)
            continue
        sent = set(
            SentReminder.objects.filter(provider=provider.key, occurrence__in=[r.occurrence for r in due]).values_list(
                "occurrence", flat=True
            )
        )
        for reminder in due:
            if reminder.occurrence in sent:
                continue
            try:
                with transaction.atomic():
                    marker = SentReminder.objects.create(provider=provider.key, occurrence=reminder.occurrence)
                    marker.event = notification_emit(event=provider.event, target=reminder.target, **reminder.context)
                    marker.save(update_fields=["event"])
            except IntegrityError:
                continue  # another run sent it a moment ago
            emitted += 1
    return emitted
