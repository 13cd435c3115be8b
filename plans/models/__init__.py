from .indicators import Indicator, IndicatorMeasurement
from .plan import ActionPlan, PlanTransition, PlanVersion, SteeringBodyMember
from .tree import Action, ActionStatusUpdate, BudgetLine, Challenge, Objective, PlanPriority

__all__ = [
    "Action",
    "ActionPlan",
    "ActionStatusUpdate",
    "BudgetLine",
    "Challenge",
    "Indicator",
    "IndicatorMeasurement",
    "Objective",
    "PlanPriority",
    "PlanTransition",
    "PlanVersion",
    "SteeringBodyMember",
]

# After the models: declares ActionPlan.lifecycle (plans.lifecycles).
from .. import lifecycles  # noqa: F401
