"""Every plan view over every role (parametrised table)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.choices import PlanStatus
from tests.permission_table import refusal_problem
from tests.plans.conftest import ROLES, adopt

EVERYONE = set(ROLES)
COORDINATOR = {"coordinator"}
RESPONSIBLE = {"responsible", "coordinator"}


def _urls(world):
    plan, indicator, action = world["plan"], world["indicator"], world["action"]
    return {
        "list": ("get", reverse("plans:list", args=[world["edp"].slug]), {}),
        "create": ("get", reverse("plans:create", args=[world["edp"].slug]), {}),
        "detail": ("get", reverse("plans:detail", args=[plan.pk]), {}),
        "version": ("get", reverse("plans:version", args=[plan.pk, 1]), {}),
        "edit": ("get", reverse("plans:edit", args=[plan.pk]), {}),
        "steering_add": ("get", reverse("plans:steering_add", args=[plan.pk]), {}),
        "node_add": ("get", reverse("plans:node_add", args=[plan.pk, "challenge"]), {}),
        "node_edit": ("get", reverse("plans:node_edit", args=[plan.pk, "action", action.pk]), {}),
        "node_delete": ("get", reverse("plans:node_delete", args=[plan.pk, "action", action.pk]), {}),
        "transition": ("post", reverse("plans:transition", args=[plan.pk, "revise"]), {"reason": "x"}),
        "dashboard": ("get", reverse("plans:dashboard", args=[plan.pk]), {}),
        "indicator": ("get", reverse("plans:indicator", args=[plan.pk, indicator.pk]), {}),
        "report": (
            "post",
            reverse("plans:indicator", args=[plan.pk, indicator.pk]),
            {"period": "2026-Q1", "value": "150", "comment": "ok"},
        ),
        "action_status": (
            "post",
            reverse("plans:action_status", args=[plan.pk, action.pk]),
            {"status": "in_progress", "note": "started"},
        ),
        "import": ("get", reverse("plans:import", args=[plan.pk]), {}),
        "print": ("get", reverse("plans:print", args=[plan.pk]), {}),
        "export_indicators": ("get", reverse("plans:export_indicators", args=[plan.pk, "csv"]), {}),
        "export_measurements": ("get", reverse("plans:export_measurements", args=[plan.pk, "xlsx"]), {}),
    }


# view name → roles that get in (others get 403, or a redirect to sign in
# for anonymous visitors where the view needs an account).
ALLOWED = {
    "list": EVERYONE,
    "create": COORDINATOR,
    "detail": EVERYONE,
    "version": EVERYONE,
    "edit": COORDINATOR,
    "steering_add": COORDINATOR,
    "node_add": COORDINATOR,
    "node_edit": COORDINATOR,
    "node_delete": COORDINATOR,
    "transition": COORDINATOR,
    "dashboard": EVERYONE,
    "indicator": EVERYONE,
    "report": RESPONSIBLE,
    "action_status": RESPONSIBLE,
    "import": COORDINATOR,
    "print": EVERYONE,
    "export_indicators": EVERYONE,
    "export_measurements": EVERYONE,
}


@pytest.fixture
def adopted_world(world):
    adopt(world["plan"], when=timezone.now() - datetime.timedelta(days=400))
    return world


@pytest.mark.parametrize("view", sorted(ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_permission_table(adopted_world, as_role, view, role):
    client = as_role(role)
    method, url, data = _urls(adopted_world)[view]
    response = getattr(client, method)(url, data)
    if role in ALLOWED[view]:
        assert response.status_code in (200, 302), (view, role, response.status_code)
        if response.status_code == 302:
            assert "/accounts/" not in response["Location"]
    else:
        assert refusal_problem(response, role) is None, (view, role, response.status_code)


DRAFT_ALLOWED = {
    "detail": COORDINATOR,
    "dashboard": COORDINATOR,
    "print": COORDINATOR,
    "export_indicators": COORDINATOR,
}


@pytest.mark.parametrize("view", sorted(DRAFT_ALLOWED))
@pytest.mark.parametrize("role", ROLES)
def test_draft_plans_are_visible_to_the_edp_team_only(world, as_role, view, role):
    assert world["plan"].status == PlanStatus.DRAFT
    client = as_role(role)
    method, url, data = _urls(world)[view]
    response = getattr(client, method)(url, data)
    if role in DRAFT_ALLOWED[view]:
        assert response.status_code == 200
    else:
        assert refusal_problem(response, role) is None, (view, role, response.status_code)


@pytest.mark.parametrize("role", ROLES)
def test_evidence_files_only_for_the_responsible_organisation_and_coordinator(adopted_world, as_role, role):
    from django.core.files.base import ContentFile

    measurement = adopted_world["indicator"].measurements.create(
        period_start="2026-01-01", period_end="2026-03-31", value=1
    )
    measurement.evidence.save("upload.pdf", ContentFile(b"%PDF-1.4 test"), save=False)
    measurement.evidence_content_type = "application/pdf"
    measurement.save()
    response = as_role(role).get(reverse("plans:evidence", args=[adopted_world["plan"].pk, measurement.pk]))
    assert response.status_code == (200 if role in RESPONSIBLE else 404)


def test_ids_from_another_plan_are_not_found(adopted_world, as_role):
    from tests.factories.plans import ActionFactory

    foreign = ActionFactory()
    client = as_role("coordinator")
    url = reverse("plans:node_edit", args=[adopted_world["plan"].pk, "action", foreign.pk])
    assert client.get(url).status_code == 404
    url = reverse("plans:action_status", args=[adopted_world["plan"].pk, foreign.pk])
    assert client.post(url, {"status": "done"}).status_code == 404
