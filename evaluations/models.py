"""Evaluation of ideas: criteria, the panel's assignments and scores, and the
coordinator's decisions (shortlist, not retained, candidate specialisations)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FreezeReason(models.TextChoices):
    SCORING_STARTED = "scoring_started", _("scoring has started (an evaluator saved the first scores)")


class EvaluationSettings(models.Model):
    """How one EDP evaluates its ideas."""

    edp = models.OneToOneField(
        "edp.EDP", on_delete=models.CASCADE, related_name="evaluation_settings", verbose_name=_("EDP")
    )
    reviewers_per_idea = models.PositiveSmallIntegerField(
        _("evaluators per idea"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("How many panel members score each idea."),
    )
    max_load = models.PositiveSmallIntegerField(
        _("most ideas per evaluator"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit: the workload is balanced anyway."),
    )
    deadline = models.DateTimeField(_("scoring deadline"), null=True, blank=True)
    disagreement_threshold = models.PositiveSmallIntegerField(
        _("disagreement threshold (points out of 100)"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_(
            "An idea is flagged for a consensus discussion when its evaluators' weighted scores "
            "differ by at least this many points."
        ),
    )
    criteria_frozen_at = models.DateTimeField(_("criteria frozen at"), null=True, blank=True, editable=False)
    criteria_frozen_reason = models.CharField(
        _("why the criteria are frozen"), max_length=20, choices=FreezeReason.choices, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation settings")
        verbose_name_plural = _("evaluation settings")

    def __str__(self) -> str:
        return str(self.edp)


class EvaluationCriterion(models.Model):
    """One criterion of an EDP's evaluation grid, weighted in percent."""

    edp = models.ForeignKey(
        "edp.EDP", on_delete=models.CASCADE, related_name="evaluation_criteria", verbose_name=_("EDP")
    )
    key = models.SlugField(
        _("key"), max_length=40, blank=True, help_text=_("Set for the criteria offered by default.")
    )
    name = models.CharField(_("name"), max_length=150)
    guidance = models.TextField(_("guidance for evaluators"), blank=True)
    weight = models.PositiveSmallIntegerField(
        _("weight (%)"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    scale_min = models.SmallIntegerField(_("lowest score"), default=1)
    scale_max = models.SmallIntegerField(_("highest score"), default=5)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["edp", "position", "id"]
        verbose_name = _("evaluation criterion")
        verbose_name_plural = _("evaluation criteria")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scale_max__gt=models.F("scale_min")), name="criterion_scale_ordered"
            ),
            models.CheckConstraint(
                condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_percent"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.scale_min is not None and self.scale_max is not None and self.scale_max <= self.scale_min:
            raise ValidationError({"scale_max": _("The highest score must be above the lowest score.")})
        if self.scale_max is not None and self.scale_min is not None and self.scale_max - self.scale_min > 100:
            raise ValidationError({"scale_max": _("A scale may have at most 101 steps.")})

    @property
    def scale(self) -> range:
        return range(self.scale_min, self.scale_max + 1)


class CandidateSpecialisation(models.Model):
    """A group of related ideas proposed as a potential smart specialisation.

    The output of evaluation and the input of public consultation and of
    priority selection (DOMAIN.md: "a small number of potential smart
    specialisations")."""

    edp = models.ForeignKey(
        "edp.EDP", on_delete=models.CASCADE, related_name="candidate_specialisations", verbose_name=_("EDP")
    )
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    rationale = models.TextField(
        _("rationale"), help_text=_("Why these ideas together make a potential smart specialisation.")
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["edp", "position", "id"]
        verbose_name = _("candidate specialisation")
        verbose_name_plural = _("candidate specialisations")
        constraints = [models.UniqueConstraint(fields=["edp", "title"], name="candidate_unique_title_per_edp")]

    def __str__(self) -> str:
        return self.title
