from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.uploads import private_upload_to

from ..choices import Frequency, IndicatorType, NationalProgramme
from .plan import ActionPlan
from .tree import Action, Objective


class Indicator(models.Model):
    """A typed indicator of an objective (or of one action)."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="indicators")
    objective = models.ForeignKey(
        Objective,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("objective"),
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="indicators", verbose_name=_("action")
    )
    code = models.CharField(
        _("code"), max_length=20, help_text=_("A short reference used in reports and imports, e.g. I-04.")
    )
    name = models.CharField(_("name"), max_length=200)
    type = models.CharField(_("type"), max_length=10, choices=IndicatorType.choices, db_index=True)
    unit = models.CharField(_("unit"), max_length=40)
    baseline_value = models.DecimalField(_("baseline value"), max_digits=18, decimal_places=4, null=True, blank=True)
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"), null=True, blank=True)
    target_value = models.DecimalField(_("target value"), max_digits=18, decimal_places=4)
    target_year = models.PositiveSmallIntegerField(_("target year"))
    frequency = models.CharField(_("reporting frequency"), max_length=20, choices=Frequency.choices)
    data_source = models.CharField(_("data source"), max_length=200)
    responsible_organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.PROTECT,
        related_name="responsible_indicators",
        verbose_name=_("responsible organisation"),
    )
    national_programme = models.CharField(
        _("national programme target served"), max_length=30, choices=NationalProgramme.choices, blank=True, default=""
    )
    national_target = models.CharField(
        _("national target reference"), max_length=200, blank=True, help_text=_("The target's wording or number.")
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "order", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.UniqueConstraint(fields=["plan", "code"], name="indicator_unique_code_per_plan"),
            models.CheckConstraint(
                condition=(
                    models.Q(objective__isnull=False, action__isnull=True)
                    | models.Q(objective__isnull=True, action__isnull=False)
                ),
                name="indicator_one_parent",
            ),
            models.CheckConstraint(
                condition=models.Q(baseline_year__isnull=True) | models.Q(target_year__gte=models.F("baseline_year")),
                name="indicator_years_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def edp(self):
        return self.plan.edp

    def clean(self) -> None:
        errors = {}
        parent = self.objective if self.objective_id else (self.action if self.action_id else None)
        if parent is not None and self.plan_id is not None and parent.plan_id != self.plan_id:
            errors["objective" if self.objective_id else "action"] = _(
                "This belongs to another action plan: choose one from this plan."
            )
        if (self.baseline_value is None) != (self.baseline_year is None):
            errors["baseline_year"] = _("Give both the baseline value and its year, or neither.")
        if self.baseline_year and self.target_year and self.target_year < self.baseline_year:
            errors["target_year"] = _("The target year cannot come before the baseline year.")
        if errors:
            raise ValidationError(errors)


class IndicatorMeasurement(models.Model):
    """The value of an indicator for one reporting period."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    value = models.DecimalField(_("value"), max_digits=18, decimal_places=4)
    comment = models.TextField(_("comment"), blank=True)
    evidence = models.FileField(
        _("evidence file"), upload_to=private_upload_to("plans-evidence"), blank=True, max_length=200
    )
    evidence_name = models.CharField(_("evidence file name"), max_length=160, blank=True)
    evidence_content_type = models.CharField(max_length=100, blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reported_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "period_start"]
        verbose_name = _("indicator measurement")
        verbose_name_plural = _("indicator measurements")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "period_start"], name="measurement_one_per_period"),
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="measurement_period_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.period_start}: {self.value}"

    def clean(self) -> None:
        if self.period_start and self.period_end and self.period_end < self.period_start:
            raise ValidationError({"period_end": _("A period cannot end before it starts.")})
