"""The evaluation entries of an EDP's section tabs, by role.

Evaluation is not public business: coordinators of the EDP get an
“Evaluation” tab (criteria, panel and assignment, ranking, decisions),
evaluators of the EDP get “My evaluations” with their progress, and everyone
else sees no trace of it. The tabs show exactly what the permissions of the
pages behind them allow, so the same declared permissions decide both.
Declared as this module's tab provider in ``evaluations/apps.py``.
"""

from django.db.models import Count, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from core import permissions
from core.modules import TabLink
from edp.workflow import Action, stage_allows

from .models import Assignment, Evaluation

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


def edp_tabs(request, edp) -> list[TabLink]:
    user = request.user
    if edp is None or not user.is_authenticated:
        return []
    match = getattr(request, "resolver_match", None)
    here = match.url_name if match is not None and match.app_name == "evaluations" else None
    links = []
    if permissions.check(user, "evaluations.manage_panel", edp):
        active = here is not None and here not in EVALUATOR_PAGES
        links.append(TabLink(_("Evaluation"), coordinator_landing(edp), active))
    if permissions.check(user, "evaluations.view_queue", edp):
        done, total = queue_progress(edp, user)
        links.append(
            TabLink(
                _("My evaluations"),
                reverse("evaluations:queue", args=[edp.slug]),
                here in EVALUATOR_PAGES,
                badge=f"{done}/{total}",
                badge_description=_("%(done)s of %(total)s submitted") % {"done": done, "total": total},
                badge_complete=bool(total) and done == total,
            )
        )
    return links
