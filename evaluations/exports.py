"""The ranking as CSV or XLSX. Coordinators only; no evaluator names, so a
forwarded file never unblinds the panel."""

import csv
import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font


def ranking_rows(results, criteria) -> tuple[list[str], list[list]]:
    header = [
        _("Rank"),
        _("Idea"),
        _("Organisation"),
        _("Helix"),
        _("Asset dimensions"),
        _("Mean"),
        _("Median"),
        _("Spread"),
        _("Evaluations submitted"),
        _("Evaluations expected"),
        _("Disagreement"),
        _("Decision"),
    ] + [c.name for c in criteria]
    rows = []
    for rank, r in enumerate(results, start=1):
        s = r.summary
        rows.append(
            [
                rank,
                r.idea.title,
                str(r.idea.organisation or ""),
                r.idea.get_helix_display(),
                ", ".join(r.dimensions),
                s.mean,
                s.median,
                s.spread,
                s.count,
                s.expected,
                _("flagged") if s.flagged else "",
                r.decision.get_outcome_display() if r.decision else "",
            ]
            + [r.criterion_means.get(c.pk) for c in criteria]
        )
    return header, rows


def _safe(value):
    # A cell starting with = + - @ would run as a formula in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def to_csv(header, rows) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else _safe(v) for v in row])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(header, rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = _("Ranking")[:31]
    ws.append(header)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append([float(v) if hasattr(v, "quantize") else _safe(v) for v in row])
    ws.freeze_panes = "A2"
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
