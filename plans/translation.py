"""The plan's own words in Kazakh, Russian and English (django-modeltranslation).

What people read in a plan is translatable: the plan's title and vision, the
titles and descriptions of its challenges, plan priorities, objectives and
actions, and the names of its indicators. Each field gets ``_en``, ``_ru``
and ``_kk`` columns; reading the field gives the reader's language and falls
back to the others (``MODELTRANSLATION_FALLBACK_LANGUAGES``), and a form
saved in one language writes that language's column only.

Codes, units and data sources stay as they are: they are identifiers or
names of sources, not prose."""

from modeltranslation.translator import TranslationOptions, translator

from .models import Action, ActionPlan, Challenge, Indicator, Objective, PlanPriority

TREE_TEXT = ("title", "description")


class PlanTextTranslation(TranslationOptions):
    fields = ("title", "vision")


class TreeTextTranslation(TranslationOptions):
    fields = TREE_TEXT


class IndicatorTextTranslation(TranslationOptions):
    fields = ("name",)


# simple_history builds the historical models before modeltranslation adds
# the per-language columns, so they are registered too (as edp does), or
# saving a plan, an action or an indicator fails while copying the
# translations into its history.
translator.register([ActionPlan, ActionPlan.history.model], PlanTextTranslation)
translator.register([Challenge, PlanPriority, Objective, Action, Action.history.model], TreeTextTranslation)
translator.register([Indicator, Indicator.history.model], IndicatorTextTranslation)
