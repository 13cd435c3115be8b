from datetime import date
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from plans.choices import Frequency
from plans.periods import period_containing, period_from_label, periods_between
from plans.progress import compute_progress, progress_percent, target_path_value


@pytest.mark.parametrize(
    ("value", "baseline", "target", "expected"),
    [
        (D(150), D(100), D(200), D("0.5")),  # half-way up
        (D(200), D(100), D(200), D(1)),
        (D(250), D(100), D(200), D("1.5")),  # overshoot is shown, not clipped
        (D(90), D(100), D(200), D("-0.1")),  # wrong direction is negative
        (D(75), D(100), D(50), D("0.5")),  # target below baseline: going down is progress
        (D(50), D(100), D(50), D(1)),
        (D(120), D(100), D(50), D("-0.4")),  # target below baseline, moving up is regress
        (D(0), D(10), D(0), D(1)),  # reduce to zero
    ],
)
def test_progress_formula(value, baseline, target, expected):
    assert compute_progress(value, baseline, target) == expected


def test_missing_baseline_gives_unknown_progress_not_a_guess():
    assert compute_progress(D(150), None, D(200)) is None
    assert progress_percent(None) is None


def test_missing_value_gives_unknown_progress():
    assert compute_progress(None, D(100), D(200)) is None


def test_target_equal_to_baseline_means_keep_the_level():
    assert compute_progress(D(100), D(100), D(100)) == D(1)
    assert compute_progress(D(99), D(100), D(100)) == D(0)
    assert compute_progress(D(101), D(100), D(100)) == D(0)


@given(
    baseline=st.decimals(min_value=-1000, max_value=1000, places=2),
    target=st.decimals(min_value=-1000, max_value=1000, places=2),
)
def test_progress_is_zero_at_baseline_and_one_at_target(baseline, target):
    assert compute_progress(target, baseline, target) == 1
    if target != baseline:
        assert compute_progress(baseline, baseline, target) == 0


def test_progress_percent_rounds():
    assert progress_percent(D("0.456")) == 46
    assert progress_percent(D("-0.1")) == -10


def test_target_path_is_linear_between_baseline_and_target_year_ends():
    kwargs = {"baseline": D(100), "baseline_year": 2025, "target": D(200), "target_year": 2027}
    assert target_path_value(on=date(2025, 6, 1), **kwargs) == D(100)
    assert target_path_value(on=date(2026, 12, 31), **kwargs) == D(100) + D(100) * D(365) / D(730)
    assert target_path_value(on=date(2028, 1, 1), **kwargs) == D(200)
    assert target_path_value(baseline=None, baseline_year=None, target=D(7), target_year=2030, on=date(2026, 1, 1)) == 7


@pytest.mark.parametrize(
    ("frequency", "day", "label", "start", "end"),
    [
        (Frequency.YEARLY, date(2026, 5, 5), "2026", date(2026, 1, 1), date(2026, 12, 31)),
        (Frequency.HALF_YEARLY, date(2026, 7, 1), "2026-H2", date(2026, 7, 1), date(2026, 12, 31)),
        (Frequency.QUARTERLY, date(2026, 5, 5), "2026-Q2", date(2026, 4, 1), date(2026, 6, 30)),
        (Frequency.MONTHLY, date(2024, 2, 10), "2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        (Frequency.TWICE_MONTHLY, date(2026, 2, 20), "2026-02-B", date(2026, 2, 16), date(2026, 2, 28)),
        (Frequency.WEEKLY, date(2026, 1, 1), "2026-W01", date(2025, 12, 29), date(2026, 1, 4)),
    ],
)
def test_periods_and_labels_round_trip(frequency, day, label, start, end):
    period = period_containing(frequency, day)
    assert (period.label, period.start, period.end) == (label, start, end)
    assert period_from_label(frequency, label) == period


@pytest.mark.parametrize(
    ("frequency", "label"),
    [
        (Frequency.QUARTERLY, "2026-Q5"),
        (Frequency.MONTHLY, "2026-13"),
        (Frequency.YEARLY, "26"),
        (Frequency.QUARTERLY, "2026"),
    ],
)
def test_bad_period_labels_explain_the_format(frequency, label):
    with pytest.raises(ValueError, match="write it like"):
        period_from_label(frequency, label)


def test_periods_between_covers_the_range_without_gaps():
    periods = periods_between(Frequency.QUARTERLY, date(2025, 11, 15), date(2026, 7, 2))
    assert [p.label for p in periods] == ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3"]
