"""Action plans on the access seam (issue 12): every URL with an id answers
404 for an unknown id or one of another plan; refusals say why; the plan is
a declared lifecycle that refuses illegal moves with the reason, including
a guard another module declares on ``plan.adopt`` (a public council holding
the adoption back), whose reason the plan page shows; CSV/XLSX exports go
through core.exports."""

import datetime
import io

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from core import modules
from core.errors import DomainError
from plans import services
from plans import urls as plan_urls
from plans.choices import IndicatorType, PlanStatus
from plans.models import ActionPlan, PlanTransition, PlanVersion
from tests.factories.plans import (
    ActionFactory,
    ActionPlanFactory,
    ChallengeFactory,
    IndicatorFactory,
    SteeringBodyMemberFactory,
)
from tests.plans.conftest import adopt

pytestmark = pytest.mark.django_db

UNKNOWN = 987654
COUNCIL = "The public council has not answered the recommendations on this plan yet."


@pytest.fixture
def other(world):
    """Another plan, whose nested ids are tried under this plan's URL."""
    plan = ActionPlanFactory(priority__edp=world["edp"])
    indicator = IndicatorFactory(plan=plan, objective__plan_priority__challenge__plan=plan)
    measurement = indicator.measurements.create(
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 3, 31), value=1
    )
    measurement.evidence.save("x.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    return {
        "plan": plan,
        "indicator": indicator,
        "measurement": measurement,
        "action": ActionFactory(objective=indicator.objective),
        "member": SteeringBodyMemberFactory(plan=plan),
        "challenge": ChallengeFactory(plan=plan),
    }


def _nested(world, other, kind: str) -> dict:
    """url name → (method, args with an id of the other plan in place)."""
    pk = world["plan"].pk
    return {
        "version": ("get", [pk, 7]),
        "steering_remove": ("post", [pk, other["member"].pk]),
        "node_edit": ("get", [pk, "challenge", other["challenge"].pk]),
        "node_delete": ("get", [pk, "action", other["action"].pk]),
        "indicator": ("get", [pk, other["indicator"].pk]),
        "evidence": ("get", [pk, other["measurement"].pk]),
        "action_status": ("post", [pk, other["action"].pk]),
    }[kind]


NESTED = ["version", "steering_remove", "node_edit", "node_delete", "indicator", "evidence", "action_status"]


def test_every_url_with_an_id_is_covered_here():
    nested = {
        p.name
        for p in plan_urls.urlpatterns
        if len([k for k, c in p.pattern.converters.items() if type(c).__name__ == "IntConverter"]) > 1
    }
    assert nested == set(NESTED)


@pytest.mark.parametrize("kind", NESTED)
def test_ids_of_another_plan_are_not_found(client, world, other, kind):
    adopt(world["plan"])
    client.force_login(world["users"]["coordinator"])
    method, args = _nested(world, other, kind)
    response = getattr(client, method)(reverse(f"plans:{kind}", args=args), {"status": "done"})
    assert response.status_code == 404, kind
    other["member"].refresh_from_db()


@pytest.mark.parametrize("pattern", list(plan_urls.urlpatterns), ids=lambda p: p.name)
def test_unknown_plans_and_ids_are_not_found(client, world, pattern):
    client.force_login(world["users"]["coordinator"])
    values = {"slug": "no-such-process", "kind": "challenge", "to": "adopt", "fmt": "csv"}
    args = [values.get(name, UNKNOWN) for name in pattern.pattern.converters]
    response = client.get(reverse(f"plans:{pattern.name}", args=args))
    if response.status_code == 405:  # a POST-only action
        response = client.post(reverse(f"plans:{pattern.name}", args=args))
    assert response.status_code == 404, pattern.name


