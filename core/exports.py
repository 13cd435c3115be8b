"""One export toolkit: CSV and XLSX writers that every app uses.

Every cell — headers and sheet names included — goes through :func:`cell`,
the one guard against spreadsheet formula injection (OWASP "CSV injection"):
text a spreadsheet program would run as a formula or a DDE call (starting
with ``=``, ``+``, ``-``, ``@``, a tab, a carriage return or a line feed) is
prefixed with an apostrophe, which spreadsheets show as plain text. Numbers,
dates and booleans stay typed (a negative number is a number, not a formula).

CSV is written with a byte-order mark so that Excel opens Cyrillic text as
UTF-8, and can be streamed row by row (:func:`csv_stream`).
"""

from __future__ import annotations

import csv
import datetime
import decimal
import io
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\n")
BOM = "\ufeff"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"

Row = Sequence[Any]


def cell(value: Any) -> Any:
    """A value safe to put in a spreadsheet cell. ``None`` becomes empty;
    numbers, dates and booleans stay as they are; anything else is text."""
    if value is None:
        return ""
    if isinstance(value, bool | int | float | decimal.Decimal | datetime.date | datetime.datetime | datetime.time):
        return value
    text = str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _csv_cell(value: Any) -> Any:
    value = cell(value)
    return value.isoformat() if isinstance(value, datetime.date | datetime.time) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_stream(header: Row, rows: Iterable[Row]) -> Iterator[str]:
    """The CSV text, line by line (for a StreamingHttpResponse)."""
    writer = csv.writer(_Echo())
    yield BOM
    yield writer.writerow([_csv_cell(h) for h in header])
    for row in rows:
        yield writer.writerow([_csv_cell(v) for v in row])


def csv_bytes(header: Row, rows: Iterable[Row]) -> bytes:
    return "".join(csv_stream(header, rows)).encode("utf-8")


def _xlsx_cell(value: Any) -> Any:
    value = cell(value)
    if isinstance(value, decimal.Decimal):
        return float(value)
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return value.replace(tzinfo=None)  # openpyxl refuses aware datetimes; the value is in local time
    return value


def sheet_title(title: Any) -> str:
    """An XLSX sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    text = "".join(ch for ch in str(cell(title)) if ch not in "[]:*?/\\")[:31]
    return text or "Sheet"


def xlsx_bytes(sheets: Iterable[tuple[Any, Row, Iterable[Row]]]) -> bytes:
    """An XLSX workbook of ``(title, header, rows)`` sheets, written in
    write-only mode (memory stays flat with the number of rows); the header
    row is bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for title, header, rows in sheets:
        sheet = workbook.create_sheet(title=sheet_title(title))
        sheet.freeze_panes = "A2"
        header_cells = []
        for h in header:
            c = WriteOnlyCell(sheet, value=_xlsx_cell(h))
            c.font = bold
            header_cells.append(c)
        sheet.append(header_cells)
        for row in rows:
            sheet.append([_xlsx_cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
