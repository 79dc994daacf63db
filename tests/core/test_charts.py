"""Axis ticks people read at a glance: steps of 1, 2, 2.5 or 5 times a power of ten."""

import math

import pytest

from core.charts import nice_step, nice_ticks


def is_nice(step):
    mantissa = step / 10 ** math.floor(math.log10(step) + 1e-9)
    return any(math.isclose(mantissa, nice, rel_tol=1e-6) for nice in (1, 2, 2.5, 5))


@pytest.mark.parametrize(
    ("at_least", "step"),
    [
        (0.72, 1),
        (0.286, 0.5),
        (0.21, 0.25),
        (1, 1),
        (1.2, 2),
        (2.1, 2.5),
        (3, 5),
        (6, 10),
        (140, 200),
        (0.0013, 0.002),
    ],
)
def test_the_step_is_the_smallest_nice_one_at_or_above(at_least, step):
    assert math.isclose(nice_step(at_least), step)


@pytest.mark.parametrize(
    ("low", "high", "max_ticks", "ticks"),
    [
        # The axis: 5.03 / 5.75 / 6.46 became round halves.
        (5.03, 6.46, 6, [5.0, 5.5, 6.0, 6.5]),
        (0, 100, 6, [0, 20, 40, 60, 80, 100]),
        (-0.716, 4.604, 6, [-2, 0, 2, 4, 6]),
        (0.012, 0.0371, 6, [0.01, 0.02, 0.03, 0.04]),
        (1234, 98765, 5, [0, 25000, 50000, 75000, 100000]),
        (0.3, 1.1, 5, [0.25, 0.5, 0.75, 1.0, 1.25]),
    ],
)
def test_ticks_cover_the_range_at_a_nice_step(low, high, max_ticks, ticks):
    assert nice_ticks(low, high, max_ticks) == pytest.approx(ticks)


@pytest.mark.parametrize(
    ("low", "high"),
    [
        (0, 1),
        (5.03, 6.46),
        (-3.2, 17.9),
        (0.0001, 0.00031),
        (12, 1_000_000),
        (-50, -2),
        (99.5, 100),
        (1e9, 3.3e9),
    ],
)
@pytest.mark.parametrize("max_ticks", [3, 4, 5, 6, 8])
def test_any_range_gets_few_evenly_spaced_nice_ticks_around_it(low, high, max_ticks):
    ticks = nice_ticks(low, high, max_ticks)

    assert 2 <= len(ticks) <= max_ticks
    assert ticks[0] <= low and ticks[-1] >= high
    steps = [after - before for before, after in zip(ticks, ticks[1:], strict=False)]
    assert all(math.isclose(step, steps[0], rel_tol=1e-6) for step in steps)
    assert is_nice(steps[0])
    # Rounded as written: no 0.30000000000000004 on an axis.
    assert all(len(repr(float(tick)).split(".")[1]) <= 6 for tick in ticks if tick % 1)


def test_a_level_series_gets_ticks_either_side_of_it():
    assert nice_ticks(0, 0) == [-1.0, -0.5, 0.0, 0.5, 1.0]
    ticks = nice_ticks(3, 3)
    assert ticks[0] < 3 < ticks[-1]


@pytest.mark.parametrize(("low", "high"), [(math.nan, 1), (0, math.inf), (2, 1)])
def test_ticks_refuse_what_no_axis_can_show(low, high):
    with pytest.raises(ValueError, match="finite"):
        nice_ticks(low, high)
