import io

import pytest
from django.db.models import Count

from consultations import demo
from consultations.models import Comment, Consultation, HelpfulMark, Stance
from consultations.report import build_report
from core.management.commands.load_demo import DemoContext
from edp.models import EDP
from stakeholders import demo as stakeholders_demo
from tests.factories.edp import EDPFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("stage", ["foresight", "monitoring"])
def test_demo_builds_a_closed_consultation_with_a_published_report_at_any_stage(stage):
    ctx = DemoContext(io.StringIO(), "demo-pass-2026")
    stakeholders_demo.load(ctx)
    ctx["edp"] = EDPFactory(region=ctx["region"], owner=ctx["orgs"]["akimat"], stage=stage)
    demo.load(ctx)
    demo.load(ctx)  # idempotent
    consultation = Consultation.objects.get()
    assert consultation.state == "report_published"
    assert Comment.objects.count() >= 300
    assert Comment.objects.exclude(status="visible").count() >= 4
    assert consultation.answers.count() >= 5
    for item in consultation.items.all():
        assert item.support_count + item.neutral_count + item.oppose_count == Stance.objects.filter(item=item).count()
    counts = dict(HelpfulMark.objects.values_list("comment").annotate(n=Count("id")))
    for comment in Comment.objects.filter(helpful_count__gt=0)[:50]:
        assert comment.helpful_count == counts[comment.pk]
    report = build_report(consultation)
    assert report.participants > 100
    assert EDP.objects.count() == 1
    assert report.hearings and report.hearings[0].minutes
