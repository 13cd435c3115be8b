"""Aggregation against values computed by hand."""

from decimal import Decimal

import pytest

from evaluations.aggregation import CriterionSpec, summarise, weighted_score

GRID = [CriterionSpec(1, 50, 1, 5), CriterionSpec(2, 30, 1, 5), CriterionSpec(3, 20, 0, 10)]


@pytest.mark.parametrize(
    ("scores", "expected"),
    [
        ({1: 1, 2: 1, 3: 0}, "0.00"),
        ({1: 5, 2: 5, 3: 10}, "100.00"),
        # 50·(3−1)/4 + 30·(4−1)/4 + 20·7/10 = 25 + 22.5 + 14
        ({1: 3, 2: 4, 3: 7}, "61.50"),
        # 50·(2−1)/4 + 30·(5−1)/4 + 20·(3/10) = 12.5 + 30 + 6
        ({1: 2, 2: 5, 3: 3}, "48.50"),
        # 50·(4−1)/4 + 30·(2−1)/4 + 20·(1/10) = 37.5 + 7.5 + 2
        ({1: 4, 2: 2, 3: 1}, "47.00"),
    ],
)
def test_weighted_score_by_hand(scores, expected):
    assert weighted_score(scores, GRID) == Decimal(expected)


def test_weighted_score_with_thirds_rounds_half_up():
    grid = [CriterionSpec(1, 100, 1, 4)]  # steps of 33.333…
    assert weighted_score({1: 2}, grid) == Decimal("33.33")
    assert weighted_score({1: 3}, grid) == Decimal("66.67")


def test_summary_of_three():
    s = summarise([Decimal("61.50"), Decimal("48.50"), Decimal("47.00")], expected=3, threshold=25)
    # mean = 157/3 = 52.333…; median 48.50; spread 61.50 − 47.00
    assert (s.count, s.mean, s.median, s.spread, s.flagged) == (
        3,
        Decimal("52.33"),
        Decimal("48.50"),
        Decimal("14.50"),
        False,
    )
    assert s.complete and s.missing == 0


def test_summary_with_a_missing_evaluation_and_even_count():
    s = summarise([Decimal("80"), Decimal("30")], expected=3, threshold=25)
    assert (s.count, s.expected, s.missing, s.complete) == (2, 3, 1, False)
    assert (s.mean, s.median, s.spread, s.flagged) == (Decimal("55.00"), Decimal("55.00"), Decimal("50.00"), True)


def test_summary_with_nothing_submitted_yet():
    s = summarise([], expected=3, threshold=25)
    assert (s.count, s.mean, s.median, s.spread, s.flagged, s.missing) == (0, None, None, None, False, 3)


def test_one_evaluation_is_never_a_disagreement():
    s = summarise([Decimal("100")], expected=3, threshold=1)
    assert s.spread == 0 and not s.flagged


def test_flag_threshold_is_inclusive():
    assert summarise([Decimal("50"), Decimal("75")], expected=2, threshold=25).flagged
    assert not summarise([Decimal("50"), Decimal("74.99")], expected=2, threshold=25).flagged
