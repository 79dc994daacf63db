"""How the improvement pages present records: tags, phase steps and the monthly chart."""

import datetime

import pytest
from django.template import Context, Template

from improvement.models import Idea, Measure, Project
from improvement.presenters import (
    MonthlyBarChart,
    nice_ceiling,
    phase_steps,
    status_tag_class,
    with_empty_months,
)


def month(year, number):
    return datetime.date(year, number, 1)


@pytest.mark.parametrize(
    ("status", "tag"),
    [
        ("submitted", "nhsuk-tag--grey"),
        ("under_review", "nhsuk-tag--blue"),
        ("supported", "nhsuk-tag--green"),
        ("declined", "nhsuk-tag--red"),
        ("merged", "nhsuk-tag--purple"),
    ],
)
def test_each_idea_status_has_its_own_tag_colour(status, tag):
    assert status_tag_class(Idea(status=status)) == tag


@pytest.mark.parametrize(
    ("status", "tag"),
    [
        ("in_progress", "nhsuk-tag--blue"),
        ("on_hold", "nhsuk-tag--yellow"),
        ("completed", "nhsuk-tag--green"),
        ("stopped", "nhsuk-tag--grey"),
    ],
)
def test_each_project_status_has_its_own_tag_colour(status, tag):
    assert status_tag_class(Project(status=status)) == tag


def test_the_status_tag_is_an_nhs_tag_with_the_status_label():
    rendered = Template("{% load improvement %}{{ idea|status_tag }}").render(
        Context({"idea": Idea(status="under_review")})
    )
    assert rendered == '<strong class="nhsuk-tag nhsuk-tag--blue">Under review</strong>'


def test_an_unknown_status_s_tag_is_grey_and_says_the_status():
    rendered = Template("{% load improvement %}{{ project|status_tag }}").render(
        Context({"project": Project(status="paused <for now>")})
    )
    assert rendered == ('<strong class="nhsuk-tag nhsuk-tag--grey">paused &lt;for now&gt;</strong>')


def sparkline(measure):
    return Template("{% load improvement %}{% measure_sparkline measure %}").render(
        Context({"measure": measure})
    )


def test_a_measure_s_sparkline_says_its_variation_or_that_it_has_no_data():
    drawn = Measure(
        name="Falls <per> 1,000",
        variation=Measure.Variation.IMPROVEMENT_LOW,
        sparkline_points="3.0,29.0 117.0,3.0",
        latest_kind="improvement",
    )

    assert sparkline(drawn).startswith('\n<span class="portal-sparkline-group">\n  <svg ')
    assert '<polyline points="3.0,29.0 117.0,3.0"' in sparkline(drawn)
    assert (
        '<span class="nhsuk-body-s">Falls &lt;per&gt; 1,000: Special cause improvement (low)'
        "</span>" in sparkline(drawn)
    )
    assert sparkline(Measure(name="Falls <new>")) == (
        '\n<span class="nhsuk-body-s">Falls &lt;new&gt;: no data yet</span>\n\n'
    )
    assert sparkline(None) == '\n<span class="nhsuk-body-s">No measures yet</span>\n\n'


def test_the_phase_steps_show_done_current_and_to_do():
    steps = phase_steps(Project(phase=Project.Phase.MEASURE_AND_UNDERSTAND))

    assert [(step["label"], step["state"]) for step in steps] == [
        ("Start out", "done"),
        ("Define and scope", "done"),
        ("Measure and understand", "current"),
        ("Design and plan", "to do"),
        ("Pilot and implement", "to do"),
        ("Sustain and share", "to do"),
    ]
    assert phase_steps(Project(phase="start_out"))[0]["state"] == "current"
    assert [step["state"] for step in phase_steps(Project(phase="sustain_and_share"))] == [
        "done"
    ] * 5 + ["current"]


@pytest.mark.parametrize(
    ("value", "top"),
    [(0, 0), (1, 4), (4, 4), (5, 8), (8, 8), (9, 20), (20, 20), (21, 40), (81, 200), (469, 800)],
)
def test_the_chart_scale_tops_at_a_round_number(value, top):
    assert nice_ceiling(value) == top


def test_missing_months_are_shown_as_zero():
    months = [(month(2023, 11), 3), (month(2024, 2), 5)]

    assert with_empty_months(months) == [
        (month(2023, 11), 3),
        (month(2023, 12), 0),
        (month(2024, 1), 0),
        (month(2024, 2), 5),
    ]
    assert with_empty_months([]) == []


def test_the_chart_summary_says_what_it_shows():
    chart = MonthlyBarChart([(month(2024, 1), 2), (month(2024, 2), 7), (month(2024, 3), 1)])

    assert chart.summary == (
        "10 ideas from January 2024 to March 2024; the most in one month was 7, in February 2024."
    )
    assert MonthlyBarChart([]).summary == "No ideas in this period."


def test_the_bars_are_as_tall_as_their_counts():
    chart = MonthlyBarChart([(month(2024, 1), 2), (month(2024, 2), 8), (month(2024, 3), 0)])

    bars = chart.bars
    assert [(bar.label, bar.short_label, bar.value) for bar in bars] == [
        ("January 2024", "Jan 24", 2),
        ("February 2024", "Feb 24", 8),
        ("March 2024", "Mar 24", 0),
    ]
    # The scale tops at 8: the busiest month fills the plot, an empty one has no height.
    assert bars[1].height == chart.plot_height
    assert bars[0].height == pytest.approx(chart.plot_height / 4, abs=0.1)
    assert bars[2].height == 0
    assert all(bar.y + bar.height == pytest.approx(chart.baseline, abs=0.1) for bar in bars)
    # Left to right, inside the plot.
    assert bars[0].x < bars[1].x < bars[2].x
    assert bars[0].x >= chart.left
    assert bars[2].x + bars[2].width <= chart.width - chart.right
    assert [value for _, value in chart.gridlines] == [0, 2, 4, 6, 8]


def test_a_long_chart_labels_about_twelve_months():
    months = with_empty_months([(month(2021, 4), 1), (month(2024, 9), 1)])
    chart = MonthlyBarChart(months)

    assert len(chart.bars) == 42
    labelled = chart.labelled_bars
    assert 10 <= len(labelled) <= 12
    assert labelled[0].label == "April 2021"


def test_an_empty_chart_has_no_bars():
    chart = MonthlyBarChart([])

    assert chart.bars == []
    assert chart.gridlines == [(chart.baseline, 0)]
