"""Where an SPC chart's parts are drawn, in each layout, and the sparkline's."""

import datetime
import math
from itertools import pairwise

import pytest

from improvement import spc
from improvement.charts import COMPACT, WIDE, ChartGeometry, Sparkline
from improvement.spc import KIND_COLOURS, xmr

FIRST_WEEK = datetime.date(2024, 4, 1)
BEFORE = [10, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12]
AFTER = [6, 7, 5, 6, 7, 5, 6, 6, 7, 5, 6, 7]
STEADY = [5, 6] * 10  # mean 5.5, limits about 2.8 to 8.2

COMMON = KIND_COLOURS["common_cause"]
IMPROVEMENT = KIND_COLOURS["improvement"]
CONCERN = KIND_COLOURS["concern"]


def weeks(count, start=FIRST_WEEK):
    return [start + datetime.timedelta(weeks=week) for week in range(count)]


# The chart's geometry ----------------------------------------------------------------------


def geometry(values=BEFORE + AFTER, *, rebase_at=(), target=None, **kwargs):
    chart = xmr(values, direction="decrease", target=target, rebase_at=rebase_at)
    return ChartGeometry(chart, weeks(len(values)), rebase_at=rebase_at, target=target, **kwargs)


def inside_the_plot(g, y):
    return g.top <= y <= g.baseline


def test_every_value_is_a_point_from_left_to_right_higher_values_higher_up():
    g = geometry()
    points = g.points

    assert len(points) == 24
    assert points[0].x == g.left
    assert points[-1].x == g.width - g.right
    assert [p.x for p in points] == sorted({p.x for p in points})
    assert all(inside_the_plot(g, p.y) for p in points)
    # 12 is the highest value and 5 the lowest: SVG's y grows downwards.
    assert points[4].y == min(p.y for p in points)
    assert points[14].y == max(p.y for p in points)
    assert points[0].y == points[3].y  # both 10
    assert g.line.split(" ")[0] == f"{points[0].x},{points[0].y}"
    assert len(g.line.split(" ")) == 24


def test_points_are_coloured_by_kind_and_labelled_with_their_period_and_value():
    g = geometry(notes=[""] * 23 + ["New rota"])
    points = g.points

    # Lower is better: twelve weeks above the mean are a concern, the twelve below it an
    # improvement; once rebased at the change, neither period shows special cause.
    assert [p.colour for p in points] == [CONCERN] * 12 + [IMPROVEMENT] * 12
    assert {p.colour for p in geometry(rebase_at=[12]).points} == {COMMON}
    assert points[0].label == "01 Apr 2024: 10"
    assert not points[0].noted
    assert points[-1].label == "09 Sep 2024: 7. New rota"
    assert points[-1].noted


def test_one_mean_and_pair_of_limits_across_a_chart_without_rebases():
    g = geometry()

    assert g.breaks == []
    (mean,) = g.means
    (upper,) = g.upper_limits
    (lower,) = g.lower_limits
    for line in (mean, upper, lower):
        assert (line.x1, line.x2) == (g.left, g.width - g.right)
    assert upper.y < mean.y < lower.y
    assert mean.y == g.y(g.chart.points[0].mean)
    assert upper.y == g.y(g.chart.points[0].upl)


def test_a_rebase_breaks_the_mean_and_limits_into_two_periods():
    g = geometry(rebase_at=[12])
    points = g.points

    assert [(m.x1, m.x2) for m in g.means] == [
        (points[0].x, points[11].x),
        (points[12].x, points[23].x),
    ]
    assert len(g.upper_limits) == len(g.lower_limits) == 2
    before, after = g.means
    assert after.y > before.y  # fewer falls after the change: a lower mean
    assert g.breaks == [round((points[11].x + points[12].x) / 2, 1)]


def test_two_rebases_make_three_periods():
    g = geometry(rebase_at=[8, 16])

    assert len(g.means) == 3
    assert len(g.breaks) == 2


