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
    # None is a value or limit the chart does not have (an mr chart's first point).
    if value is None:
        return ""
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
    points = [point for point in points if point.value is not None]
    last = points[-1]
    if last.upl is not None and last.value > last.upl:
        return "the latest value is above the upper process limit"
    if last.lpl is not None and last.value < last.lpl:
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


def runs_sentence(reading):
    """What the Anhøj rules read in a run chart's latest phase."""
    if reading.longest_run is None:
        return "Every value is on the median: there is nothing to read yet."
    if not reading.signal:
        return (
            "Random variation: no sign of a change; the longest run on one side of the median "
            f"({reading.longest_run}) and the number of times the values cross it "
            f"({reading.crossings}) are what chance gives."
        )
    reasons = []
    if reading.longest_run > reading.longest_run_max:
        reasons.append(
            f"{reading.longest_run} values in a row are on one side of the median, more than "
            f"the {reading.longest_run_max} chance gives"
        )
    if reading.crossings < reading.crossings_min:
        reasons.append(
            f"the values cross the median only {reading.crossings} times, fewer than the "
            f"{reading.crossings_min} chance gives"
        )
    return f"Non-random variation, a sign of a change: {' and '.join(reasons)}."


def chart_sentence(chart, *, unit="", target=None):
    """What the chart shows: its variation, its assurance against the target, and whether
    its limits are still trial limits (a run chart: what its runs show)."""
    if not chart.points:
        return "There is no data yet."
    if chart.runs:
        return runs_sentence(chart.runs[-1])
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
class Step:
    """A limit that changes from point to point (p and u charts), drawn as steps: each
    point's level spans half way to its neighbours. `runs` are the corners of each unbroken
    stretch (a point without a limit breaks it)."""

    runs: tuple

    @property
    def path(self):
        return " ".join("M" + " L".join(f"{x:g},{y:g}" for x, y in run) for run in self.runs)


@dataclass(frozen=True)
class Marker:
    x: float
    label: str
    title: str


class ChartGeometry(PlotArea):
    """Where everything goes on an SPC chart's SVG: the points coloured by kind, each
    phase's centre line and process limits (steps where they vary point to point), the
    target, rebase breaks and PDSA markers."""

    width = 720
    height = 300
    left = 64
    right = 40
    top = 24
    bottom = 48
    mean_colour = MEAN_COLOUR
    target_colour = TARGET_COLOUR

    def __init__(self, chart, periods, *, rebase_at=(), target=None, markers=(), notes=()):
        """`rebase_at` are the indices where a phase starts; `markers` are (label, title,
        first period) triples, such as PDSA cycles; `notes` are the data points'
        annotations, one for each point (blank for none)."""
        self.chart = chart
        self.periods = periods
        self.rebase_at = rebase_at
        self.notes = list(notes) or [""] * len(periods)
        self.target = target
        self.marker_specs = markers
        extent = [
            value
            for point in chart.points
            for value in (point.value, point.mean, point.upl, point.lpl)
            if value is not None
        ]
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
        """Every point with a value (an mr chart's first point of a phase has none)."""
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
            if point.value is not None
        ]

    @property
    def line(self):
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    def period_bounds(self):
        """(first index, last index) of each phase."""
        count = len(self.chart.points)
        if not count:
            return []
        starts = [0, *sorted({index for index in self.rebase_at if 0 < index < count})]
        return [(start, end - 1) for start, end in pairwise([*starts, count])]

    def _levels(self, attribute):
        """Each phase's line: a Segment where it is level, a Step where it varies point to
        point; nothing where it is undefined."""
        points = self.chart.points
        levels = []
        for start, end in self.period_bounds():
            values = [getattr(point, attribute) for point in points[start : end + 1]]
            if all(value is None for value in values):
                continue
            if len(set(values)) == 1:
                levels.append(Segment(self.x(start), self.x(end), self.y(values[0])))
            else:
                levels.append(Step(self._step_runs(start, end, values)))
        return levels

    def _step_runs(self, start, end, values):
        runs, run = [], []
        for index, value in enumerate(values, start=start):
            if value is None:
                runs, run = runs + [run] if run else runs, []
                continue
            left = self.x(start) if index == start else self._halfway(index - 1)
            right = self.x(end) if index == end else self._halfway(index)
            y = self.y(value)
            run += [(left, y), (right, y)]
        return tuple(tuple(run) for run in [*runs, run] if run)

    def _halfway(self, index):
        return round((self.x(index) + self.x(index + 1)) / 2, 1)

    @property
    def means(self):
        return self._levels("mean")

    @property
    def has_steps(self):
        return any(isinstance(level, Step) for level in self.upper_limits + self.lower_limits)

    @property
    def upper_limits(self):
        return self._levels("upl")

    @property
    def lower_limits(self):
        return self._levels("lpl")

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
