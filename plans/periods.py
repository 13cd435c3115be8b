"""Reporting periods of an indicator, from its frequency.

A period has a stable label people type in imports ("2026-Q1", "2026-03",
"2026-H2", "2026", "2026-W05", "2026-03-B" for the second half of March)."""

import calendar
import re
from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

from .choices import Frequency


@dataclass(frozen=True, order=True)
class Period:
    start: date
    end: date
    label: str


def _month_end(year: int, month: int) -> date:
    return date(year, month, calendar.monthrange(year, month)[1])


def period_containing(frequency: str, day: date) -> Period:
    y, m = day.year, day.month
    if frequency == Frequency.YEARLY:
        return Period(date(y, 1, 1), date(y, 12, 31), f"{y}")
    if frequency == Frequency.HALF_YEARLY:
        h = 1 if m <= 6 else 2
        return Period(date(y, 6 * h - 5, 1), _month_end(y, 6 * h), f"{y}-H{h}")
    if frequency == Frequency.QUARTERLY:
        q = (m - 1) // 3 + 1
        return Period(date(y, 3 * q - 2, 1), _month_end(y, 3 * q), f"{y}-Q{q}")
    if frequency == Frequency.MONTHLY:
        return Period(date(y, m, 1), _month_end(y, m), f"{y}-{m:02d}")
    if frequency == Frequency.TWICE_MONTHLY:
        if day.day <= 15:
            return Period(date(y, m, 1), date(y, m, 15), f"{y}-{m:02d}-A")
        return Period(date(y, m, 16), _month_end(y, m), f"{y}-{m:02d}-B")
    if frequency == Frequency.WEEKLY:
        iso_year, week, _weekday = day.isocalendar()
        start = date.fromisocalendar(iso_year, week, 1)
        return Period(start, start + timedelta(days=6), f"{iso_year}-W{week:02d}")
    raise ValueError(f"unknown frequency {frequency!r}")


_LABEL_RE = {
    Frequency.YEARLY: re.compile(r"^(\d{4})$"),
    Frequency.HALF_YEARLY: re.compile(r"^(\d{4})-H([12])$", re.I),
    Frequency.QUARTERLY: re.compile(r"^(\d{4})-Q([1-4])$", re.I),
    Frequency.MONTHLY: re.compile(r"^(\d{4})-(\d{2})$"),
    Frequency.TWICE_MONTHLY: re.compile(r"^(\d{4})-(\d{2})-([AB])$", re.I),
    Frequency.WEEKLY: re.compile(r"^(\d{4})-W(\d{2})$", re.I),
}

_EXAMPLES = {
    Frequency.YEARLY: "2026",
    Frequency.HALF_YEARLY: "2026-H1",
    Frequency.QUARTERLY: "2026-Q1",
    Frequency.MONTHLY: "2026-03",
    Frequency.TWICE_MONTHLY: "2026-03-A",
    Frequency.WEEKLY: "2026-W05",
}


def period_example(frequency: str) -> str:
    return _EXAMPLES[frequency]


def period_from_label(frequency: str, label: str) -> Period:
    """The period a label names; ``ValueError`` with a message people can act on."""
    label = (label or "").strip()
    match = _LABEL_RE[frequency].match(label)
    bad = ValueError(
        _("“%(label)s” is not a %(frequency)s period: write it like %(example)s.")
        % {"label": label, "frequency": Frequency(frequency).label.lower(), "example": _EXAMPLES[frequency]}
    )
    if not match:
        raise bad
    year = int(match.group(1))
    try:
        if frequency == Frequency.YEARLY:
            day = date(year, 1, 1)
        elif frequency == Frequency.HALF_YEARLY:
            day = date(year, 6 * int(match.group(2)), 1)
        elif frequency == Frequency.QUARTERLY:
            day = date(year, 3 * int(match.group(2)), 1)
        elif frequency == Frequency.MONTHLY:
            day = date(year, int(match.group(2)), 1)
        elif frequency == Frequency.TWICE_MONTHLY:
            day = date(year, int(match.group(2)), 1 if match.group(3).upper() == "A" else 16)
        else:
            day = date.fromisocalendar(year, int(match.group(2)), 1)
    except ValueError:
        raise bad
    return period_containing(frequency, day)


def periods_between(frequency: str, start: date, end: date) -> list[Period]:
    """Every period that overlaps [start, end], in order."""
    periods: list[Period] = []
    if end < start:
        return periods
    current = period_containing(frequency, start)
    while current.start <= end:
        periods.append(current)
        current = period_containing(frequency, current.end + timedelta(days=1))
    return periods
