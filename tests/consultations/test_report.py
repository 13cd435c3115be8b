import csv
import io

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from consultations import services
from consultations.models import Consultation, HearingLink
from consultations.report import build_report
from core import exports as core_exports
from edp.models import Meeting
from stakeholders.models import Region
from tests.factories.accounts import UserFactory
from tests.factories.consultations import CommentFactory, ConsultationFactory, ItemFactory
from tests.factories.edp import MeetingFactory

pytestmark = pytest.mark.django_db

XSS = "<script>alert(1)</script><img src=x onerror=alert(1)>"


@pytest.fixture
def published(edp, coordinator):
    """A consultation that ran (open while people took part), then closed
    and published, with an XSS payload in a comment and a display name."""
    consultation = ConsultationFactory(edp=edp)
    a, b = ItemFactory(consultation=consultation), ItemFactory(consultation=consultation)
    pavlodar, kyzylorda = Region.objects.get(code="pavlodar"), Region.objects.get(code="kyzylorda")
    industry = UserFactory(helix="industry", region=pavlodar, display_name=XSS)
    academic = UserFactory(helix="academia", region=kyzylorda)
    citizen = UserFactory(region=pavlodar)
    services.stance_set(item=a, user=industry, position="support")
    services.stance_set(item=a, user=academic, position="oppose")
    services.stance_set(item=b, user=citizen, position="neutral")
    evil = services.comment_create(item=a, author=industry, body=f'=HYPERLINK("http://x") {XSS}')
    good = services.comment_create(item=a, author=citizen, body="Build a **training centre**", show_as_resident=True)
    services.helpful_mark_set(comment=good, user=academic, helpful=True)
    services.helpful_mark_set(comment=evil, user=academic, helpful=True)
    services.helpful_mark_set(comment=good, user=industry, helpful=True)
    services.answer_create(
        consultation=consultation,
        author=coordinator,
        item=a,
        comments=[good],
        summary="Training matters",
        outcome="accepted",
        reason="Added to the plan.",
    )
    services.consultation_close_early(consultation=consultation, actor=coordinator, reason="Closing")
    services.consultation_publish_report(consultation=consultation, actor=coordinator, summary="Thanks to all")
    return Consultation.objects.get(pk=consultation.pk)


def test_report_numbers(published):
    report = build_report(published)
    assert report.participants == 3
    assert dict(report.participants_by_helix) == {
        "Government": 0,
        "Industry": 1,
        "Academia and research": 1,
        "Civil society": 1,
    }
    assert dict(report.participants_by_region) == {"Pavlodar Region": 2, "Kyzylorda Region": 1}
    assert report.comments == 2
    first = report.items[0]
    assert (first.support, first.neutral, first.oppose, first.comments) == (1, 0, 1, 2)
    assert [c.body for c in first.top_comments][0] == "Build a **training centre**"  # 2 marks before 1
    assert len(first.answers) == 1 and dict(report.answers_by_outcome)["Accepted"] == 1


def test_report_page_is_public_and_inert(client, published):
    html = client.get(reverse("consultations:report", args=[published.pk])).content.decode()
    assert "Thanks to all" in html and "Training matters" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "A resident of Pavlodar Region" in html


def test_report_query_count_does_not_grow_with_comments(client, published, django_assert_max_num_queries):
    url = reverse("consultations:report", args=[published.pk])
    with django_assert_max_num_queries(40) as first:
        client.get(url)
    item = published.items.first()
    for i in range(20):
        CommentFactory(item=item, helpful_count=i)
    with django_assert_max_num_queries(len(first.captured_queries)):
        client.get(url)


