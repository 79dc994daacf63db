"""XmR statistical process control charts, the NHS "Making Data Count" way.

Pure Python (standard library only, no Django) so views, exports and tests can all
use it. The specification is the design note SPC.md; the reference implementation is
the R package NHSRplotthedots. Everything here is O(n): each rule is one pass.

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
import operator
from dataclasses import dataclass
from itertools import groupby, pairwise, repeat
from typing import NamedTuple

__all__ = [
    "KIND_COLOURS",
    "MEAN_COLOUR",
    "TARGET_COLOUR",
    "Chart",
    "Point",
    "kind_colour",
    "xmr",
]

DIRECTIONS = ("increase", "decrease", "neutral")

# Making Data Count palette. Colour is never the only signal: kinds also have words.
COMMON_CAUSE_COLOUR = "#a6a6a6"
IMPROVEMENT_COLOUR = "#00b0f0"
NEUTRAL_COLOUR = "#490092"
CONCERN_COLOUR = "#e46c0a"
TARGET_COLOUR = "#de1b1b"
MEAN_COLOUR = "#000000"
KIND_COLOURS = {
    "common_cause": COMMON_CAUSE_COLOUR,
    "improvement": IMPROVEMENT_COLOUR,
    "concern": CONCERN_COLOUR,
    "neutral_high": NEUTRAL_COLOUR,
    "neutral_low": NEUTRAL_COLOUR,
}

LIMIT = 2.66  # converts the average moving range into ~3 sigma
CLOSE = LIMIT * 2 / 3  # beyond this (but inside the limit) a point is "close"
SCREEN = 3.267  # moving ranges at or above this many times the average are outliers
RUN = 7  # points needed for a shift or a trend
TRIAL_BELOW = 13  # periods shorter than this have trial limits
MIN_FIX_AFTER = 12


class Point(NamedTuple):
    # A NamedTuple rather than a dataclass: building 10,000 of them stays cheap.
    value: float
    mean: float
    upl: float
    lpl: float
    kind: str


@dataclass(frozen=True, slots=True)
class Chart:
    points: tuple[Point, ...]
    variation: str | None
    assurance: str | None
    trial_limits: bool


def kind_colour(kind: str) -> str:
    """The MDC colour for a point kind (KeyError for an unknown kind)."""
    return KIND_COLOURS[kind]


def xmr(
    values,
    direction="increase",
    target=None,
    rebase_at=(),
    fix_after=None,
    screen_outliers=True,
) -> Chart:
    """Build an XmR chart: limits per period, special-cause kinds, and the MDC icons.

    values: numbers in time order. direction: "increase" (higher is better),
    "decrease" or "neutral". target: optional number, for the assurance icon.
    rebase_at: indices where a new period (new limits) starts. fix_after: if given
    (at least 12), each period's limits come from its first fix_after points only.
    screen_outliers: drop moving ranges of 3.267 times the average or more.
    Raises ValueError for anything it cannot chart.
    """
    xs = _numbers(values)
    if direction not in DIRECTIONS:
        raise ValueError(f"direction must be one of {', '.join(DIRECTIONS)}; got {direction!r}")
    if target is not None:
        target = _number(target, "target")
    if fix_after is not None:
        if isinstance(fix_after, bool) or not isinstance(fix_after, int):
            raise ValueError(f"fix_after must be an integer; got {fix_after!r}")
        if fix_after < MIN_FIX_AFTER:
            raise ValueError(f"fix_after must be at least {MIN_FIX_AFTER}; got {fix_after}")
    starts = _period_starts(rebase_at, len(xs))

    periods = list(pairwise([*starts, len(xs)]))
    points = []
    for start, end in periods:
        period = xs[start:end]
        mean, spread = _centre_and_spread(period[:fix_after], screen_outliers)
        upl, lpl = mean + spread, mean - spread
        kinds = _kinds(period, mean, spread, direction)
        points.extend(map(Point, period, repeat(mean), repeat(upl), repeat(lpl), kinds))

    return Chart(
        points=tuple(points),
        variation=_variation(points, direction),
        assurance=_assurance(points, direction, target),
        trial_limits=any(end - start < TRIAL_BELOW for start, end in periods),
    )


# --- input checks ---------------------------------------------------------------------


def _number(value, name):
    # str and bytes would pass float() ("1.5"); bool is an int but almost surely a bug.
    if isinstance(value, (str, bytes, bool)):
        raise ValueError(f"{name} must be a number; got {value!r}")
    try:
        number = float(value)  # also takes Decimal, as DecimalFields give
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a number; got {value!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} must be finite; got {value!r}")
    return number


def _numbers(values):
    if isinstance(values, (str, bytes)):
        raise ValueError("values must be a sequence of numbers, not a string")
    values = list(values)
    # Fast path for plain floats and ints, checked with C-level loops; anything else
    # (Decimal from a DecimalField, a bad value) goes one by one for a precise message.
    if set(map(type, values)) <= {float, int}:
        xs = list(map(float, values))
        if all(map(math.isfinite, xs)):
            return xs
    return [_number(v, f"values[{i}]") for i, v in enumerate(values)]


def _period_starts(rebase_at, n):
    starts = {0} if n else set()
    for index in rebase_at:
        if isinstance(index, bool):
            raise ValueError(f"rebase_at holds indices; got {index!r}")
        try:
            index = operator.index(index)
        except TypeError:
            raise ValueError(f"rebase_at holds integer indices; got {index!r}") from None
        # Negative indices are refused rather than counted from the end: a rebase is a
        # point in time, and -1 there is more likely a bug than a wish.
        if not 0 <= index < n:
            raise ValueError(f"rebase index {index} is out of range for {n} values")
        starts.add(index)
    return sorted(starts)


# --- limits -----------------------------------------------------------------------------


def _centre_and_spread(baseline, screen_outliers):
    """Mean of the baseline, and the distance from the mean to each process limit."""
    mean = math.fsum(baseline) / len(baseline)
    # fsum/len can round a hair outside the data (e.g. ten 0.1s); clamping keeps a
    # constant series exactly on its mean, so rounding cannot invent a shift.
    mean = min(max(mean, min(baseline)), max(baseline))
    ranges = [abs(b - a) for a, b in pairwise(baseline)]
    average = math.fsum(ranges) / len(ranges) if ranges else 0.0
    if screen_outliers and ranges:
        kept = [r for r in ranges if r < SCREEN * average]
        # kept is empty only when every range is 0 (nothing is below 0): keep 0 then.
        if kept:
            average = math.fsum(kept) / len(kept)
    spread = LIMIT * average
    if not (math.isfinite(mean + spread) and math.isfinite(mean - spread)):
        raise ValueError("values are too large to chart (limits overflow)")
    return mean, spread


# --- special causes -----------------------------------------------------------------------


def _kinds(xs, mean, spread, direction):
    """Each point's kind, applying the four rules within one period."""
    side = [(x > mean) - (x < mean) for x in xs]
    outside = _outside(xs, mean, spread)
    rules = zip(outside, _shift(side), _two_of_three(xs, mean, spread, side, outside), strict=True)
    flagged = [o or s or t for o, s, t in rules]
    kind = _KINDS[direction]
    return [kind[f, s, t] for f, s, t in zip(flagged, side, _trend(xs), strict=True)]


