"""Conditions this app owns (registered with edp.workflow in apps.ready).

Entering idea evaluation: criteria whose weights total 100%, and at least one
evaluator on the panel. Entering public consultation: something to consult on
(a candidate specialisation) and a decision on every submitted idea. Changing
an idea: not once an evaluator has submitted scores for it. Messages follow
"Cannot start <stage>: "."""

from django.utils.translation import gettext, ngettext

from edp.models import EDPRole, Idea

from .models import CandidateSpecialisation, Evaluation, EvaluationCriterion


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


def consultation_needs_candidates_and_decisions(edp) -> list[str]:
    reasons = []
    if not CandidateSpecialisation.objects.filter(edp=edp).exists():
        reasons.append(gettext("there is no candidate specialisation to consult on; group shortlisted ideas first"))
    undecided = edp.ideas.filter(status=Idea.Status.SUBMITTED, evaluation_decision__isnull=True).count()
    if undecided:
        reasons.append(
            ngettext(
                "%(n)s submitted idea has no decision yet (shortlisted or not retained)",
                "%(n)s submitted ideas have no decision yet (shortlisted or not retained)",
                undecided,
            )
            % {"n": undecided}
        )
    return reasons


def idea_change_refusal(idea) -> str:
    """Why the authors may no longer edit or withdraw ``idea`` ("" if they
    may): evaluators' submitted scores must keep describing the idea they
    read, even when the coordinator reopens foresight."""
    if Evaluation.objects.filter(assignment__idea=idea, status=Evaluation.Status.SUBMITTED).exists():
        return gettext("evaluators have already submitted scores for this idea")
    return ""
