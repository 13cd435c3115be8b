import datetime
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from plans.choices import Frequency, PlanStatus
from plans.models import Action, Challenge, IndicatorMeasurement
from tests import uploads_samples
from tests.factories.plans import ChallengeFactory, IndicatorFactory, MeasurementFactory
from tests.plans.conftest import adopt, grow_plan

XSS = ["<script>alert(1)</script>", "<img src=x onerror=alert(1)>"]


@pytest.fixture
def adopted(world):
    adopt(world["plan"], when=timezone.now() - datetime.timedelta(days=730))
    return world


@pytest.mark.parametrize("payload", XSS)
def test_plan_texts_are_rendered_inert(world, as_role, payload):
    plan = world["plan"]
    plan.title = f"Plan {payload}"
    plan.vision = f"Vision {payload} [link](javascript:alert(1))"
    plan.save()
    Challenge.objects.filter(plan=plan).update(title=f"C {payload}", description=f"D {payload}")
    Action.objects.filter(plan=plan).update(title=f"A {payload}", description=f"AD {payload}")
    world["indicator"].name = f"I {payload}"
    world["indicator"].save()
    adopt(plan)
    client = as_role("citizen")
    for name, args in [
        ("plans:detail", [plan.pk]),
        ("plans:version", [plan.pk, 1]),
        ("plans:print", [plan.pk]),
        ("plans:dashboard", [plan.pk]),
        ("plans:indicator", [plan.pk, world["indicator"].pk]),
    ]:
        html = client.get(reverse(name, args=args)).content.decode()
        assert payload not in html, name
        assert 'href="javascript' not in html, name
        assert "alert(1)" in html  # the text is shown, escaped


def test_plan_page_and_dashboard_query_counts_do_not_grow(adopted, as_role, django_assert_max_num_queries):
    client = as_role("coordinator")
    plan = adopted["plan"]
    urls = [
        reverse("plans:detail", args=[plan.pk]),
        reverse("plans:dashboard", args=[plan.pk]),
        reverse("plans:version", args=[plan.pk, 1]),
        reverse("plans:export_measurements", args=[plan.pk, "csv"]),
    ]
    grow_plan(plan, 3)
    counts = {}
    for url in urls:
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        counts[url] = len(ctx.captured_queries)
    grow_plan(plan, 30)
    for url in urls:
        with django_assert_max_num_queries(counts[url]):
            assert client.get(url).status_code == 200


def test_coordinator_builds_a_plan_through_the_editor(world, as_role):
    plan = world["plan"]
    plan.status = PlanStatus.DRAFT
    plan.save()
    client = as_role("coordinator")
    r = client.post(reverse("plans:node_add", args=[plan.pk, "challenge"]), {"title": "Skills", "order": 0})
    assert r.status_code == 302
    challenge = Challenge.objects.get(title="Skills")
    objective = world["objective"]
    data = {
        "objective": objective.pk,
        "title": "Welding academy",
        "description": "",
        "policy_area": "education",
        "lead_organisation": world["responsible_org"].pk,
        "start_date": "2026-02-01",
        "end_date": "2027-06-30",
        "budget_kzt": "1000",
        "budget_regional": "600",
        "budget_private": "300",
        "instrument": "business_road_map",
        "order": 0,
    }
    r = client.post(reverse("plans:node_add", args=[plan.pk, "action"]), data)
    assert r.status_code == 200
    assert "add up to 900.00 KZT" in r.content.decode()
    data["budget_private"] = "400"
    r = client.post(reverse("plans:node_add", args=[plan.pk, "action"]), data)
    assert r.status_code == 302
    action = Action.objects.get(title="Welding academy")
    assert action.budget_lines.count() == 2
    # the end date before the start is refused next to the field
    data.update(end_date="2025-01-01", title="Backwards")
    r = client.post(reverse("plans:node_add", args=[plan.pk, "action"]), data)
    assert "cannot end before it starts" in r.content.decode()
    # an objective of another plan is not a valid choice
    other = ChallengeFactory()
    r = client.post(
        reverse("plans:node_add", args=[plan.pk, "priority"]), {"challenge": other.pk, "title": "x", "order": 0}
    )
    assert r.status_code == 200 and "Select a valid choice" in r.content.decode()
    assert challenge.plan_priorities.count() == 0


def test_frozen_plan_editor_explains_why(adopted, as_role):
    client = as_role("coordinator")
    r = client.post(reverse("plans:edit", args=[adopted["plan"].pk]), {"title": "New", "vision": "v"})
    assert "frozen" in r.content.decode()


def test_responsible_member_reports_and_corrects_a_measurement(adopted, as_role):
    client = as_role("responsible")
    url = reverse("plans:indicator", args=[adopted["plan"].pk, adopted["indicator"].pk])
    pdf = SimpleUploadedFile("proof.pdf", uploads_samples.pdf(), content_type="application/pdf")
    r = client.post(url, {"period": "2026-Q1", "value": "150", "comment": "From BNS", "evidence": pdf})
    assert r.status_code == 302
    measurement = IndicatorMeasurement.objects.get()
    assert measurement.value == 150 and measurement.evidence
    r = client.post(url, {"period": "2026-Q1", "value": "160", "comment": "Corrected"})
    measurement.refresh_from_db()
    assert measurement.value == 160
    assert measurement.history.count() == 2
    page = client.get(url).content.decode()
    assert "60%" in page  # (160-100)/(200-100)


