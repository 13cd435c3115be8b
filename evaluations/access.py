"""Load and authorise what an evaluation URL names (``core.access``): one
function per kind of object. An id of another EDP, or of an idea that is
not the evaluator's, is not found (404); a refusal says why (403), or sends
the anonymous to sign in."""

from django.http import Http404, HttpRequest

from core import access, permissions
from edp import selectors as edp_selectors
from edp.models import EDP, Idea

from . import ideas as idea_data
from . import selectors
from .models import Assignment


def edp_for(request: HttpRequest, slug: str, perm: str | None) -> EDP:
    return access.load(request, perm, edp_selectors.edp_get, slug)


def own_assignment_for(request: HttpRequest, slug: str, idea_id: int) -> Assignment:
    """The signed-in evaluator's own active assignment on ``idea_id``.
    Whether the idea is assigned to someone else is not the evaluator's
    business: it is simply not found."""
    edp = edp_for(request, slug, None)
    access.load_in(request, "evaluations.view_queue", edp, selectors.idea_of_edp, idea_id)
    return access.load(request, None, selectors.own_assignment, edp, request.user, idea_id)


def assignment_for(request: HttpRequest, slug: str, assignment_id: int, perm: str = "evaluations.assign") -> Assignment:
    return access.load_in(request, perm, edp_for(request, slug, None), selectors.assignment_of_edp, assignment_id)


def panel_member_for(request: HttpRequest, slug: str, user_id: int) -> tuple[EDP, idea_data.PanelMember]:
    edp = edp_for(request, slug, None)
    return edp, access.load_in(request, "evaluations.manage_panel", edp, selectors.panel_member, user_id)


def submitted_idea_for(request: HttpRequest, slug: str, idea_id: int, perm: str = "evaluations.view_results") -> Idea:
    return access.load_in(request, perm, edp_for(request, slug, None), selectors.submitted_idea, idea_id)


def outcome_for(request: HttpRequest, slug: str, idea_id: int) -> Idea:
    """The idea whose outcome its authors read. To anyone else signed in the
    page does not exist: whose idea it is, and that it was evaluated, is not
    their business (the anonymous are asked to sign in first)."""
    edp = edp_for(request, slug, None)
    idea = access.load(request, None, selectors.idea_of_edp, edp, idea_id)
    decision = permissions.check(request.user, "evaluations.view_outcome", idea)
    if not decision:
        if not request.user.is_authenticated:
            access.refuse(request, decision.reason)
        raise Http404
    return idea
