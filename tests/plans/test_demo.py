import pytest
from django.core.management.base import OutputWrapper

from core.management.commands.load_demo import DEMO_PASSWORD, DemoContext
from edp.workflow import Stage
from plans.choices import IndicatorType, PlanStatus
from plans.models import ActionPlan, Challenge, IndicatorMeasurement, PlanPriority
from plans.selectors import plan_dashboard
from priorities.models import CandidatePriority, PrioritySelection
from tests.factories.edp import EDPFactory


def _load(edp):
    import plans.demo
    import priorities.demo
    import stakeholders.demo

    ctx = DemoContext(OutputWrapper(open("/dev/null", "w")), DEMO_PASSWORD)  # noqa: SIM115
    stakeholders.demo.load(ctx)
    ctx["edp"] = edp
    priorities.demo.load(ctx)
    plans.demo.load(ctx)
    return ctx


@pytest.mark.django_db
@pytest.mark.parametrize("stage", [Stage.FORESIGHT, Stage.MONITORING])
def test_demo_builds_published_priorities_and_a_monitored_plan_idempotently(stage):
    edp = EDPFactory(stage=stage)
    _load(edp)
    counts = (CandidatePriority.objects.count(), IndicatorMeasurement.objects.count(), Challenge.objects.count())
    _load(edp)
    assert (
        CandidatePriority.objects.count(),
        IndicatorMeasurement.objects.count(),
        Challenge.objects.count(),
    ) == counts

    assert PrioritySelection.objects.get(edp=edp).is_published
    assert CandidatePriority.objects.filter(edp=edp, decision="selected").count() in range(3, 9)
    plan = ActionPlan.objects.get(edp=edp)
    assert plan.status == PlanStatus.MONITORED and plan.versions.count() == 1
    assert Challenge.objects.filter(plan=plan).count() == 6
    assert PlanPriority.objects.filter(plan=plan).count() == 10
    assert set(plan.indicators.values_list("type", flat=True)) == set(IndicatorType.values)
    assert plan.actions.values("policy_area").distinct().count() >= 6
    dashboard = plan_dashboard(plan)
    assert dashboard["overdue"], "some reports are left overdue on purpose"
    assert all(row["progress"] is not None for row in dashboard["challenges"])
