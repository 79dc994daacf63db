"""SPC charts in the Making Data Count style: the geometry of the SVG the templates draw,
and the words that say what a chart shows, so colour is never the only signal."""

from dataclasses import dataclass
from itertools import pairwise

from core.charts import PlotArea

from .spc import MEAN_COLOUR, TARGET_COLOUR, kind_colour

VARIATION_HEADINGS = {
    "common_cause": "Common cause variation",
    "improvement_high": "Special cause improvement",
    "improvement_low": "Special cause improvement",
    "concern_high": "Special cause concern",
    "concern_low": "Special cause concern",
    "neutral_high": "Special cause variation",
    "neutral_low": "Special cause variation",
}

# The icon's colour is the colour of the kind of point it summarises.
VARIATION_KIND = {
    "common_cause": "common_cause",
    "improvement_high": "improvement",
    "improvement_low": "improvement",
    "concern_high": "concern",
    "concern_low": "concern",
    "neutral_high": "neutral_high",
    "neutral_low": "neutral_low",
}

POINT_KIND_WORDS = {
    "common_cause": "Common cause",
    "improvement": "Special cause improvement",
    "concern": "Special cause concern",
    "neutral_high": "Special cause, high",
    "neutral_low": "Special cause, low",
}

ASSURANCE_HEADINGS = {
    "pass": "Target consistently met",
    "fail": "Target consistently missed",
    "inconsistent": "Target met only some of the time",
}


def format_number(value):
    return f"{value:,.2f}".rstrip("0").rstrip(".")


def with_unit(value, unit):
    text = format_number(value)
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def side(point):
    return (point.value > point.mean) - (point.value < point.mean)


def variation_reason(points):
    """Why the last point is special cause, in words, from the rule it breaks."""
    last = points[-1]
    if last.value > last.upl:
        return "the latest value is above the upper process limit"
    if last.value < last.lpl:
        return "the latest value is below the lower process limit"
    run = 0
    for point in reversed(points):
        if side(last) and side(point) == side(last):
            run += 1
        else:
            break
    if run >= 7:
        return f"the last {run} values are {'above' if side(last) > 0 else 'below'} the mean"
    steps = [after.value - before.value for before, after in pairwise(points)]
    for direction, word in ((1, "risen"), (-1, "fallen")):
        length = 0
        for step in reversed(steps):
            if step * direction > 0:
                length += 1
            else:
                break
        if length + 1 >= 7:
            return f"the last {length + 1} values have each {word}"
    return "two of the last three values are close to a process limit"


def chart_sentence(chart, *, unit="", target=None):
    """What the chart shows: its variation, its assurance against the target, and whether
    its limits are still trial limits."""
    if not chart.points:
        return "There is no data yet."
    heading = VARIATION_HEADINGS[chart.variation]
    if chart.variation == "common_cause":
        sentences = [f"{heading}: no sign of a change; the values vary within the limits."]
    else:
        sentences = [f"{heading}: {variation_reason(chart.points)}."]
    if chart.assurance and target is not None:
        last = chart.points[-1]
        target_text = f"The target of {with_unit(target, unit)}"
        if chart.assurance == "inconsistent":
            sentences.append(
                f"{target_text} is within the process limits, so it will be met only some "
                "of the time."
            )
        else:
            where = "above the upper" if target > last.upl else "below the lower"
            outcome = (
                "so it will be met consistently"
                if chart.assurance == "pass"
                else "so it will not be met without a change to the process"
            )
            sentences.append(f"{target_text} is {where} process limit, {outcome}.")
    if chart.trial_limits:
        sentences.append(
            "These are trial limits: they rest on fewer than 13 values, so treat them with care."
        )
    return " ".join(sentences)


def variation_icon(variation):
    """The variation icon's colour, letter and words; None when there is no data."""
    if not variation:
        return None
    letter = {"high": "H", "low": "L"}.get(variation.rsplit("_", 1)[-1], "")
    return {
        "colour": kind_colour(VARIATION_KIND[variation]),
        "letter": letter,
        "words": VARIATION_HEADINGS[variation]
        + (f" ({variation.rsplit('_', 1)[-1]})" if letter else ""),
    }


def assurance_icon(assurance):
    if not assurance:
        return None
    colours = {"pass": kind_colour("improvement"), "fail": kind_colour("concern")}
    return {
        "colour": colours.get(assurance, kind_colour("common_cause")),
        "letter": {"pass": "P", "fail": "F"}.get(assurance, "?"),
        "words": ASSURANCE_HEADINGS[assurance],
    }


@dataclass(frozen=True)
class PlottedPoint:
    x: float
    y: float
    colour: str
    label: str
    noted: bool = False


@dataclass(frozen=True)
class Segment:
    x1: float
    x2: float
    y: float


@dataclass(frozen=True)
class Marker:
    x: float
    label: str
    title: str