def test_evidence_with_a_lying_extension_is_refused(adopted, as_role):
    client = as_role("responsible")
    url = reverse("plans:indicator", args=[adopted["plan"].pk, adopted["indicator"].pk])
    fake = SimpleUploadedFile("proof.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    r = client.post(url, {"period": "2026-Q1", "value": "150", "evidence": fake})
    assert r.status_code == 200
    assert "not an accepted type" in r.content.decode()
    assert not IndicatorMeasurement.objects.exists()


def test_action_status_update_by_lead_member(adopted, as_role):
    client = as_role("responsible")
    action = adopted["action"]
    client.post(
        reverse("plans:action_status", args=[adopted["plan"].pk, action.pk]),
        {"status": "delayed", "note": "Supplier late"},
    )
    action.refresh_from_db()
    assert action.status == "delayed"
    assert action.status_updates.get().note == "Supplier late"


def _csv(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("m.csv", text.encode("utf-8"), content_type="text/csv")


def test_csv_import_reports_every_bad_row_and_saves_nothing(adopted, as_role):
    code = adopted["indicator"].code
    body = (
        "indicator,period,value,comment\n"
        f"{code},2026-Q1,120,ok\n"
        "NOPE,2026-Q1,1,\n"
        f"{code},2026-03,5,\n"
        f"{code},2026-Q2,abc,\n"
        f"{code},2026-Q1,130,dup\n"
        f"{code},2099-Q1,1,\n"
    )
    r = as_role("coordinator").post(reverse("plans:import", args=[adopted["plan"].pk]), {"file": _csv(body)})
    html = r.content.decode()
    assert r.status_code == 200
    assert "5 rows need fixing" in html
    for fragment in [
        "No indicator of this plan has the code",
        "write it like 2026-Q1",
        "is not a number",
        "Row 2 already gives",
        "has not started yet",
    ]:
        assert fragment in html
    assert not IndicatorMeasurement.objects.exists()


def test_csv_import_of_good_rows_creates_and_corrects(adopted, as_role):
    indicator = adopted["indicator"]
    MeasurementFactory(indicator=indicator, value=Decimal(1))
    body = f"Indicator;Period;Value;Comment\n{indicator.code};2026-Q1;110,5;corrected\n{indicator.code};2026-Q2;130;\n"
    r = as_role("coordinator").post(reverse("plans:import", args=[adopted["plan"].pk]), {"file": _csv(body)})
    assert r.status_code == 302
    assert list(IndicatorMeasurement.objects.order_by("period_start").values_list("value", flat=True)) == [
        Decimal("110.5"),
        Decimal(130),
    ]


def test_xlsx_import_and_missing_columns(adopted, as_role):
    from openpyxl import Workbook

    indicator = adopted["indicator"]
    workbook = Workbook()
    workbook.active.append(["indicator", "period", "value"])
    workbook.active.append([indicator.code, "2026-Q3", 140])
    out = io.BytesIO()
    workbook.save(out)
    upload = SimpleUploadedFile("m.xlsx", out.getvalue())
    client = as_role("coordinator")
    assert client.post(reverse("plans:import", args=[adopted["plan"].pk]), {"file": upload}).status_code == 302
    assert IndicatorMeasurement.objects.get().value == 140
    r = client.post(reverse("plans:import", args=[adopted["plan"].pk]), {"file": _csv("code,value\nx,1\n")})
    assert "missing: indicator, period" in r.content.decode()


def test_exports_round_trip_into_the_import(adopted, as_role):
    indicator = adopted["indicator"]
    MeasurementFactory(indicator=indicator, value=Decimal(150), comment="=HYPERLINK(1)")
    client = as_role("coordinator")
    csv_text = client.get(reverse("plans:export_measurements", args=[adopted["plan"].pk, "csv"])).content.decode(
        "utf-8-sig"
    )
    assert f"{indicator.code},2026-Q1,150" in csv_text
    assert "'=HYPERLINK(1)" in csv_text  # formula injection neutralised
    r = client.get(reverse("plans:export_indicators", args=[adopted["plan"].pk, "xlsx"]))
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_pdf_export(adopted, as_role):
    r = as_role("citizen").get(reverse("plans:pdf", args=[adopted["plan"].pk]))
    assert r.status_code == 200 and r.content.startswith(b"%PDF")


def test_dashboard_shows_progress_and_overdue_reports(adopted, as_role):
    indicator = adopted["indicator"]
    MeasurementFactory(indicator=indicator, value=Decimal(150))
    no_baseline = IndicatorFactory(
        objective=adopted["objective"], baseline_value=None, baseline_year=None, frequency=Frequency.YEARLY
    )
    MeasurementFactory(
        indicator=no_baseline, period_start=datetime.date(2025, 1, 1), period_end=datetime.date(2025, 12, 31)
    )
    html = as_role("citizen").get(reverse("plans:dashboard", args=[adopted["plan"].pk])).content.decode()
    assert "50%" in html
    assert "Overdue reports" in html and "2025-Q" in html
    assert "unknown: no baseline" in html
