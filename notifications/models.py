"""The notification outbox.

Four tables carry a notification from the service that causes it to the
person's inbox and mailbox:

- ``Event``: "this happened" (event type, target, actor, context), written in
  the caller's transaction. It is the outbox row of the fan-out: until
  ``fanned_out_at`` is set, the sweeper keeps re-dispatching its fan-out.
- ``Notification``: one per recipient: the in-app notification (the bell).
- ``Delivery``: one per notification and email channel (immediately or in the
  digest). Its unique ``idempotency_key`` is what makes a redelivered or
  retried task send nothing twice.
- ``Digest``: one daily email per person, unique per (person, day).

Preferences and reminder bookkeeping complete the app.
"""

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DeliveryMode(models.TextChoices):
    """How a person wants one event type delivered (the preference)."""

    IMMEDIATELY = "immediately", _("Immediately")
    DIGEST = "digest", _("In a daily digest")
    OFF = "off", _("Off")


class Event(models.Model):
    """Something happened that people should hear about: the fan-out outbox row."""

    key = models.CharField(_("event type"), max_length=80, db_index=True)
    target_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    target_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("target_type", "target_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    context = models.JSONField(_("context"), default=dict, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    # Fan-out progress. Recipients are walked in primary-key order; the cursor
    # is the last recipient id already written, so a retried chunk resumes
    # exactly where the last committed one stopped.
    recipients_total = models.PositiveIntegerField(_("recipients (estimated)"), null=True, blank=True)
    recipients_done = models.PositiveIntegerField(_("notifications written"), default=0)
    cursor = models.PositiveBigIntegerField(default=0, editable=False)
    dispatched_at = models.DateTimeField(_("fan-out dispatched at"), null=True, blank=True)
    fanned_out_at = models.DateTimeField(_("fan-out finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification event")
        verbose_name_plural = _("notification events")
        indexes = [
            models.Index(
                fields=["created_at"], name="notif_event_unfinished", condition=models.Q(fanned_out_at__isnull=True)
            ),
            models.Index(fields=["target_type", "target_id"], name="notif_event_target"),
        ]

    def __str__(self) -> str:
        return f"{self.key} #{self.pk}"

    @property
    def progress_percent(self) -> int:
        if self.fanned_out_at:
            return 100
        if not self.recipients_total:
            return 0
        return min(99, int(100 * self.recipients_done / self.recipients_total))


class Notification(models.Model):
    """One person's in-app notification of one event."""

    # No single-column indexes on these two: the unique (event, recipient)
    # and the inbox index (recipient, created_at) lead with them already, and
    # every index slows the 100,000-row fan-out.
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications", db_index=False)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications", db_index=False
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [models.UniqueConstraint(fields=["event", "recipient"], name="notification_once_per_event")]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notif_inbox"),
            models.Index(fields=["recipient"], name="notif_unread", condition=models.Q(read_at__isnull=True)),
        ]

    def __str__(self) -> str:
        return f"{self.event.key} → {self.recipient_id}"

    @property
    def is_read(self) -> bool:
        return self.read_at is not None


class Digest(models.Model):
    """The one daily digest email of one person."""

    recipient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    failed_at = models.DateTimeField(_("failed at"), null=True, blank=True)

    class Meta:
        ordering = ["-day", "-id"]
        verbose_name = _("daily digest")
        verbose_name_plural = _("daily digests")
        constraints = [models.UniqueConstraint(fields=["recipient", "day"], name="digest_once_per_day")]
        indexes = [
            models.Index(fields=["created_at"], name="notif_digest_unsent", condition=models.Q(sent_at__isnull=True))
        ]

    def __str__(self) -> str:
        return f"{self.recipient_id} {self.day}"


class Delivery(models.Model):
    """One notification on one email channel: the delivery outbox row."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email, immediately")
        DIGEST = "digest", _("Email, daily digest")

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    # Indexed by the unique (notification, channel) below.
    notification = models.ForeignKey(Notification, on_delete=models.CASCADE, related_name="deliveries", db_index=False)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    # Sent as the email's Message-ID too, so that even a mail relay that sees
    # the same message twice can recognise it.
    idempotency_key = models.UUIDField(_("idempotency key"), default=uuid.uuid4, unique=True, editable=False)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    dispatched_at = models.DateTimeField(_("dispatched at"), null=True, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    digest = models.ForeignKey(
        Digest,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="deliveries",
        verbose_name=_("digest"),
        db_index=False,  # see the partial index below: fan-out inserts (no digest yet) skip it
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("email delivery")
        verbose_name_plural = _("email deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notification", "channel"], name="delivery_once_per_channel"),
        ]
        indexes = [
            models.Index(
                fields=["channel", "created_at"], name="notif_delivery_pending", condition=models.Q(status="pending")
            ),
            models.Index(fields=["digest"], name="notif_delivery_digest", condition=models.Q(digest__isnull=False)),
        ]

    def __str__(self) -> str:
        return f"{self.channel} {self.idempotency_key}"


class Preference(models.Model):
    """A person's choice for one event type. Absent means the event's default."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_preferences"
    )
    event = models.CharField(_("event type"), max_length=80)
    mode = models.CharField(_("delivery"), max_length=12, choices=DeliveryMode.choices)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("notification preference")
        verbose_name_plural = _("notification preferences")
        constraints = [models.UniqueConstraint(fields=["user", "event"], name="preference_once_per_event")]
        indexes = [models.Index(fields=["event", "user"], name="notif_pref_event")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.event}={self.mode}"


class SentReminder(models.Model):
    """Remembers that a reminder went out, so the hourly run never repeats it."""

    provider = models.CharField(_("reminder"), max_length=80)
    occurrence = models.CharField(_("occurrence"), max_length=200)
    event = models.ForeignKey(Event, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("sent reminder")
        verbose_name_plural = _("sent reminders")
        constraints = [models.UniqueConstraint(fields=["provider", "occurrence"], name="reminder_once")]

    def __str__(self) -> str:
        return f"{self.provider} {self.occurrence}"


class Announcement(models.Model):
    """A message from platform staff to the residents of a region (or to everyone)."""

    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("message"))
    region = models.ForeignKey(
        "stakeholders.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
        help_text=_("Leave empty to tell everyone on the platform."),
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("announcement")
        verbose_name_plural = _("announcements")

    def __str__(self) -> str:
        return self.title
