"""What the portal's SVG charts share: the plot area inside their margins, the top of a
scale and nice axis ticks."""

import math


class PlotArea:
    """The box inside an SVG chart where the data is drawn: the chart's size less its
    margins. A chart class sets width, height, left, right, top and bottom."""

    width = height = left = right = top = bottom = 0

    @property
    def plot_width(self):
        return self.width - self.left - self.right

    @property
    def plot_height(self):
        return self.height - self.top - self.bottom

    @property
    def plot_right(self):
        return self.width - self.right

    @property
    def baseline(self):
        return self.height - self.bottom


def nice_ceiling(value):
    """The smallest of 4, 8, 20, 40, 80, 200 … (a multiple of 4 steps) at or above value."""
    if value <= 0:
        return 0
    magnitude = 1
    while True:
        for factor in (4, 8, 20):
            if factor * magnitude >= value:
                return factor * magnitude
        magnitude *= 10


NICE_STEPS = (1, 2, 2.5, 5, 10)


def nice_step(at_least):
    """The smallest of 1, 2, 2.5 and 5 times a power of ten at or above `at_least` (> 0):
    steps people read at a glance, not 0.72 as in 5.03, 5.75, 6.46."""
    magnitude = 10 ** math.floor(math.log10(at_least))
    return next(
        factor * magnitude for factor in NICE_STEPS if factor * magnitude >= at_least * (1 - 1e-9)
    )


def step_decimals(step):
    """How many decimal places a tick of this step needs: 2.5 needs one, 0.25 two."""
    decimals = 0
    while decimals < 12 and abs(step * 10**decimals - round(step * 10**decimals)) > 1e-9:
        decimals += 1
    return decimals


def nice_ticks(low, high, max_ticks=6):
    """Ticks at a nice step (nice_step) from a multiple of it at or below `low` to one at or
    above `high`, at most `max_ticks` of them; `low == high` gets a step of its own size."""
    if not (math.isfinite(low) and math.isfinite(high)) or high < low:
        raise ValueError(f"nice_ticks needs finite low <= high; got {low!r}, {high!r}")
    if high == low:
        half = abs(low) or 1.0
        low, high = low - half, high + half
    step = nice_step((high - low) / max(max_ticks - 1, 1))
    while True:
        first = math.floor(low / step + 1e-9)
        last = math.ceil(high / step - 1e-9)
        if last - first + 1 <= max_ticks:
            break
        # Ends rounded out to the step can need one tick more than the span: a larger step.
        step = nice_step(step * 1.000001)
    decimals = step_decimals(step)
    return [round(index * step, decimals) for index in range(first, last + 1)]
