from decimal import Decimal

import factory
from django.utils import timezone

from evaluations.models import Assignment, CandidateSpecialisation, Evaluation, EvaluationCriterion, EvaluationSettings

from .accounts import UserFactory
from .edp import EDPFactory, IdeaFactory


class EvaluationSettingsFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationSettings
        django_get_or_create = ("edp",)

    edp = factory.SubFactory(EDPFactory)


class EvaluationCriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EvaluationCriterion

    edp = factory.SubFactory(EDPFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    guidance = "How well does the idea do on this?"
    weight = 50
    scale_min = 1
    scale_max = 5
    position = factory.Sequence(lambda n: n)


class CandidateSpecialisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CandidateSpecialisation

    edp = factory.SubFactory(EDPFactory)
    title = factory.Sequence(lambda n: f"Candidate specialisation {n}")
    description = "Related ideas grouped into one potential specialisation."
    rationale = "They share assets and partners."


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Assignment

    idea = factory.SubFactory(IdeaFactory, submitted=True)
    edp = factory.SelfAttribute("idea.edp")
    evaluator = factory.SubFactory(UserFactory)


class SubmittedEvaluationFactory(factory.django.DjangoModelFactory):
    """A submitted evaluation with its weighted score written directly, for
    reading tests (scoring itself goes through the services)."""

    class Meta:
        model = Evaluation

    assignment = factory.SubFactory(AssignmentFactory)
    status = Evaluation.Status.SUBMITTED
    weighted_score = Decimal("75.00")
    submitted_at = factory.LazyFunction(timezone.now)


def score_idea(idea, *scores) -> list[Evaluation]:
    """One submitted evaluation per score, each by another evaluator."""
    return [SubmittedEvaluationFactory(assignment__idea=idea, weighted_score=Decimal(str(value))) for value in scores]
