"""Scores → numbers a coordinator can rank by. Pure functions, no database.

Each criterion may have its own scale, so a score is first placed on 0..1
within its scale; the weighted score of an evaluation is the weighted sum on
0..100 (weights are percentages). Per idea, only *submitted* evaluations
count: a draft may change and a missing evaluation says nothing, but both
are reported (``expected``) so a coordinator sees what the numbers rest on.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

TWO_PLACES = Decimal("0.01")


@dataclass(frozen=True)
class CriterionSpec:
    id: int
    weight: int  # percent
    scale_min: int
    scale_max: int


def _round(value: Decimal) -> Decimal:
    return value.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)


def weighted_score(scores: Mapping[int, int], criteria: Sequence[CriterionSpec]) -> Decimal:
    """The evaluation's score out of 100. Every criterion must be scored."""
    total = Decimal(0)
    for c in criteria:
        span = Decimal(c.scale_max - c.scale_min)
        total += Decimal(c.weight) * (Decimal(scores[c.id] - c.scale_min) / span)
    weight_sum = sum(c.weight for c in criteria)
    if weight_sum != 100:
        # Weights are checked to total 100 before scoring starts; normalising
        # keeps the score on 0..100 should an old grid say otherwise.
        total = total * 100 / Decimal(weight_sum)
    return _round(total)


@dataclass(frozen=True)
class IdeaSummary:
    count: int  # submitted evaluations
    expected: int  # active assignments (submitted, draft or not started)
    mean: Decimal | None
    median: Decimal | None
    spread: Decimal | None  # highest minus lowest weighted score
    flagged: bool  # strong disagreement: a consensus discussion is needed

    @property
    def missing(self) -> int:
        return max(0, self.expected - self.count)

    @property
    def complete(self) -> bool:
        return self.expected > 0 and self.count >= self.expected


def summarise(submitted: Iterable[Decimal], *, expected: int, threshold: int) -> IdeaSummary:
    """Mean, median and spread of the submitted weighted scores; flagged when
    at least two evaluators differ by ``threshold`` points or more."""
    values = sorted(Decimal(v) for v in submitted)
    if not values:
        return IdeaSummary(0, expected, None, None, None, False)
    spread = values[-1] - values[0]
    return IdeaSummary(
        count=len(values),
        expected=max(expected, len(values)),
        mean=_round(sum(values, Decimal(0)) / len(values)),
        median=_round(Decimal(statistics.median(values))),
        spread=_round(spread),
        flagged=len(values) >= 2 and spread >= threshold,
    )