def test_the_target_line_is_drawn_at_the_target_even_beyond_the_data():
    assert geometry().target_y is None

    g = geometry(target=9.5)
    assert g.target_y == g.y(9.5)

    # The scale stretches to the next nice tick above the target.
    far = geometry(target=40)
    assert far.target_y == far.top
    assert [label for _, label in far.y_ticks] == ["0", "10", "20", "30", "40"]
    assert all(inside_the_plot(far, p.y) for p in far.points)


def test_pdsa_markers_sit_at_the_first_period_on_or_after_their_start():
    periods = weeks(24)
    g = geometry(
        markers=[
            ("PDSA 1", "PDSA cycle 1: New rota", periods[12]),  # the day a period starts
            ("PDSA 2", "PDSA cycle 2: Falls huddle", periods[15] + datetime.timedelta(days=2)),
            ("PDSA 3", "PDSA cycle 3: Too early", periods[0] - datetime.timedelta(weeks=3)),
            ("PDSA 4", "PDSA cycle 4: Not yet measured", periods[-1] + datetime.timedelta(days=1)),
        ]
    )
    points = g.points

    assert [(m.label, m.title, m.x) for m in g.markers] == [
        ("PDSA 1", "PDSA cycle 1: New rota", points[12].x),
        ("PDSA 2", "PDSA cycle 2: Falls huddle", points[16].x),
        ("PDSA 3", "PDSA cycle 3: Too early", points[0].x),
    ]


def test_the_axes_are_labelled_with_dates_and_values():
    g = geometry()

    assert len(g.x_ticks) <= 9
    assert g.x_ticks[0] == (g.points[0].x, "01 Apr 24")
    assert all(label.endswith(" 24") for _, label in g.x_ticks)
    ys = [y for y, _ in g.y_ticks]
    assert ys == sorted(ys, reverse=True)
    assert ys[0] == g.baseline and ys[-1] == g.top
    values = [float(label.replace(",", "")) for _, label in g.y_ticks]
    assert values[0] <= 5 and values[-1] >= 12


def test_a_single_value_is_drawn_in_the_middle():
    g = geometry([7.0])

    (point,) = g.points
    assert point.x == round(g.left + g.plot_width / 2, 1)
    assert inside_the_plot(g, point.y)
    assert g.breaks == []


def test_a_chart_without_data_has_nothing_to_draw():
    g = ChartGeometry(xmr([]), [])

    assert g.points == []
    assert g.means == []
    assert g.markers == []
    assert g.x_ticks == []


# The sparkline -----------------------------------------------------------------------------


def sparkline_of(chart):
    """The sparkline of a chart's values, as a measure keeps them for lists."""
    points = chart.points
    return Sparkline(
        Sparkline.line_of([point.value for point in points]), points[-1].kind if points else ""
    )


def test_the_sparkline_draws_every_value_and_colours_the_last_by_kind():
    spark = sparkline_of(xmr(BEFORE + AFTER, direction="decrease"))
    coordinates = [tuple(map(float, pair.split(","))) for pair in spark.line.split(" ")]

    assert len(coordinates) == 24
    assert all(
        spark.pad <= x <= spark.width - spark.pad and spark.pad <= y <= spark.height - spark.pad
        for x, y in coordinates
    )
    assert coordinates[0][0] == spark.pad
    assert coordinates[4][1] == spark.pad  # 12, the highest, at the top
    assert spark.last == {
        "x": coordinates[-1][0],
        "y": coordinates[-1][1],
        "colour": IMPROVEMENT,
    }


def test_the_sparkline_of_a_concern_shows_the_concern_colour():
    assert sparkline_of(xmr([*STEADY, 0])).last["colour"] == CONCERN


def test_a_sparkline_of_one_or_equal_values_is_a_level_line_in_the_middle():
    single = sparkline_of(xmr([4.0]))
    assert single.line == "60.0,16.0"
    assert single.last == {"x": 60.0, "y": 16.0, "colour": COMMON}

    level = sparkline_of(xmr([4.0, 4.0, 4.0]))
    assert {pair.split(",")[1] for pair in level.line.split(" ")} == {"16.0"}


