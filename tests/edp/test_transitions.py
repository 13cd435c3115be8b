from datetime import datetime, timedelta

import pytest
from django.utils import timezone

from core import modules
from core.errors import DomainError
from edp import services, workflow
from edp.models import EDPStage, StageTransition
from edp.workflow import STAGE_ORDER, Stage, unmet_preconditions
from tests.factories.accounts import UserFactory
from tests.factories.edp import IdeaFactory, RegionalAssetFactory

from .conftest import make_edp


def ready_for_evaluation(edp) -> None:
    """What the evaluations app requires before evaluation: a grid and a panel."""
    from tests.factories.edp import EDPRoleFactory
    from tests.factories.evaluations import EvaluationCriterionFactory

    EvaluationCriterionFactory(edp=edp, weight=100)
    EDPRoleFactory(edp=edp, role="evaluator")


pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("edp_preconditions_only")]


@pytest.fixture
def actor():
    return UserFactory()


def test_preparation_to_foresight_needs_assets(actor):
    edp = make_edp(Stage.PREPARATION)
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=actor, to_stage=Stage.FORESIGHT)
    assert str(caught.value).startswith("Cannot open technological foresight: the regional assets inventory is empty")
    RegionalAssetFactory(edp=edp)
    services.edp_transition(edp=edp, actor=actor, to_stage=Stage.FORESIGHT, reason="Kick-off held")
    edp.refresh_from_db()
    assert edp.stage == Stage.FORESIGHT
    row = EDPStage.objects.get(edp=edp, stage=Stage.FORESIGHT)
    assert row.opened_at is not None and row.closed_at is None
    assert EDPStage.objects.get(edp=edp, stage=Stage.PREPARATION).closed_at is not None
    last = StageTransition.objects.filter(edp=edp).last()
    assert (last.from_stage, last.to_stage, last.actor, last.reason) == (
        Stage.PREPARATION,
        Stage.FORESIGHT,
        actor,
        "Kick-off held",
    )


def test_evaluation_refused_without_submitted_ideas(actor):
    edp = make_edp(Stage.FORESIGHT)
    IdeaFactory(edp=edp)  # a draft does not count
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=actor, to_stage=Stage.EVALUATION)
    # startswith: other apps (evaluations) add their own conditions after these.
    assert str(caught.value).startswith("Cannot start idea evaluation: no submitted ideas")
    assert StageTransition.objects.filter(edp=edp).count() == 0


def test_evaluation_refused_while_call_for_ideas_is_open(actor):
    close = timezone.make_aware(datetime(timezone.now().year + 1, 5, 12, 18, 0))
    edp = make_edp(Stage.FORESIGHT, ideas_close_at=close)
    IdeaFactory(edp=edp, submitted=True)
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=actor, to_stage=Stage.EVALUATION)
    assert str(caught.value).startswith("Cannot start idea evaluation: the call for ideas closes on 12 May")
    ready_for_evaluation(edp)
    services.edp_update(edp=edp, actor=actor, ideas_close_at=timezone.now() - timedelta(minutes=1))
    services.edp_transition(edp=edp, actor=actor, to_stage=Stage.EVALUATION)
    edp.refresh_from_db()
    assert edp.stage == Stage.EVALUATION


def test_all_reasons_are_given_at_once(actor):
    edp = make_edp(Stage.FORESIGHT, ideas_close_at=timezone.now() + timedelta(days=3))
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=actor, to_stage=Stage.EVALUATION)
    assert "no submitted ideas; the call for ideas closes on" in str(caught.value)


@pytest.mark.parametrize("current", STAGE_ORDER)
def test_stages_cannot_be_skipped_or_repeated(actor, current):
    edp = make_edp(current)
    for target in STAGE_ORDER:
        if workflow.next_stage(current) == target:
            continue
        with pytest.raises(DomainError) as caught:
            services.edp_transition(edp=edp, actor=actor, to_stage=target)
        assert str(caught.value).startswith("Cannot ")


@pytest.mark.parametrize(
    ("current", "target"),
    [
        (a, b)
        for a, b in zip(STAGE_ORDER, STAGE_ORDER[1:], strict=False)
        if b not in (Stage.FORESIGHT, Stage.EVALUATION)
    ],
)
def test_later_transitions_pass_without_registered_preconditions(actor, current, target, monkeypatch):
    monkeypatch.setattr(modules, "preconditions", lambda stage: [])
    edp = make_edp(current)
    services.edp_transition(edp=edp, actor=actor, to_stage=target)
    edp.refresh_from_db()
    assert edp.stage == target


def test_registered_precondition_refuses_with_its_reason(actor, monkeypatch):
    checks = {Stage.CONSULTATION: [lambda e: ["criteria weights total 80%, not 100%"], lambda e: []]}
    monkeypatch.setattr(modules, "preconditions", lambda stage: checks.get(stage, []))
    edp = make_edp(Stage.EVALUATION)
    assert unmet_preconditions(edp, Stage.CONSULTATION) == ["criteria weights total 80%, not 100%"]
    with pytest.raises(DomainError) as caught:
        services.edp_transition(edp=edp, actor=actor, to_stage=Stage.CONSULTATION)
    assert str(caught.value) == "Cannot start the public consultation: criteria weights total 80%, not 100%"


def test_preconditions_come_from_the_modules_and_unknown_stages_are_refused(monkeypatch):
    monkeypatch.undo()  # this module's tests otherwise see only the EDP app's own checks
    assert [(f.__module__, f.__name__) for f in workflow.preconditions_for(Stage.EVALUATION)] == [
        ("edp.preconditions", "evaluation_needs_ideas"),
        ("evaluations.preconditions", "evaluation_needs_criteria_and_panel"),
    ]
    with pytest.raises(ValueError):
        workflow.preconditions_for("no-such-stage")


def test_reopen_needs_a_written_reason_and_an_earlier_stage(actor):
    edp = make_edp(Stage.EVALUATION)
    with pytest.raises(DomainError) as caught:
        services.edp_reopen(edp=edp, actor=actor, to_stage=Stage.FORESIGHT, reason="  ")
    assert caught.value.field == "reason"
    with pytest.raises(DomainError) as caught:
        services.edp_reopen(edp=edp, actor=actor, to_stage=Stage.CONSULTATION, reason="Because we must do it")
    assert caught.value.field == "to_stage"
    services.edp_reopen(
        edp=edp, actor=actor, to_stage=Stage.FORESIGHT, reason="Two districts asked for more time to submit ideas."
    )
    edp.refresh_from_db()
    assert edp.stage == Stage.FORESIGHT
    last = StageTransition.objects.filter(edp=edp).last()
    assert last.is_reopening and last.reason.startswith("Two districts")
    assert EDPStage.objects.get(edp=edp, stage=Stage.EVALUATION).closed_at is not None


def test_stage_plan_refuses_end_before_start(actor):
    edp = make_edp(Stage.PREPARATION)
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.edp_stage_plan(
            edp=edp, actor=actor, stage=Stage.FORESIGHT, planned_start=today, planned_end=today - timedelta(days=1)
        )
    row = services.edp_stage_plan(
        edp=edp, actor=actor, stage=Stage.FORESIGHT, planned_start=today, planned_end=today + timedelta(days=60)
    )
    assert row.planned_end == today + timedelta(days=60)
