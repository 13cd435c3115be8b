"""Who may do what with action plans.

A draft plan is working material of the EDP team; from consultation on,
plans are public. Measurements are reported by the members of the
indicator's responsible organisation (or the coordinator), only once the plan
has been adopted and the EDP is in its monitoring stage."""

import rules

from edp.rules import edp_of, is_coordinator, is_facilitator, is_staff, stage_permits
from edp.workflow import Action as WorkflowAction
from stakeholders.rules import is_org_member


def _plan_of(obj):
    if obj is None:
        return None
    return obj if hasattr(obj, "first_adopted_at") else getattr(obj, "plan", None)


@rules.predicate
def plan_is_public(user, obj) -> bool:
    plan = _plan_of(obj)
    return plan is not None and (plan.status != "draft" or plan.first_adopted_at is not None)


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


@rules.predicate
def in_edp(user, obj) -> bool:
    return edp_of(obj) is not None


can_edit = is_coordinator & stage_permits(WorkflowAction.EDIT_PLANS)
in_monitoring = stage_permits(WorkflowAction.REPORT_MEASUREMENTS) & plan_was_adopted

rules.add_perm("plans.view_plan", plan_is_public | is_coordinator | is_facilitator | is_staff)
# obj is the EDP for creation, the plan for the rest.
rules.add_perm("plans.add_plan", can_edit)
rules.add_perm("plans.change_plan", can_edit)
rules.add_perm("plans.transition_plan", can_edit)
rules.add_perm("plans.report_measurement", in_monitoring & (is_responsible_member | is_coordinator))
rules.add_perm("plans.update_action_status", in_monitoring & (is_lead_member | is_coordinator))
rules.add_perm("plans.import_measurements", in_monitoring & is_coordinator)
rules.add_perm("plans.view_evidence", is_responsible_member | is_coordinator | is_facilitator | is_staff)
