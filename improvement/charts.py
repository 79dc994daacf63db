"""SPC charts in the Making Data Count style: the geometry of the SVG the templates draw,
and the words that say what a chart shows, so colour is never the only signal."""

import math
from collections import Counter
from dataclasses import dataclass
from itertools import pairwise

from core.charts import PlotArea, nice_ticks, step_decimals

from .spc import MEAN_COLOUR, TARGET_COLOUR, kind_colour

AXIS_COLOUR = "#4c6272"

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


# Each point kind as the sentence counts it, in the order it lists them.
SIGNAL_WORDS = {
    "improvement": "special cause improvement",
    "concern": "special cause concern",
    "neutral_high": "special cause variation (high)",
    "neutral_low": "special cause variation (low)",
}


def variation_reason(points):
    """Why the last point is special cause, in words, from the rule it breaks."""
    points = [point for point in points if point.value is not None]
    last = points[-1]
    if last.upl is not None and last.value > last.upl:
        return "above the upper process limit"
    if last.lpl is not None and last.value < last.lpl:
        return "below the lower process limit"
    run = 0
    for point in reversed(points):
        if side(last) and side(point) == side(last):
            run += 1
        else:
            break
    if run >= 7:
        return (
            f"the last of {run} values in a row {'above' if side(last) > 0 else 'below'} the mean"
        )
    steps = [after.value - before.value for before, after in pairwise(points)]
    for direction, word in ((1, "higher"), (-1, "lower")):
        length = 0
        for step in reversed(steps):
            if step * direction > 0:
                length += 1
            else:
                break
        if length + 1 >= 7:
            return f"the last of {length + 1} values each {word} than the one before"
    return "one of two of the last three values close to a process limit"


def signals_clause(points, *, rebased):
    """How many of the phase's values are special cause, and of which kinds; None when none
    is."""
    counts = Counter(point.kind for point in points if point.value is not None)
    total = sum(counts.values())
    flagged = [(SIGNAL_WORDS[kind], counts[kind]) for kind in SIGNAL_WORDS if counts[kind]]
    if not flagged:
        return None
    since = " since the limits were recalculated" if rebased else ""
    (words, count), *others = flagged
    if count == total:
        head = f"{'All' if total > 1 else 'The'} {total} value{plural(total)}{since} "
        head += f"{'are' if total > 1 else 'is'} {words}"
    else:
        head = f"{count} of the {total} values{since} {'is' if count == 1 else 'are'} {words}"
    tail = [f"{count} {'is' if count == 1 else 'are'} {words}" for words, count in others]
    return ", ".join([head, *tail[:-1]]) + (f" and {tail[-1]}" if tail else "")


def plural(count):
    return "" if count == 1 else "s"


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
            f"the values cross the median only {reading.crossings} "
            f"time{plural(reading.crossings)}, fewer than the {reading.crossings_min} chance gives"
        )
    return f"Non-random variation, a sign of a change: {' and '.join(reasons)}."


def chart_sentence(chart, *, unit="", target=None, phase_start=0):
    """What the chart shows: how many values of its latest phase (from `phase_start`, the
    last rebase) are special cause and what the latest value is, its assurance against the
    target, and whether its limits are still trial limits (a run chart: what its runs show).
    The variation icon reads the latest value alone, as Making Data Count's does; the
    sentence tells the series too, so it never says "no sign of a change" beside a chart
    full of signals."""
    if not chart.points:
        return "There is no data yet."
    if chart.runs:
        return runs_sentence(chart.runs[-1])
    phase = chart.points[phase_start:]
    signals = signals_clause(phase, rebased=phase_start > 0)
    if signals is None:
        sentences = [
            "Common cause variation: no sign of a change; the values vary within the limits."
        ]
    elif chart.variation == "common_cause":
        sentences = [
            f"{signals}; the latest value is common cause variation, within the limits and "
            "breaking no rule."
        ]
    else:
        latest = SIGNAL_WORDS[VARIATION_KIND[chart.variation]]
        sentences = [f"{signals}; the latest value is {latest}, {variation_reason(chart.points)}."]
    sentences[0] = sentences[0][0].upper() + sentences[0][1:]
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
    label: str  # blank where it would run into the marker before it; its title tells
    title: str


@dataclass(frozen=True)
class LineLabel:
    """A line's name at the plot's right edge, level with the line where it can be, moved
    apart from its neighbours where lines are too close to read."""

    y: float
    text: str
    colour: str


@dataclass(frozen=True)
class Layout:
    """A chart's size and text in the SVG's own units. The page draws the chart twice, and
    its stylesheet shows the one that fits the screen: scaled to the column, `font` stays
    at least 12 CSS pixels wherever that layout shows (COMPACT from 343 px wide, a 375 px
    phone's column; WIDE from 609 px, the column at the tablet breakpoint)."""

    name: str
    width: int
    height: int
    font: int
    y_ticks: int  # at most this many ticks on the value axis


WIDE = Layout("wide", width=720, height=320, font=15, y_ticks=6)
COMPACT = Layout("compact", width=360, height=300, font=13, y_ticks=5)
CHARACTER = 0.6  # a character's width in ems, near enough for Arial's digits and capitals
# Values beyond this cannot be measures' (their entry refuses them: measure_data.py); a
# stored one is drawn at the edge of the plot, never as NaN.
DRAWABLE = 1e15


