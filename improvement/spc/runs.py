"""The Anhøj rules for run charts, as qicharts2 applies them (its runs.analysis).

Points on the centre line neither break nor count towards a run. With n useful points, a
longest run above round(log2(n)) + 3 or fewer crossings than the 5th percentile of
Binomial(n - 1, 1/2) signals non-random variation (Anhøj 2014, 2015).
"""

import math
from functools import cache
from itertools import groupby

from .rules import Runs


def runs(xs, centre):
    sides = [s for s in ((x > centre) - (x < centre) for x in xs) if s]
    n = len(sides)
    if not n:
        return Runs(0, None, None, None, None, signal=False)
    lengths = [len(list(run)) for _, run in groupby(sides)]
    longest, longest_max = max(lengths), round(math.log2(n)) + 3
    crossings, crossings_min = len(lengths) - 1, fewest_crossings(n)
    signal = longest > longest_max or crossings < crossings_min
    return Runs(n, longest, longest_max, crossings, crossings_min, signal)


@cache
def fewest_crossings(n):
    """qbinom(0.05, n - 1, 0.5): the least k with P(X <= k) >= 0.05, X ~ Binomial(n - 1,
    1/2). Counted in integers, so no rounding can move a limit (20 * count >= 2 ** trials
    is P >= 0.05 exactly)."""
    trials = n - 1
    outcomes = 2**trials
    k, ways, cumulative = 0, 1, 1  # ways = C(trials, k); cumulative = sum of ways to k
    while 20 * cumulative < outcomes:
        ways = ways * (trials - k) // (k + 1)
        k += 1
        cumulative += ways
    return k
