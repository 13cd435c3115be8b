"""Conditions for entering the idea evaluation stage (registered with
edp.workflow in apps.ready): criteria whose weights total 100%, and at least
one evaluator on the panel. Messages follow "Cannot start <stage>: "."""

from django.utils.translation import gettext

from edp.models import EDPRole

from .models import EvaluationCriterion


def evaluation_needs_criteria_and_panel(edp) -> list[str]:
    reasons = []
    weights = list(EvaluationCriterion.objects.filter(edp=edp).values_list("weight", flat=True))
    if not weights:
        reasons.append(gettext("no evaluation criteria are defined"))
    elif sum(weights) != 100:
        reasons.append(
            gettext("the evaluation criteria's weights total %(total)s%%, not 100%%") % {"total": sum(weights)}
        )
    if not EDPRole.objects.filter(edp=edp, role=EDPRole.Role.EVALUATOR).exists():
        reasons.append(gettext("the evaluation panel has no evaluator yet"))
    return reasons


def register() -> None:
    from edp.workflow import Stage, register_precondition

    register_precondition(Stage.EVALUATION, evaluation_needs_criteria_and_panel)
