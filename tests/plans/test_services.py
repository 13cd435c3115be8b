import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from core.errors import DomainError
from plans import services
from plans.choices import BudgetSource, Frequency, IndicatorType, PlanStatus, PolicyArea
from plans.models import Action, BudgetLine, Indicator, Objective, PlanTransition
from plans.selectors import label_tree, plan_tree
from tests.factories.accounts import UserFactory
from tests.factories.edp import EDPRoleFactory
from tests.factories.plans import (
    ActionFactory,
    ActionPlanFactory,
    ChallengeFactory,
    IndicatorFactory,
    ObjectiveFactory,
    PlanPriorityFactory,
)
from tests.factories.priorities import CandidatePriorityFactory
from tests.factories.stakeholders import OrganisationFactory

pytestmark = pytest.mark.django_db


def _action(objective, **overrides):
    values = {
        "objective": objective,
        "title": "Train process engineers",
        "policy_area": PolicyArea.EDUCATION,
        "lead_organisation": OrganisationFactory(),
        "start_date": datetime.date(2026, 1, 1),
        "end_date": datetime.date(2026, 12, 31),
        "budget_kzt": Decimal("300"),
    }
    values.update(overrides)
    return Action(**values)


def test_plan_only_for_a_selected_priority():
    with pytest.raises(DomainError, match="selected priority"):
        services.plan_create(priority=CandidatePriorityFactory(), title="x", vision="", actor=None)


def test_one_plan_per_priority():
    plan = ActionPlanFactory()
    with pytest.raises(DomainError, match="already has"):
        services.plan_create(priority=plan.priority, title="again", vision="", actor=None)


def test_action_cannot_belong_to_another_plans_objective():
    plan = ActionPlanFactory()
    foreign_objective = ObjectiveFactory()  # in another plan
    action = _action(foreign_objective)
    with pytest.raises(DomainError, match="another action plan"):
        services.action_save(plan=plan, action=action, partners=[], budget_by_source={"regional": 300}, actor=None)
    assert not Action.objects.exists()


def test_existing_action_cannot_be_moved_to_another_plan():
    action = ActionFactory()
    other_plan = ActionPlanFactory()
    with pytest.raises(DomainError, match="another action plan"):
        services.action_save(
            plan=other_plan, action=action, partners=[], budget_by_source={"regional": 1000000}, actor=None
        )


def test_objective_must_hang_under_a_priority_of_the_same_plan():
    plan = ActionPlanFactory()
    objective = Objective(plan_priority=PlanPriorityFactory(), title="Elsewhere")
    with pytest.raises(DomainError, match="another action plan"):
        services.plan_node_save(plan=plan, node=objective, actor=None)


def test_indicator_of_another_plans_action_is_refused():
    plan = ActionPlanFactory()
    indicator = Indicator(
        action=ActionFactory(),
        code="",
        name="x",
        type=IndicatorType.OUTPUT,
        unit="u",
        target_value=1,
        target_year=2030,
        frequency=Frequency.YEARLY,
        data_source="s",
        responsible_organisation=OrganisationFactory(),
    )
    with pytest.raises(DomainError, match="another action plan"):
        services.indicator_save(plan=plan, indicator=indicator, actor=None)


def test_action_dates_must_be_ordered():
    objective = ObjectiveFactory()
    action = _action(objective, start_date=datetime.date(2027, 1, 1), end_date=datetime.date(2026, 1, 1))
    with pytest.raises(DomainError, match="cannot end before"):
        services.action_save(
            plan=objective.plan, action=action, partners=[], budget_by_source={"regional": 300}, actor=None
        )


