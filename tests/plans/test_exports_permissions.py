"""Every plan export over every role, for a public (adopted) plan and a
draft one: the printable page, the PDF, and the indicators and measurements
as CSV and XLSX. An export shows what the plan page shows, so whoever may
not see the plan may not download it either."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from plans.choices import PlanStatus
from tests.permission_table import refusal_problem
from tests.plans.conftest import ROLES, adopt

CONTENT_TYPES = {
    "print": "text/html",
    "pdf": "application/pdf",
    "indicators.csv": "text/csv",
    "indicators.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "measurements.csv": "text/csv",
    "measurements.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _url(plan, export: str) -> str:
    if export == "print":
        return reverse("plans:print", args=[plan.pk])
    if export == "pdf":
        return reverse("plans:pdf", args=[plan.pk])
    kind, fmt = export.split(".")
    return reverse(f"plans:export_{kind}", args=[plan.pk, fmt])


# Public once adopted: anonymous visitors included. A draft belongs to the
# EDP team: here its coordinator (not the coordinator of another region).
ALLOWED = {"adopted": set(ROLES), "draft": {"coordinator"}}


@pytest.mark.parametrize("export", sorted(CONTENT_TYPES))
@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("state", ["adopted", "draft"])
def test_export_permission_table(world, as_role, export, role, state):
    plan = world["plan"]
    world["indicator"].measurements.create(
        period_start=datetime.date(2026, 1, 1), period_end=datetime.date(2026, 3, 31), value=7
    )
    if state == "adopted":
        adopt(plan, when=timezone.now() - datetime.timedelta(days=400))
    else:
        assert plan.status == PlanStatus.DRAFT
    response = as_role(role).get(_url(plan, export))
    if role in ALLOWED[state]:
        assert response.status_code == 200, (export, role, state)
        assert response["Content-Type"].startswith(CONTENT_TYPES[export])
        body = response.content
        if export == "print":
            assert plan.title.encode() in body
        elif export == "pdf":
            assert body.startswith(b"%PDF")
        elif export.endswith(".csv"):
            assert world["indicator"].code.encode() in body
        else:
            assert body.startswith(b"PK")  # a zip container, as XLSX is
    else:
        assert refusal_problem(response, role) is None, (export, role, state)
        assert plan.title.encode() not in response.content


@pytest.mark.parametrize("role", ["anonymous", "coordinator"])
def test_unknown_export_formats_are_not_found(world, as_role, role):
    adopt(world["plan"])
    client = as_role(role)
    for kind in ("indicators", "measurements"):
        assert client.get(reverse(f"plans:export_{kind}", args=[world["plan"].pk, "json"])).status_code == 404


def test_exports_of_a_plan_that_does_not_exist_are_not_found(world, as_role):
    missing = world["plan"].pk + 1000
    client = as_role("coordinator")
    for url in (
        reverse("plans:print", args=[missing]),
        reverse("plans:pdf", args=[missing]),
        reverse("plans:export_indicators", args=[missing, "csv"]),
        reverse("plans:export_measurements", args=[missing, "xlsx"]),
    ):
        assert client.get(url).status_code == 404
