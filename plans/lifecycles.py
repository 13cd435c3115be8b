"""The plan's declared lifecycle (``core.lifecycle``): draft → in
consultation → adopted → monitored, and a new version (back to draft) from
an adopted or monitored plan.

The transitions are named as the services act: ``consult``
(``plan_send_to_consultation``), ``adopt``, ``monitor`` and ``revise``.
Each is the coordinators' during action planning and monitoring
(``plans.transition_plan``); its guards say what must hold first. Other
modules add guards of their own through ``Module.transition_guards`` — a
public council's unanswered recommendations may hold back ``plan.adopt`` —
and the plan page shows their reason like any other."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.lifecycle import Lifecycle, Transition

from .choices import PlanStatus
from .models import ActionPlan


def _ready_for_consultation(plan) -> str:
    from .selectors import plan_problems

    problems = plan_problems(plan)
    if problems:
        return str(_("The plan is not ready for consultation: %(p)s") % {"p": " ".join(problems)})
    return ""


def _consultation_closed(plan) -> str:
    from consultations.models import ConsultationState

    from .selectors import plan_consultation

    consultation = plan_consultation(plan)
    if consultation is not None and consultation.state_at(timezone.now()) in (
        ConsultationState.SCHEDULED,
        ConsultationState.OPEN,
    ):
        return str(_("The public consultation on this plan is still running: adopt the plan once it has closed."))
    return ""


def _ready_for_adoption(plan) -> str:
    from .selectors import plan_problems

    problems = plan_problems(plan)
    if problems:
        return str(_("The plan cannot be adopted: %(p)s") % {"p": " ".join(problems)})
    return ""


RUN_PLANS = "plans.transition_plan"

ActionPlan.lifecycle = Lifecycle(
    name="plan",
    field="status",
    states=PlanStatus,
    transitions=(
        Transition(
            "consult",
            frozenset({PlanStatus.DRAFT}),
            PlanStatus.IN_CONSULTATION,
            _("Send to public consultation"),
            permission=RUN_PLANS,
            guards=(_ready_for_consultation,),
        ),
        Transition(
            "adopt",
            frozenset({PlanStatus.IN_CONSULTATION}),
            PlanStatus.ADOPTED,
            _("Adopt this version"),
            permission=RUN_PLANS,
            guards=(_consultation_closed, _ready_for_adoption),
        ),
        Transition(
            "monitor",
            frozenset({PlanStatus.ADOPTED}),
            PlanStatus.MONITORED,
            _("Start monitoring"),
            permission=RUN_PLANS,
        ),
        Transition(
            "revise",
            frozenset({PlanStatus.ADOPTED, PlanStatus.MONITORED}),
            PlanStatus.DRAFT,
            _("Start a new version"),
            permission=RUN_PLANS,
        ),
    ),
    groups={
        # Only a draft changes; adopted versions are frozen snapshots.
        "editable": frozenset({PlanStatus.DRAFT}),
        "consulted": frozenset({PlanStatus.IN_CONSULTATION}),
        # From consultation on, plans are public.
        "public": frozenset({PlanStatus.IN_CONSULTATION, PlanStatus.ADOPTED, PlanStatus.MONITORED}),
        "adopted": frozenset({PlanStatus.ADOPTED, PlanStatus.MONITORED}),
    },
)
