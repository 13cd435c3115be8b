"""The ranking as CSV or XLSX. Coordinators only; no evaluator names, so a
forwarded file never unblinds the panel. Written by ``core.exports``, whose
one guard keeps every cell — criteria names in the header included — from
running as a formula."""

from django.utils.translation import gettext as _

from core import exports


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


def to_csv(header, rows) -> bytes:
    return exports.csv_bytes(header, rows)


def to_xlsx(header, rows) -> bytes:
    return exports.xlsx_bytes([(_("Ranking"), header, rows)])
