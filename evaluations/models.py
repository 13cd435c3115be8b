"""Evaluation of ideas: criteria, the panel's assignments and scores, and the
coordinator's decisions (shortlist, not retained, candidate specialisations)."""

from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle, Transition


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
        help_text=_(
            "Leave empty for no limit: the workload is balanced anyway. A personal cap set on the panel page "
            "replaces it for that evaluator."
        ),
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
    key = models.SlugField(_("key"), max_length=40, blank=True, help_text=_("Set for the criteria offered by default."))
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
            models.CheckConstraint(condition=models.Q(weight__gte=1, weight__lte=100), name="criterion_weight_percent"),
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
    ideas = models.ManyToManyField(
        "edp.Idea", blank=True, related_name="candidate_specialisations", verbose_name=_("grouped ideas")
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


class EvaluatorCap(models.Model):
    """A personal limit on how many ideas one evaluator of the panel may
    hold (someone who can only review three). It replaces the EDP-wide
    maximum for that person, so it can be lower or higher; automatic
    assignment and assignment by hand both respect it."""

    edp = models.ForeignKey("edp.EDP", on_delete=models.CASCADE, related_name="evaluator_caps", verbose_name=_("EDP"))
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("evaluator")
    )
    max_ideas = models.PositiveSmallIntegerField(
        _("most ideas for this evaluator"),
        validators=[MaxValueValidator(500)],
        help_text=_("Replaces the EDP-wide maximum for this person; 0 means no new ideas for now."),
    )
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personal cap of an evaluator")
        verbose_name_plural = _("personal caps of evaluators")
        constraints = [models.UniqueConstraint(fields=["edp", "evaluator"], name="evaluator_cap_once_per_edp")]

    def __str__(self) -> str:
        return f"{self.evaluator} ≤ {self.max_ideas}"


