from typing import ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from core.lifecycle import Lifecycle

DEFAULT_MIN_PRIORITIES = 3
DEFAULT_MAX_PRIORITIES = 8


class Publication(models.TextChoices):
    """Whether the selection is public: read from ``published_at``, moved by
    the selection's lifecycle (``priorities.lifecycles``)."""

    UNPUBLISHED = "unpublished", _("Not published")
    PUBLISHED = "published", _("Published")


class PrioritySelection(models.Model):
    """One EDP's priority-selection settings and its publication.

    The bounds exist because smart specialisation means choosing: fewer than
    three priorities rarely covers a region's discovered strengths, more than
    eight is no longer a choice (Malopolskie ended with seven)."""

    lifecycle: ClassVar[Lifecycle]  # its publication, declared in priorities.lifecycles

    edp = models.OneToOneField(
        "edp.EDP", on_delete=models.CASCADE, related_name="priority_selection", verbose_name=_("EDP")
    )
    min_priorities = models.PositiveSmallIntegerField(_("minimum number of priorities"), default=DEFAULT_MIN_PRIORITIES)
    max_priorities = models.PositiveSmallIntegerField(_("maximum number of priorities"), default=DEFAULT_MAX_PRIORITIES)
    introduction = models.TextField(
        _("introduction"), blank=True, help_text=_("Shown at the top of the public page. Markdown is allowed.")
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True, editable=False)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("priority selection")
        verbose_name_plural = _("priority selections")
        constraints = [
            models.CheckConstraint(condition=models.Q(min_priorities__gte=1), name="priorityselection_min_positive"),
            models.CheckConstraint(
                condition=models.Q(max_priorities__gte=models.F("min_priorities")),
                name="priorityselection_bounds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return str(self.edp)

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def publication(self) -> str:
        return Publication.PUBLISHED if self.is_published else Publication.UNPUBLISHED

    @publication.setter
    def publication(self, state: str) -> None:
        # Only the lifecycle sets this (its ``apply``); the date is the record.
        self.published_at = timezone.now() if Publication(state) is Publication.PUBLISHED else None


class CandidatePriority(models.Model):
    """A potential smart specialisation put to the selection decision.

    It usually stems from one candidate specialisation of the evaluation
    (shortlisted ideas grouped together); the decision and its rationale are
    kept with the history so that anyone can see why it was (not) chosen."""

    lifecycle: ClassVar[Lifecycle]  # its decision, declared in priorities.lifecycles

    class Decision(models.TextChoices):
        PENDING = "pending", _("Not decided yet")
        SELECTED = "selected", _("Selected")
        NOT_SELECTED = "not_selected", _("Not selected")

    edp = models.ForeignKey(
        "edp.EDP", on_delete=models.CASCADE, related_name="candidate_priorities", verbose_name=_("EDP")
    )
    # The evaluation's candidate specialisation this candidate stems from:
    # its ideas, scores and consultation stances are the evidence. Empty for
    # candidates the coordinator adds by hand. One-to-one, because two
    # candidates built on the same group of ideas would split its evidence.
    specialisation = models.OneToOneField(
        "evaluations.CandidateSpecialisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="candidate_priority",
        verbose_name=_("candidate specialisation"),
    )
    title = models.CharField(_("title"), max_length=200)
    summary = models.TextField(_("summary"), blank=True, help_text=_("Markdown is allowed."))
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING, db_index=True
    )
    rationale = models.TextField(_("rationale"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", editable=False
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    # The region facts the coordinator chose as supporting this candidate:
    # only the region's own (``candidate_update`` refuses others), so that
    # the evidence panel shows why this candidate, not every statistic.
    supporting_facts = models.ManyToManyField(
        "edp.RegionFact",
        blank=True,
        related_name="supported_candidates",
        verbose_name=_("region facts that support it"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["edp", "order", "id"]
        verbose_name = _("candidate priority")
        verbose_name_plural = _("candidate priorities")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(decision="pending") | ~models.Q(rationale=""),
                name="candidatepriority_decision_has_rationale",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        specialisation = self.specialisation if self.specialisation_id else None
        if specialisation is not None and self.edp_id and specialisation.edp_id != self.edp_id:
            raise ValidationError({"specialisation": _("This candidate specialisation belongs to another process.")})

    @property
    def is_selected(self) -> bool:
        return CandidatePriority.lifecycle.is_in(self, "selected")


class SteeringCommitteeMember(models.Model):
    """A person on the EDP's steering committee; those with a vote take part
    in the selection next to the coordinator."""

    edp = models.ForeignKey(
        "edp.EDP", on_delete=models.CASCADE, related_name="steering_committee", verbose_name=_("EDP")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="steering_seats", verbose_name=_("person")
    )
    organisation = models.ForeignKey(
        "stakeholders.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("on behalf of"),
    )
    has_vote = models.BooleanField(_("has a vote"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["edp", "id"]
        verbose_name = _("steering committee member")
        verbose_name_plural = _("steering committee members")
        constraints = [models.UniqueConstraint(fields=["edp", "user"], name="steeringmember_unique")]

    def __str__(self) -> str:
        return f"{self.user} – {self.edp}"


class SelectionVote(models.Model):
    """One steering-committee member's vote on one candidate, with a reason."""

    class Choice(models.TextChoices):
        SELECT = "select", _("Select")
        REJECT = "reject", _("Do not select")
        ABSTAIN = "abstain", _("Abstain")

    candidate = models.ForeignKey(
        CandidatePriority, on_delete=models.CASCADE, related_name="votes", verbose_name=_("candidate priority")
    )
    voter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    choice = models.CharField(_("vote"), max_length=10, choices=Choice.choices)
    rationale = models.TextField(_("rationale"))
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["candidate", "created_at"]
        verbose_name = _("selection vote")
        verbose_name_plural = _("selection votes")
        constraints = [models.UniqueConstraint(fields=["candidate", "voter"], name="selectionvote_one_per_person")]

    def __str__(self) -> str:
        return f"{self.voter} – {self.candidate}: {self.choice}"


from . import lifecycles  # noqa: E402, F401  (declares CandidatePriority.lifecycle and PrioritySelection.lifecycle)
