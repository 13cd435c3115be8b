"""Foresight meetings: workshops, focus groups, roundtables, public hearings."""

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle
from stakeholders.choices import Helix

from .process import EDP


class Topic(models.Model):
    """A theme discussed at meetings of one EDP (e.g. "green hydrogen")."""

    edp = models.ForeignKey(EDP, on_delete=models.CASCADE, related_name="topics", verbose_name=_("EDP"))
    name = models.CharField(_("name"), max_length=80)

    class Meta:
        ordering = ["name"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")
        constraints = [models.UniqueConstraint(fields=["edp", "name"], name="topic_unique_per_edp")]

    def __str__(self) -> str:
        return self.name


class Meeting(models.Model):
    class Kind(models.TextChoices):
        FORESIGHT_WORKSHOP = "foresight_workshop", _("Foresight workshop")
        FOCUS_GROUP = "focus_group", _("Focus group")
        ROUNDTABLE = "roundtable", _("Roundtable")
        PUBLIC_HEARING = "public_hearing", _("Public hearing")
        # A public council's own meetings (councils app).
        COUNCIL_MEETING = "council_meeting", _("Council meeting")
        OFFICE_HOURS = "office_hours", _("Office hours")

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    lifecycle: ClassVar[Lifecycle]  # declared in edp.lifecycles

    # A meeting belongs to an EDP or to a public council (which may have no EDP).
    edp = models.ForeignKey(
        EDP, on_delete=models.CASCADE, null=True, blank=True, related_name="meetings", verbose_name=_("EDP")
    )
    council = models.ForeignKey(
        "councils.Council",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("public council"),
    )
    # Hearings outside the regional capital say where.
    district = models.ForeignKey(
        "stakeholders.District",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    kind = models.CharField(_("type"), max_length=20, choices=Kind.choices, db_index=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    starts_at = models.DateTimeField(_("starts at"), db_index=True)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), default=120)
    venue = models.CharField(_("venue"), max_length=255, blank=True)
    online_url = models.URLField(_("online link"), blank=True)
    capacity = models.PositiveIntegerField(_("capacity"), default=30)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="facilitated_meetings",
        verbose_name=_("facilitator"),
    )
    topics = models.ManyToManyField(Topic, blank=True, related_name="meetings", verbose_name=_("topics"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SCHEDULED)
    cancellation_reason = models.CharField(_("reason for cancelling"), max_length=300, blank=True)
    minutes = models.TextField(_("minutes"), blank=True)
    minutes_published_at = models.DateTimeField(_("minutes published at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(condition=models.Q(capacity__gte=1), name="meeting_capacity_positive"),
            models.CheckConstraint(condition=models.Q(duration_minutes__gte=1), name="meeting_duration_positive"),
            models.CheckConstraint(
                condition=models.Q(edp__isnull=False) | models.Q(council__isnull=False), name="meeting_has_an_owner"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.edp_id is None:
            return reverse("councils:meeting", kwargs={"slug": self.council.slug, "pk": self.pk})
        return reverse("edp:meeting", kwargs={"slug": self.edp.slug, "pk": self.pk})

    @property
    def ends_at(self):
        return self.starts_at + timedelta(minutes=self.duration_minutes)

    @property
    def is_cancelled(self) -> bool:
        return type(self).lifecycle.is_in(self, self.Status.CANCELLED)  # edp/lifecycles.py


class AgendaItem(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    duration_minutes = models.PositiveSmallIntegerField(_("duration (minutes)"), null=True, blank=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")

    def __str__(self) -> str:
        return self.title


class MeetingDecision(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    text = models.TextField(_("decision"))

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("meeting decision")
        verbose_name_plural = _("meeting decisions")

    def __str__(self) -> str:
        return self.text[:60]


class MeetingRegistration(models.Model):
    """A person's seat (or place on the waitlist) at a meeting.

    The helix is recorded at registration (from the organisation the person
    comes for, or their own), so attendance statistics stay true to who was
    in the room even if the person later changes organisation.
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        CANCELLED = "cancelled", _("Cancelled")

    lifecycle: ClassVar[Lifecycle]  # declared in edp.lifecycles

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="registrations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="meeting_registrations")
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("attending for"),
    )
    helix = models.CharField(_("helix"), max_length=20, choices=Helix.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CONFIRMED)
    attended = models.BooleanField(_("present"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    # The waitlist is served in the order people joined it (this moment).
    status_changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("meeting registration")
        verbose_name_plural = _("meeting registrations")
        constraints = [models.UniqueConstraint(fields=["meeting", "user"], name="registration_unique_person")]
        indexes = [models.Index(fields=["meeting", "status", "status_changed_at"])]

    def __str__(self) -> str:
        return f"{self.user} @ {self.meeting} ({self.status})"