@pytest.mark.parametrize(
    ("name", "args"),
    [("node_add", ["nonsense"]), ("transition", ["approve"]), ("export_indicators", ["pdf"])],
)
def test_unknown_kinds_moves_and_formats_are_not_found(client, world, name, args):
    client.force_login(world["users"]["coordinator"])
    url = reverse(f"plans:{name}", args=[world["plan"].pk, *args])
    response = client.post(url) if name == "transition" else client.get(url)
    assert response.status_code == 404


# --- Refusals say why ------------------------------------------------------------------


def test_a_draft_plan_says_why_it_is_not_public(client, world):
    client.force_login(world["users"]["citizen"])
    response = client.get(reverse("plans:detail", args=[world["plan"].pk]))
    assert response.status_code == 403
    assert "This action plan is a draft" in response.content.decode()


def test_refused_reports_and_moves_say_why(client, world):
    adopt(world["plan"])
    client.force_login(world["users"]["citizen"])
    report = client.post(
        reverse("plans:indicator", args=[world["plan"].pk, world["indicator"].pk]),
        {"period": "2026-Q1", "value": "1"},
    )
    assert report.status_code == 403
    assert "Only the members of the organisation responsible for this indicator" in report.content.decode()
    move = client.post(reverse("plans:transition", args=[world["plan"].pk, "revise"]), {"reason": "x"})
    assert move.status_code == 403
    assert "Only the coordinators of this process write and run its action plans." in move.content.decode()


def test_a_frozen_plan_says_why_instead_of_showing_the_form(client, world):
    adopt(world["plan"])
    client.force_login(world["users"]["coordinator"])
    page = client.get(reverse("plans:edit", args=[world["plan"].pk])).content.decode()
    assert "Version 1 of this plan was adopted and is frozen: start a new version to change it." in page
    assert 'type="submit"' not in page.split("<main", 1)[1]


# --- The plan's lifecycle ------------------------------------------------------------------


def _in_consultation(world) -> ActionPlan:
    plan = world["plan"]
    IndicatorFactory(objective=world["objective"], type=IndicatorType.OUTCOME)
    plan.status = PlanStatus.IN_CONSULTATION
    plan.save(update_fields=["status"])
    world["edp"].stage = "action_planning"
    world["edp"].save(update_fields=["stage"])
    return plan


def test_illegal_moves_are_refused_with_the_reason(world):
    plan, coordinator = world["plan"], world["users"]["coordinator"]
    world["edp"].stage = "action_planning"
    world["edp"].save(update_fields=["stage"])
    for move in (services.plan_adopt, services.plan_start_monitoring):
        with pytest.raises(DomainError, match="This cannot be done at the status “Draft”."):
            move(plan=plan, actor=coordinator)
    with pytest.raises(DomainError, match="This cannot be done at the status “Draft”."):
        services.plan_revise(plan=plan, actor=coordinator, reason="Why not")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.DRAFT and not PlanTransition.objects.filter(plan=plan).exists()
    assert [t.name for t in ActionPlan.lifecycle.available(plan)] == ["consult"]


def test_only_the_coordinators_move_a_plan_and_only_while_plans_are_written(world):
    plan = _in_consultation(world)
    with pytest.raises(DomainError, match="Only the coordinators of this process write and run its action plans."):
        services.plan_adopt(plan=plan, actor=world["users"]["responsible"])
    world["edp"].stage = "consultation"
    world["edp"].save(update_fields=["stage"])
    with pytest.raises(DomainError, match="Action plans are written during action planning and monitoring"):
        services.plan_adopt(plan=plan, actor=world["users"]["coordinator"])
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.IN_CONSULTATION


@pytest.fixture
def council_guard(monkeypatch):
    """A module that is not plans (public councils, say) holds ``plan.adopt``
    back through ``Module.transition_guards``."""
    held = {"plan": True}
    real = modules.transition_guards

    def guards(lifecycle, transition):
        extra = [lambda plan: COUNCIL if held["plan"] else ""] if (lifecycle, transition) == ("plan", "adopt") else []
        return [*real(lifecycle, transition), *extra]

    monkeypatch.setattr(modules, "transition_guards", guards)
    return held


