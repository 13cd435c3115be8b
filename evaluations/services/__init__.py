"""Every write of the evaluation app. Split by concern; import from here."""

from .assignments import (
    AssignResult,
    CapResult,
    assignment_add,
    assignment_recheck_conflict,
    assignment_release,
    assignments_auto,
    conflict_declare,
    evaluator_cap_set,
    explain_shortfall,
)
from .criteria import (
    CriterionInput,
    criteria_add_defaults,
    criteria_freeze,
    criteria_save,
    evaluation_settings_update,
)
from .decisions import candidate_delete, candidate_save, consensus_post, decision_record
from .scoring import EvaluationInvalid, ScoreInput, evaluation_save, justification_field, score_field

__all__ = [
    "AssignResult",
    "CapResult",
    "CriterionInput",
    "EvaluationInvalid",
    "ScoreInput",
    "assignment_add",
    "assignment_recheck_conflict",
    "assignment_release",
    "assignments_auto",
    "candidate_delete",
    "candidate_save",
    "conflict_declare",
    "consensus_post",
    "criteria_add_defaults",
    "criteria_freeze",
    "criteria_save",
    "decision_record",
    "evaluation_save",
    "evaluation_settings_update",
    "evaluator_cap_set",
    "explain_shortfall",
    "justification_field",
    "score_field",
]
