import factory

from evaluations.models import CandidateSpecialisation, EvaluationCriterion, EvaluationSettings

from .edp import EDPFactory


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
