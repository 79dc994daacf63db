"""What an SPC chart says in words, where its parts are drawn, and how its icons are named.

Colour is never the only signal: the sentence and the icons' words say what the dots'
colours show, so these are checked as a reader would read them.
"""

import datetime
import math
from collections import Counter
from itertools import pairwise

import pytest

from improvement import spc
from improvement.charts import (
    COMPACT,
    WIDE,
    ChartGeometry,
    Sparkline,
    assurance_icon,
    chart_sentence,
    format_number,
    signals_clause,
    variation_icon,
)
from improvement.spc import KIND_COLOURS, xmr

FIRST_WEEK = datetime.date(2024, 4, 1)
BEFORE = [10, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12]
AFTER = [6, 7, 5, 6, 7, 5, 6, 6, 7, 5, 6, 7]
STEADY = [5, 6] * 10  # mean 5.5, limits about 2.8 to 8.2

COMMON = KIND_COLOURS["common_cause"]
IMPROVEMENT = KIND_COLOURS["improvement"]
CONCERN = KIND_COLOURS["concern"]
NEUTRAL = KIND_COLOURS["neutral_high"]

TRIAL = "These are trial limits: they rest on fewer than 13 values, so treat them with care."


def weeks(count, start=FIRST_WEEK):
    return [start + datetime.timedelta(weeks=week) for week in range(count)]


# The sentence ------------------------------------------------------------------------------


def test_special_cause_improvement_from_a_shift_with_a_target_inside_the_limits():
    chart = xmr(BEFORE + AFTER, direction="decrease", target=9.5)

    assert chart_sentence(chart, unit="falls", target=9.5) == (
        "12 of the 24 values are special cause improvement and 12 are special cause concern; "
        "the latest value is special cause improvement, the last of 12 values in a row below "
        "the mean. The target of 9.5 falls is within the process limits, so it will be met "
        "only some of the time."
    )


def test_the_same_shift_is_a_concern_when_higher_is_better():
    chart = xmr(BEFORE + AFTER, direction="increase")

    assert chart_sentence(chart) == (
        "12 of the 24 values are special cause improvement and 12 are special cause concern; "
        "the latest value is special cause concern, the last of 12 values in a row below the "
        "mean."
    )


def test_a_shift_of_seven_above_the_mean():
    chart = xmr([*STEADY, 5, 7, 7, 7, 7, 7, 7, 7], direction="increase")

    assert chart_sentence(chart) == (
        "7 of the 28 values are special cause improvement; the latest value is special cause "
        "improvement, the last of 7 values in a row above the mean."
    )


LATEST = "the latest value is special cause"


@pytest.mark.parametrize(
    ("values", "direction", "sentence"),
    [
        (
            [*STEADY, 12],
            "increase",
            f"1 of the 21 values is special cause improvement; {LATEST} improvement, above "
            "the upper process limit.",
        ),
        (
            [*STEADY, 12],
            "decrease",
            f"1 of the 21 values is special cause concern; {LATEST} concern, above the upper "
            "process limit.",
        ),
        (
            [*STEADY, 0],
            "increase",
            f"1 of the 21 values is special cause concern; {LATEST} concern, below the lower "
            "process limit.",
        ),
        (
            [*STEADY, 0],
            "neutral",
            "1 of the 21 values is special cause variation (low); "
            f"{LATEST} variation (low), below the lower process limit.",
        ),
        (
            [*STEADY, 7.4, 7.4],
            "increase",
            f"2 of the 22 values are special cause improvement; {LATEST} improvement, one of "
            "two of the last three values close to a process limit.",
        ),
        (
            [*STEADY, 5.0, 5.2, 5.4, 5.6, 5.8, 6.0, 6.2],
            "increase",
            f"7 of the 27 values are special cause improvement; {LATEST} improvement, the "
            "last of 7 values each higher than the one before.",
        ),
        (
            [*STEADY, 6.2, 6.0, 5.8, 5.6, 5.4, 5.2, 5.0, 4.9],
            "increase",
            f"8 of the 28 values are special cause concern; {LATEST} concern, the last of 8 "
            "values each lower than the one before.",
        ),
    ],
)
def test_special_cause_says_how_many_values_signal_and_which_rule_the_latest_breaks(
    values, direction, sentence
):
    assert chart_sentence(xmr(values, direction=direction)) == sentence


def test_a_series_full_of_signals_is_never_called_no_sign_of_a_change():
    # The case: nearly every point special cause, the latest back inside the limits
    # and breaking no rule, so MDC's icon (from the latest point) is common cause.
    values = [5, 6] * 6 + [9, 10] * 12 + [7]
    chart = xmr(values, direction="increase")
    assert chart.variation == "common_cause"

    sentence = chart_sentence(chart)

    kinds = Counter(point.kind for point in chart.points)
    assert "no sign of a change" not in sentence
    assert sentence == (
        f"{kinds['improvement']} of the 37 values are special cause improvement and "
        f"{kinds['concern']} are special cause concern; the latest value is common cause "
        "variation, within the limits and breaking no rule."
    )
    assert kinds["improvement"] + kinds["concern"] == 36


def test_only_the_values_since_the_last_rebase_are_counted():
    values = [*BEFORE, *AFTER, 12, 12]
    chart = xmr(values, direction="decrease", rebase_at=[12])

    sentence = chart_sentence(chart, phase_start=12)

    assert sentence.startswith(
        "2 of the 14 values since the limits were recalculated are special cause concern; "
        "the latest value is special cause concern, above the upper process limit."
    )