def _outside(xs, mean, spread):
    """Outside the limits: above the upper or below the lower."""
    upl, lpl = mean + spread, mean - spread
    return [x > upl or x < lpl for x in xs]


def _shift(side):
    """A run of RUN or more on one side of the mean; a point on the mean (side 0) ends a
    run. `side` is each point's side: 1 above, -1 below, 0 on the mean."""
    flagged = [False] * len(side)
    first = 0
    for s, run in groupby(side):
        length = len(list(run))
        if s and length >= RUN:
            flagged[first : first + length] = [True] * length
        first += length
    return flagged


def _two_of_three(xs, mean, spread, side, outside):
    """Two of three: all three on one side, at least two of them close to the limits (not
    outside them); the close ones are flagged."""
    n = len(xs)
    close_hi, close_lo = mean + spread * (CLOSE / LIMIT), mean - spread * (CLOSE / LIMIT)
    close = [not o and (x > close_hi or x < close_lo) for x, o in zip(xs, outside, strict=True)]
    flagged = [False] * n
    # Only windows holding a close point can qualify, and close points are few.
    windows = {i for j, c in enumerate(close) if c for i in range(max(j - 2, 0), min(j, n - 3) + 1)}
    for i in windows:
        w = (i, i + 1, i + 2)
        if side[i] and side[i] == side[i + 1] == side[i + 2] and sum(close[j] for j in w) >= 2:
            for j in w:
                flagged[j] = flagged[j] or close[j]
    return flagged


def _trend(xs):
    """Each point's trend direction (1 rising, -1 falling, 0 none): RUN points each strictly
    above (or below) the one before, i.e. RUN - 1 equal steps in a row; a tie (step 0) ends
    it. Step i joins points i and i + 1, so a peak or trough is shared by the trends either
    side: it keeps the earlier one. The direction is kept for points no other rule flags."""
    steps = [(b > a) - (b < a) for a, b in pairwise(xs)]
    trend = [0] * len(xs)
    first = 0
    for step, run in groupby(steps):
        length = len(list(run))
        if step and length >= RUN - 1:
            for j in range(first, first + length + 1):
                trend[j] = trend[j] or step
        first += length
    return trend


def _kind(flagged, side, trend, direction):
    if not flagged:
        if not trend:
            return "common_cause"
        side = trend  # trend-only: the trend's direction, not the side of the mean
    if direction == "neutral":
        return "neutral_high" if side > 0 else "neutral_low"
    good = 1 if direction == "increase" else -1
    return "improvement" if side == good else "concern"


# A kind depends only on (flagged, side, trend direction): look it up, don't recompute.
_KINDS = {
    direction: {
        (flagged, side, trend): _kind(flagged, side, trend, direction)
        for flagged in (False, True)
        for side in (-1, 0, 1)
        for trend in (-1, 0, 1)
    }
    for direction in DIRECTIONS
}


# --- icons --------------------------------------------------------------------------------


def _variation(points, direction):
    if not points:
        return None
    kind = points[-1].kind
    if kind in ("common_cause", "neutral_high", "neutral_low"):
        return kind
    # improvement means "the good way": high when higher is better, low otherwise.
    high = (kind == "improvement") == (direction == "increase")
    return f"{kind}_{'high' if high else 'low'}"


def _assurance(points, direction, target):
    if target is None or direction == "neutral" or not points:
        return None
    last = points[-1]
    if target > last.upl:
        return "fail" if direction == "increase" else "pass"
    if target < last.lpl:
        return "pass" if direction == "increase" else "fail"
    return "inconsistent"