def test_pdf_html_escapes_user_text_and_pdf_renders(client, published):
    html = render_to_string("consultations/report_pdf.html", {"report": build_report(published)})
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "&lt;script&gt;" in html
    response = client.get(reverse("consultations:report_pdf", args=[published.pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")


def test_csv_neutralises_formulas_and_keeps_text_literal(client, published):
    response = client.get(reverse("consultations:report_csv", args=[published.pk, "comments"]))
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    texts = [r[7] for r in rows[1:]]
    assert any(t.startswith("'=HYPERLINK") for t in texts)
    assert not any(t.startswith("=") for r in rows for t in r)
    assert "A resident of Pavlodar Region" in {r[3] for r in rows[1:]}


@pytest.fixture
def hearings(published, coordinator, edp):
    """Two public hearings attached to the published consultation: one with
    published minutes (that start like a formula), one whose minutes are not
    published yet (held online)."""
    held = MeetingFactory(
        edp=edp,
        kind=Meeting.Kind.PUBLIC_HEARING,
        title="Hearing at the akimat",
        starts_at=timezone.now() - timezone.timedelta(days=5),
        venue="Akimat, Satpayev St 49",
        minutes="=1+1 We heard **forty** people. <script>alert(1)</script>",
        minutes_published_at=timezone.now() - timezone.timedelta(days=4),
    )
    pending = MeetingFactory(
        edp=edp,
        kind=Meeting.Kind.PUBLIC_HEARING,
        title="Online hearing",
        starts_at=timezone.now() - timezone.timedelta(days=3),
        venue="",
        online_url="https://meet.example.kz/hearing",
        minutes="Draft minutes nobody may read yet",
    )
    for meeting in (pending, held):  # attached while it ran (a published record no longer changes)
        HearingLink.objects.create(consultation=published, meeting=meeting, added_by=coordinator)
    return held, pending


def test_csv_has_the_hearings_and_their_minutes(client, published, hearings):
    held, pending = hearings
    response = client.get(reverse("consultations:report_csv", args=[published.pk, "hearings"]))
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(body)))
    assert rows[0] == ["Title", "When", "Venue", "Minutes"]
    assert [r[0] for r in rows[1:]] == ["Hearing at the akimat", "Online hearing"]  # by date
    first, second = rows[1], rows[2]
    assert first[1] == timezone.localtime(held.starts_at).isoformat(timespec="minutes")
    assert first[2] == "Akimat, Satpayev St 49"
    assert first[3] == "'=1+1 We heard **forty** people. <script>alert(1)</script>"  # literal text, no formula
    assert second[2] == "https://meet.example.kz/hearing"
    assert second[3] == "Minutes not published yet."  # unpublished minutes stay private
    assert "Draft minutes" not in body
    html = client.get(reverse("consultations:report", args=[published.pk])).content.decode()
    assert reverse("consultations:report_csv", args=[published.pk, "hearings"]) in html


def test_xlsx_has_the_hearings_sheet(client, published, hearings):
    response = client.get(reverse("consultations:report_xlsx", args=[published.pk]))
    sheet = load_workbook(io.BytesIO(response.content))["hearings"]
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    assert rows[0] == ["Title", "When", "Venue", "Minutes"]
    assert rows[1][0] == "Hearing at the akimat" and rows[1][3].startswith("'=1+1 We heard **forty** people.")
    assert rows[2][0] == "Online hearing" and rows[2][3] == "Minutes not published yet."


def test_hearings_export_in_the_readers_language(client, published, hearings):
    response = client.get(
        reverse("consultations:report_csv", args=[published.pk, "hearings"]), HTTP_ACCEPT_LANGUAGE="ru"
    )
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))
    assert rows[0][0] != "Title" and rows[2][3] != "Minutes not published yet."


def test_xlsx_has_every_table_and_no_formulas(client, published):
    response = client.get(reverse("consultations:report_xlsx", args=[published.pk]))
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["participants", "stances", "comments", "answers", "hearings"]
    values = [c.value for row in book["comments"].iter_rows() for c in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert any(isinstance(v, str) and v.startswith("'=HYPERLINK") for v in values)


def test_safe_cell():
    # The report's cells go through the one guard of core.exports.
    assert core_exports.cell("=1+1") == "'=1+1"
    assert core_exports.cell("@SUM(A1)") == "'@SUM(A1)"
    assert core_exports.cell("plain") == "plain" and core_exports.cell(3) == 3


def test_unknown_csv_table_is_404(client, published):
    assert client.get(reverse("consultations:report_csv", args=[published.pk, "secrets"])).status_code == 404
