"""More chart types behind one function (SPC.md, "More chart types"), following the
conventions of the R package qicharts2: run, i, mr, c, u, u', p, p', g and t charts.

Choices where the specification is silent:

- direction and target are keyword arguments meaning what they mean for xmr: the MDC
  point kinds and icons cannot be told apart without a direction, nor assurance without a
  target.
- "Close to the limits" (the two-of-three rule) is beyond the 2-sigma lines, drawn like
  the limits with 2 in place of 3 and clipped the same way (qicharts2's ucl.95 and
  lcl.95); on an mr chart that is two thirds of the upper limit, as qicharts2 draws it.
- Points without a value (the first of each phase on an mr chart, or a rate too large
  for a float) are common cause and the rules skip them, as qicharts2 drops missing values.
- A run chart's points are not judged one by one: each is common_cause, and the chart's
  verdict is `runs`, one Anhøj reading a phase; variation and assurance are None and
  trial_limits is False, since there are no limits.
- Assurance is None when the last point lacks a limit to compare the target with.
- Means are clamped to the data's range as in xmr, and the t chart's back-transformed
  centre to its baseline's, so a constant series sits exactly on its centre line.
- fix_after may be any count of at least 0 (xmr asks for 12: MDC's advice, not a rule of
  these charts); rebase indices must still be integers.
"""

import math
import statistics
from itertools import pairwise
from typing import NamedTuple

from . import inputs, rules, stats
from .runs import runs as anhoej
from .xmr import TRIAL_BELOW

KINDS = ("run", "i", "mr", "c", "u", "u'", "p", "p'", "g", "t")
WITH_DENOMINATORS = ("u", "u'", "p", "p'")
D2 = 1.128  # expected range of two normal observations, in sigmas
T_POWER = 3.6  # Nelson's transformation makes exponential times roughly normal


class _Phase(NamedTuple):
    values: list  # the plotted statistic of each point, None where there is none
    centre: float | None
    lower: list  # each point's limits and two-sigma lines
    upper: list
    close_lower: list
    close_upper: list


def chart(
    kind,
    values,
    denominators=None,
    *,
    rebase_at=(),
    fix_after=None,
    direction="increase",
    target=None,
) -> rules.Chart:
    """Build a chart of one of KINDS, phase by phase, judged by the MDC rules (the Anhøj
    rules for a run chart).

    values: counts for c, u and p (numerators for u and p), units between events for g,
    time between events for t, the measurement otherwise. denominators: one positive
    number a value for u, u', p and p'; None otherwise. rebase_at: indices where a new
    phase starts (out of range ones and repeats are ignored). fix_after: each phase's
    centre and limits come from its first fix_after points (None or 0: all of them).
    direction and target: as for xmr. Raises ValueError for anything it cannot chart.
    """
    if kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}; got {kind!r}")
    xs = inputs.numbers(values)
    ns = _denominators(kind, denominators, len(xs))
    inputs.direction(direction)
    if target is not None:
        target = inputs.number(target, "target")
    if fix_after is not None:
        inputs.count(fix_after, "fix_after", 0)
    if kind == "t" and any(x <= 0 for x in xs):
        raise ValueError("a t chart's values (times between events) must all be above 0")
    n = len(xs)
    starts = sorted({0, *(i for i in inputs.indices(rebase_at) if 0 < i < n)}) if n else []

    phases = list(pairwise([*starts, n]))
    points, readings = [], []
    for start, end in phases:
        size = min(fix_after or end - start, end - start)
        phase = _defined(_LIMITS[kind](xs[start:end], ns and ns[start:end], size))
        if kind == "run":
            kinds = ["common_cause"] * (end - start)
            readings.append(anhoej(phase.values, _nan_if_none(phase.centre)))
        else:
            kinds = _judge(phase, direction)
        centres = [phase.centre] * (end - start)
        points.extend(map(rules.Point, phase.values, centres, phase.upper, phase.lower, kinds))

    judged = kind != "run"
    return rules.Chart(
        points=tuple(points),
        variation=rules.variation(points, direction) if judged else None,
        assurance=rules.assurance(points, direction, target) if judged else None,
        trial_limits=judged and any(end - start < TRIAL_BELOW for start, end in phases),
        runs=tuple(readings),
    )