def test_a_guard_of_another_module_holds_the_adoption_back(world, council_guard):
    plan = _in_consultation(world)
    coordinator = world["users"]["coordinator"]
    assert ActionPlan.lifecycle.refusal(plan, "adopt", coordinator) == COUNCIL
    with pytest.raises(DomainError, match=COUNCIL):
        services.plan_adopt(plan=plan, actor=coordinator, note="Adopted")
    plan.refresh_from_db()
    assert plan.status == PlanStatus.IN_CONSULTATION and not PlanVersion.objects.filter(plan=plan).exists()
    council_guard["plan"] = False
    services.plan_adopt(plan=plan, actor=coordinator, note="Adopted")
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.ADOPTED


def test_the_plan_page_shows_the_guard_s_reason_instead_of_the_adopt_button(client, world, council_guard):
    plan = _in_consultation(world)
    client.force_login(world["users"]["coordinator"])
    url = reverse("plans:detail", args=[plan.pk])
    page = client.get(url).content.decode()
    assert COUNCIL in page
    assert reverse("plans:transition", args=[plan.pk, "adopt"]) not in page
    response = client.post(reverse("plans:transition", args=[plan.pk, "adopt"]), {"reason": "Now"}, follow=True)
    assert COUNCIL in response.content.decode()
    assert ActionPlan.objects.get(pk=plan.pk).status == PlanStatus.IN_CONSULTATION
    council_guard["plan"] = False
    page = client.get(url).content.decode()
    assert COUNCIL not in page and reverse("plans:transition", args=[plan.pk, "adopt"]) in page


def test_the_public_sees_no_lifecycle_controls(client, world):
    adopt(world["plan"])
    client.force_login(world["users"]["citizen"])
    page = client.get(reverse("plans:detail", args=[world["plan"].pk])).content.decode()
    assert (
        "Start a new version" not in page and reverse("plans:transition", args=[world["plan"].pk, "revise"]) not in page
    )


def test_the_revision_is_recorded_with_who_and_why(client, world):
    adopt(world["plan"])
    client.force_login(world["users"]["coordinator"])
    client.post(reverse("plans:transition", args=[world["plan"].pk, "revise"]), {"reason": "New programme"})
    plan = ActionPlan.objects.get(pk=world["plan"].pk)
    assert (plan.status, plan.version) == (PlanStatus.DRAFT, 2)
    record = PlanTransition.objects.get(plan=plan)
    assert (record.from_status, record.to_status, record.reason) == ("monitored", "draft", "New programme")
    assert record.actor == world["users"]["coordinator"]


# --- Exports ------------------------------------------------------------------------------


def test_indicator_exports_keep_formulas_as_text(client, world):
    indicator = world["indicator"]
    indicator.name = "\t=cmd|' /C calc'!A0"
    indicator.data_source = "\r=1+1"
    indicator.save(update_fields=["name", "data_source"])
    adopt(world["plan"])
    client.force_login(world["users"]["citizen"])
    xlsx = client.get(reverse("plans:export_indicators", args=[world["plan"].pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    names = [c.value for c in sheet["B"]]
    assert "'\t=cmd|' /C calc'!A0" in names
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    text = client.get(reverse("plans:export_indicators", args=[world["plan"].pk, "csv"])).content.decode("utf-8-sig")
    assert "'\t=cmd" in text and "'\r=1+1" in text


@pytest.mark.parametrize("role", ["moderator", "evaluator", "responsible", "other_coordinator"])
def test_the_other_roles_cannot_move_a_plan(world, role):
    adopt(world["plan"], when=timezone.now())
    with pytest.raises(DomainError, match="Only the coordinators"):
        services.plan_revise(plan=world["plan"], actor=world["users"][role], reason="x")
