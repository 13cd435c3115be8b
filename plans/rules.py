"""Who may do what with action plans, and why not.

A draft plan is working material of the EDP team; from consultation on,
plans are public. Measurements are reported by the members of the
indicator's responsible organisation (or the coordinator), only once the plan
has been adopted and the EDP is in its monitoring stage.

The stage and state gates are named here because the services raise them
too (:func:`refuse_unless`): one rule, one wording, on the page and in the
service. The plan's own moves (consultation, adoption, monitoring, a new
version) are its lifecycle, ``plans.lifecycles``."""

from typing import Any

import rules
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError
from core.permissions import Gate, gate, register
from edp.rules import edp_of, is_coordinator, is_facilitator, is_staff, stage_permits
from edp.workflow import Action as WorkflowAction
from stakeholders.rules import is_org_member


def refuse_unless(g: Gate, obj: Any, *, code: str = "stage") -> None:
    """For services: raise ``g``'s own reason when it refuses ``obj`` (the
    stage and state gates do not depend on who acts)."""
    reason = g.refusal(None, obj)
    if reason:
        raise DomainError(reason, code=code)


def _plan_of(obj):
    if obj is None:
        return None
    return obj if hasattr(obj, "first_adopted_at") else getattr(obj, "plan", None)


def _in_stage(message):
    def reason(user, obj) -> str:
        return message % {"stage": edp_of(obj).get_stage_display()}

    return reason


@rules.predicate
def plan_is_public(user, obj) -> bool:
    plan = _plan_of(obj)
    return plan is not None and (type(plan).lifecycle.is_in(plan, "public") or plan.first_adopted_at is not None)


@rules.predicate
def plan_is_editable(user, obj) -> bool:
    plan = _plan_of(obj)
    return plan is not None and type(plan).lifecycle.is_in(plan, "editable")


def _frozen_reason(user, obj) -> str:
    plan = _plan_of(obj)
    if type(plan).lifecycle.is_in(plan, "consulted"):
        return str(_("The plan is in public consultation: it cannot change while people comment on it."))
    return _("Version %(n)s of this plan was adopted and is frozen: start a new version to change it.") % {
        "n": plan.version
    }


@rules.predicate
def plan_was_adopted(user, obj) -> bool:
    plan = _plan_of(obj)
    return plan is not None and plan.first_adopted_at is not None


@rules.predicate
def is_responsible_member(user, indicator) -> bool:
    org = getattr(indicator, "responsible_organisation", None)
    return org is not None and is_org_member(user, org)


@rules.predicate
def is_lead_member(user, action) -> bool:
    org = getattr(action, "lead_organisation", None)
    return org is not None and is_org_member(user, org)


# --- Gates the services raise too ------------------------------------------------
PLANNING_STAGE = gate(
    stage_permits(WorkflowAction.EDIT_PLANS),
    _in_stage(_("Action plans are written during action planning and monitoring; this process is in “%(stage)s”.")),
)
PLAN_EDITABLE = gate(plan_is_editable, _frozen_reason)
MONITORING_STAGE = gate(
    stage_permits(WorkflowAction.REPORT_MEASUREMENTS),
    _in_stage(_("Progress is reported during the monitoring stage; this process is in “%(stage)s”.")),
)
PLAN_ADOPTED = gate(plan_was_adopted, _("Measurements can be reported once the plan has been adopted."))

_COORDINATORS = _("Only the coordinators of this process write and run its action plans.")

register(
    "plans.view_plan",
    gate(
        plan_is_public | is_coordinator | is_facilitator | is_staff,
        _("This action plan is a draft: until it goes to public consultation only the team of the process sees it."),
    ),
)
# obj is the EDP for creation, the plan for the rest.
register("plans.add_plan", PLANNING_STAGE, gate(is_coordinator, _COORDINATORS))
register("plans.change_plan", PLANNING_STAGE, gate(is_coordinator, _COORDINATORS))
register("plans.transition_plan", PLANNING_STAGE, gate(is_coordinator, _COORDINATORS))
register(
    "plans.report_measurement",
    MONITORING_STAGE,
    PLAN_ADOPTED,
    gate(
        is_responsible_member | is_coordinator,
        _("Only the members of the organisation responsible for this indicator, or the coordinators, report it."),
    ),
)
register(
    "plans.update_action_status",
    MONITORING_STAGE,
    PLAN_ADOPTED,
    gate(
        is_lead_member | is_coordinator,
        _("Only the lead organisation of this action, or the coordinators, update its status."),
    ),
)
register("plans.import_measurements", MONITORING_STAGE, PLAN_ADOPTED, gate(is_coordinator, _COORDINATORS))
register(
    "plans.view_evidence",
    gate(
        is_responsible_member | is_coordinator | is_facilitator | is_staff,
        _("Only the responsible organisation and the team of the process see the evidence files."),
    ),
)
