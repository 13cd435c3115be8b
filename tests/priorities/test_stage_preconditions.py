"""Entering action planning: the priorities are published
(priorities/preconditions.py, registered for real)."""

import pytest
from django.utils import timezone

from core.errors import DomainError
from edp import services
from edp.models import StageTransition
from edp.workflow import Stage
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPFactory
from tests.factories.priorities import PrioritySelectionFactory, SelectedPriorityFactory

pytestmark = pytest.mark.django_db


def test_action_planning_refused_until_the_priorities_are_published():
    edp = EDPFactory(stage=Stage.PRIORITY_SELECTION)
    PrioritySelectionFactory(edp=edp)  # settings saved, nothing published
    SelectedPriorityFactory(edp=edp)
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.ACTION_PLANNING)
    assert (
        str(caught.value) == "Cannot start action planning: the smart specialisation priorities are not published yet"
    )
    assert not StageTransition.objects.filter(edp=edp).exists()


def test_action_planning_allowed_once_published():
    edp = EDPFactory(stage=Stage.PRIORITY_SELECTION)
    PrioritySelectionFactory(edp=edp, published_at=timezone.now())
    services.edp_transition(edp=edp, actor=UserFactory(), to_stage=Stage.ACTION_PLANNING)
    edp.refresh_from_db()
    assert edp.stage == Stage.ACTION_PLANNING
