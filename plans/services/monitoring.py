"""Monitoring an adopted plan: measurements, imports and action status."""

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.errors import DomainError
from core.uploads import CheckedUpload, stored_name

from ..models import Action, ActionPlan, ActionStatusUpdate, Indicator, IndicatorMeasurement
from ..periods import Period, period_from_label
from ..rules import PLAN_ADOPTED, refuse_unless

MAX_IMPORT_ROWS = 5000
IMPORT_COLUMNS = ["indicator", "period", "value", "comment"]


def _require_monitorable(plan: ActionPlan) -> None:
    refuse_unless(PLAN_ADOPTED, plan, code="not_adopted")


def _check_period(period: Period) -> None:
    if period.start > timezone.localdate():
        raise DomainError(_("This period has not started yet: report it once it has."), field="period")


@transaction.atomic
def measurement_report(
    *,
    indicator: Indicator,
    period: Period,
    value: Decimal,
    comment: str,
    actor,
    evidence: CheckedUpload | None = None,
) -> IndicatorMeasurement:
    """Records (or corrects) the value of one indicator for one period. A
    correction keeps the earlier value in the measurement's history."""
    _require_monitorable(indicator.plan)
    _check_period(period)
    measurement = IndicatorMeasurement.objects.select_for_update().filter(
        indicator=indicator, period_start=period.start
    ).first() or IndicatorMeasurement(indicator=indicator, period_start=period.start)
    measurement.period_end, measurement.value, measurement.comment = period.end, value, comment
    measurement.reported_by = actor
    if evidence is not None:
        # Stored under a random name with the detected extension; the
        # uploader's file name is kept only for the download.
        measurement.evidence.save(stored_name(evidence), evidence.file, save=False)
        measurement.evidence_name = evidence.original_name
        measurement.evidence_content_type = evidence.content_type
    measurement.save()
    return measurement


@transaction.atomic
def action_status_update(*, action: Action, status: str, note: str, actor) -> ActionStatusUpdate:
    _require_monitorable(action.plan)
    if status == action.status and not note.strip():
        raise DomainError(_("The action already has this status: add a note to say what changed."), field="note")
    update = ActionStatusUpdate.objects.create(action=action, status=status, note=note, author=actor)
    Action.objects.filter(pk=action.pk).update(status=status)
    action.status = status
    return update


@dataclass
class ImportResult:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _read_rows(upload: UploadedFile) -> list[list[str]]:
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(upload, read_only=True, data_only=True)
        except Exception:  # openpyxl raises many kinds for a broken file
            raise DomainError(_("This file is not a readable Excel workbook (.xlsx)."), field="file")
        sheet = workbook.worksheets[0]
        rows = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
        workbook.close()
        return rows
    if name.endswith(".csv"):
        raw = upload.read()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(_("Save the CSV file as UTF-8 and upload it again."), field="file")
        try:
            dialect = csv.Sniffer().sniff(text[:2048], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        return list(csv.reader(io.StringIO(text), dialect))
    raise DomainError(_("Upload a .csv or .xlsx file."), field="file")


def _parse_value(raw: str) -> Decimal:
    cleaned = raw.strip().replace("\u00a0", "").replace(" ", "").replace(",", ".")
    value = Decimal(cleaned)
    if not value.is_finite():
        raise InvalidOperation
    return value


@transaction.atomic
def measurements_import(*, plan: ActionPlan, upload: UploadedFile, actor) -> ImportResult:
    """Imports measurements from a table with the columns indicator (code),
    period (label), value and comment.

    All or nothing: when any row is wrong, every wrong row is reported with
    its number and reason and nothing is saved, so a corrected file can
    simply be uploaded again."""
    _require_monitorable(plan)
    rows = [row for row in _read_rows(upload) if any(cell.strip() for cell in row)]
    result = ImportResult()
    if not rows:
        raise DomainError(_("The file is empty."), field="file")
    header = [cell.strip().lower() for cell in rows[0]]
    missing = [column for column in IMPORT_COLUMNS[:3] if column not in header]
    if missing:
        raise DomainError(
            _("The first row must name the columns %(cols)s; missing: %(missing)s.")
            % {"cols": ", ".join(IMPORT_COLUMNS), "missing": ", ".join(missing)},
            field="file",
        )
    if len(rows) - 1 > MAX_IMPORT_ROWS:
        raise DomainError(_("Import at most %(n)s rows at a time.") % {"n": MAX_IMPORT_ROWS}, field="file")
    position = {column: header.index(column) for column in IMPORT_COLUMNS if column in header}
    indicators = {i.code.lower(): i for i in Indicator.objects.filter(plan=plan)}
    today = timezone.localdate()
    parsed: list[tuple[Indicator, Period, Decimal, str]] = []
    seen: dict[tuple[int, date], int] = {}

    for number, row in enumerate(rows[1:], start=2):
        cells = {column: (row[i].strip() if i < len(row) else "") for column, i in position.items()}
        indicator = indicators.get(cells["indicator"].lower())
        if indicator is None:
            result.errors.append(
                (number, _("No indicator of this plan has the code “%(c)s”.") % {"c": cells["indicator"]})
            )
            continue
        try:
            period = period_from_label(indicator.frequency, cells["period"])
        except ValueError as exc:
            result.errors.append((number, str(exc)))
            continue
        if period.start > today:
            result.errors.append((number, _("The period %(p)s has not started yet.") % {"p": period.label}))
            continue
        try:
            value = _parse_value(cells["value"])
        except (InvalidOperation, ValueError):
            result.errors.append((number, _("“%(v)s” is not a number.") % {"v": cells["value"]}))
            continue
        key = (indicator.pk, period.start)
        if key in seen:
            result.errors.append(
                (
                    number,
                    _("Row %(other)s already gives %(code)s for %(p)s.")
                    % {"other": seen[key], "code": indicator.code, "p": period.label},
                )
            )
            continue
        seen[key] = number
        parsed.append((indicator, period, value, cells.get("comment", "")))

    if result.errors:
        return result
    existing = {
        (m.indicator_id, m.period_start): m
        for m in IndicatorMeasurement.objects.filter(
            indicator__plan=plan, period_start__in={p.start for _i, p, _v, _c in parsed}
        )
    }
    for indicator, period, value, comment in parsed:
        measurement = existing.get((indicator.pk, period.start))
        if measurement is None:
            IndicatorMeasurement.objects.create(
                indicator=indicator,
                period_start=period.start,
                period_end=period.end,
                value=value,
                comment=comment,
                reported_by=actor,
            )
            result.created += 1
        else:
            measurement.value, measurement.comment, measurement.reported_by = value, comment, actor
            measurement.save()
            result.updated += 1
    return result
