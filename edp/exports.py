"""Exports of the coordinator's ideas list (CSV and XLSX)."""

from __future__ import annotations

import csv
import io

from django.conf import settings
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext
from openpyxl import Workbook


def _safe(value) -> str:
    """Neutralise spreadsheet formulas in user text (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


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
            _safe(idea.title),
            idea.get_status_display(),
            timezone.localtime(idea.submitted_at).strftime("%Y-%m-%d %H:%M") if idea.submitted_at else "",
            idea.get_helix_display(),
            _safe(idea.organisation.name if idea.organisation else gettext("Individual")),
            _safe(idea.submitter.public_name),
            _safe("; ".join(u.public_name for u in idea.co_authors.all())),
            _safe("; ".join(o.name for o in idea.partners.all())),
            _safe("; ".join(a.title for a in idea.assets.all())),
            _safe(idea.meeting.title if idea.meeting else ""),
            _safe(idea.summary),
            _safe(idea.activity),
            _safe(idea.expected_impact),
            _safe(idea.support_needed),
            getattr(idea, "attachment_count", 0),
            base + idea.get_absolute_url(),
        ]


def _filename(edp, ext: str) -> str:
    return f"ideas-{edp.slug}-{timezone.localdate():%Y%m%d}.{ext}"


class _Echo:
    def write(self, value):
        return value


def ideas_csv(edp, ideas) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff"  # so spreadsheet programs read the file as UTF-8
        yield writer.writerow(_header())
        for row in _rows(ideas):
            yield writer.writerow(row)

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(edp, "csv")}"'
    return response


def ideas_xlsx(edp, ideas) -> HttpResponse:
    book = Workbook(write_only=True)
    sheet = book.create_sheet(gettext("Ideas")[:31])
    sheet.append(_header())
    for row in _rows(ideas):
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(
        buffer.getvalue(), content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(edp, "xlsx")}"'
    return response
