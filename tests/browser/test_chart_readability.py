"""A measure's chart is readable on a phone and on a desktop: it fills its column and its
axis text renders at least 12 CSS pixels, measured in Chromium at 375 px and 1280 px wide.

Each run leaves a screenshot of the chart at both widths in the test's temporary folder
(pytest's `--basetemp` chooses where), for a person to look at; the test itself measures
the rendered text, which is what a screenshot would be checked for.
"""

import datetime

import pytest
from playwright.sync_api import expect

from improvement import measure_services
from improvement.models import Measure
from tests.factories import UserFactory
from tests.improvement.factories import MeasureFactory, PDSACycleFactory, ProjectFactory

from .axe import assert_no_axe_violations
from .test_measure_journey import lead, log_in  # noqa: F401 (lead is a fixture)

pytestmark = pytest.mark.browser

FIRST_WEEK = datetime.date(2024, 1, 1)
# Two years of weekly minutes to triage: a shift down after a change in week 40.
VALUES = [41 + (week * 7) % 9 - (12 if week >= 40 else 0) for week in range(104)]

# What the visible chart's text renders at, and how much of its column the chart takes.
MEASURE = """
() => {
  const svg = [...document.querySelectorAll('figure.portal-spc svg.portal-spc__svg')]
    .find((candidate) => candidate.getBoundingClientRect().width > 0);
  const scale = svg.getScreenCTM().a;
  const column = svg.closest('figure').parentElement;
  const style = getComputedStyle(column);
  const columnWidth = column.clientWidth - parseFloat(style.paddingLeft)
    - parseFloat(style.paddingRight);
  const texts = [...svg.querySelectorAll('text')].map((text) => ({
    text: text.textContent,
    className: text.getAttribute('class') || '',
    fontSize: parseFloat(getComputedStyle(text).fontSize) * scale,
    height: text.getBoundingClientRect().height,
  }));
  return {
    layout: svg.getAttribute('class'),
    width: svg.getBoundingClientRect().width,
    columnWidth,
    texts,
  };
}
"""


@pytest.fixture
def long_measure(transactional_db, lead):  # noqa: F811 (the journey's fixture)
    project = ProjectFactory(title="Quicker triage in the emergency department")
    measure = MeasureFactory(
        project=project,
        name="Minutes to triage",
        unit="minutes",
        direction=Measure.Direction.DECREASE,
        target=35,
    )
    measure_services.add_data_points(
        measure=measure,
        rows=[
            (FIRST_WEEK + datetime.timedelta(weeks=week), float(value), "")
            for week, value in enumerate(VALUES)
        ],
        changed_by=lead,
    )
    PDSACycleFactory(
        project=project,
        change_idea="Streaming nurse at the front door",
        start_date=FIRST_WEEK + datetime.timedelta(weeks=40),
    )
    return measure


def is_number(label):
    try:
        float(label.replace(",", ""))
    except ValueError:
        return False
    return True


@pytest.mark.parametrize(("width", "layout"), [(375, "compact"), (1280, "wide")])
def test_the_chart_fills_its_column_and_its_text_is_at_least_12px(
    live_server, page, long_measure, tmp_path, width, layout
):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, UserFactory(username="sam.staff"))
    page.goto(long_measure.get_absolute_url())
    figure = page.locator("figure.portal-spc")
    figure.scroll_into_view_if_needed()
    expect(figure.locator(f"svg.portal-spc__svg--{layout}")).to_be_visible()

    measured = page.evaluate(MEASURE)
    screenshot = tmp_path / f"minutes-to-triage-{width}px.png"
    figure.screenshot(path=screenshot)

    assert layout in measured["layout"]
    # It fills its column: no fixed width, no shrinking to a corner of it.
    assert measured["width"] == pytest.approx(measured["columnWidth"], abs=1), measured
    if width == 1280:
        assert measured["width"] >= 900, "the chart should use the 960px column"
    axis = [text for text in measured["texts"] if "axis-label" in text["className"]]
    # The value ticks, the dates and the unit.
    assert len(axis) >= 6
    assert "minutes" in [text["text"] for text in axis]
    for text in measured["texts"]:
        if text["text"] == "*":
            continue
        assert text["fontSize"] >= 12, text
        assert text["height"] >= 12, text
    named = {text["text"] for text in measured["texts"] if "line-label" in text["className"]}
    assert named == {"UCL", "Mean", "LCL", "Target"}
    assert screenshot.stat().st_size > 5_000
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"the page is {scroll_width}px wide at {width}px"
    assert_no_axe_violations(page)


def test_the_value_axis_ticks_at_round_numbers(live_server, page, long_measure):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, UserFactory(username="sam.staff"))
    page.goto(long_measure.get_absolute_url())

    svg = page.locator("svg.portal-spc__svg--wide")
    labels = svg.locator("text.portal-spc__axis-label").all_text_contents()
    ticks = [float(label.replace(",", "")) for label in labels if is_number(label)]
    steps = {round(after - before, 6) for before, after in zip(ticks, ticks[1:], strict=False)}
    assert len(steps) == 1 and steps.pop() in {1, 2, 2.5, 5, 10, 20, 25, 50}, ticks
    # The PDSA cycle's text is in the data table as well as on its marker.
    page.get_by_text("The data as a table").click()
    expect(
        page.get_by_role("cell", name="PDSA cycle 1 starts: Streaming nurse at the front door")
    ).to_be_visible()
