"""Kazakhstan's administrative regions as of 2022: 17 oblasts and the 3 cities
of republican significance, with the six OECD pilot regions flagged."""

from django.db import migrations

# code, kind, en, ru, kk, pilot
REGIONS = [
    ("abai", "oblast", "Abai Region", "Абайская область", "Абай облысы", False),
    ("akmola", "oblast", "Akmola Region", "Акмолинская область", "Ақмола облысы", False),
    ("aktobe", "oblast", "Aktobe Region", "Актюбинская область", "Ақтөбе облысы", False),
    ("almaty-region", "oblast", "Almaty Region", "Алматинская область", "Алматы облысы", False),
    ("atyrau", "oblast", "Atyrau Region", "Атырауская область", "Атырау облысы", False),
    ("east-kazakhstan", "oblast", "East Kazakhstan Region", "Восточно-Казахстанская область", "Шығыс Қазақстан облысы", True),
    ("jetisu", "oblast", "Jetisu Region", "Область Жетысу", "Жетісу облысы", False),
    ("karaganda", "oblast", "Karaganda Region", "Карагандинская область", "Қарағанды облысы", False),
    ("kostanay", "oblast", "Kostanay Region", "Костанайская область", "Қостанай облысы", False),
    ("kyzylorda", "oblast", "Kyzylorda Region", "Кызылординская область", "Қызылорда облысы", True),
    ("mangystau", "oblast", "Mangystau Region", "Мангистауская область", "Маңғыстау облысы", False),
    ("north-kazakhstan", "oblast", "North Kazakhstan Region", "Северо-Казахстанская область", "Солтүстік Қазақстан облысы", True),
    ("pavlodar", "oblast", "Pavlodar Region", "Павлодарская область", "Павлодар облысы", True),
    ("turkistan", "oblast", "Turkistan Region", "Туркестанская область", "Түркістан облысы", False),
    ("ulytau", "oblast", "Ulytau Region", "Область Улытау", "Ұлытау облысы", False),
    ("west-kazakhstan", "oblast", "West Kazakhstan Region", "Западно-Казахстанская область", "Батыс Қазақстан облысы", True),
    ("zhambyl", "oblast", "Zhambyl Region", "Жамбылская область", "Жамбыл облысы", True),
    ("astana", "city", "Astana", "Астана", "Астана", False),
    ("almaty", "city", "Almaty", "Алматы", "Алматы", False),
    ("shymkent", "city", "Shymkent", "Шымкент", "Шымкент", False),
]


def seed(apps, schema_editor):
    Region = apps.get_model("stakeholders", "Region")
    for code, kind, en, ru, kk, pilot in REGIONS:
        Region.objects.update_or_create(
            code=code,
            defaults={"kind": kind, "name": en, "name_en": en, "name_ru": ru, "name_kk": kk, "is_pilot": pilot},
        )


def unseed(apps, schema_editor):
    apps.get_model("stakeholders", "Region").objects.filter(code__in=[r[0] for r in REGIONS]).delete()


class Migration(migrations.Migration):
    dependencies = [("stakeholders", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
