"""What councils write for the public, in Kazakh, Russian and English
(django-modeltranslation): the council's name, mandate and budget note,
calls for volunteers, opinions, recommendations and the answers to them."""

from modeltranslation.translator import TranslationOptions, translator

from .models import Council, Opinion, Recommendation, VolunteerCall


class CouncilTranslation(TranslationOptions):
    fields = ("name", "mandate", "expenses_note")


class CallTranslation(TranslationOptions):
    fields = ("title", "description")


class OpinionTranslation(TranslationOptions):
    fields = ("text",)


class RecommendationTranslation(TranslationOptions):
    fields = ("text", "answer_reason")


translator.register(Council, CouncilTranslation)
translator.register(VolunteerCall, CallTranslation)
translator.register(Opinion, OpinionTranslation)
translator.register(Recommendation, RecommendationTranslation)
