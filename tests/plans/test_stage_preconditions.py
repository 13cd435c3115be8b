"""Entering monitoring: an action plan has been adopted
(plans/preconditions.py, registered for real); and reopening any earlier
stage is never held back by the conditions for entering it."""

import pytest
from django.utils import timezone

from core.errors import DomainError
from edp import services
from edp.models import StageTransition
from edp.workflow import STAGE_ORDER, Stage
from plans.choices import PlanStatus
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPFactory
from tests.factories.plans import ActionPlanFactory
from tests.factories.priorities import SelectedPriorityFactory

pytestmark = pytest.mark.django_db


def test_monitoring_refused_while_every_plan_is_a_draft():
    edp = EDPFactory(stage=Stage.ACTION_PLANNING)
    ActionPlanFactory(priority=SelectedPriorityFactory(edp=edp))
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.MONITORING)
    assert str(caught.value) == "Cannot start monitoring: no action plan has been adopted yet"
    assert not StageTransition.objects.filter(edp=edp).exists()


def test_monitoring_allowed_with_an_adopted_plan_even_while_its_next_version_is_drafted():
    edp = EDPFactory(stage=Stage.ACTION_PLANNING)
    ActionPlanFactory(
        priority=SelectedPriorityFactory(edp=edp), status=PlanStatus.DRAFT, version=2, first_adopted_at=timezone.now()
    )
    services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.MONITORING)
    edp.refresh_from_db()
    assert edp.stage == Stage.MONITORING


@pytest.mark.parametrize("target", STAGE_ORDER[:-1])
def test_reopening_is_not_held_back_by_entry_conditions(target):
    # Nothing in place at all: every forward move from here would be refused.
    edp = EDPFactory(stage=Stage.MONITORING)
    services.edp_reopen(
        edp=edp, actor=UserFactory(), to_stage=target, reason="The steering committee asked to revisit this stage."
    )
    edp.refresh_from_db()
    assert edp.stage == target
    assert StageTransition.objects.get(edp=edp).is_reopening
