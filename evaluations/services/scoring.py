"""Scoring: drafts, submission before the deadline, justification at the
extremes of the scale. The first saved score freezes the criteria."""

from collections.abc import Sequence
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core import permissions
from core.errors import DomainError

from ..aggregation import CriterionSpec, weighted_score
from ..models import Assignment, CriterionScore, Evaluation, EvaluationCriterion
from .assignments import assignment_recheck_conflict
from .criteria import criteria_freeze


class EvaluationInvalid(DomainError):
    """Several fields are wrong at once; ``errors`` maps field → message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__(_("Some scores need your attention."), code="invalid")
        self.errors = errors


@dataclass(frozen=True)
class ScoreInput:
    criterion_id: int
    score: int | None
    justification: str = ""


def score_field(criterion_id: int) -> str:
    return f"score_{criterion_id}"


def justification_field(criterion_id: int) -> str:
    return f"justification_{criterion_id}"


def evaluation_save(
    *, actor, assignment: Assignment, scores: Sequence[ScoreInput], comment: str = "", submit: bool = False
) -> Evaluation:
    """Save the evaluator's scores as a draft, or submit them.

    A submission needs every criterion scored, and a justification for each
    score at the lowest or the highest end of its scale (an extreme score
    must say why). Submitted evaluations are final. Locks the assignment row
    so a double click cannot submit twice.

    An evaluator who has become conflicted with the idea since they were
    assigned (they joined the submitting or a partner organisation) is
    refused, and the assignment is released and handed on — that part is
    kept even though the save is refused."""
    refusal = assignment_recheck_conflict(actor=actor, assignment=assignment)
    if refusal:
        raise DomainError(refusal, code="conflict")
    return _evaluation_save(actor=actor, assignment=assignment, scores=scores, comment=comment, submit=submit)


@transaction.atomic
def _evaluation_save(
    *, actor, assignment: Assignment, scores: Sequence[ScoreInput], comment: str, submit: bool
) -> Evaluation:
    assignment = Assignment.objects.select_for_update().select_related("edp").get(pk=assignment.pk)
    edp = assignment.edp
    # Stage, deadline, not yet submitted, and only by the assigned evaluator:
    # the page shows the same reasons (evaluations.rules).
    permissions.require(actor, "evaluations.score", assignment)
    criteria = list(EvaluationCriterion.objects.filter(edp=edp))
    total = sum(c.weight for c in criteria)
    if not criteria or total != 100:
        raise DomainError(
            _("The criteria are not ready (weights total %(total)s%%); the coordinator must fix them first.")
            % {"total": total},
            code="criteria",
        )
    evaluation, _created = Evaluation.objects.get_or_create(assignment=assignment)

    by_id = {c.pk: c for c in criteria}
    given: dict[int, ScoreInput] = {}
    errors: dict[str, str] = {}
    for item in scores:
        criterion = by_id.get(item.criterion_id)
        if criterion is None:
            raise DomainError(_("A score refers to a criterion of another EDP."), code="foreign_criterion")
        if item.score is None:
            continue
        if not criterion.scale_min <= item.score <= criterion.scale_max:
            errors[score_field(criterion.pk)] = _("Choose a score from %(low)s to %(high)s.") % {
                "low": criterion.scale_min,
                "high": criterion.scale_max,
            }
            continue
        given[criterion.pk] = item
    if submit:
        for criterion in criteria:
            item = given.get(criterion.pk)
            if item is None:
                errors.setdefault(score_field(criterion.pk), _("Score this criterion before submitting."))
            elif item.score in (criterion.scale_min, criterion.scale_max) and not item.justification.strip():
                errors[justification_field(criterion.pk)] = _("The lowest and the highest scores need a justification.")
    if errors:
        raise EvaluationInvalid(errors)

    CriterionScore.objects.filter(evaluation=evaluation).exclude(criterion_id__in=given).delete()
    for criterion_id, item in given.items():
        CriterionScore.objects.update_or_create(
            evaluation=evaluation,
            criterion_id=criterion_id,
            defaults={"score": item.score, "justification": item.justification.strip()},
        )
    evaluation.comment = comment.strip()
    if submit:
        specs = [CriterionSpec(c.pk, c.weight, c.scale_min, c.scale_max) for c in criteria]
        evaluation.weighted_score = weighted_score({cid: i.score for cid, i in given.items()}, specs)
        Evaluation.lifecycle.apply(evaluation, "submit", actor=actor, save=False)
        evaluation.submitted_at = timezone.now()
    evaluation.save()
    criteria_freeze(edp=edp)
    return evaluation
