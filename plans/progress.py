"""Progress towards a target, and the target path charts compare against.

progress = (value − baseline) / (target − baseline). The formula already
handles targets below the baseline (reducing emissions, waiting times): both
differences are negative, so moving down is progress. Two cases need a rule:
- no baseline: there is nothing to measure progress from, so progress is
  unknown (``None``) rather than a guess; pages say why;
- target equal to the baseline (keep a level): 100% while the value is at
  the target, 0% otherwise, never a division by zero.
Progress is not clipped: overshooting shows above 100%, going the wrong way
below 0%, because both are things a steering body needs to see."""

from datetime import date
from decimal import Decimal


def compute_progress(value: Decimal | None, baseline: Decimal | None, target: Decimal) -> Decimal | None:
    if value is None or baseline is None:
        return None
    value, baseline, target = Decimal(value), Decimal(baseline), Decimal(target)
    if target == baseline:
        return Decimal(1) if value == target else Decimal(0)
    return (value - baseline) / (target - baseline)


def progress_percent(ratio: Decimal | None) -> int | None:
    return None if ratio is None else int((ratio * 100).quantize(Decimal(1)))


def target_path_value(
    *,
    baseline: Decimal | None,
    baseline_year: int | None,
    target: Decimal,
    target_year: int,
    on: date,
) -> Decimal:
    """Where the indicator should be on a day if it moved in a straight line
    from the baseline (at the end of its year) to the target (at the end of
    the target year). Without a baseline the path is the target itself."""
    target = Decimal(target)
    if baseline is None or baseline_year is None:
        return target
    baseline = Decimal(baseline)
    start = date(baseline_year, 12, 31)
    end = date(target_year, 12, 31)
    if on <= start or end <= start:
        return baseline if on <= start else target
    if on >= end:
        return target
    share = Decimal((on - start).days) / Decimal((end - start).days)
    return baseline + (target - baseline) * share