class ChartGeometry(PlotArea):
    """Where everything goes on an XmR chart's SVG: the points coloured by kind, each
    period's mean and process limits, the target, rebase breaks and PDSA markers."""

    width = 720
    height = 300
    left = 64
    right = 40
    top = 24
    bottom = 48
    mean_colour = MEAN_COLOUR
    target_colour = TARGET_COLOUR

    def __init__(self, chart, periods, *, target=None, markers=(), notes=()):
        """`markers` are (label, title, first period) triples, such as PDSA cycles; `notes`
        are the data points' annotations, one for each point (blank for none)."""
        self.chart = chart
        self.periods = periods
        self.notes = list(notes) or [""] * len(periods)
        self.target = target
        self.marker_specs = markers
        extent = [value for point in chart.points for value in (point.value, point.upl, point.lpl)]
        if target is not None:
            extent.append(target)
        low, high = (min(extent), max(extent)) if extent else (0.0, 1.0)
        if high == low:
            low, high = low - 1, high + 1
        padding = (high - low) * 0.08
        self.low, self.high = low - padding, high + padding

    def x(self, index):
        count = len(self.chart.points)
        if count <= 1:
            return round(self.left + self.plot_width / 2, 1)
        return round(self.left + self.plot_width * index / (count - 1), 1)

    def y(self, value):
        share = (value - self.low) / (self.high - self.low)
        return round(self.top + self.plot_height * (1 - share), 1)

    @property
    def points(self):
        return [
            PlottedPoint(
                x=self.x(index),
                y=self.y(point.value),
                colour=kind_colour(point.kind),
                label=f"{period:%d %b %Y}: {format_number(point.value)}"
                + (f". {note}" if note else ""),
                noted=bool(note),
            )
            for index, (point, period, note) in enumerate(
                zip(self.chart.points, self.periods, self.notes, strict=True)
            )
        ]

    @property
    def line(self):
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    def period_bounds(self):
        """(first index, last index) of each period: a new period starts where the limits
        change, which is where the chart was rebased."""
        points = self.chart.points
        bounds, start = [], 0
        for index in range(1, len(points) + 1):
            if index == len(points) or (points[index].mean, points[index].upl) != (
                points[start].mean,
                points[start].upl,
            ):
                bounds.append((start, index - 1))
                start = index
        return bounds

    def _segments(self, attribute):
        return [
            Segment(
                self.x(start), self.x(end), self.y(getattr(self.chart.points[start], attribute))
            )
            for start, end in self.period_bounds()
        ]

    @property
    def means(self):
        return self._segments("mean")

    @property
    def upper_limits(self):
        return self._segments("upl")

    @property
    def lower_limits(self):
        return self._segments("lpl")

    @property
    def breaks(self):
        """x of each rebase, halfway between one period's last point and the next's first."""
        return [
            round((self.x(end) + self.x(end + 1)) / 2, 1) for _, end in self.period_bounds()[:-1]
        ]

    @property
    def target_y(self):
        return None if self.target is None else self.y(self.target)

    @property
    def markers(self):
        """Each marker at the first data point on or after its start."""
        placed = []
        for label, title, start in self.marker_specs:
            index = next((i for i, period in enumerate(self.periods) if period >= start), None)
            if index is not None:
                placed.append(Marker(x=self.x(index), label=label, title=title))
        return placed

    @property
    def y_ticks(self):
        steps = 4
        values = [self.low + (self.high - self.low) * step / steps for step in range(steps + 1)]
        return [(self.y(value), format_number(value)) for value in values]

    @property
    def x_ticks(self):
        count = len(self.periods)
        step = max(1, -(-count // 8))
        return [(self.x(i), f"{self.periods[i]:%d %b %y}") for i in range(0, count, step)]


class Sparkline:
    """A small line of values with the last point coloured by its kind. Lists draw a
    measure's from what it keeps (Measure.recent_values and latest_kind), so a page of
    projects reads no data points."""

    width = 120
    height = 32
    pad = 3

    def __init__(self, values, last_kind):
        self.values = list(values)
        self.last_kind = last_kind
        self.low, self.high = (min(self.values), max(self.values)) if self.values else (0.0, 1.0)
        if self.high == self.low:
            self.low, self.high = self.low - 1, self.high + 1

    def _xy(self, index, value):
        count = len(self.values)
        x = self.pad + (self.width - 2 * self.pad) * (index / (count - 1) if count > 1 else 0.5)
        y = self.pad + (self.height - 2 * self.pad) * (
            1 - (value - self.low) / (self.high - self.low)
        )
        return round(x, 1), round(y, 1)

    @property
    def line(self):
        return " ".join(
            "{},{}".format(*self._xy(index, value)) for index, value in enumerate(self.values)
        )

    @property
    def last(self):
        if not self.values:
            return None
        x, y = self._xy(len(self.values) - 1, self.values[-1])
        return {"x": x, "y": y, "colour": kind_colour(self.last_kind)}
