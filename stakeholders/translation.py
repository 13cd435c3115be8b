from modeltranslation.translator import TranslationOptions, register

from .models import District, Organisation, Region


@register(Region)
class RegionTranslation(TranslationOptions):
    fields = ("name",)


@register(District)
class DistrictTranslation(TranslationOptions):
    fields = ("name",)


@register(Organisation)
class OrganisationTranslation(TranslationOptions):
    fields = ("name", "description")


# simple_history builds the historical model before modeltranslation adds the
# per-language columns, so it must be registered too, or saving an
# organisation fails while copying name_en/name_ru/name_kk into its history.
@register(Organisation.history.model)
class HistoricalOrganisationTranslation(TranslationOptions):
    fields = ("name", "description")