def test_action_dates_constraint_holds_in_the_database():
    action = ActionFactory()
    action.end_date = action.start_date - datetime.timedelta(days=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        action.save()


def test_budget_lines_must_sum_to_the_action_budget():
    objective = ObjectiveFactory()
    action = _action(objective)
    with pytest.raises(DomainError, match="add up to 250.00 KZT"):
        services.action_save(
            plan=objective.plan,
            action=action,
            partners=[],
            budget_by_source={"regional": 200, "private": 50},
            actor=None,
        )
    assert not Action.objects.exists()
    saved = services.action_save(
        plan=objective.plan, action=action, partners=[], budget_by_source={"regional": 200, "private": 100}, actor=None
    )
    assert {(line.source, line.amount_kzt) for line in saved.budget_lines.all()} == {
        (BudgetSource.REGIONAL, Decimal(200)),
        (BudgetSource.PRIVATE, Decimal(100)),
    }


def test_changing_budget_replaces_lines_and_keeps_the_sum():
    action = ActionFactory(budget_kzt=Decimal(1000000))
    action.budget_kzt = Decimal(500)
    services.action_save(plan=action.plan, action=action, partners=[], budget_by_source={"national": 500}, actor=None)
    assert list(BudgetLine.objects.filter(action=action).values_list("source", "amount_kzt")) == [("national", 500)]


def test_lead_is_not_also_a_partner():
    objective = ObjectiveFactory()
    lead, partner = OrganisationFactory(), OrganisationFactory()
    action = services.action_save(
        plan=objective.plan,
        action=_action(objective, lead_organisation=lead),
        partners=[lead, partner],
        budget_by_source={"regional": 300},
        actor=None,
    )
    assert list(action.partners.all()) == [partner]


def test_indicator_gets_a_code_and_codes_are_unique_per_plan():
    objective = ObjectiveFactory()

    def new(code=""):
        return Indicator(
            objective=objective,
            code=code,
            name="Jobs",
            type=IndicatorType.OUTCOME,
            unit="jobs",
            target_value=10,
            target_year=2030,
            frequency=Frequency.YEARLY,
            data_source="BNS",
            responsible_organisation=OrganisationFactory(),
        )

    first = services.indicator_save(plan=objective.plan, indicator=new(), actor=None)
    assert first.code == "I-01"
    with pytest.raises(DomainError, match="already uses this code"):
        services.indicator_save(plan=objective.plan, indicator=new("i-01"), actor=None)


def test_indicator_baseline_needs_value_and_year_together():
    indicator = IndicatorFactory.build(baseline_year=None, objective=ObjectiveFactory())
    indicator.plan = indicator.objective.plan
    with pytest.raises(ValidationError):
        indicator.full_clean()


def test_indicator_has_exactly_one_parent_in_the_database():
    indicator = IndicatorFactory()
    indicator.action = ActionFactory(objective=indicator.objective)
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator.save()


def _ready_plan():
    indicator = IndicatorFactory(type=IndicatorType.OUTCOME)
    ActionFactory(objective=indicator.objective)
    return indicator.plan


def test_adopted_plan_is_frozen_and_a_revision_opens_a_new_version():
    plan = _ready_plan()
    # The plan's lifecycle moves are the coordinators', during action planning and monitoring.
    plan.edp.stage = "action_planning"
    plan.edp.save(update_fields=["stage"])
    coordinator = EDPRoleFactory(edp=plan.edp, role="coordinator", user=UserFactory()).user
    plan.status = PlanStatus.IN_CONSULTATION
    plan.save()
    version = services.plan_adopt(plan=plan, actor=coordinator, note="Adopted by the maslikhat")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED and version.number == 1 and plan.first_adopted_at
    with pytest.raises(DomainError, match="frozen"):
        services.plan_node_save(plan=plan, node=ChallengeFactory.build(plan=plan), actor=coordinator)
    with pytest.raises(DomainError, match="frozen"):
        services.plan_update(plan=plan, title="New", vision="v", actor=coordinator)

    with pytest.raises(DomainError, match="Say why"):
        services.plan_revise(plan=plan, actor=coordinator, reason=" ")
    services.plan_revise(plan=plan, actor=coordinator, reason="New national programme")
    plan.refresh_from_db()
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, 2)
    services.plan_update(plan=plan, title="Renamed plan", vision="New vision", actor=coordinator)
    # the adopted version keeps what was adopted
    version.refresh_from_db()
    assert version.snapshot["plan"]["title"] != "Renamed plan"
    assert version.snapshot["plan"]["version"] == 1
    assert len(version.snapshot["challenges"]) == 1
    assert list(PlanTransition.objects.filter(plan=plan).values_list("to_status", flat=True)) == ["adopted", "draft"]


def test_adoption_only_after_consultation():
    plan = _ready_plan()
    with pytest.raises(DomainError, match="cannot be done at the status “Draft”"):
        services.plan_adopt(plan=plan, actor=None)


def test_plan_without_outcome_indicator_cannot_be_adopted():
    indicator = IndicatorFactory(type=IndicatorType.OUTPUT)
    ActionFactory(objective=indicator.objective)
    plan = indicator.plan
    plan.status = PlanStatus.IN_CONSULTATION
    plan.save()
    with pytest.raises(DomainError, match="no outcome indicator"):
        services.plan_adopt(plan=plan, actor=None)


def test_consultation_on_the_plan_then_adoption_after_it_closes():
    from django.utils import timezone

    from consultations.models import Consultation

    plan = _ready_plan()
    plan.edp.stage = "action_planning"
    plan.edp.save()
    now = timezone.now()
    services.plan_send_to_consultation(plan=plan, actor=None, opens_at=now, closes_at=now + datetime.timedelta(days=30))
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_CONSULTATION
    consultation = Consultation.objects.get(pk=plan.consultation_id)
    assert [i.title for i in consultation.items.all()] == [c.title for c in plan.challenges.all()]
    with pytest.raises(DomainError, match="still running"):
        services.plan_adopt(plan=plan, actor=None)
    Consultation.objects.filter(pk=consultation.pk).update(
        opens_at=now - datetime.timedelta(days=40), closes_at=now - datetime.timedelta(days=1)
    )
    services.plan_adopt(plan=plan, actor=None)
    plan.refresh_from_db()
    assert plan.status == PlanStatus.ADOPTED


def test_consultation_refused_outside_the_consulting_stages():
    from django.utils import timezone

    plan = _ready_plan()  # the EDP is still in preparation
    with pytest.raises(DomainError, match="Consultations can be opened"):
        services.plan_send_to_consultation(
            plan=plan, actor=None, opens_at=timezone.now(), closes_at=timezone.now() + datetime.timedelta(days=3)
        )
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT


def test_nudges():
    objective = ObjectiveFactory()
    for _ in range(6):
        IndicatorFactory(objective=objective, type=IndicatorType.OUTPUT)
    IndicatorFactory(objective=objective, type=IndicatorType.INPUT, frequency=Frequency.WEEKLY)
    tree = label_tree(plan_tree(objective.plan))
    kinds = [n["kind"] for n in tree["nudges"]]
    assert kinds.count("too_many_indicators") == 1
    assert "no_outcome" in kinds
    assert "too_frequent" in kinds
    assert any("at most five" in m for m in tree["nudge_messages"])


def test_no_nudge_for_a_lean_plan():
    objective = ObjectiveFactory()
    IndicatorFactory(objective=objective, type=IndicatorType.OUTCOME, frequency=Frequency.MONTHLY)
    assert plan_tree(objective.plan)["nudges"] == []
