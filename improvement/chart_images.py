"""A measure's SPC chart as a PNG image, drawn with Pillow from the same geometry as the
page's SVG (improvement/charts.py), so the two show the same chart.

Pillow rather than an SVG renderer: its wheels carry everything it needs, a font too
(ImageFont.load_default), so `pip install` alone makes PNGs on any machine. cairosvg needs
the system's libcairo, and resvg draws no text on a machine without fonts.
"""

import io
import math
from itertools import pairwise

from PIL import Image, ImageDraw, ImageFont

from .charts import Step

SCALE = 2  # drawn at twice the SVG's size, for sharp lines on high-density screens
GRID = "#d8dde0"
AXIS_TEXT = "#4c6272"
LINE = "#a6a6a6"
LIMIT = "#768692"
BREAK = "#212b32"
MARKER = "#005eb8"


def chart_png(geometry, unit=""):
    """The chart's PNG bytes."""
    g = geometry
    image = Image.new("RGB", (g.width * SCALE, g.height * SCALE), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.load_default(size=g.font * SCALE)
    bold = ImageFont.load_default(size=(g.font + 2) * SCALE)

    def at(x, y):
        return x * SCALE, y * SCALE

    for y, label in g.y_ticks:
        draw.line([at(g.left, y), at(g.plot_right, y)], fill=GRID, width=SCALE)
        draw.text(at(g.left - 6, y), label, fill=AXIS_TEXT, font=font, anchor="rm")
    for x, label in g.x_ticks:
        draw.text(at(x, g.baseline + g.font + 6), label, fill=AXIS_TEXT, font=font, anchor="ms")
    if unit:
        draw.text(at(4, g.font), unit, fill=AXIS_TEXT, font=font, anchor="ls")
    for x in g.breaks:
        _dashed(draw, [at(x, g.top), at(x, g.baseline)], BREAK, SCALE, (2, 4))
    for marker in g.markers:
        draw.line([at(marker.x, g.top), at(marker.x, g.baseline)], fill=MARKER, width=3)
        if marker.label:
            draw.text(at(marker.x, g.top - 6), marker.label, fill=MARKER, font=font, anchor="ms")
    for level in g.upper_limits + g.lower_limits:
        for run in _corners(level):
            _dashed(draw, [at(x, y) for x, y in run], LIMIT, 3, (3, 3))
    for segment in g.means:
        draw.line(
            [at(segment.x1, segment.y), at(segment.x2, segment.y)], fill=g.mean_colour, width=3
        )
    if g.target_y is not None:
        target = [at(g.left, g.target_y), at(g.plot_right, g.target_y)]
        _dashed(draw, target, g.target_colour, 3, (6, 4))
    for label in g.line_labels:
        draw.text(
            at(g.plot_right + 4, label.y), label.text, fill=label.colour, font=font, anchor="lm"
        )
    points = g.points
    if len(points) > 1:
        draw.line([at(point.x, point.y) for point in points], fill=LINE, width=3, joint="curve")
    radius = 4 * SCALE
    for point in points:
        x, y = at(point.x, point.y)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], fill=point.colour)
        if point.noted:
            draw.text((x, y - 9 * SCALE), "*", fill=BREAK, font=bold, anchor="ms")
    output = io.BytesIO()
    image.save(output, format="PNG")
    return output.getvalue()


def _corners(level):
    """A limit's lines as runs of corners: a level Segment is one run of two."""
    if isinstance(level, Step):
        return level.runs
    return [[(level.x1, level.y), (level.x2, level.y)]]


def _dashed(draw, corners, colour, width, pattern):
    """A dashed line through the corners, the dash pattern (on, off) in SVG units and
    carried on round each corner as the SVG's stroke-dasharray is."""
    on, off = (length * SCALE for length in pattern)
    period = on + off
    travelled = 0.0
    for (x1, y1), (x2, y2) in pairwise(corners):
        length = math.hypot(x2 - x1, y2 - y1)
        if not length:
            continue
        start = 0.0
        while start < length:
            phase = (travelled + start) % period
            if phase < on:
                end = min(start + on - phase, length)
                draw.line(
                    [_along(x1, y1, x2, y2, start / length), _along(x1, y1, x2, y2, end / length)],
                    fill=colour,
                    width=width,
                )
            else:
                end = min(start + period - phase, length)
            start = end
        travelled += length


def _along(x1, y1, x2, y2, share):
    return x1 + (x2 - x1) * share, y1 + (y2 - y1) * share
