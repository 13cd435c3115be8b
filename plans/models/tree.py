"""The plan's tree: challenges → plan priorities → objectives → actions.

Every node also points at its plan. That makes a whole plan loadable in one
query per level, and lets ``clean()`` refuse a node whose parent belongs to
another plan (the invariant the services rely on)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import ActionStatus, BudgetSource, Instrument, PolicyArea
from .plan import ActionPlan


def _same_plan(node, parent, field: str) -> None:
    if parent is not None and node.plan_id is not None and parent.plan_id != node.plan_id:
        raise ValidationError({field: _("This belongs to another action plan: choose one from this plan.")})


class _TreeNode(models.Model):
    """What challenges, plan priorities and objectives share."""

    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is allowed."))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        abstract = True
        ordering = ["plan", "order", "id"]

    def __str__(self) -> str:
        return self.title


class Challenge(_TreeNode):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="challenges")

    class Meta(_TreeNode.Meta):
        verbose_name = _("challenge")
        verbose_name_plural = _("challenges")


class PlanPriority(_TreeNode):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="plan_priorities")
    challenge = models.ForeignKey(
        Challenge, on_delete=models.CASCADE, related_name="plan_priorities", verbose_name=_("challenge")
    )

    class Meta(_TreeNode.Meta):
        verbose_name = _("plan priority")
        verbose_name_plural = _("plan priorities")

    def clean(self) -> None:
        _same_plan(self, self.challenge if self.challenge_id else None, "challenge")


class Objective(_TreeNode):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="objectives")
    plan_priority = models.ForeignKey(
        PlanPriority, on_delete=models.CASCADE, related_name="objectives", verbose_name=_("plan priority")
    )

    class Meta(_TreeNode.Meta):
        verbose_name = _("objective")
        verbose_name_plural = _("objectives")

    def clean(self) -> None:
        _same_plan(self, self.plan_priority if self.plan_priority_id else None, "plan_priority")


class Action(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="actions")
    objective = models.ForeignKey(
        Objective, on_delete=models.CASCADE, related_name="actions", verbose_name=_("objective")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True, help_text=_("Markdown is allowed."))
    policy_area = models.CharField(_("policy area"), max_length=20, choices=PolicyArea.choices, db_index=True)
    lead_organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.PROTECT,
        related_name="led_plan_actions",
        verbose_name=_("lead organisation"),
    )
    partners = models.ManyToManyField(
        "stakeholders.Organisation", blank=True, related_name="plan_action_partnerships", verbose_name=_("partners")
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    budget_kzt = models.DecimalField(
        _("budget (KZT)"), max_digits=16, decimal_places=2, default=0, validators=[MinValueValidator(0)]
    )
    instrument = models.CharField(
        _("existing instrument used"), max_length=30, choices=Instrument.choices, blank=True, default=""
    )
    instrument_detail = models.CharField(
        _("instrument details"), max_length=200, blank=True, help_text=_("E.g. the call or product line used.")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=ActionStatus.choices, default=ActionStatus.PLANNED, db_index=True
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")), name="action_dates_ordered"
            ),
            models.CheckConstraint(condition=models.Q(budget_kzt__gte=0), name="action_budget_not_negative"),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def edp(self):
        return self.plan.edp

    def clean(self) -> None:
        _same_plan(self, self.objective if self.objective_id else None, "objective")
        if self.start_date and self.end_date and self.end_date < self.start_date:
            raise ValidationError({"end_date": _("An action cannot end before it starts.")})


class BudgetLine(models.Model):
    """The part of an action's budget one source pays; the lines of an action
    add up to its budget (checked by ``action_save``)."""

    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="budget_lines")
    source = models.CharField(_("source"), max_length=20, choices=BudgetSource.choices)
    amount_kzt = models.DecimalField(_("amount (KZT)"), max_digits=16, decimal_places=2)

    class Meta:
        ordering = ["action", "source"]
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        constraints = [
            models.UniqueConstraint(fields=["action", "source"], name="budgetline_one_per_source"),
            models.CheckConstraint(condition=models.Q(amount_kzt__gt=0), name="budgetline_amount_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.action}: {self.get_source_display()} {self.amount_kzt}"


class ActionStatusUpdate(models.Model):
    action = models.ForeignKey(Action, on_delete=models.CASCADE, related_name="status_updates")
    status = models.CharField(_("status"), max_length=20, choices=ActionStatus.choices)
    note = models.TextField(_("note"), blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["action", "-created_at", "-id"]
        verbose_name = _("action status update")
        verbose_name_plural = _("action status updates")
