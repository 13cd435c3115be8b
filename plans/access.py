"""Load and authorise what a plan URL names (``core.access``): one function
per kind of object. An id of another plan is not found (404) even for
someone who may act on that other plan; a refusal says why (403), or sends
the anonymous to sign in."""

from django.http import Http404, HttpRequest

from core import access, permissions
from edp import selectors as edp_selectors
from edp.models import EDP

from . import selectors
from .models import Action, ActionPlan, Indicator, IndicatorMeasurement, PlanVersion, SteeringBodyMember


def edp_for(request: HttpRequest, slug: str, perm: str | None = None) -> EDP:
    return access.load(request, perm, edp_selectors.edp_get, slug)


def plan_for(request: HttpRequest, pk: int, perm: str = "plans.view_plan") -> ActionPlan:
    return access.load(request, perm, selectors.plan_get, pk)


def _found_plan(pk: int) -> ActionPlan:
    """The plan, not yet authorised: its own things are looked up in it
    first, so another plan's id is a 404 before any refusal."""
    return access.fetch(selectors.plan_get, pk)


def version_for(request: HttpRequest, pk: int, number: int) -> PlanVersion:
    return access.load_in(request, "plans.view_plan", _found_plan(pk), selectors.plan_version, number)


def node_for(request: HttpRequest, pk: int, model, node_pk: int, perm: str = "plans.change_plan"):
    """A node of the plan's tree (challenge … indicator) of kind ``model``."""
    return access.load_in(request, perm, _found_plan(pk), selectors.plan_node, model, node_pk)


def indicator_for(request: HttpRequest, pk: int, indicator_pk: int) -> Indicator:
    return access.load_in(request, "plans.view_plan", _found_plan(pk), selectors.indicator_get, indicator_pk)


def action_for(request: HttpRequest, pk: int, action_pk: int, perm: str = "plans.update_action_status") -> Action:
    action = access.load_in(request, "plans.view_plan", _found_plan(pk), selectors.plan_action, action_pk)
    access.require(request, perm, action)
    return action


def steering_member_for(request: HttpRequest, pk: int, member_pk: int) -> SteeringBodyMember:
    return access.load_in(request, "plans.change_plan", _found_plan(pk), selectors.steering_member, member_pk)


def evidence_for(request: HttpRequest, pk: int, measurement_pk: int) -> IndicatorMeasurement:
    """A measurement whose evidence file this person may download. To
    anyone else the file does not exist: evidence may be commercially
    sensitive, and whether there is any is not theirs to know."""
    measurement = access.load_in(request, "plans.view_plan", _found_plan(pk), selectors.measurement, measurement_pk)
    if not measurement.evidence or not permissions.check(request.user, "plans.view_evidence", measurement.indicator):
        raise Http404
    return measurement