def test_the_counts_of_signals_read_as_people_write_them():
    def points(*kinds):
        return [spc.Point(1.0, 1.0, 2.0, 0.0, kind) for kind in kinds]

    assert signals_clause(points("improvement"), rebased=False) == (
        "The 1 value is special cause improvement"
    )
    assert signals_clause(points("concern", "concern"), rebased=True) == (
        "All 2 values since the limits were recalculated are special cause concern"
    )
    assert signals_clause(
        points("concern", "improvement", "neutral_high", "neutral_low", "common_cause"),
        rebased=False,
    ) == (
        "1 of the 5 values is special cause improvement, 1 is special cause concern, "
        "1 is special cause variation (high) and 1 is special cause variation (low)"
    )
    assert signals_clause(points("common_cause", "common_cause"), rebased=False) is None


def test_common_cause_variation():
    chart = xmr(STEADY)

    assert chart_sentence(chart) == (
        "Common cause variation: no sign of a change; the values vary within the limits."
    )


@pytest.mark.parametrize(
    ("direction", "target", "unit", "assurance"),
    [
        (
            "increase",
            10,
            "%",
            "The target of 10% is above the upper process limit, so it will not be met "
            "without a change to the process.",
        ),
        (
            "increase",
            2,
            "days",
            "The target of 2 days is below the lower process limit, so it will be met "
            "consistently.",
        ),
        (
            "decrease",
            10,
            "days",
            "The target of 10 days is above the upper process limit, so it will be met "
            "consistently.",
        ),
        (
            "decrease",
            2,
            "",
            "The target of 2 is below the lower process limit, so it will not be met without a "
            "change to the process.",
        ),
        (
            "decrease",
            5,
            "days",
            "The target of 5 days is within the process limits, so it will be met only some "
            "of the time.",
        ),
        (
            "increase",
            1234.5,
            "minutes",
            "The target of 1,234.5 minutes is above the upper process limit, so it will not be "
            "met without a change to the process.",
        ),
    ],
)
def test_the_target_sentence_for_each_assurance(direction, target, unit, assurance):
    chart = xmr(STEADY, direction=direction, target=target)

    sentence = chart_sentence(chart, unit=unit, target=target)

    assert sentence == (
        "Common cause variation: no sign of a change; the values vary within the limits. "
        + assurance
    )


def test_no_target_sentence_without_a_target_or_when_neither_direction_is_better():
    assert "target" not in chart_sentence(xmr(STEADY, direction="increase"), unit="days")
    neutral = xmr(STEADY, direction="neutral", target=10)
    assert "target" not in chart_sentence(neutral, unit="days", target=10)


def test_fewer_than_13_values_have_trial_limits():
    twelve = chart_sentence(xmr(STEADY[:12]))
    thirteen = chart_sentence(xmr(STEADY[:13]))

    assert twelve.endswith(TRIAL)
    assert "trial limits" not in thirteen


def test_a_short_period_after_a_rebase_has_trial_limits_again():
    chart = xmr(BEFORE + AFTER, direction="decrease", target=9.5, rebase_at=[12])

    assert chart_sentence(chart, unit="falls", target=9.5) == (
        "Common cause variation: no sign of a change; the values vary within the limits. The "
        "target of 9.5 falls is above the upper process limit, so it will be met consistently. "
        + TRIAL
    )


def test_a_chart_without_data_says_so():
    assert chart_sentence(xmr([]), unit="days", target=5) == "There is no data yet."


@pytest.mark.parametrize(
    ("value", "text"),
    [(5.0, "5"), (9.5, "9.5"), (1234.5, "1,234.5"), (2.0 / 3, "0.67"), (-1.25, "-1.25")],
)
def test_numbers_are_written_as_people_write_them(value, text):
    assert format_number(value) == text


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
    return Sparkline([point.value for point in points], points[-1].kind if points else "")


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


# The icons ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("variation", "words", "letter", "colour"),
    [
        ("common_cause", "Common cause variation", "", COMMON),
        ("improvement_high", "Special cause improvement (high)", "H", IMPROVEMENT),
        ("improvement_low", "Special cause improvement (low)", "L", IMPROVEMENT),
        ("concern_high", "Special cause concern (high)", "H", CONCERN),
        ("concern_low", "Special cause concern (low)", "L", CONCERN),
        ("neutral_high", "Special cause variation (high)", "H", NEUTRAL),
        ("neutral_low", "Special cause variation (low)", "L", NEUTRAL),
    ],
)
def test_each_variation_icon_is_named_in_words(variation, words, letter, colour):
    assert variation_icon(variation) == {"colour": colour, "letter": letter, "words": words}


@pytest.mark.parametrize(
    ("assurance", "words", "letter", "colour"),
    [
        ("pass", "Target consistently met", "P", IMPROVEMENT),
        ("fail", "Target consistently missed", "F", CONCERN),
        ("inconsistent", "Target met only some of the time", "?", COMMON),
    ],
)
def test_each_assurance_icon_is_named_in_words(assurance, words, letter, colour):
    assert assurance_icon(assurance) == {"colour": colour, "letter": letter, "words": words}


@pytest.mark.parametrize("empty", [None, ""])
def test_no_icons_without_a_verdict(empty):
    assert variation_icon(empty) is None
    assert assurance_icon(empty) is None


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


def test_a_run_chart_says_whether_its_runs_show_a_change():
    assert chart_sentence(spc.chart("run", STEADY)) == (
        "Random variation: no sign of a change; the longest run on one side of the median (1) "
        "and the number of times the values cross it (19) are what chance gives."
    )
    assert chart_sentence(spc.chart("run", BEFORE + AFTER)) == (
        "Non-random variation, a sign of a change: 12 values in a row are on one side of the "
        "median, more than the 8 chance gives and the values cross the median only 1 time, "
        "fewer than the 8 chance gives."
    )


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
