"""What a chart returns, and the Making Data Count rules that judge its points.

The rules are one pass each and take the limits point by point, so the XmR chart (one pair
of limits a period) and the attribute charts (limits that vary with each denominator)
share them. A missing limit is passed as an infinity and a missing centre as NaN: every
comparison with them is false, so a rule that needs them simply never fires.
"""

from dataclasses import dataclass
from itertools import groupby, pairwise
from typing import NamedTuple

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

RUN = 7  # points needed for a shift or a trend


class Point(NamedTuple):
    # A NamedTuple rather than a dataclass: building 10,000 of them stays cheap.
    value: float | None
    mean: float | None
    upl: float | None
    lpl: float | None
    kind: str


class Runs(NamedTuple):
    """The Anhøj rules' reading of one phase of a run chart.

    useful: points not on the centre line. A signal is a longest run above
    longest_run_max or fewer crossings than crossings_min. With no useful point the
    counts and limits are None and there is no signal.
    """

    useful: int
    longest_run: int | None
    longest_run_max: int | None
    crossings: int | None
    crossings_min: int | None
    signal: bool


@dataclass(frozen=True, slots=True)
class Chart:
    points: tuple[Point, ...]
    variation: str | None
    assurance: str | None
    trial_limits: bool
    runs: tuple[Runs, ...] = ()  # run charts only: one a phase


def kind_colour(kind: str) -> str:
    """The MDC colour for a point kind (KeyError for an unknown kind)."""
    return KIND_COLOURS[kind]


# --- special causes -----------------------------------------------------------------------


def kinds(xs, centre, lower, upper, close_lower, close_upper, direction):
    """Each point's kind, applying the four rules within one period.

    lower and upper are each point's process limits; close_lower and close_upper the lines
    beyond which a point inside the limits is "close" to them (two sigma).
    """
    side = [(x > centre) - (x < centre) for x in xs]
    out = outside(xs, lower, upper)
    close = [
        not o and (x > high or x < low)
        for x, o, low, high in zip(xs, out, close_lower, close_upper, strict=True)
    ]
    rules = zip(out, shift(side), two_of_three(close, side), strict=True)
    flagged = [o or s or t for o, s, t in rules]
    kind = _KINDS[direction]
    return [kind[f, s, t] for f, s, t in zip(flagged, side, trend(xs), strict=True)]


def outside(xs, lower, upper):
    """Outside the limits: above the upper or below the lower."""
    return [x > high or x < low for x, low, high in zip(xs, lower, upper, strict=True)]


def shift(side):
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


def two_of_three(close, side):
    """Two of three: all three on one side, at least two of them close to the limits (not
    outside them); the close ones are flagged."""
    n = len(close)
    flagged = [False] * n
    # Only windows holding a close point can qualify, and close points are few.
    windows = {i for j, c in enumerate(close) if c for i in range(max(j - 2, 0), min(j, n - 3) + 1)}
    for i in windows:
        w = (i, i + 1, i + 2)
        if side[i] and side[i] == side[i + 1] == side[i + 2] and sum(close[j] for j in w) >= 2:
            for j in w:
                flagged[j] = flagged[j] or close[j]
    return flagged


def trend(xs):
    """Each point's trend direction (1 rising, -1 falling, 0 none): RUN points each strictly
    above (or below) the one before, i.e. RUN - 1 equal steps in a row; a tie (step 0) ends
    it. Step i joins points i and i + 1, so a peak or trough is shared by the trends either
    side: it keeps the earlier one. The direction is kept for points no other rule flags."""
    steps = [(b > a) - (b < a) for a, b in pairwise(xs)]
    directions = [0] * len(xs)
    first = 0
    for step, run in groupby(steps):
        length = len(list(run))
        if step and length >= RUN - 1:
            for j in range(first, first + length + 1):
                directions[j] = directions[j] or step
        first += length
    return directions


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


def variation(points, direction):
    if not points:
        return None
    kind = points[-1].kind
    if kind in ("common_cause", "neutral_high", "neutral_low"):
        return kind
    # improvement means "the good way": high when higher is better, low otherwise.
    high = (kind == "improvement") == (direction == "increase")
    return f"{kind}_{'high' if high else 'low'}"


def assurance(points, direction, target):
    if target is None or direction == "neutral" or not points:
        return None
    last = points[-1]
    if last.upl is None or last.lpl is None:
        return None  # no limits to judge the target against
    if target > last.upl:
        return "fail" if direction == "increase" else "pass"
    if target < last.lpl:
        return "pass" if direction == "increase" else "fail"
    return "inconsistent"
