from modeltranslation.translator import TranslationOptions, register

from .models import EDP


@register(EDP)
class EDPTranslation(TranslationOptions):
    fields = ("title", "description")
