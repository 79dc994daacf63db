"""What an SPC chart says in words and how its icons are named.

Colour is never the only signal: the sentence and the icons' words say what the dots'
colours show, so these are checked as a reader would read them.
"""

from collections import Counter

import pytest

from improvement import spc
from improvement.chart_words import (
    assurance_icon,
    chart_sentence,
    format_number,
    signals_clause,
    variation_icon,
)
from improvement.spc import KIND_COLOURS, xmr

BEFORE = [10, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12]
AFTER = [6, 7, 5, 6, 7, 5, 6, 6, 7, 5, 6, 7]
STEADY = [5, 6] * 10  # mean 5.5, limits about 2.8 to 8.2

COMMON = KIND_COLOURS["common_cause"]
IMPROVEMENT = KIND_COLOURS["improvement"]
CONCERN = KIND_COLOURS["concern"]
NEUTRAL = KIND_COLOURS["neutral_high"]

TRIAL = "These are trial limits: they rest on fewer than 13 values, so treat them with care."


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


# Run charts ------------------------------------------------------------------------------


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
