from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle

from ..choices import PlanStatus, SteeringRole


class ActionPlan(models.Model):
    """The integrated action plan of one selected priority (Normandy model:
    vision → challenges → priorities → objectives → actions → indicators).

    There is one live plan per priority. Adopting it freezes a snapshot
    (``PlanVersion``); changing an adopted plan opens the next version as a
    draft while the adopted snapshots stay readable."""

    lifecycle: ClassVar[Lifecycle]  # declared in plans.lifecycles

    edp = models.ForeignKey("edp.EDP", on_delete=models.CASCADE, related_name="action_plans", verbose_name=_("EDP"))
    priority = models.OneToOneField(
        "priorities.CandidatePriority",
        on_delete=models.PROTECT,
        related_name="action_plan",
        verbose_name=_("priority"),
    )
    title = models.CharField(_("title"), max_length=200)
    vision = models.TextField(
        _("vision"), blank=True, help_text=_("Where the region wants to be. Markdown is allowed.")
    )
    status = models.CharField(_("status"), max_length=20, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    consultation_id = models.PositiveBigIntegerField(null=True, blank=True, editable=False)
    first_adopted_at = models.DateTimeField(_("first adopted at"), null=True, blank=True, editable=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["edp", "id"]
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        indexes = [models.Index(fields=["edp", "status"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_editable(self) -> bool:
        return ActionPlan.lifecycle.is_in(self, "editable")

    @property
    def has_been_adopted(self) -> bool:
        return self.first_adopted_at is not None


class SteeringBodyMember(models.Model):
    """A seat on the plan's public-private steering body. The helix comes
    from the organisation, so the body's mix is always what it really is."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="steering_members")
    organisation = models.ForeignKey(
        "stakeholders.Organisation", on_delete=models.PROTECT, related_name="+", verbose_name=_("organisation")
    )
    person_name = models.CharField(_("representative"), max_length=120, blank=True)
    role = models.CharField(_("role"), max_length=20, choices=SteeringRole.choices, default=SteeringRole.MEMBER)

    class Meta:
        ordering = ["plan", "role", "id"]
        verbose_name = _("steering body member")
        verbose_name_plural = _("steering body members")
        constraints = [models.UniqueConstraint(fields=["plan", "organisation"], name="steeringbody_one_seat_per_org")]

    def __str__(self) -> str:
        return f"{self.organisation} ({self.get_role_display()})"


class PlanVersion(models.Model):
    """A frozen, readable copy of the plan as adopted."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("snapshot"))
    note = models.TextField(_("note"), blank=True)
    adopted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    adopted_at = models.DateTimeField(_("adopted at"))

    class Meta:
        ordering = ["plan", "number"]
        verbose_name = _("adopted plan version")
        verbose_name_plural = _("adopted plan versions")
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="planversion_unique_number")]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"


class PlanTransition(models.Model):
    """Who moved the plan through its lifecycle, when and why."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="transitions")
    from_status = models.CharField(max_length=20, choices=PlanStatus.choices)
    to_status = models.CharField(max_length=20, choices=PlanStatus.choices)
    version = models.PositiveSmallIntegerField()
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["plan", "created_at", "id"]