class ChartGeometry(PlotArea):
    """Where everything goes on an SPC chart's SVG: the points coloured by kind, each
    phase's centre line and process limits (steps where they vary point to point) named at
    the right, the target, rebase breaks and PDSA markers, on nice value ticks. A long
    series is drawn from `first`, its latest periods; its limits are the whole series'."""

    mean_colour = MEAN_COLOUR
    target_colour = TARGET_COLOUR

    def __init__(
        self,
        chart,
        periods,
        *,
        rebase_at=(),
        target=None,
        markers=(),
        notes=(),
        layout=WIDE,
        centre_label="Mean",
        first=0,
    ):
        """`rebase_at` are the indices where a phase starts; `markers` are (label, title,
        first period) triples, such as PDSA cycles; `notes` are the data points'
        annotations, one for each point (blank for none)."""
        self.chart = chart
        self.periods = periods
        self.rebase_at = rebase_at
        self.notes = list(notes) or [""] * len(periods)
        self.target = target
        self.marker_specs = markers
        self.layout = layout
        self.centre_label = centre_label
        self.first = max(0, min(first, len(chart.points) - 1))
        self.width, self.height, self.font = layout.width, layout.height, layout.font
        extent = [
            max(-DRAWABLE, min(DRAWABLE, value))
            for point in chart.points[self.first :]
            for value in (point.value, point.mean, point.upl, point.lpl)
            if value is not None and math.isfinite(value)
        ]
        if target is not None and math.isfinite(target):
            extent.append(max(-DRAWABLE, min(DRAWABLE, target)))
        low, high = (min(extent), max(extent)) if extent else (0.0, 1.0)
        self.tick_values = nice_ticks(low, high, layout.y_ticks)
        self.low, self.high = self.tick_values[0], self.tick_values[-1]
        self.decimals = step_decimals(self.tick_values[1] - self.tick_values[0])
        self.character = CHARACTER * self.font
        widest = max(len(self.tick_label(value)) for value in self.tick_values)
        self.left = round(self.character * widest + 14)
        # Room on the right for the lines' names ("Target", "Median").
        self.right = round(self.character * 6 + 12)
        # Room above for the unit and the PDSA markers' labels, below for the dates.
        self.top = round(self.font * 2 + 6)
        self.bottom = round(self.font * 2 + 4)

    @property
    def drawn(self):
        return len(self.chart.points) - self.first

    @property
    def title_id(self):
        return f"spc-title-{self.layout.name}"

    def x(self, index):
        if self.drawn <= 1:
            return round(self.left + self.plot_width / 2, 1)
        return round(self.left + self.plot_width * (index - self.first) / (self.drawn - 1), 1)

    def y(self, value):
        share = (value - self.low) / (self.high - self.low)
        # A value beyond the scale (only a stored one the entry rules would now refuse) is
        # drawn at the plot's edge.
        share = min(max(share, 0.0), 1.0) if math.isfinite(share) else 0.5
        return round(self.top + self.plot_height * (1 - share), 1)

    def tick_label(self, value):
        return f"{value:,.{self.decimals}f}"

    @property
    def points(self):
        """Every drawn point with a value (an mr chart's first point of a phase has none)."""
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
            if index >= self.first and point.value is not None
        ]

    @property
    def line(self):
        return " ".join(f"{point.x},{point.y}" for point in self.points)

    def period_bounds(self):
        """(first index, last index) of each phase, as far as it is drawn."""
        count = len(self.chart.points)
        if not count:
            return []
        starts = [0, *sorted({index for index in self.rebase_at if 0 < index < count})]
        return [
            (max(start, self.first), end - 1)
            for start, end in pairwise([*starts, count])
            if end - 1 >= self.first
        ]

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
    def line_labels(self):
        """The target's, the upper limit's, the centre line's and the lower limit's names,
        at their level at the last point, at least a line of text apart."""
        labels = []
        if self.chart.points:
            last = self.chart.points[-1]
            for value, text, colour in (
                (self.target, "Target", self.target_colour),
                (last.upl, "UCL", AXIS_COLOUR),
                (last.mean, self.centre_label, self.mean_colour),
                (last.lpl, "LCL", AXIS_COLOUR),
            ):
                if value is not None and math.isfinite(value):
                    labels.append([self.y(value), text, colour])
        labels.sort(key=lambda label: label[0])
        gap = self.font * 1.1
        for above, below in pairwise(labels):
            below[0] = max(below[0], above[0] + gap)
        # Pushed below the plot: move the stack back up from the bottom.
        for index in range(len(labels) - 1, -1, -1):
            limit = self.baseline + self.font / 2 - gap * (len(labels) - 1 - index)
            labels[index][0] = min(labels[index][0], limit)
        return [LineLabel(round(y, 1), text, colour) for y, text, colour in labels]

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
        """Each marker at the first drawn data point on or after its start; a label that
        would overlap one to its left is left off (the marker's title still names it)."""
        placed = []
        for label, title, start in self.marker_specs:
            index = next((i for i, period in enumerate(self.periods) if period >= start), None)
            if index is not None and index >= self.first:
                placed.append((self.x(index), label, title))
        shown, label_end = set(), -math.inf
        for position, (x, label, _) in sorted(enumerate(placed), key=lambda item: item[1][0]):
            half = len(label) * self.character / 2
            if x - half > label_end + self.character:
                shown.add(position)
                label_end = x + half
        return [
            Marker(x=x, label=label if position in shown else "", title=title)
            for position, (x, label, title) in enumerate(placed)
        ]

    @property
    def y_ticks(self):
        return [(self.y(value), self.tick_label(value)) for value in self.tick_values]

    @property
    def x_ticks(self):
        """Dates under the axis, as many as fit side by side, evenly spaced."""
        if not self.drawn:
            return []
        fits = max(2, int(self.plot_width // (self.character * 9 + self.font)))
        step = max(1, -(-self.drawn // fits))
        return [
            (self.x(i), f"{self.periods[i]:%d %b %y}")
            for i in range(self.first, len(self.periods), step)
        ]


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
