from modeltranslation.translator import TranslationOptions, register

from .models import CandidateSpecialisation, EvaluationCriterion


@register(EvaluationCriterion)
class EvaluationCriterionTranslation(TranslationOptions):
    fields = ("name", "guidance")


@register(CandidateSpecialisation)
class CandidateSpecialisationTranslation(TranslationOptions):
    fields = ("title", "description", "rationale")


# simple_history builds the historical models before modeltranslation adds the
# per-language columns, so they are registered too (as stakeholders does).
@register(EvaluationCriterion.history.model)
class HistoricalEvaluationCriterionTranslation(TranslationOptions):
    fields = ("name", "guidance")


@register(CandidateSpecialisation.history.model)
class HistoricalCandidateSpecialisationTranslation(TranslationOptions):
    fields = ("title", "description", "rationale")
