"""Criteria and settings of an EDP's evaluation.

Criteria are frozen once scoring starts: a score given against one grid
cannot be compared with a score given against another, so a change after the
first saved evaluation is refused with the moment and the reason."""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from edp.models import EDP

from ..defaults import DEFAULT_CRITERIA
from ..models import EvaluationCriterion, EvaluationSettings, FreezeReason
from ..rules import CRITERIA_NOT_FROZEN, CRITERIA_STAGE, refuse_unless


@dataclass(frozen=True)
class CriterionInput:
    """One row of the criteria grid as the coordinator submitted it."""

    id: int | None
    name: str
    guidance: str
    weight: int
    scale_min: int = 1
    scale_max: int = 5
    delete: bool = False


def locked_settings(edp: EDP) -> EvaluationSettings:
    """The EDP's settings row, created if needed and locked: every write
    that must not race (grid, assignments) takes this lock first."""
    settings, _created = EvaluationSettings.objects.get_or_create(edp=edp)
    return EvaluationSettings.objects.select_for_update().get(pk=settings.pk)


def _check_criteria_editable(edp: EDP, settings: EvaluationSettings) -> None:
    """Called with the settings row locked, so the freeze cannot race."""
    refuse_unless(CRITERIA_NOT_FROZEN, edp, code="criteria_frozen")
    refuse_unless(CRITERIA_STAGE, edp)


@transaction.atomic
def criteria_add_defaults(*, actor, edp: EDP) -> list[EvaluationCriterion]:
    """Add the six smart-specialisation criteria (in kk/ru/en) to an EDP
    that has none yet."""
    settings = locked_settings(edp)
    _check_criteria_editable(edp, settings)
    if EvaluationCriterion.objects.filter(edp=edp).exists():
        raise DomainError(
            _("This EDP already has criteria: edit them, or delete them all before adding the defaults."),
            code="criteria_exist",
        )
    return create_default_criteria(edp)


def create_default_criteria(edp: EDP) -> list[EvaluationCriterion]:
    """The default grid in every language (no checks: callers check)."""
    created = []
    for position, default in enumerate(DEFAULT_CRITERIA):
        criterion = EvaluationCriterion(edp=edp, key=default.key, weight=default.weight, position=position)
        for lang, text in default.name.items():
            setattr(criterion, f"name_{lang}", text)
        for lang, text in default.guidance.items():
            setattr(criterion, f"guidance_{lang}", text)
        criterion.full_clean(exclude=["edp"])
        criterion.save()
        created.append(criterion)
    return created


@transaction.atomic
def criteria_save(*, actor, edp: EDP, rows: Sequence[CriterionInput]) -> list[EvaluationCriterion]:
    """Replace the grid in one go: the weights of the kept criteria must
    total 100, so a coordinator can move weight between criteria without
    passing through an invalid grid. Ids that are not this EDP's criteria
    are refused."""
    settings = locked_settings(edp)
    _check_criteria_editable(edp, settings)
    existing = {c.pk: c for c in EvaluationCriterion.objects.filter(edp=edp)}
    kept = [r for r in rows if not r.delete]
    for row in rows:
        if row.id is not None and row.id not in existing:
            raise DomainError(_("One of the criteria does not belong to this EDP."), code="foreign_criterion")
    if not kept:
        raise DomainError(_("Keep at least one criterion."), code="no_criteria")
    total = sum(r.weight for r in kept)
    if total != 100:
        raise DomainError(
            _("The weights total %(total)s%%; they must total exactly 100%%.") % {"total": total}, code="weights"
        )
    names = [r.name.strip().casefold() for r in kept]
    if len(set(names)) != len(names):
        raise DomainError(_("Two criteria have the same name."), code="duplicate_name")
    saved = []
    for row in rows:
        if row.delete and row.id is not None:
            existing[row.id].delete()
    for position, row in enumerate(kept):
        criterion = existing[row.id] if row.id is not None else EvaluationCriterion(edp=edp)
        criterion.name = row.name.strip()
        criterion.guidance = row.guidance
        criterion.weight = row.weight
        criterion.scale_min = row.scale_min
        criterion.scale_max = row.scale_max
        criterion.position = position
        criterion.full_clean(exclude=["edp"])
        criterion.save()
        saved.append(criterion)
    return saved


def criteria_freeze(*, edp: EDP, reason: str = FreezeReason.SCORING_STARTED, when: datetime | None = None) -> None:
    """Freeze the grid (idempotent). Called inside the transaction that saves
    the first score."""
    EvaluationSettings.objects.get_or_create(edp=edp)
    EvaluationSettings.objects.filter(edp=edp, criteria_frozen_at__isnull=True).update(
        criteria_frozen_at=when or timezone.now(), criteria_frozen_reason=reason
    )


@transaction.atomic
def evaluation_settings_update(
    *,
    actor,
    edp: EDP,
    reviewers_per_idea: int,
    max_load: int | None,
    deadline: datetime | None,
    disagreement_threshold: int,
) -> EvaluationSettings:
    settings = locked_settings(edp)
    if deadline is not None and deadline <= timezone.now() and deadline != settings.deadline:
        raise DomainError(_("The deadline must be in the future."), field="deadline", code="deadline_past")
    settings.reviewers_per_idea = reviewers_per_idea
    settings.max_load = max_load
    settings.deadline = deadline
    settings.disagreement_threshold = disagreement_threshold
    settings.full_clean(exclude=["edp"])
    settings.save()
    return settings
