from modeltranslation.translator import TranslationOptions, register

from .models import EDP


@register(EDP)
class EDPTranslation(TranslationOptions):
    fields = ("title", "description")


# simple_history builds the historical model before modeltranslation adds the
# per-language columns, so it is registered too, or saving an EDP fails while
# copying title_en/title_ru/title_kk into its history.
@register(EDP.history.model)
class HistoricalEDPTranslation(TranslationOptions):
    fields = ("title", "description")
