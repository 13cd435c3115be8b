"""Reads shared by the evaluation pages, exports and API."""

from django.db.models import QuerySet

from edp.models import EDP

from .models import CandidateSpecialisation, EvaluationCriterion, EvaluationSettings


def settings_for(edp: EDP) -> EvaluationSettings:
    """The EDP's settings, or unsaved defaults when none were saved yet."""
    return EvaluationSettings.objects.filter(edp=edp).first() or EvaluationSettings(edp=edp)


def criteria_for(edp: EDP) -> list[EvaluationCriterion]:
    return list(EvaluationCriterion.objects.filter(edp=edp).order_by("position", "id"))


def candidate_specialisations(edp: EDP) -> QuerySet[CandidateSpecialisation]:
    return CandidateSpecialisation.objects.filter(edp=edp).order_by("position", "id")
