"""Who may see and do what in the evaluation of ideas, and why not.

Blindness is a permission matter, declared here once: only the coordinators
of the EDP see scores and evaluators' identities; an evaluator sees their
own work, and the others' scores only for an idea they have submitted on,
never with names; submitters see the outcome and the feedback, never who
evaluated them. Moderators, facilitators and platform staff see no scores.

Each permission is an ordered list of gates (``core.permissions``): the
stage of the process and the state of the object first, then who the person
is. The stage and state gates are named here because the services raise
them too (:func:`refuse_unless`): one rule, one wording, on the page and in
the service.
"""

from typing import Any

import rules
from django.utils import formats, timezone
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.permissions import Gate, gate, register
from edp.rules import edp_of, is_coordinator, is_evaluator, stage_permits
from edp.workflow import Action


def refuse_unless(g: Gate, obj: Any, *, code: str = "stage") -> None:
    """For services: raise ``g``'s own reason when it refuses ``obj`` (the
    stage and state gates do not depend on who acts)."""
    reason = g.refusal(None, obj)
    if reason:
        raise DomainError(reason, code=code)


def _in_stage(message):
    def reason(user, obj) -> str:
        return message % {"stage": edp_of(obj).get_stage_display()}

    return reason


# --- Predicates ---------------------------------------------------------------
@rules.predicate
def is_assigned_evaluator(user, assignment) -> bool:
    return bool(
        assignment is not None and user.is_authenticated and assignment.evaluator_id == user.pk and assignment.is_active
    )


@rules.predicate
def is_idea_author(user, idea) -> bool:
    """The person who submitted the idea or one of its co-authors."""
    if idea is None or not user.is_authenticated:
        return False
    from .ideas import idea_author_ids

    return user.pk in idea_author_ids(idea)


@rules.predicate
def has_submitted_on(user, idea) -> bool:
    """Submitted their own evaluation of ``idea`` (on an active assignment)."""
    if idea is None or not (user and user.is_authenticated):
        return False
    from .models import Assignment, Evaluation

    return Evaluation.objects.filter(
        assignment__idea=idea,
        assignment__evaluator=user,
        assignment__status=Assignment.Status.ACTIVE,
        status=Evaluation.Status.SUBMITTED,
    ).exists()


def _frozen(edp) -> tuple[Any, str] | None:
    """(when, why) the EDP's criteria were frozen, or None."""
    from .models import EvaluationSettings

    row = (
        EvaluationSettings.objects.filter(edp=edp, criteria_frozen_at__isnull=False)
        .values_list("criteria_frozen_at", "criteria_frozen_reason")
        .first()
    )
    return row


@rules.predicate
def criteria_not_frozen(user, edp) -> bool:
    return _frozen(edp) is None


def _frozen_reason(user, edp) -> str:
    from .models import FreezeReason

    when, why = _frozen(edp) or (timezone.now(), "")
    return _(
        "The criteria are frozen since %(when)s: %(reason)s. Changing them now would make scores incomparable."
    ) % {
        "when": formats.date_format(timezone.localtime(when), "DATETIME_FORMAT"),
        "reason": FreezeReason(why).label if why in FreezeReason.values else why,
    }


@rules.predicate
def scoring_deadline_open(user, assignment) -> bool:
    deadline = _deadline(assignment)
    return deadline is None or timezone.now() <= deadline


def _deadline(assignment):
    from .models import EvaluationSettings

    return EvaluationSettings.objects.filter(edp_id=assignment.edp_id).values_list("deadline", flat=True).first()


def _deadline_reason(user, assignment) -> str:
    return _("The scoring deadline passed on %(when)s. Ask the coordinator if you need more time.") % {
        "when": formats.date_format(timezone.localtime(_deadline(assignment)), "DATETIME_FORMAT")
    }


@rules.predicate
def evaluation_not_submitted(user, assignment) -> bool:
    evaluation = getattr(assignment, "evaluation", None)
    return evaluation is None or not evaluation.is_submitted


# --- Gates the services raise too ------------------------------------------------
CRITERIA_NOT_FROZEN = gate(criteria_not_frozen, _frozen_reason)
CRITERIA_STAGE = gate(
    stage_permits(Action.DEFINE_CRITERIA), _in_stage(_("Criteria cannot be changed in the “%(stage)s” stage."))
)
ASSIGNING_STAGE = gate(
    stage_permits(Action.SCORE_IDEAS),
    _in_stage(_("Evaluators are assigned during idea evaluation; this EDP is in the “%(stage)s” stage.")),
)
SCORING_STAGE = gate(
    stage_permits(Action.SCORE_IDEAS), _in_stage(_("Scoring is closed: this EDP is in the “%(stage)s” stage."))
)
SCORING_DEADLINE = gate(scoring_deadline_open, _deadline_reason)
NOT_SUBMITTED = gate(evaluation_not_submitted, _("You already submitted this evaluation; it can no longer change."))
SHORTLISTING_STAGE = gate(
    stage_permits(Action.SHORTLIST_IDEAS),
    _in_stage(
        _("Decisions on ideas are taken during evaluation or consultation; this EDP is in the “%(stage)s” stage.")
    ),
)

_COORDINATORS_ONLY = _("Only the coordinators of this process run its evaluation of ideas.")
_NOT_YOURS = _("This idea is not assigned to you.")

# Criteria are public: whoever submits an idea should know how it will be judged.
register("evaluations.view_criteria", rules.always_allow)
register("evaluations.change_criteria", CRITERIA_NOT_FROZEN, CRITERIA_STAGE, gate(is_coordinator, _COORDINATORS_ONLY))
register("evaluations.manage_panel", gate(is_coordinator, _COORDINATORS_ONLY))
register("evaluations.assign", ASSIGNING_STAGE, gate(is_coordinator, _COORDINATORS_ONLY))
register("evaluations.view_results", gate(is_coordinator, _COORDINATORS_ONLY))
register("evaluations.decide", SHORTLISTING_STAGE, gate(is_coordinator, _COORDINATORS_ONLY))
register(
    "evaluations.view_queue",
    gate(is_evaluator, _("Only the evaluators of this process have ideas to score here.")),
)
# obj: the evaluator's assignment.
register(
    "evaluations.score",
    SCORING_STAGE,
    SCORING_DEADLINE,
    NOT_SUBMITTED,
    gate(is_assigned_evaluator & is_evaluator, _NOT_YOURS),
)
register(
    "evaluations.declare_conflict",
    gate(
        evaluation_not_submitted,
        _("You already submitted this evaluation; ask the coordinator to review the conflict."),
    ),
    gate(is_assigned_evaluator & is_evaluator, _NOT_YOURS),
)
# obj: the idea.
register(
    "evaluations.view_outcome",
    gate(is_idea_author, _("Only the authors of an idea see the outcome of its evaluation.")),
)
# Before submitting, the discussion would reveal the others' views.
register(
    "evaluations.discuss",
    gate(
        is_coordinator | has_submitted_on,
        _("You can join the discussion once you have submitted your own evaluation of this idea."),
    ),
)
