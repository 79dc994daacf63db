"""SPC charts in the Making Data Count style: the geometry of the SVG the templates draw
(and the PNG draws from), laid out for a phone and for a wider screen, and the sparkline's
(the words that say what a chart shows are in chart_words.py)."""

import math
from dataclasses import dataclass
from functools import cached_property
from itertools import pairwise

from core.charts import PlotArea, nice_ticks, step_decimals

from .chart_words import format_number
from .spc import MEAN_COLOUR, TARGET_COLOUR, kind_colour

AXIS_COLOUR = "#4c6272"


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
        # Room for the value ticks, and for half the first date, centred on the first point.
        self.left = round(max(self.character * widest + 14, self.character * 9 / 2 + 4))
        # Room on the right for the lines' names ("Target", "Median").
        self.right = round(self.character * 6 + 12)
        # Room above for the unit and the PDSA markers' labels, below for the dates.
        self.top = round(self.font * 2 + 6)
        self.bottom = round(self.font * 2 + 4)

    # Read for every point, limit and label placed (x and y), and fixed once __init__ has
    # set the margins: worked out once rather than on each read.
    plot_width = cached_property(PlotArea.plot_width.fget)
    plot_height = cached_property(PlotArea.plot_height.fget)

    @cached_property
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

    # The points and lines are worked out once: the page reads them several times (the SVG,
    # its polyline, the chart's key and caption).
    @cached_property
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

    @cached_property
    def means(self):
        return self._levels("mean")

    @property
    def has_steps(self):
        return any(isinstance(level, Step) for level in self.upper_limits + self.lower_limits)

    @cached_property
    def upper_limits(self):
        return self._levels("upl")

    @cached_property
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
    """A small line of a measure's recent values, its last point a dot coloured by its kind.
    The services keep each measure's line (Measure.sparkline_points, from `line_of`) with its
    values, so a list of measures draws each from what it keeps: no data points read and no
    geometry worked out on a request."""

    width = 120
    height = 32
    pad = 3

    def __init__(self, line, last_kind):
        self.line = line
        self.last_kind = last_kind

    @classmethod
    def kept_by(cls, measure):
        """The sparkline a measure keeps; None when it has no data yet."""
        return (
            cls(measure.sparkline_points, measure.latest_kind) if measure.sparkline_points else None
        )

    @classmethod
    def line_of(cls, values):
        """The line's points ("x,y x,y ..."), the values spread across the width and from the
        lowest at the bottom to the highest at the top; equal values level in the middle."""
        if not values:
            return ""
        low, high = min(values), max(values)
        if high == low:
            low, high = low - 1, high + 1
        count = len(values)
        inner_width, inner_height = cls.width - 2 * cls.pad, cls.height - 2 * cls.pad
        return " ".join(
            f"{round(cls.pad + inner_width * (index / (count - 1) if count > 1 else 0.5), 1)},"
            f"{round(cls.pad + inner_height * (1 - (value - low) / (high - low)), 1)}"
            for index, value in enumerate(values)
        )

    @property
    def last(self):
        if not self.line:
            return None
        x, y = self.line.rsplit(" ", 1)[-1].split(",")
        return {"x": float(x), "y": float(y), "colour": kind_colour(self.last_kind)}
