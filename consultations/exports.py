"""The consultation report as CSV, XLSX and PDF.

User text is untrusted in every format: the spreadsheets are written by
``core.exports`` (one guard against formula injection for every cell), and
the PDF is rendered from an autoescaping template by WeasyPrint with every
external fetch refused."""

from collections.abc import Iterable, Iterator

from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from core import exports

from .models import Comment
from .report import ConsultationReport


def _comment_text(comment: Comment) -> str:
    is_in = Comment.lifecycle.is_in
    if is_in(comment, Comment.Status.VISIBLE):
        return comment.body
    if is_in(comment, Comment.Status.DELETED):
        return _("Deleted by its author")
    if is_in(comment, Comment.Status.HIDDEN):
        return _("Hidden by a moderator: %(reason)s") % {"reason": comment.moderation_reason}
    return _("Hidden pending review")


def tables(report: ConsultationReport) -> dict[str, tuple[list[str], Iterable[list]]]:
    """Every table of the report: name → (header, rows)."""
    consultation = report.consultation

    def comment_rows() -> Iterator[list]:
        comments = (
            Comment.objects.filter(item__consultation=consultation)
            .select_related("item", "author", "author_region")
            .order_by("item__position", "item_id", "created_at", "id")
        )
        for c in comments.iterator(chunk_size=2000):
            yield [
                c.pk,
                c.item.title,
                c.parent_id or "",
                "" if Comment.lifecycle.is_in(c, Comment.Status.DELETED) else c.author_label,
                c.get_author_helix_display(),
                c.author_region.name if c.author_region_id else "",
                c.get_status_display(),
                _comment_text(c),
                c.helpful_count,
                timezone.localtime(c.created_at).isoformat(timespec="minutes"),
            ]

    def hearing_rows() -> Iterator[list]:
        for meeting in report.hearings:
            yield [
                meeting.title,
                timezone.localtime(meeting.starts_at).isoformat(timespec="minutes"),
                " · ".join(place for place in (meeting.venue, meeting.online_url) if place),
                meeting.minutes if meeting.minutes_published_at else _("Minutes not published yet."),
            ]

    return {
        "participants": (
            [_("Group"), _("Name"), _("Participants"), _("Comments")],
            [
                ["helix", label, n, c]
                for (label, n), (_l, c) in zip(report.participants_by_helix, report.comments_by_helix, strict=True)
            ]
            + [["region", label, n, ""] for label, n in report.participants_by_region],
        ),
        "stances": (
            [_("Item"), _("Support"), _("Neutral"), _("Oppose"), _("Comments")],
            [[r.item.title, r.support, r.neutral, r.oppose, r.comments] for r in report.items],
        ),
        "comments": (
            [
                _("Number"),
                _("Item"),
                _("Reply to"),
                _("Author"),
                _("Helix"),
                _("Region"),
                _("Status"),
                _("Comment"),
                _("Helpful"),
                _("Posted"),
            ],
            comment_rows(),
        ),
        "answers": (
            [_("Item"), _("What people said"), _("Outcome"), _("What we did and why"), _("Comments answered")],
            [
                [
                    a.item.title,
                    a.summary,
                    a.get_outcome_display(),
                    a.reason,
                    ", ".join(str(c.pk) for c in a.comments.all()),
                ]
                for a in report.answers
            ],
        ),
        # The public hearings attached to the consultation and their minutes
        # (Markdown source, as written), as on the report page.
        "hearings": ([_("Title"), _("When"), _("Venue"), _("Minutes")], hearing_rows()),
    }


def xlsx_bytes(report: ConsultationReport) -> bytes:
    """Every table of the report, one sheet each (named as the CSV files)."""
    return exports.xlsx_bytes((name, header, rows) for name, (header, rows) in tables(report).items())


def pdf_bytes(report: ConsultationReport, request=None) -> bytes:
    from weasyprint import HTML, URLFetcher

    html = render_to_string(
        "consultations/report_pdf.html", {"report": report, "generated_at": timezone.now()}, request=request
    )
    # Nothing is fetched while rendering: no file:// reads, no network.
    return HTML(string=html, url_fetcher=URLFetcher(allowed_protocols=("data",))).write_pdf()
