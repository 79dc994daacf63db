"""The few statistics the charts share, written so rounding cannot mislead the rules."""

import math
from itertools import pairwise

SCREEN = 3.267  # moving ranges at or above this many times the average are outliers


def total(xs):
    """Exact sum; NaN when it overflows (fsum raises rather than return an infinity)."""
    try:
        return math.fsum(xs)
    except OverflowError:
        return math.nan


def mean(xs):
    """Arithmetic mean, clamped to the data's min..max; NaN when the sum overflows.

    fsum/len can round a hair outside the data (e.g. ten 0.1s); clamping keeps a constant
    series exactly on its mean, so rounding cannot invent a shift.
    """
    average = total(xs) / len(xs)
    if not math.isfinite(average):
        return math.nan
    return min(max(average, min(xs)), max(xs))


def moving_ranges(xs):
    return [abs(b - a) for a, b in pairwise(xs)]


def screened_mean(ranges):
    """Mean of the moving ranges below SCREEN times their average (Nelson's screening), or
    None when none is: no ranges, or all of them 0, since nothing is below 0."""
    if not ranges:
        return None
    average = total(ranges) / len(ranges)
    kept = [r for r in ranges if r < SCREEN * average]
    return total(kept) / len(kept) if kept else None
