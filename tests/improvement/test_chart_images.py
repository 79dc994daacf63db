"""The PNG of a measure's chart: the SVG's geometry drawn with Pillow, so that what a person
pastes into a report shows what the page shows."""

import datetime
import io

from PIL import Image

from improvement import spc
from improvement.chart_images import SCALE, chart_png
from improvement.charts import ChartGeometry

WEEKS = [datetime.date(2024, 4, 1) + datetime.timedelta(weeks=week) for week in range(6)]


def drawn(geometry):
    return Image.open(io.BytesIO(chart_png(geometry, unit="%"))).convert("RGB")


def test_the_png_is_the_svg_at_twice_its_size_with_each_point_in_its_colour():
    chart = spc.chart("p", [9, 45, 18, 2, 40, 19], [10, 50, 20, 10, 50, 20], direction="increase")
    g = ChartGeometry(chart, WEEKS)

    image = drawn(g)

    assert image.size == (g.width * SCALE, g.height * SCALE)
    for point in g.points:
        colour = image.getpixel((point.x * SCALE, point.y * SCALE))
        assert "#{:02x}{:02x}{:02x}".format(*colour) == point.colour


def test_the_mean_is_drawn_across_the_chart_and_the_limits_dashed():
    chart = spc.chart("c", [4, 6, 5, 7, 5, 6])
    g = ChartGeometry(chart, WEEKS)
    image = drawn(g)

    (mean,) = g.means
    row = [image.getpixel((x, mean.y * SCALE)) for x in range(int(g.x(0) * SCALE) + 12, 400)]
    assert (0, 0, 0) in row
    (upper,) = g.upper_limits
    limit = [
        image.getpixel((x, upper.y * SCALE))
        for x in range(int(upper.x1 * SCALE), int(upper.x2 * SCALE))
    ]
    assert (255, 255, 255) in limit and (0x76, 0x86, 0x92) in limit  # dashes and gaps
