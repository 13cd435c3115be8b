"""The one spreadsheet writer: formula injection guarded in every cell,
headers and sheet names included; typed values stay typed."""

import csv
import datetime
import decimal
import io

import pytest
from openpyxl import load_workbook

from core.exports import cell, csv_bytes, sheet_title, xlsx_bytes

PAYLOADS = ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\t=1", "\r=1", "\n=1"]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_text_that_would_run_as_a_formula_is_quoted(payload):
    assert cell(payload) == "'" + payload


def test_typed_values_stay_typed_and_none_is_empty():
    assert cell(-5) == -5
    assert cell(decimal.Decimal("-1.5")) == decimal.Decimal("-1.5")
    assert cell(datetime.date(2026, 3, 12)) == datetime.date(2026, 3, 12)
    assert cell(None) == ""
    assert cell("Павлодар") == "Павлодар"


def test_csv_guards_header_and_rows_and_starts_with_a_bom():
    data = csv_bytes(["=1+1", "name"], [["@x", -3], ["ok", None]]).decode("utf-8")
    assert data.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(data.lstrip("\ufeff"))))
    assert rows == [["'=1+1", "name"], ["'@x", "-3"], ["ok", ""]]


def test_xlsx_guards_header_rows_and_sheet_title():
    data = xlsx_bytes([("=evil[1]", ["=1+1", "n"], [["+x", 2], [decimal.Decimal("2.5"), "\r=1"]])])
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.worksheets[0]
    assert sheet.title == "'=evil1"
    values = [[c.value for c in row] for row in sheet.iter_rows()]
    # (XML normalises the carriage return to a line feed when read back.)
    assert values == [["'=1+1", "n"], ["'+x", 2], [2.5, "'\n=1"]]
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_sheet_titles_are_valid():
    assert sheet_title("a" * 40) == "a" * 31
    assert sheet_title("") == "Sheet"