def test_a_sparkline_without_data_has_no_last_point():
    spark = sparkline_of(xmr([]))

    assert spark.line == ""
    assert spark.last is None


# Other chart types -------------------------------------------------------------------------


def test_limits_that_vary_with_the_denominator_are_drawn_as_steps_halfway_between_points():
    chart = spc.chart("p", [50, 300, 100], [100, 500, 200])
    g = ChartGeometry(chart, weeks(3))

    (upper,) = g.upper_limits
    x0, x1, x2 = (g.x(index) for index in range(3))
    assert [x for x, _ in upper.runs[0]] == [
        x0,
        round((x0 + x1) / 2, 1),
        round((x0 + x1) / 2, 1),
        round((x1 + x2) / 2, 1),
        round((x1 + x2) / 2, 1),
        x2,
    ]
    assert [y for _, y in upper.runs[0]] == [g.y(point.upl) for point in chart.points for _ in "ab"]
    assert g.has_steps
    assert not geometry().has_steps


def test_a_run_chart_has_its_median_and_no_limits_to_draw():
    g = ChartGeometry(spc.chart("run", STEADY), weeks(len(STEADY)))

    assert (g.upper_limits, g.lower_limits) == ([], [])
    (median,) = g.means
    assert median.y == g.y(5.5)


def test_an_mr_chart_draws_no_dot_for_its_first_point():
    g = ChartGeometry(spc.chart("mr", STEADY), weeks(len(STEADY)))

    assert len(g.points) == len(STEADY) - 1
    assert g.points[0].x == g.x(1)


# Readable on any screen -------------------------------------------------------------------


@pytest.mark.parametrize("layout", [WIDE, COMPACT])
def test_each_layout_has_nice_value_ticks_and_dates_that_fit_side_by_side(layout):
    values = [5.03, 5.75, 6.46, 5.9, 6.1] * 8
    g = ChartGeometry(xmr(values), weeks(len(values)), layout=layout)

    labels = [label for _, label in g.y_ticks]
    assert len(labels) <= layout.y_ticks
    steps = {round(b - a, 6) for a, b in pairwise(float(label) for label in labels)}
    assert len(steps) == 1 and steps.pop() in {0.5, 1, 2, 2.5, 5}
    dates = [x for x, _ in g.x_ticks]
    date_width = 9 * g.character
    assert all(b - a >= date_width for a, b in pairwise(dates))
    assert g.font == layout.font and g.width == layout.width


def test_the_limits_mean_and_target_are_named_at_the_right_and_never_overlap():
    g = geometry(target=9.5)

    labels = {label.text: label for label in g.line_labels}
    assert set(labels) == {"UCL", "Mean", "LCL", "Target"}
    ys = sorted(label.y for label in g.line_labels)
    assert all(b - a >= g.font for a, b in pairwise(ys))
    assert labels["UCL"].y < labels["LCL"].y
    assert all(g.top - g.font <= y <= g.baseline + g.font for y in ys)
    run = ChartGeometry(spc.chart("run", STEADY), weeks(20), centre_label="Median")
    assert [label.text for label in run.line_labels] == ["Median"]


def test_a_long_series_is_drawn_from_its_latest_periods_with_the_whole_series_limits():
    values = BEFORE * 10
    chart = xmr(values)
    g = ChartGeometry(chart, weeks(len(values)), first=100)

    assert len(g.points) == 20
    assert g.points[0].x == g.left and g.points[-1].x == g.plot_right
    assert g.x_ticks[0][1] == f"{weeks(120)[100]:%d %b %y}"
    (mean,) = g.means
    assert mean.y == g.y(chart.points[0].mean)


def test_values_no_axis_can_show_are_drawn_at_the_edge_never_as_nan():
    values = [1.0, 2.0, 1e308, 1.5]
    g = ChartGeometry(spc.chart("run", values), weeks(4))

    coordinates = [value for point in g.points for value in (point.x, point.y)]
    coordinates += [y for y, _ in g.y_ticks] + [label.y for label in g.line_labels]
    assert all(math.isfinite(value) for value in coordinates)
    assert g.points[2].y == g.top
