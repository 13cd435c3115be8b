"""Event types: one small strategy per kind of notification.

Every app declares the notifications it causes in ``<app>/notification_events.py``
(autodiscovered when Django starts, see ``NotificationsConfig.ready``)::

    from django.utils.translation import gettext, gettext_lazy as _

    from notifications.registry import EventType, Message, register


    @register
    class IdeaDecided(EventType):
        key = "evaluations.idea_decided"
        label = _("My idea received a decision")
        group = _("Ideas")

        def recipients(self, target, **context):
            # A queryset, never a list: fan-out walks it in chunks.
            return User.objects.filter(pk=target.author_id)

        def render(self, target, recipient, **context):
            # Called inside translation.override(recipient's language).
            return Message(
                subject=gettext("Your idea “%(title)s” received a decision") % {"title": target.title},
                body=context.get("feedback", ""),
                url=target.get_absolute_url(),
            )

and the service that causes it calls, inside its transaction::

    notification_emit(event="evaluations.idea_decided", target=idea, actor=coordinator, feedback=text)

``render`` output is plain text: the email and the in-app list escape it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from .models import DeliveryMode

if TYPE_CHECKING:
    from django.db.models import QuerySet
    from django_stubs_ext import StrOrPromise

    from accounts.models import User


@dataclass(frozen=True)
class Message:
    """What a person reads: a subject line, plain-text body and a link (a path or absolute URL)."""

    subject: str
    body: str = ""
    url: str = ""


class EventType:
    """Strategy base class: who hears about an event, and what they read.

    Class attributes:
        key: unique dotted name, ``<app>.<what_happened>``; what callers pass as ``event=``.
        label: shown on the preferences page ("Someone replied to my comment").
        group: heading the event is listed under on the preferences page.
        default_delivery: ``DeliveryMode`` used until the person chooses otherwise.
        mandatory: security-relevant mails (invitations, role changes) that
            cannot be turned off or delayed: always delivered immediately.
        notify_actor: whether the person who caused the event hears about it.
    """

    key: ClassVar[str]
    label: ClassVar[StrOrPromise]
    group: ClassVar[StrOrPromise] = _("General")
    description: ClassVar[StrOrPromise] = ""
    default_delivery: ClassVar[str] = DeliveryMode.IMMEDIATELY
    mandatory: ClassVar[bool] = False
    notify_actor: ClassVar[bool] = False

    @property
    def can_turn_off(self) -> bool:
        return not self.mandatory

    def recipients(self, target: Any, **context: Any) -> QuerySet[User]:
        """The people to notify, as a ``User`` queryset (filterable, not sliced or unioned).

        It is walked in primary-key chunks, so it may cover 100,000 people.
        Inactive and deleted accounts are left out by the fan-out.
        """
        raise NotImplementedError

    def render(self, target: Any, recipient: User, **context: Any) -> Message:
        """The message for one recipient, in the active language (the recipient's).

        ``target`` is None when the target was deleted since the event; model
        instances passed in the context are loaded again (None if deleted).
        """
        raise NotImplementedError

    def __repr__(self) -> str:
        return f"<EventType {self.key}>"


_registry: dict[str, EventType] = {}


def register(cls: type[EventType]) -> type[EventType]:
    """Class decorator: make an event type known under its ``key``."""
    key = getattr(cls, "key", None)
    if not key or not getattr(cls, "label", None):
        raise ImproperlyConfigured(f"{cls.__name__} needs a key and a label.")
    existing = _registry.get(key)
    if existing is not None and type(existing).__qualname__ != cls.__qualname__:
        raise ImproperlyConfigured(f"Two event types share the key {key!r}: {type(existing)!r} and {cls!r}.")
    if cls.default_delivery not in DeliveryMode.values:
        raise ImproperlyConfigured(f"{cls.__name__}.default_delivery must be a DeliveryMode.")
    if cls.mandatory and cls.default_delivery != DeliveryMode.IMMEDIATELY:
        raise ImproperlyConfigured(f"{cls.__name__} is mandatory, so it is delivered immediately.")
    _registry[key] = cls()
    return cls


def get_event_type(key: str) -> EventType:
    try:
        return _registry[key]
    except KeyError:
        raise ImproperlyConfigured(
            f"Unknown notification event {key!r}: register it in <app>/notification_events.py."
        ) from None


def event_types() -> list[EventType]:
    """All registered event types, grouped and in a stable order (for the preferences page)."""
    return sorted(_registry.values(), key=lambda et: (str(et.group), str(et.label)))