class Assignment(models.Model):
    """An evaluator asked to score an idea. Released, not deleted, when a
    conflict is declared or the coordinator takes it back, so the record of
    who was asked stays."""

    lifecycle: ClassVar[Lifecycle]  # declared after the class

    class Status(models.TextChoices):
        ACTIVE = "active", _("Active")
        RELEASED = "released", _("Released")

    class Source(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic")
        MANUAL = "manual", _("By the coordinator")

    edp = models.ForeignKey("edp.EDP", on_delete=models.CASCADE, related_name="assignments", verbose_name=_("EDP"))
    idea = models.ForeignKey(
        "edp.Idea", on_delete=models.CASCADE, related_name="evaluation_assignments", verbose_name=_("idea")
    )
    evaluator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="evaluation_assignments",
        verbose_name=_("evaluator"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE)
    source = models.CharField(_("assigned"), max_length=10, choices=Source.choices, default=Source.AUTOMATIC)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)
    release_reason = models.TextField(_("why it was released"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [models.UniqueConstraint(fields=["idea", "evaluator"], name="assignment_once_per_idea")]
        indexes = [
            models.Index(fields=["edp", "evaluator", "status"]),
            models.Index(fields=["idea", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.idea} → {self.evaluator}"

    @property
    def is_active(self) -> bool:
        return Assignment.lifecycle.is_in(self, "active")


# Released, not deleted: the record of who was asked stays. A coordinator may
# assign a released evaluator again by hand (``assignment_add``).
Assignment.lifecycle = Lifecycle(
    name="assignment",
    field="status",
    states=Assignment.Status,
    transitions=(
        Transition("release", frozenset({Assignment.Status.ACTIVE}), Assignment.Status.RELEASED, _("Take back")),
        Transition("reassign", frozenset({Assignment.Status.RELEASED}), Assignment.Status.ACTIVE, _("Assign again")),
    ),
    groups={"active": frozenset({Assignment.Status.ACTIVE})},
)


class ConflictOfInterest(models.Model):
    """A conflict an evaluator declared on an idea. Conflicts that follow
    from the idea itself (the evaluator's organisation submitted it or is a
    partner, or the evaluator is an author) are computed, not stored, so they
    can never be out of date."""

    edp = models.ForeignKey("edp.EDP", on_delete=models.CASCADE, related_name="declared_conflicts")
    idea = models.ForeignKey("edp.Idea", on_delete=models.CASCADE, related_name="declared_conflicts")
    evaluator = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.TextField(_("reason"))
    declared_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("declared conflict of interest")
        verbose_name_plural = _("declared conflicts of interest")
        constraints = [models.UniqueConstraint(fields=["idea", "evaluator"], name="conflict_once_per_idea")]

    def __str__(self) -> str:
        return f"{self.evaluator} ✕ {self.idea}"


class Evaluation(models.Model):
    """One evaluator's scores for one idea: a draft until submitted."""

    lifecycle: ClassVar[Lifecycle]  # declared after the class

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    assignment = models.OneToOneField(Assignment, on_delete=models.CASCADE, related_name="evaluation")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    comment = models.TextField(_("overall comment"), blank=True)
    weighted_score = models.DecimalField(
        _("weighted score (out of 100)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return str(self.assignment)

    @property
    def is_submitted(self) -> bool:
        return Evaluation.lifecycle.is_in(self, "final")


# A draft until submitted; a submitted evaluation is final (its scores count
# and others have read them). Who may submit is ``evaluations.score``, asked
# by the scoring service on the assignment.
Evaluation.lifecycle = Lifecycle(
    name="evaluation",
    field="status",
    states=Evaluation.Status,
    transitions=(Transition("submit", frozenset({Evaluation.Status.DRAFT}), Evaluation.Status.SUBMITTED, _("Submit")),),
    groups={"final": frozenset({Evaluation.Status.SUBMITTED})},
)


class CriterionScore(models.Model):
    evaluation = models.ForeignKey(Evaluation, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(EvaluationCriterion, on_delete=models.PROTECT, related_name="scores")
    score = models.SmallIntegerField(_("score"))
    justification = models.TextField(_("justification"), blank=True)

    class Meta:
        verbose_name = _("criterion score")
        verbose_name_plural = _("criterion scores")
        constraints = [models.UniqueConstraint(fields=["evaluation", "criterion"], name="score_once_per_criterion")]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.score}"


class IdeaDecision(models.Model):
    """The coordinator's decision on an idea, with its rationale; the
    history keeps every change of mind."""

    class Outcome(models.TextChoices):
        SHORTLISTED = "shortlisted", _("Shortlisted")
        NOT_RETAINED = "not_retained", _("Not retained")

    edp = models.ForeignKey("edp.EDP", on_delete=models.CASCADE, related_name="idea_decisions")
    idea = models.OneToOneField("edp.Idea", on_delete=models.CASCADE, related_name="evaluation_decision")
    outcome = models.CharField(_("decision"), max_length=15, choices=Outcome.choices, db_index=True)
    rationale = models.TextField(_("rationale"), help_text=_("Why: recorded and shown to the coordinators."))
    feedback = models.TextField(
        _("feedback to the submitter"),
        blank=True,
        help_text=_("Shown to the people who submitted the idea. Required when it is not retained."),
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(_("decided at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("decision on an idea")
        verbose_name_plural = _("decisions on ideas")

    def __str__(self) -> str:
        return f"{self.idea}: {self.get_outcome_display()}"

    @property
    def is_shortlisted(self) -> bool:
        return self.outcome == self.Outcome.SHORTLISTED


class ConsensusMessage(models.Model):
    """A message in the private consensus discussion of a flagged idea,
    among its evaluators and the coordinators."""

    edp = models.ForeignKey("edp.EDP", on_delete=models.CASCADE, related_name="+")
    idea = models.ForeignKey("edp.Idea", on_delete=models.CASCADE, related_name="consensus_messages")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    body = models.TextField(_("message"), max_length=4000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("consensus message")
        verbose_name_plural = _("consensus messages")

    def __str__(self) -> str:
        return self.body[:60]
