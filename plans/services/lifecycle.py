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

from ..choices import IndicatorType, PlanStatus
from ..models import ActionPlan, PlanTransition, PlanVersion


def _lock(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update().select_related("edp").get(pk=plan.pk)


def _record(plan: ActionPlan, from_status: str, actor, reason: str = "") -> None:
    PlanTransition.objects.create(
        plan=plan, from_status=from_status, to_status=plan.status, version=plan.version, actor=actor, reason=reason
    )


def _refuse_unless(plan: ActionPlan, *allowed: str) -> None:
    if plan.status not in allowed:
        raise DomainError(
            _("This cannot be done while the plan is “%(status)s”.") % {"status": PlanStatus(plan.status).label},
            code="bad_transition",
        )


def plan_problems(plan: ActionPlan) -> list[str]:
    """What must be fixed before a plan can go out for consultation or adoption."""
    problems = []
    if not plan.vision.strip():
        problems.append(_("The plan has no vision statement."))
    if not plan.challenges.exists():
        problems.append(_("The plan has no challenge."))
    if not plan.actions.exists():
        problems.append(_("The plan has no action."))
    if not plan.indicators.filter(type=IndicatorType.OUTCOME).exists():
        problems.append(_("The plan has no outcome indicator: say what should change, not only what is delivered."))
    return problems


@transaction.atomic
def plan_send_to_consultation(*, plan: ActionPlan, actor, opens_at: datetime, closes_at: datetime) -> ActionPlan:
    """Opens a public consultation (consultations app) whose items are the
    plan's challenges, each with its priorities, objectives and actions."""
    from consultations.services import consultation_create_from

    plan = _lock(plan)
    _refuse_unless(plan, PlanStatus.DRAFT)
    problems = plan_problems(plan)
    if problems:
        raise DomainError(_("The plan is not ready for consultation: %(p)s") % {"p": " ".join(problems)})
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
    plan.status = PlanStatus.IN_CONSULTATION
    plan.save(update_fields=["consultation_id", "status", "updated_at"])
    _record(plan, PlanStatus.DRAFT, actor)
    return plan


def plan_consultation(plan: ActionPlan):
    if plan.consultation_id is None:
        return None
    from consultations.models import Consultation

    return Consultation.objects.filter(pk=plan.consultation_id).first()


@transaction.atomic
def plan_adopt(*, plan: ActionPlan, actor, note: str = "") -> PlanVersion:
    """Adopts the plan after its consultation and freezes this version."""
    from consultations.models import ConsultationState

    from ..selectors import plan_tree

    plan = _lock(plan)
    _refuse_unless(plan, PlanStatus.IN_CONSULTATION)
    consultation = plan_consultation(plan)
    if consultation is not None and consultation.state_at(timezone.now()) in (
        ConsultationState.SCHEDULED,
        ConsultationState.OPEN,
    ):
        raise DomainError(
            _("The public consultation on this plan is still running: adopt the plan once it has closed."),
            code="consultation_open",
        )
    problems = plan_problems(plan)
    if problems:
        raise DomainError(_("The plan cannot be adopted: %(p)s") % {"p": " ".join(problems)})
    now = timezone.now()
    version = PlanVersion.objects.create(
        plan=plan,
        number=plan.version,
        snapshot=plan_tree(plan, monitoring=False),
        note=note,
        adopted_by=actor,
        adopted_at=now,
    )
    plan.status = PlanStatus.ADOPTED
    plan.first_adopted_at = plan.first_adopted_at or now
    plan.save(update_fields=["status", "first_adopted_at", "updated_at"])
    _record(plan, PlanStatus.IN_CONSULTATION, actor, note)
    return version


@transaction.atomic
def plan_start_monitoring(*, plan: ActionPlan, actor) -> ActionPlan:
    plan = _lock(plan)
    _refuse_unless(plan, PlanStatus.ADOPTED)
    plan.status = PlanStatus.MONITORED
    plan.save(update_fields=["status", "updated_at"])
    _record(plan, PlanStatus.ADOPTED, actor)
    return plan


@transaction.atomic
def plan_revise(*, plan: ActionPlan, actor, reason: str) -> ActionPlan:
    """Opens the next version of an adopted plan as a draft; the adopted
    versions stay readable and measurements continue to be reported."""
    plan = _lock(plan)
    _refuse_unless(plan, PlanStatus.ADOPTED, PlanStatus.MONITORED)
    if not reason.strip():
        raise DomainError(_("Say why the adopted plan needs to change."), field="reason")
    from_status = plan.status
    plan.status = PlanStatus.DRAFT
    plan.version += 1
    plan.consultation_id = None
    plan.save(update_fields=["status", "version", "consultation_id", "updated_at"])
    _record(plan, from_status, actor, reason)
    return plan