def _denominators(kind, denominators, n):
    if kind not in WITH_DENOMINATORS:
        if denominators is not None:
            raise ValueError(f"a {kind} chart takes no denominators")
        return None
    if denominators is None:
        raise ValueError(f"a {kind} chart needs denominators")
    ns = inputs.numbers(denominators, "denominators")
    if len(ns) != n:
        raise ValueError(f"denominators must be one a value: {len(ns)} for {n} values")
    for i, d in enumerate(ns):
        if d <= 0:
            raise ValueError(f"denominators[{i}] must be above 0; got {d!r}")
    return ns


def _defined(phase):
    """The phase with every number that is undefined or not finite as None."""

    def defined(v):
        return v if v is not None and math.isfinite(v) else None

    values, centre, *lines = phase
    return _Phase(
        [defined(v) for v in values],
        defined(centre),
        *([defined(v) for v in line] for line in lines),
    )


def _nan_if_none(centre):
    return math.nan if centre is None else centre  # compares false with everything


def _judge(phase, direction):
    """The MDC kinds, judged over the points that have a value (a missing limit never
    fires a rule)."""
    present = [i for i, v in enumerate(phase.values) if v is not None]

    def pick(line, missing):
        return [missing if line[i] is None else line[i] for i in present]

    judged = rules.kinds(
        [phase.values[i] for i in present],
        _nan_if_none(phase.centre),
        pick(phase.lower, -math.inf),
        pick(phase.upper, math.inf),
        pick(phase.close_lower, -math.inf),
        pick(phase.close_upper, math.inf),
        direction,
    )
    kinds = ["common_cause"] * len(phase.values)
    for i, kind in zip(present, judged, strict=True):
        kinds[i] = kind
    return kinds


# --- centre and limits of one phase, by kind ---------------------------------------------
# Each takes the phase's values, its denominators (None for kinds without) and the size of
# its baseline (its first points), and may leave NaN, infinities or None where a number is
# undefined: _defined turns them all into None.


def _bands(base, sigmas, floor=-math.inf, ceiling=math.inf):
    """Each point's 3-sigma limits and 2-sigma lines, base ± z sigma clipped to
    [floor, ceiling]; None where its sigma is undefined."""

    def line(z):
        return [None if s is None else min(max(base + z * s, floor), ceiling) for s in sigmas]

    return line(-3), line(3), line(-2), line(2)


def _sqrt(v):
    return math.sqrt(v) if v >= 0 else None  # also None for NaN


def _sigma(ys):
    """qicharts2's sigma of an individuals chart: screened average moving range / d2."""
    average = stats.screened_mean(stats.moving_ranges(ys))
    return None if average is None else average / D2


def _run(xs, ns, size):
    none = [None] * len(xs)
    return _Phase(xs, statistics.median(xs[:size]), none, none, none, none)


def _i(xs, ns, size):
    baseline = xs[:size]
    centre = stats.mean(baseline)
    return _Phase(xs, centre, *_bands(centre, [_sigma(baseline)] * len(xs)))


def _mr(xs, ns, size):
    ranges = stats.moving_ranges(xs)
    baseline = ranges[: size - 1]  # the ranges whose two points are both in the baseline
    centre = stats.mean(baseline) if baseline else math.nan
    # qicharts2 puts the upper limit at D4 = 3.267 times the centre and the 2-sigma line at
    # two thirds of it: lines measured from 0, with sigma a third of the upper limit.
    sigma = stats.SCREEN * centre / 3 if baseline else None
    return _Phase([None, *ranges], centre, *_bands(0.0, [sigma] * len(xs), floor=0.0))


