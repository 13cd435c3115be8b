"""Exports of the coordinator's ideas list (CSV and XLSX), written by the one
export toolkit (core.exports: its guard against spreadsheet formulas covers
every cell, the header and the sheet name)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext

from core import exports


def _header() -> list[str]:
    return [
        gettext("Id"),
        gettext("Title"),
        gettext("Status"),
        gettext("Submitted at"),
        gettext("Helix"),
        gettext("Organisation"),
        gettext("Submitter"),
        gettext("Co-authors"),
        gettext("Partner organisations"),
        gettext("Regional assets"),
        gettext("Meeting"),
        gettext("Summary"),
        gettext("Proposed activity"),
        gettext("Expected impact"),
        gettext("Support needed"),
        gettext("Attachments"),
        gettext("Link"),
    ]


def _rows(ideas):
    base = settings.SITE_URL.rstrip("/")
    for idea in ideas.iterator(chunk_size=500):
        yield [
            idea.pk,
            idea.title,
            idea.get_status_display(),
            timezone.localtime(idea.submitted_at).strftime("%Y-%m-%d %H:%M") if idea.submitted_at else "",
            idea.get_helix_display(),
            idea.organisation.name if idea.organisation else gettext("Individual"),
            idea.submitter.public_name,
            "; ".join(u.public_name for u in idea.co_authors.all()),
            "; ".join(o.name for o in idea.partners.all()),
            "; ".join(a.title for a in idea.assets.all()),
            idea.meeting.title if idea.meeting else "",
            idea.summary,
            idea.activity,
            idea.expected_impact,
            idea.support_needed,
            getattr(idea, "attachment_count", 0),
            base + idea.get_absolute_url(),
        ]


def _filename(edp, ext: str) -> str:
    return f"ideas-{edp.slug}-{timezone.localdate():%Y%m%d}.{ext}"


def ideas_csv(edp, ideas) -> StreamingHttpResponse:
    response = StreamingHttpResponse(exports.csv_stream(_header(), _rows(ideas)), content_type=exports.CSV_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(edp, "csv")}"'
    return response


def ideas_xlsx(edp, ideas) -> HttpResponse:
    body = exports.xlsx_bytes([(gettext("Ideas"), _header(), _rows(ideas))])
    response = HttpResponse(body, content_type=exports.XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{_filename(edp, "xlsx")}"'
    return response
