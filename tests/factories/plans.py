import datetime
from decimal import Decimal

import factory

from plans.choices import BudgetSource, Frequency, IndicatorType, PolicyArea
from plans.models import (
    Action,
    ActionPlan,
    BudgetLine,
    Challenge,
    Indicator,
    IndicatorMeasurement,
    Objective,
    PlanPriority,
    SteeringBodyMember,
)

from .priorities import SelectedPriorityFactory
from .stakeholders import OrganisationFactory


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan

    priority = factory.SubFactory(SelectedPriorityFactory)
    edp = factory.SelfAttribute("priority.edp")
    title = factory.Sequence(lambda n: f"Action plan {n}")
    vision = "A region known for its *metals* know-how."


class ChallengeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Challenge

    plan = factory.SubFactory(ActionPlanFactory)
    title = factory.Sequence(lambda n: f"Challenge {n}")


class PlanPriorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PlanPriority

    challenge = factory.SubFactory(ChallengeFactory)
    plan = factory.SelfAttribute("challenge.plan")
    title = factory.Sequence(lambda n: f"Plan priority {n}")


class ObjectiveFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Objective

    plan_priority = factory.SubFactory(PlanPriorityFactory)
    plan = factory.SelfAttribute("plan_priority.plan")
    title = factory.Sequence(lambda n: f"Objective {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action
        skip_postgeneration_save = True

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    title = factory.Sequence(lambda n: f"Action {n}")
    policy_area = PolicyArea.EDUCATION
    lead_organisation = factory.SubFactory(OrganisationFactory)
    start_date = datetime.date(2026, 1, 1)
    end_date = datetime.date(2027, 12, 31)
    budget_kzt = Decimal("1000000")

    @factory.post_generation
    def lines(obj, create, extracted, **kwargs):
        if create and obj.budget_kzt:
            BudgetLine.objects.create(action=obj, source=BudgetSource.REGIONAL, amount_kzt=obj.budget_kzt)


class SteeringBodyMemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SteeringBodyMember

    plan = factory.SubFactory(ActionPlanFactory)
    organisation = factory.SubFactory(OrganisationFactory)


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator

    objective = factory.SubFactory(ObjectiveFactory)
    plan = factory.SelfAttribute("objective.plan")
    code = factory.Sequence(lambda n: f"I-{n:03d}")
    name = factory.Sequence(lambda n: f"Indicator {n}")
    type = IndicatorType.OUTCOME
    unit = "jobs"
    baseline_value = Decimal("100")
    baseline_year = 2025
    target_value = Decimal("200")
    target_year = 2030
    frequency = Frequency.QUARTERLY
    data_source = "Bureau of National Statistics"
    responsible_organisation = factory.SubFactory(OrganisationFactory)


class MeasurementFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IndicatorMeasurement

    indicator = factory.SubFactory(IndicatorFactory)
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 3, 31)
    value = Decimal("120")
