"""A plan's own words in the reader's language, falling back to another
language where nobody has translated them yet; editing in one language
writes that language only."""

import pytest
from django.urls import reverse
from django.utils import translation

from edp.models import EDPRole
from edp.workflow import Stage
from plans.models import ActionPlan, Challenge, Indicator
from plans.translation import TREE_TEXT
from tests.factories.accounts import give_totp
from tests.factories.edp import EDPFactory, EDPRoleFactory
from tests.factories.plans import ActionFactory, ActionPlanFactory, IndicatorFactory, ObjectiveFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan():
    edp = EDPFactory(stage=Stage.ACTION_PLANNING)
    plan = ActionPlanFactory(priority__edp=edp, title="Aluminium action plan", vision="A metals region.")
    plan.title_ru = "План по алюминию"
    plan.title_kk = "Алюминий жоспары"
    plan.vision_ru = "Металлургический регион."
    plan.save()
    objective = ObjectiveFactory(plan_priority__challenge__plan=plan, title="Process more locally")
    objective.title_kk = "Жергілікті өңдеуді арттыру"
    objective.save()
    challenge = objective.plan_priority.challenge
    challenge.title = "Skills for industry"
    challenge.description = "Too few *engineers*."
    challenge.save()
    action = ActionFactory(objective=objective, title="Dual training", description="With the *smelter*.")
    action.title_ru = "Дуальное обучение"
    action.save()
    indicator = IndicatorFactory(objective=objective, code="AL-1", name="Local processing share")
    indicator.name_ru = "Доля местной переработки"
    indicator.save()
    return plan


def _page(client, plan, lang: str, name: str = "plans:detail") -> str:
    response = client.get(reverse(name, args=[plan.pk]), HTTP_ACCEPT_LANGUAGE=lang)
    assert response.status_code == 200
    return response.content.decode()


def test_the_plan_reads_in_the_active_language_with_fallback(client, plan):
    coordinator = EDPRoleFactory(edp=plan.edp, role=EDPRole.Role.COORDINATOR).user
    give_totp(coordinator)
    client.force_login(coordinator)  # a draft: its EDP team reads it

    russian = _page(client, plan, "ru")
    assert "План по алюминию" in russian and "Металлургический регион." in russian
    assert "Дуальное обучение" in russian and "Доля местной переработки" in russian
    # Not translated into Russian yet: the English text stands in.
    assert "Skills for industry" in russian and "Process more locally" in russian
    assert "Aluminium action plan" not in russian

    kazakh = _page(client, plan, "kk")
    assert "Алюминий жоспары" in kazakh and "Жергілікті өңдеуді арттыру" in kazakh
    assert "A metals region." in kazakh  # falls back to English first
    assert "Dual training" in kazakh and "Local processing share" in kazakh

    english = _page(client, plan, "en")
    assert "Aluminium action plan" in english and "Process more locally" in english
    assert "План по алюминию" not in english

    printable = _page(client, plan, "ru", "plans:print")
    assert "План по алюминию" in printable and "Доля местной переработки" in printable


def test_editing_in_russian_writes_the_russian_text_only(client, plan):
    coordinator = EDPRoleFactory(edp=plan.edp, role=EDPRole.Role.COORDINATOR).user
    give_totp(coordinator)
    client.force_login(coordinator)
    challenge = Challenge.objects.get(plan=plan)

    form_page = client.get(
        reverse("plans:node_edit", args=[plan.pk, "challenge", challenge.pk]), HTTP_ACCEPT_LANGUAGE="ru"
    ).content.decode()
    assert "Skills for industry" in form_page  # the form starts from the fallback text

    response = client.post(
        reverse("plans:node_edit", args=[plan.pk, "challenge", challenge.pk]),
        {"title": "Навыки для промышленности", "description": "Мало инженеров.", "order": 0},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 302
    response = client.post(
        reverse("plans:edit", args=[plan.pk]),
        {"title": "План по алюминию (ред.)", "vision": "Новое видение."},
        HTTP_ACCEPT_LANGUAGE="ru",
    )
    assert response.status_code == 302

    challenge = Challenge.objects.get(pk=challenge.pk)
    assert (challenge.title_ru, challenge.description_ru) == ("Навыки для промышленности", "Мало инженеров.")
    assert (challenge.title_en, challenge.description_en) == ("Skills for industry", "Too few *engineers*.")
    plan = ActionPlan.objects.get(pk=plan.pk)
    assert (plan.title_ru, plan.vision_ru) == ("План по алюминию (ред.)", "Новое видение.")
    assert (plan.title_en, plan.vision_en) == ("Aluminium action plan", "A metals region.")
    with translation.override("en"):
        assert plan.title == "Aluminium action plan"
    with translation.override("ru"):
        assert plan.title == "План по алюминию (ред.)"


def test_an_empty_form_field_is_still_refused_in_any_language(client, plan):
    coordinator = EDPRoleFactory(edp=plan.edp, role=EDPRole.Role.COORDINATOR).user
    give_totp(coordinator)
    client.force_login(coordinator)
    challenge = Challenge.objects.get(plan=plan)
    response = client.post(
        reverse("plans:node_edit", args=[plan.pk, "challenge", challenge.pk]),
        {"title": "", "description": "", "order": 0},
        HTTP_ACCEPT_LANGUAGE="kk",
    )
    assert response.status_code == 200
    assert Challenge.objects.get(pk=challenge.pk).title_en == "Skills for industry"


def test_the_translated_fields_are_the_plan_texts():
    from modeltranslation.translator import translator

    from plans.models import Action, Objective, PlanPriority

    for model in (Challenge, PlanPriority, Objective, Action):
        assert set(translator.get_options_for_model(model).fields) == set(TREE_TEXT)
    assert set(translator.get_options_for_model(Indicator).fields) == {"name"}
    assert set(translator.get_options_for_model(ActionPlan).fields) == {"title", "vision"}


def test_an_adopted_version_reads_in_every_language(client, plan):
    from plans.models import PlanVersion
    from tests.plans.conftest import adopt

    with translation.override("en"):
        adopt(plan)  # the snapshot is taken in English
    url = reverse("plans:version", args=[plan.pk, plan.version])
    russian = client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert "План по алюминию" in russian and "Доля местной переработки" in russian and "Дуальное обучение" in russian
    assert "Skills for industry" in russian  # no Russian text: the English one
    kazakh = client.get(url, HTTP_ACCEPT_LANGUAGE="kk").content.decode()
    assert "Алюминий жоспары" in kazakh and "Жергілікті өңдеуді арттыру" in kazakh

    # A snapshot taken before plans were translatable keeps its one text.
    version = PlanVersion.objects.get(plan=plan)
    snapshot = version.snapshot
    snapshot["plan"].pop("title_i18n")
    snapshot["plan"]["title"] = "Old single-language title"
    version.snapshot = snapshot
    version.save()
    assert "Old single-language title" in client.get(url, HTTP_ACCEPT_LANGUAGE="ru").content.decode()
