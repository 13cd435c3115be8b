import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from edp.models import EDPRole
from edp.workflow import Stage
from plans.choices import PlanStatus
from plans.models import PlanVersion
from plans.selectors import plan_tree
from tests.factories.accounts import UserFactory, give_totp
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.plans import ActionFactory, ActionPlanFactory, IndicatorFactory, ObjectiveFactory
from tests.factories.stakeholders import MembershipFactory, OrganisationFactory, region

ROLES = [
    "anonymous",
    "citizen",
    "stakeholder",
    "responsible",
    "evaluator",
    "moderator",
    "coordinator",
    "other_coordinator",
]


def adopt(plan, when=None):
    """Puts a plan in the adopted-and-monitored state without going through
    the consultation (tests of monitoring need an adopted plan)."""
    when = when or timezone.now()
    PlanVersion.objects.create(
        plan=plan, number=plan.version, snapshot=plan_tree(plan, monitoring=False), adopted_at=when
    )
    plan.status = PlanStatus.MONITORED
    plan.first_adopted_at = when
    plan.save()
    return plan


@pytest.fixture
def world(db):
    """A Pavlodar EDP in monitoring with one adopted plan, and one person per role."""
    edp = EDPFactory(stage=Stage.MONITORING)
    responsible_org = OrganisationFactory(name="Statistics office")
    plan = ActionPlanFactory(priority__edp=edp)
    objective = ObjectiveFactory(plan_priority__challenge__plan=plan)
    action = ActionFactory(objective=objective, lead_organisation=responsible_org)
    indicator = IndicatorFactory(objective=objective, responsible_organisation=responsible_org)
    other_edp = EDPFactory(region=region("kyzylorda"), stage=Stage.MONITORING)

    users = {"anonymous": None, "citizen": UserFactory()}
    users["stakeholder"] = MembershipFactory().user
    users["responsible"] = MembershipFactory(organisation=responsible_org).user
    users["evaluator"] = EDPRoleFactory(edp=edp, role=EDPRole.Role.EVALUATOR).user
    users["moderator"] = EDPRoleFactory(edp=edp, role=EDPRole.Role.MODERATOR).user
    users["coordinator"] = EDPRoleFactory(edp=edp, role=EDPRole.Role.COORDINATOR).user
    users["other_coordinator"] = EDPRoleFactory(edp=other_edp, role=EDPRole.Role.COORDINATOR).user
    for key in ("coordinator", "other_coordinator"):
        give_totp(users[key])
    return {
        "edp": edp,
        "plan": plan,
        "objective": objective,
        "action": action,
        "indicator": indicator,
        "responsible_org": responsible_org,
        "users": users,
    }


@pytest.fixture
def as_role(client, world):
    def login(role):
        user = world["users"][role]
        if user is not None:
            client.force_login(user)
        return client

    return login


def grow_plan(plan, n: int) -> None:
    """Adds n objectives each with an action and two indicators."""
    for _ in range(n):
        objective = ObjectiveFactory(plan_priority__challenge__plan=plan)
        action = ActionFactory(objective=objective)
        action.partners.add(OrganisationFactory(), OrganisationFactory())
        IndicatorFactory(objective=objective)
        indicator = IndicatorFactory(objective=None, action=action, plan=plan, baseline_value=None, baseline_year=None)
        indicator.measurements.create(
            period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 3, 31), value=Decimal(5)
        )
