"""Writing the plan while it is a draft.

Every write checks that the plan is a draft (adopted versions are frozen)
and that each node hangs under a parent of the same plan, so a crafted form
can never attach an action to another plan's objective."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from core.errors import DomainError
from priorities.models import CandidatePriority
from stakeholders.models import Organisation

from ..choices import BudgetSource
from ..models import Action, ActionPlan, BudgetLine, Challenge, Indicator, Objective, PlanPriority, SteeringBodyMember
from ..rules import PLAN_EDITABLE, refuse_unless

PlanNode = Challenge | PlanPriority | Objective | Action | Indicator


def require_editable(plan: ActionPlan) -> None:
    refuse_unless(PLAN_EDITABLE, plan, code="frozen")


def _full_clean(instance: models.Model, exclude: list[str] | None = None) -> None:
    try:
        instance.full_clean(exclude=exclude)
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise DomainError(" ".join(messages), field=None if field == "__all__" else field)


@transaction.atomic
def plan_create(*, priority: CandidatePriority, title: str, vision: str, actor) -> ActionPlan:
    """One plan per selected priority of the EDP."""
    if not priority.is_selected:
        raise DomainError(_("Only a selected priority can get an action plan."), field="priority")
    if ActionPlan.objects.filter(priority=priority).exists():
        raise DomainError(_("This priority already has an action plan."), field="priority")
    plan = ActionPlan(edp=priority.edp, priority=priority, title=title, vision=vision, created_by=actor)
    _full_clean(plan)
    plan.save()
    return plan


@transaction.atomic
def plan_update(*, plan: ActionPlan, title: str, vision: str, actor) -> ActionPlan:
    plan = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    require_editable(plan)
    plan.title, plan.vision = title, vision
    _full_clean(plan)
    plan.save()
    return plan


@transaction.atomic
def steering_member_add(
    *, plan: ActionPlan, organisation: Organisation, person_name: str, role: str, actor
) -> SteeringBodyMember:
    """The steering body can change while the plan is monitored: people move on."""
    if SteeringBodyMember.objects.filter(plan=plan, organisation=organisation).exists():
        raise DomainError(_("This organisation already has a seat on the steering body."), field="organisation")
    member = SteeringBodyMember(plan=plan, organisation=organisation, person_name=person_name, role=role)
    _full_clean(member)
    member.save()
    return member


@transaction.atomic
def steering_member_remove(*, member: SteeringBodyMember, actor) -> None:
    member.delete()


def _locked_plan(plan: ActionPlan) -> ActionPlan:
    # Lock the plan row so a concurrent adoption cannot freeze a half-edited tree.
    locked = ActionPlan.objects.select_for_update().get(pk=plan.pk)
    require_editable(locked)
    return locked


@transaction.atomic
def plan_node_save(*, plan: ActionPlan, node: PlanNode, actor) -> PlanNode:
    """Create or change a challenge, plan priority or objective of a draft plan."""
    _locked_plan(plan)
    if node.pk and type(node).objects.filter(pk=node.pk).exclude(plan=plan).exists():
        raise DomainError(_("This belongs to another action plan."))
    node.plan = plan
    _full_clean(node)
    node.save()
    return node


@transaction.atomic
def plan_node_delete(*, plan: ActionPlan, node: PlanNode, actor) -> None:
    _locked_plan(plan)
    if node.plan_id != plan.pk:
        raise DomainError(_("This belongs to another action plan."))
    node.delete()


@transaction.atomic
def action_save(
    *,
    plan: ActionPlan,
    action: Action,
    partners: list[Organisation],
    budget_by_source: dict[str, Decimal],
    actor,
) -> Action:
    """Saves an action with its partners and budget lines.

    The budget lines by source must add up to the action's budget exactly:
    a plan's budget by source is computed from the lines, its total from the
    actions, and the two must never disagree."""
    _locked_plan(plan)
    if action.pk and Action.objects.filter(pk=action.pk).exclude(plan=plan).exists():
        raise DomainError(_("This belongs to another action plan."))
    unknown = set(budget_by_source) - set(BudgetSource.values)
    if unknown:
        raise DomainError(_("Unknown budget source: %(s)s.") % {"s": ", ".join(sorted(unknown))})
    lines = {source: Decimal(amount) for source, amount in budget_by_source.items() if amount}
    if any(amount < 0 for amount in lines.values()):
        raise DomainError(_("A budget line cannot be negative."), field="budget_kzt")
    total = sum(lines.values(), Decimal(0))
    if total != Decimal(action.budget_kzt or 0):
        raise DomainError(
            _("The budget lines add up to %(lines)s KZT but the action's budget is %(total)s KZT: make them equal.")
            % {"lines": f"{total:,.2f}", "total": f"{Decimal(action.budget_kzt or 0):,.2f}"},
            field="budget_kzt",
        )
    action.plan = plan
    _full_clean(action)
    action.save()
    action.partners.set([p for p in partners if p.pk != action.lead_organisation_id])
    BudgetLine.objects.filter(action=action).exclude(source__in=list(lines)).delete()
    for source, amount in lines.items():
        BudgetLine.objects.update_or_create(action=action, source=source, defaults={"amount_kzt": amount})
    return action


@transaction.atomic
def indicator_save(*, plan: ActionPlan, indicator: Indicator, actor) -> Indicator:
    """Indicators belong to one objective or one action of the plan; a code is
    given when the editor leaves it blank, because imports refer to it."""
    _locked_plan(plan)
    if indicator.pk and Indicator.objects.filter(pk=indicator.pk).exclude(plan=plan).exists():
        raise DomainError(_("This belongs to another action plan."))
    indicator.plan = plan
    if not indicator.code:
        taken = set(Indicator.objects.filter(plan=plan).values_list("code", flat=True))
        n = len(taken) + 1
        while f"I-{n:02d}" in taken:
            n += 1
        indicator.code = f"I-{n:02d}"
    elif Indicator.objects.filter(plan=plan, code__iexact=indicator.code).exclude(pk=indicator.pk).exists():
        raise DomainError(_("Another indicator of this plan already uses this code."), field="code")
    _full_clean(indicator)
    indicator.save()
    return indicator
