"""The evaluation entries of an EDP's section tabs, by role.

Evaluation is not public business: coordinators of the EDP get an
“Evaluation” tab (criteria, panel and assignment, ranking, decisions),
evaluators of the EDP get “My evaluations” with their progress, and everyone
else sees no trace of it. The tabs show exactly what the permissions of the
pages behind them allow, so the same ``rules`` permissions decide both.
"""

from django import template
from django.db.models import Count, Q
from django.urls import reverse

from edp.workflow import Action, stage_allows

from ..models import Assignment, Evaluation

register = template.Library()

# The evaluation pages an evaluator works in; every other page of the app is
# the coordinators' (or the public criteria).
EVALUATOR_PAGES = frozenset({"queue", "score", "declare_conflict", "evaluator_post"})


def coordinator_landing(edp) -> str:
    """Where a coordinator's “Evaluation” tab leads: the criteria while they
    are being defined, the panel while ideas are scored, the ranking after."""
    if stage_allows(edp.stage, Action.SCORE_IDEAS):
        name = "evaluations:panel"
    elif stage_allows(edp.stage, Action.SHORTLIST_IDEAS):
        name = "evaluations:ranking"
    elif stage_allows(edp.stage, Action.DEFINE_CRITERIA):
        name = "evaluations:criteria"
    else:
        name = "evaluations:ranking"
    return reverse(name, args=[edp.slug])


def queue_progress(edp, user) -> tuple[int, int]:
    """(submitted, assigned) of the user's active assignments in this EDP: one query."""
    counts = Assignment.objects.filter(edp=edp, evaluator=user, status=Assignment.Status.ACTIVE).aggregate(
        total=Count("id"), done=Count("id", filter=Q(evaluation__status=Evaluation.Status.SUBMITTED))
    )
    return counts["done"], counts["total"]


@register.inclusion_tag("evaluations/_edp_tabs.html", takes_context=True)
def evaluation_tabs(context, edp) -> dict:
    request = context.get("request")
    user = getattr(request, "user", None)
    if edp is None or user is None or not user.is_authenticated:
        return {"show": False}
    coordinates = user.has_perm("evaluations.manage_panel", edp)
    evaluates = user.has_perm("evaluations.view_queue", edp)
    match = getattr(request, "resolver_match", None)
    here = match.url_name if match is not None and match.app_name == "evaluations" else None
    data = {
        "show": coordinates or evaluates,
        "edp": edp,
        "coordinates": coordinates,
        "evaluates": evaluates,
        "coordinator_active": here is not None and here not in EVALUATOR_PAGES and coordinates,
        "evaluator_active": here in EVALUATOR_PAGES,
    }
    if coordinates:
        data["landing"] = coordinator_landing(edp)
    if evaluates:
        data["done"], data["total"] = queue_progress(edp, user)
    return data