def _c(xs, ns, size):
    centre = stats.mean(xs[:size])
    return _Phase(xs, centre, *_bands(centre, [_sqrt(centre)] * len(xs), floor=0.0))


def _rates(xs, ns, size):
    """Each point's x/n, and the pooled rate of the baseline, Σx / Σn."""
    rates = [x / n for x, n in zip(xs, ns, strict=True)]
    pooled = stats.total(xs[:size]) / stats.total(ns[:size])
    # Clamped as a mean is: a constant rate must sit exactly on its centre line.
    if math.isfinite(pooled):
        pooled = min(max(pooled, min(rates[:size])), max(rates[:size]))
    return rates, pooled


def _u(xs, ns, size):
    rates, centre = _rates(xs, ns, size)
    return _Phase(rates, centre, *_bands(centre, [_sqrt(centre / n) for n in ns], floor=0.0))


def _p(xs, ns, size):
    rates, centre = _rates(xs, ns, size)
    sigmas = [_sqrt(centre * (1 - centre) / n) for n in ns]
    return _Phase(rates, centre, *_bands(centre, sigmas, floor=0.0, ceiling=1.0))


def _laney(rates, spreads, centre, size):
    """Laney's correction for large denominators: each point's binomial or Poisson spread
    times sigma_z, the sigma of the baseline's z-scores (z = (rate - centre) / spread)."""
    if not all(spreads[:size]):  # a spread of 0 or None: z-scores are undefined
        return [None] * len(spreads)
    sigma_z = _sigma([(r - centre) / s for r, s in zip(rates[:size], spreads[:size], strict=True)])
    return [None if sigma_z is None or s is None else s * sigma_z for s in spreads]


def _p_prime(xs, ns, size):
    rates, centre = _rates(xs, ns, size)
    spreads = [_sqrt(centre * (1 - centre) / n) for n in ns]
    sigmas = _laney(rates, spreads, centre, size)
    return _Phase(rates, centre, *_bands(centre, sigmas, floor=0.0, ceiling=1.0))


def _u_prime(xs, ns, size):
    rates, centre = _rates(xs, ns, size)
    sigmas = _laney(rates, [_sqrt(centre / n) for n in ns], centre, size)
    return _Phase(rates, centre, *_bands(centre, sigmas, floor=0.0))


def _g(xs, ns, size):
    baseline = xs[:size]
    # Limits from the geometric distribution with the baseline's mean m; the centre line is
    # the median, which sits below the mean of such skewed data.
    m = stats.mean(baseline)
    sigmas = [_sqrt(m * (m + 1))] * len(xs)
    return _Phase(xs, statistics.median(baseline), *_bands(m, sigmas, floor=0.0))


def _t(xs, ns, size):
    ys = [x ** (1 / T_POWER) for x in xs]
    mean = stats.mean(ys[:size])
    sigmas = [_sigma(ys[:size])] * len(xs)
    lower, upper, close_lower, close_upper = (
        [_back(y) for y in line] for line in _bands(mean, sigmas, floor=0.0)
    )
    # Without a sigma qicharts2 still gives a lower limit of 0, as for one below 0.
    lower, close_lower = ([0.0 if v is None else v for v in line] for line in (lower, close_lower))
    centre = _back(mean)
    if centre is not None:
        centre = min(max(centre, min(xs[:size])), max(xs[:size]))
    return _Phase(xs, centre, lower, upper, close_lower, close_upper)


def _back(y):
    """Undo the t chart's transformation; None where it is undefined or overflows."""
    if y is None or not math.isfinite(y):
        return None
    try:
        return y**T_POWER
    except OverflowError:
        return None


_LIMITS = {
    "run": _run,
    "i": _i,
    "mr": _mr,
    "c": _c,
    "u": _u,
    "u'": _u_prime,
    "p": _p,
    "p'": _p_prime,
    "g": _g,
    "t": _t,
}
