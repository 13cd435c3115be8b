"""The plan's lifecycle: draft → in consultation → adopted → monitored.

Adoption freezes a snapshot of the whole plan (``PlanVersion``); changing an
adopted plan goes through ``plan_revise``, which opens the next version as a
draft. Indicators and their measurements keep their identity across
versions, so monitoring history is never split."""

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError

from ..models import ActionPlan, PlanTransition, PlanVersion
from ..selectors import plan_consultation, plan_problems

__all__ = [
    "plan_adopt",
    "plan_consultation",
    "plan_problems",
    "plan_revise",
    "plan_send_to_consultation",
    "plan_start_monitoring",
]


def _lock(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().select_related("edp").get(pk=plan.pk)


def _move(plan: ActionPlan, transition: str, actor, *, reason: str = "", update_fields: tuple[str, ...] = ()) -> None:
    """Moves the locked plan along its lifecycle (which refuses with the
    reason: the status, a guard — this app's or another module's — or who
    acts) and records who, when and why."""
    previous = ActionPlan.lifecycle.apply(plan, transition, actor=actor, update_fields=(*update_fields, "updated_at"))
    PlanTransition.objects.create(
        plan=plan, from_status=previous, to_status=plan.status, version=plan.version, actor=actor, reason=reason
    )


@transaction.atomic
def plan_send_to_consultation(*, plan: ActionPlan, actor, opens_at: datetime, closes_at: datetime) -> ActionPlan:
    """Opens a public consultation (consultations app) whose items are the
    plan's challenges, each with its priorities, objectives and actions."""
    from consultations.services import consultation_create_from

    plan = _lock(plan)
    reason = ActionPlan.lifecycle.refusal(plan, "consult", actor)
    if reason:
        raise DomainError(reason, code="transition_refused")
    consultation = consultation_create_from(
        edp=plan.edp,
        actor=actor,
        sources=list(plan.challenges.order_by("order", "id")),
        title=_("Draft action plan “%(title)s” (version %(n)s)") % {"title": plan.title, "n": plan.version},
        introduction=plan.vision,
        opens_at=opens_at,
        closes_at=closes_at,
    )
    plan.consultation_id = consultation.pk
    _move(plan, "consult", actor, update_fields=("consultation_id",))
    return plan


@transaction.atomic
def plan_adopt(*, plan: ActionPlan, actor, note: str = "") -> PlanVersion:
    """Adopts the plan after its consultation and freezes this version.
    Every guard of ``plan.adopt`` must hold, including those other modules
    declare (``Module.transition_guards``)."""
    from ..selectors import plan_tree

    plan = _lock(plan)
    now = timezone.now()
    snapshot = plan_tree(plan, monitoring=False)
    plan.first_adopted_at = plan.first_adopted_at or now
    _move(plan, "adopt", actor, reason=note, update_fields=("first_adopted_at",))
    return PlanVersion.objects.create(
        plan=plan, number=plan.version, snapshot=snapshot, note=note, adopted_by=actor, adopted_at=now
    )


@transaction.atomic
def plan_start_monitoring(*, plan: ActionPlan, actor) -> ActionPlan:
    plan = _lock(plan)
    _move(plan, "monitor", actor)
    return plan


@transaction.atomic
def plan_revise(*, plan: ActionPlan, actor, reason: str) -> ActionPlan:
    """Opens the next version of an adopted plan as a draft; the adopted
    versions stay readable and measurements continue to be reported."""
    plan = _lock(plan)
    if not reason.strip():
        refusal = ActionPlan.lifecycle.refusal(plan, "revise", actor)
        raise DomainError(refusal or _("Say why the adopted plan needs to change."), field="reason")
    plan.version += 1
    plan.consultation_id = None
    _move(plan, "revise", actor, reason=reason, update_fields=("version", "consultation_id"))
    return plan
