"""XmR charts the Making Data Count way (SPC.md, "The function"); NHSRplotthedots is the
reference implementation. Everything here is O(n): each rule is one pass.

Choices where the specification is silent:

- A period with one point has no moving range: its limits equal its mean.
- If every moving range of a baseline is zero, screening would drop them all (none is
  below 3.267 * 0); the average moving range then stays 0, so limits equal the mean.
- The mean is clamped to the baseline's min..max so rounding can never put a constant
  series off its own mean (which would invent shifts).
- A point in both a rising and a falling trend (a peak or trough joining two trends)
  and flagged by nothing else takes the direction of the trend it completes, the
  earlier one.
- Assurance compares the target with the limits of the last period: the current process.
- An empty series: no points, variation and assurance None, trial_limits False.
- rebase_at index 0 is accepted and changes nothing; repeated indices count once.
"""

import math
from itertools import pairwise, repeat

from . import inputs, rules, stats

LIMIT = 2.66  # converts the average moving range into ~3 sigma
CLOSE = LIMIT * 2 / 3  # beyond this (but inside the limit) a point is "close"
TRIAL_BELOW = 13  # periods shorter than this have trial limits
MIN_FIX_AFTER = 12


def xmr(
    values,
    direction="increase",
    target=None,
    rebase_at=(),
    fix_after=None,
    screen_outliers=True,
) -> rules.Chart:
    """Build an XmR chart: limits per period, special-cause kinds, and the MDC icons.

    values: numbers in time order. direction: "increase" (higher is better),
    "decrease" or "neutral". target: optional number, for the assurance icon.
    rebase_at: indices where a new period (new limits) starts. fix_after: if given
    (at least 12), each period's limits come from its first fix_after points only.
    screen_outliers: drop moving ranges of 3.267 times the average or more.
    Raises ValueError for anything it cannot chart.
    """
    xs = inputs.numbers(values)
    inputs.direction(direction)
    if target is not None:
        target = inputs.number(target, "target")
    if fix_after is not None:
        inputs.count(fix_after, "fix_after", MIN_FIX_AFTER)
    starts = _period_starts(rebase_at, len(xs))

    periods = list(pairwise([*starts, len(xs)]))
    points = []
    for start, end in periods:
        period = xs[start:end]
        n = end - start
        mean, spread = _centre_and_spread(period[:fix_after], screen_outliers)
        upl, lpl = mean + spread, mean - spread
        close = spread * (CLOSE / LIMIT)
        kinds = rules.kinds(
            period,
            mean,
            repeat(lpl, n),
            repeat(upl, n),
            repeat(mean - close, n),
            repeat(mean + close, n),
            direction,
        )
        points.extend(map(rules.Point, period, repeat(mean), repeat(upl), repeat(lpl), kinds))

    return rules.Chart(
        points=tuple(points),
        variation=rules.variation(points, direction),
        assurance=rules.assurance(points, direction, target),
        trial_limits=any(end - start < TRIAL_BELOW for start, end in periods),
    )


def _period_starts(rebase_at, n):
    starts = {0} if n else set()
    for index in inputs.indices(rebase_at):
        # Negative indices are refused rather than counted from the end: a rebase is a
        # point in time, and -1 there is more likely a bug than a wish.
        if not 0 <= index < n:
            raise ValueError(f"rebase index {index} is out of range for {n} values")
        starts.add(index)
    return sorted(starts)


def _centre_and_spread(baseline, screen_outliers):
    """Mean of the baseline, and the distance from the mean to each process limit."""
    mean = stats.mean(baseline)
    ranges = stats.moving_ranges(baseline)
    average = stats.total(ranges) / len(ranges) if ranges else 0.0
    screened = stats.screened_mean(ranges) if screen_outliers else None
    # screened is None when every range is 0 (nothing is below 0): the average stays 0.
    if screened is not None:
        average = screened
    spread = LIMIT * average
    if not (math.isfinite(mean + spread) and math.isfinite(mean - spread)):
        raise ValueError("values are too large to chart (limits overflow)")
    return mean, spread
