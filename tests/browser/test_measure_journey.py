"""A measure's SPC chart in a real browser, tried as a new user would.

An improvement lead names a weekly measure, pastes 24 weeks of values, reads the chart with
its Making Data Count icons and sentence, and marks a rebase once the change is understood;
a member of staff reads the same chart and its table without being offered the lead's forms.
axe checks every page on the way.
"""

import datetime
import re

import pytest
from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.shortcuts import resolve_url
from django.test import Client
from playwright.sync_api import expect

from core.roles import IMPROVEMENT_LEADS
from improvement import measure_services
from improvement.models import DataPoint, Measure, Rebase
from tests.factories import UserFactory
from tests.improvement.factories import MeasureFactory, PDSACycleFactory, ProjectFactory

from .axe import assert_no_axe_violations
from .conftest import BLOCKED_HOST

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"  # UserFactory's password
FIRST_WEEK = datetime.date(2024, 4, 1)
WEEKS = [FIRST_WEEK + datetime.timedelta(weeks=week) for week in range(24)]
WEEK_13 = WEEKS[12]  # 24 June 2024: the week the change started
# Falls a week on a ward (lower is better): around 10 for twelve weeks, then around 6.
BEFORE = [10, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12]
AFTER = [6, 7, 5, 6, 7, 5, 6, 6, 7, 5, 6, 7]
VALUES = BEFORE + AFTER
TARGET = 9.5

# The Making Data Count palette (SPC.md).
COMMON_CAUSE = "#a6a6a6"
IMPROVEMENT = "#00b0f0"
CONCERN = "#e46c0a"
MEAN = "#000000"
TARGET_RED = "#de1b1b"

SENTENCE_BEFORE_REBASE = (
    "12 of the 24 values are special cause improvement and 12 are special cause concern; the "
    "latest value is special cause improvement, the last of 12 values in a row below the mean. "
    "The target of 9.5 falls is within the process limits, so it will be met only some of the "
    "time."
)
SENTENCE_AFTER_REBASE = (
    "Common cause variation: no sign of a change; the values vary within the limits. The "
    "target of 9.5 falls is above the upper process limit, so it will be met consistently. "
    "These are trial limits: they rest on fewer than 13 values, so treat them with care."
)


def weekly_rows(start=0, stop=24):
    """(period, value, note) rows for weeks start+1 to stop."""
    return [(WEEKS[week], float(VALUES[week]), "") for week in range(start, stop)]


def pasted(start=0, stop=24):
    """Weeks start+1 to stop as a lead pastes them: one `date,value` line a week."""
    return "\n".join(f"{week:%Y-%m-%d},{value:g}" for week, value, _ in weekly_rows(start, stop))


# What a screen reader hears of the two icons (their pictures are hidden from it).
ICONS_BEFORE_REBASE = """
- list:
  - listitem: "Variation: Special cause improvement (low)"
  - listitem: "Assurance: Target met only some of the time"
"""

# Everything drawn on the chart that a test checks, read from the SVG in the page.
READ_CHART = """
({meanColour, targetColour}) => {
  const svg = document.querySelector('figure.portal-spc svg.portal-spc__svg--wide');
  const lines = (selector) => [...svg.querySelectorAll(selector)].map((line) => ({
    x1: +line.getAttribute('x1'), x2: +line.getAttribute('x2'),
    y1: +line.getAttribute('y1'), y2: +line.getAttribute('y2'),
  }));
  return {
    points: [...svg.querySelectorAll('circle')].map((circle) => ({
      x: +circle.getAttribute('cx'), y: +circle.getAttribute('cy'),
      fill: circle.getAttribute('fill'), title: circle.querySelector('title').textContent,
    })),
    means: lines(`line[stroke="${meanColour}"]`),
    limits: lines('line.portal-spc__limit'),
    targets: lines(`line[stroke="${targetColour}"]`),
    breaks: lines('line.portal-spc__break'),
    markers: [...svg.querySelectorAll('g.portal-spc__marker')].map((marker) => ({
      x: +marker.querySelector('line').getAttribute('x1'),
      label: marker.querySelector('text')?.textContent ?? '',
      title: marker.querySelector('title').textContent,
    })),
  };
}
"""


def read_chart(page):
    return page.evaluate(READ_CHART, {"meanColour": MEAN, "targetColour": TARGET_RED})


def y_of(chart, value):
    """Where `value` sits on the chart's y axis, from two plotted points of known value."""
    low = min(range(len(VALUES)), key=lambda index: VALUES[index])
    high = max(range(len(VALUES)), key=lambda index: VALUES[index])
    y_low, y_high = chart["points"][low]["y"], chart["points"][high]["y"]
    return y_low + (value - VALUES[low]) * (y_high - y_low) / (VALUES[high] - VALUES[low])


# Fixtures and helpers ------------------------------------------------------------------


@pytest.fixture
def lead(transactional_db):
    user = UserFactory(username="lena.lead", first_name="Lena", last_name="Lead")
    # live_server tests flush the database between tests, taking the group the migration
    # made with them, so the group is made again here as that migration makes it.
    group, _ = Group.objects.get_or_create(name=IMPROVEMENT_LEADS)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="improvement", codename__in=["triage_idea", "manage_project"]
        )
    )
    user.groups.add(group)
    return user


@pytest.fixture
def staff(transactional_db):
    return UserFactory(username="sam.staff", first_name="Sam", last_name="Staff")


@pytest.fixture
def project(transactional_db):
    return ProjectFactory(title="Fewer falls on Ward 1")


@pytest.fixture
def measure(project):
    return MeasureFactory(
        project=project,
        name="Falls per week",
        kind=Measure.Kind.OUTCOME,
        unit="falls",
        direction=Measure.Direction.DECREASE,
        target=TARGET,
        frequency=Measure.Frequency.WEEKLY,
        definition="Falls reported on Datix for Ward 1, Monday to Sunday.",
    )


@pytest.fixture
def charted_measure(measure, lead):
    """The measure with its 24 weeks of values, saved as the lead's paste saves them."""
    measure_services.add_data_points(measure=measure, rows=weekly_rows(), changed_by=lead)
    return measure


def log_in(page, live_server, user):
    """Give the page's browser context the session of `user`, logged in by Django."""
    client = Client()
    client.force_login(user)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}]
    )


def log_in_with_form(page, user):
    page.goto(resolve_url(settings.LOGIN_URL))
    page.get_by_label("Username").fill(user.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(rf"{re.escape(resolve_url(settings.LOGIN_REDIRECT_URL))}$"))


def paste_values(page, text):
    page.get_by_label("Paste the values").fill(text)
    page.get_by_role("button", name="Add these values").click()


def error_summary(page):
    return page.locator(".nhsuk-error-summary")


def icons(page):
    return page.locator(".portal-spc-icons > li")


def open_table(page):
    page.get_by_text("The data as a table").click()
    table = page.get_by_role(
        "table", name=re.compile(r"each period's value, mean, limits, what it signals")
    )
    expect(table).to_be_visible()
    return table


def table_row(table, week_index):
    return table.locator("tbody tr").nth(week_index).locator("td")


# 1. A lead names a measure, pastes 24 weeks and reads the chart --------------------------


@pytest.mark.slow
def test_lead_names_a_measure_pastes_24_weeks_and_reads_chart_icons_and_sentence(
    live_server, page, lead, project
):
    log_in_with_form(page, lead)
    page.goto(project.get_absolute_url())
    page.get_by_role("link", name="Add a measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Add a measure")
    # The type is asked, not assumed: its radios are the three types, none chosen yet.
    kind_radios = page.get_by_role("group", name="Type").get_by_role("radio")
    expect(kind_radios).to_have_count(3)
    for radio in kind_radios.all():
        expect(radio).not_to_be_checked()
    assert_no_axe_violations(page)

    # Saved empty, the form says what is missing and saves nothing.
    page.get_by_role("button", name="Save measure").click()
    expect(page).to_have_title(re.compile(r"^Error: Add a measure"))
    links = error_summary(page).get_by_role("link")
    # The name and the type; the other radios have defaults.
    expect(links).to_have_text(["Enter the measure's name", "Select the type of measure"])
    links.first.click()
    expect(page.get_by_label("Name")).to_be_focused()
    links.last.click()
    expect(page.get_by_label("Outcome")).to_be_focused()
    assert Measure.objects.count() == 0
    assert_no_axe_violations(page)

    page.get_by_label("Name").fill("Falls per week")
    page.get_by_label("Outcome").check()
    page.get_by_label("Unit", exact=True).fill("falls")
    page.get_by_label("Lower is better").check()
    page.get_by_label("Target").fill("9.5")
    page.get_by_label("Weekly").check()
    page.get_by_label("Operational definition").fill("Falls reported on Datix for Ward 1.")
    page.get_by_role("button", name="Save measure").click()
    # The click returns before the server has saved: wait for the page it leads to.
    expect(page).to_have_url(re.compile(r"/improvement/measures/\d+/$"))

    measure = Measure.objects.get()
    assert (measure.project, measure.direction, measure.target, measure.frequency) == (
        project,
        Measure.Direction.DECREASE,
        TARGET,
        Measure.Frequency.WEEKLY,
    )
    expect(page).to_have_url(re.compile(rf"/improvement/measures/{measure.pk}/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Falls per week")
    expect(page.get_by_text("There is no data for this measure yet.")).to_be_visible()
    assert_no_axe_violations(page)

    # Ten weeks first: a chart, but its limits are trial limits.
    paste_values(page, pasted(0, 10))
    expect(page.get_by_text("10 values added.")).to_be_visible()
    expect(page.locator("figure.portal-spc svg.portal-spc__svg--wide circle")).to_have_count(10)
    expect(page.locator(".nhsuk-tag", has_text="Trial limits")).to_be_visible()
    expect(page.locator("#chart-sentence")).to_contain_text(
        "These are trial limits: they rest on fewer than 13 values"
    )

    # The other fourteen, copied from a spreadsheet (tab-separated, UK dates): 24 weeks,
    # with a clear fall from week 13.
    from_spreadsheet = "\n".join(
        f"{week:%d/%m/%Y}\t{value:g}" for week, value, _ in weekly_rows(10, 24)
    )
    paste_values(page, from_spreadsheet)
    expect(page.get_by_text("14 values added.")).to_be_visible()
    assert list(measure.data_points.values_list("value", flat=True)) == VALUES
    expect(page.locator("main")).not_to_contain_text(re.compile("trial limits", re.IGNORECASE))

    svg = page.get_by_role("img", name=re.compile(r"^Falls per week: 12 of the 24 values"))
    expect(svg).to_be_visible()
    expect(svg).to_have_accessible_name(
        f"Falls per week: {SENTENCE_BEFORE_REBASE} The values are in the table below."
    )
    expect(page.locator("#chart-sentence")).to_have_text(SENTENCE_BEFORE_REBASE)

    chart = read_chart(page)
    assert len(chart["points"]) == 24
    # Lower is better: the twelve high weeks are concern, the twelve low ones improvement.
    assert [point["fill"] for point in chart["points"]] == [CONCERN] * 12 + [IMPROVEMENT] * 12
    assert chart["points"][12]["title"] == "24 Jun 2024: 6"
    assert [point["x"] for point in chart["points"]] == sorted(p["x"] for p in chart["points"])
    # One mean, one pair of limits and the target, each where its value belongs.
    assert len(chart["means"]) == 1
    assert len(chart["limits"]) == 2
    assert len(chart["targets"]) == 1
    assert chart["breaks"] == []
    mean = sum(VALUES) / 24
    assert chart["means"][0]["y1"] == pytest.approx(y_of(chart, mean), abs=1)
    assert chart["targets"][0]["y1"] == pytest.approx(y_of(chart, TARGET), abs=1)
    limit_ys = sorted(line["y1"] for line in chart["limits"])
    assert limit_ys[0] < chart["means"][0]["y1"] < limit_ys[1]
    assert limit_ys[0] == pytest.approx(y_of(chart, 11.9565), abs=1)  # upper process limit
    assert limit_ys[1] == pytest.approx(y_of(chart, 4.4602), abs=1)  # lower process limit

    # The icons: colour and letter for the eye, words for everyone.
    expect(page.locator(".portal-spc-icons")).to_match_aria_snapshot(ICONS_BEFORE_REBASE)
    expect(icons(page).locator("svg")).to_have_count(2)
    for index in range(2):
        expect(icons(page).nth(index).locator("svg")).to_have_attribute("aria-hidden", "true")
    expect(icons(page).nth(0).locator("svg text")).to_have_text("L")
    expect(icons(page).nth(0).locator("svg circle")).to_have_attribute("stroke", IMPROVEMENT)

    figure_caption = page.locator("figure.portal-spc figcaption")
    expect(figure_caption).to_contain_text("the target dashed in red")
    assert_no_axe_violations(page)


def test_fewer_than_13_values_show_trial_limits(live_server, page, lead, measure):
    measure_services.add_data_points(
        measure=measure,
        rows=weekly_rows(0, 12),
        changed_by=lead,
    )
    log_in(page, live_server, lead)
    page.goto(measure.get_absolute_url())

    expect(page.locator("figure.portal-spc svg.portal-spc__svg--wide circle")).to_have_count(12)
    expect(page.locator(".nhsuk-tag", has_text="Trial limits")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("These are trial limits"))).to_be_visible()

    # The thirteenth value makes them limits to trust.
    paste_values(page, pasted(12, 13))
    expect(page.get_by_text("1 value added.")).to_be_visible()
    expect(page.locator("figure.portal-spc svg.portal-spc__svg--wide circle")).to_have_count(13)
    expect(page.locator(".nhsuk-tag", has_text="Trial limits")).to_have_count(0)
    expect(page.locator("#chart-sentence")).not_to_contain_text("trial limits")


def test_measure_edit_form_changes_the_target_and_passes_axe(live_server, page, lead, measure):
    log_in(page, live_server, lead)
    page.goto(measure.get_absolute_url())
    page.get_by_role("link", name=re.compile(r"^Change the measure ?: Falls per week$")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change measure")
    expect(page.get_by_label("Target")).to_have_value("9.5")
    assert_no_axe_violations(page)

    page.get_by_label("Name").fill("")
    page.get_by_role("button", name="Save measure").click()
    expect(error_summary(page)).to_contain_text("Enter the measure's name")
    assert_no_axe_violations(page)

    page.get_by_label("Name").fill("Falls each week")
    page.get_by_label("Target").fill("8")
    page.get_by_role("button", name="Save measure").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Falls each week")
    measure.refresh_from_db()
    assert (measure.name, measure.target) == ("Falls each week", 8)


def test_lead_adds_one_value_with_a_note_that_the_chart_and_table_show(
    live_server, page, lead, charted_measure
):
    log_in(page, live_server, lead)
    page.goto(charted_measure.get_absolute_url())
    value_form = page.locator("form", has=page.get_by_role("button", name="Add value"))

    value_form.get_by_label("Value").fill("a few")
    value_form.get_by_role("button", name="Add value").click()
    value_form = page.locator("form", has=page.get_by_role("button", name="Add value"))
    expect(value_form.locator(".nhsuk-error-summary li")).to_have_text(
        ["Enter the period", "Enter the value as a number"]
    )
    expect(value_form.get_by_label("Value")).to_have_value("a few")
    assert DataPoint.objects.count() == 24
    assert_no_axe_violations(page)

    value_form.get_by_label("Day").fill("16")
    value_form.get_by_label("Month").fill("9")
    value_form.get_by_label("Year").fill("2024")
    value_form.get_by_label("Value").fill("4")
    value_form.get_by_label("Note (optional)").fill("Agency nurses on nights")
    value_form.get_by_role("button", name="Add value").click()

    expect(page.get_by_text("Value for 16 September 2024 added.")).to_be_visible()
    chart = read_chart(page)
    assert len(chart["points"]) == 25
    assert chart["points"][-1]["title"] == "16 Sep 2024: 4. Agency nurses on nights"
    expect(
        page.locator("figure.portal-spc svg.portal-spc__svg--wide text.portal-spc__note")
    ).to_have_count(1)
    table = open_table(page)
    expect(table_row(table, 24).last).to_have_text("Agency nurses on nights")


# 2. Bad data is listed row by row, kept, and not saved -----------------------------------


def test_pasting_bad_rows_lists_each_keeps_the_text_and_saves_nothing(
    live_server, page, lead, measure
):
    log_in(page, live_server, lead)
    page.goto(measure.get_absolute_url())
    text = "\n".join(
        [
            "2024-04-01,10",
            "2024-04-08,lots",
            "31/02/2024,9",
            "2024-04-15,11",
            "2024-04-01,12",
        ]
    )
    paste_values(page, text)

    expect(page).to_have_title(re.compile(r"^Error: Falls per week"))
    summary = error_summary(page)
    expect(summary).to_be_visible()
    expect(summary.get_by_role("heading")).to_have_text("There is a problem")
    expect(summary.locator("li")).to_have_text(
        [
            "Row 2: 'lots' is not a number",
            "Row 3: '31/02/2024' is not a date: write it like 2024-01-31",
            "Row 5: 01 Apr 2024 is given twice (first in row 1)",
        ]
    )
    expect(summary).to_be_in_viewport()
    expect(page.get_by_label("Paste the values")).to_have_value(text)
    assert DataPoint.objects.count() == 0
    expect(page.get_by_text("There is no data for this measure yet.")).to_be_visible()
    assert_no_axe_violations(page)


def test_pasting_a_period_already_given_is_refused_unless_replace_is_ticked(
    live_server, page, lead, charted_measure
):
    log_in(page, live_server, lead)
    page.goto(charted_measure.get_absolute_url())
    text = "2024-09-16,5\n2024-09-09,4"
    paste_values(page, text)

    expect(error_summary(page)).to_contain_text(
        "These periods already have a value: 09 Sep 2024. To change them, paste the values "
        "with 'Replace values already given for the same periods' ticked."
    )
    expect(page.get_by_label("Paste the values")).to_have_value(text)
    assert DataPoint.objects.count() == 24
    assert_no_axe_violations(page)

    page.get_by_label("Replace values already given for the same periods").check()
    page.get_by_role("button", name="Add these values").click()
    expect(page.get_by_text("2 values added.")).to_be_visible()
    assert list(charted_measure.data_points.values_list("value", flat=True))[-2:] == [4, 5]
    expect(page.locator("figure.portal-spc svg.portal-spc__svg--wide circle")).to_have_count(25)


# 3. A CSV file uploads ------------------------------------------------------------------


def test_csv_file_upload_adds_the_values(live_server, page, lead, measure):
    log_in(page, live_server, lead)
    page.goto(measure.get_absolute_url())
    csv_bytes = ("date,value\r\n" + pasted().replace("\n", "\r\n") + "\r\n").encode()
    page.get_by_label("Or upload a CSV file").set_input_files(
        {"name": "falls.csv", "mimeType": "text/csv", "buffer": csv_bytes}
    )
    page.get_by_role("button", name="Add these values").click()

    expect(page.get_by_text("24 values added.")).to_be_visible()
    assert list(measure.data_points.values_list("period", "value")) == list(
        zip(WEEKS, VALUES, strict=True)
    )
    expect(page.locator("figure.portal-spc svg.portal-spc__svg--wide circle")).to_have_count(24)
    expect(page.locator("#chart-sentence")).to_have_text(SENTENCE_BEFORE_REBASE)


def test_csv_file_with_a_bad_row_is_refused(live_server, page, lead, measure):
    log_in(page, live_server, lead)
    page.goto(measure.get_absolute_url())
    page.get_by_label("Or upload a CSV file").set_input_files(
        {"name": "falls.csv", "mimeType": "text/csv", "buffer": b"date,value\n2024-04-01,ten\n"}
    )
    page.get_by_role("button", name="Add these values").click()

    expect(error_summary(page).locator("li")).to_have_text(["Row 2: 'ten' is not a number"])
    assert DataPoint.objects.count() == 0
    assert_no_axe_violations(page)


# 4. Rebase after the change, and remove it -----------------------------------------------


@pytest.mark.slow
def test_lead_marks_a_rebase_at_week_13_and_removes_it(live_server, page, lead, charted_measure):
    log_in(page, live_server, lead)
    page.goto(charted_measure.get_absolute_url())
    rebase_form = page.locator("form", has=page.get_by_role("button", name="Recalculate limits"))

    # Without a date or reason the form says what is missing; its error link finds its box.
    rebase_form.get_by_role("button", name="Recalculate limits").click()
    expect(page).to_have_title(re.compile(r"^Error: "))
    rebase_form = page.locator("form", has=page.get_by_role("button", name="Recalculate limits"))
    summary = rebase_form.locator(".nhsuk-error-summary")
    expect(summary.locator("li")).to_have_text(
        [
            "Enter the period to recalculate from",
            "Enter why the limits are recalculated from here",
        ]
    )
    # Each form's date boxes are named by their own labels (the value form has a period too).
    value_form = page.locator("form", has=page.get_by_role("button", name="Add value"))
    for form in (value_form, rebase_form):
        for part in ("Day", "Month", "Year"):
            expect(form.get_by_role("textbox", name=part, exact=True)).to_have_count(1)
    summary.get_by_role("link", name="Enter the period to recalculate from").click()
    expect(rebase_form.get_by_label("Day")).to_be_focused()
    assert Rebase.objects.count() == 0
    assert_no_axe_violations(page)

    rebase_form.get_by_label("Day").fill("24")
    rebase_form.get_by_label("Month").fill("6")
    rebase_form.get_by_label("Year").fill("2024")
    rebase_form.get_by_label("Why?").fill("Falls huddle at every handover adopted from week 13.")
    rebase_form.get_by_role("button", name="Recalculate limits").click()

    expect(page.get_by_text("Limits recalculated from 24 June 2024.")).to_be_visible()
    assert list(Rebase.objects.values_list("period", flat=True)) == [WEEK_13]
    expect(page.get_by_role("heading", name="Limits recalculated")).to_be_visible()
    expect(page.get_by_text("From 24 June 2024: Falls huddle at every handover")).to_be_visible()

    # The chart: a break between weeks 12 and 13, and a mean and limits for each side.
    chart = read_chart(page)
    assert len(chart["breaks"]) == 1
    week_12_x, week_13_x = chart["points"][11]["x"], chart["points"][12]["x"]
    assert week_12_x < chart["breaks"][0]["x1"] < week_13_x
    assert len(chart["means"]) == 2
    assert len(chart["limits"]) == 4
    before, after = sorted(chart["means"], key=lambda line: line["x1"])
    assert before["x2"] == week_12_x and after["x1"] == week_13_x
    assert before["y1"] == pytest.approx(y_of(chart, sum(BEFORE) / 12), abs=1)
    assert after["y1"] == pytest.approx(y_of(chart, sum(AFTER) / 12), abs=1)
    assert [point["fill"] for point in chart["points"]] == [COMMON_CAUSE] * 24
    expect(page.locator("figure.portal-spc figcaption")).to_contain_text(
        "a dotted line where the limits were recalculated"
    )

    # The words follow: the new process is stable and meets the target; 12 values a side.
    sentence = page.locator("#chart-sentence")
    expect(sentence).to_have_text(SENTENCE_AFTER_REBASE)
    expect(page.locator(".nhsuk-tag", has_text="Trial limits")).to_be_visible()
    expect(page.locator(".portal-spc-icons")).to_match_aria_snapshot(
        """
        - list:
          - listitem: "Variation: Common cause variation"
          - listitem: "Assurance: Target consistently met"
        """
    )
    table = open_table(page)
    expect(table_row(table, 0)).to_have_text(
        ["1 Apr 2024", "10", "10.33", "5.98 to 14.69", "Common cause", ""]
    )
    expect(table_row(table, 12)).to_have_text(
        [
            "24 Jun 2024",
            "6",
            "6.08",
            "2.94 to 9.23",
            "Common cause",
            "Limits recalculated from here: Falls huddle at every handover adopted from week 13.",
        ]
    )
    assert_no_axe_violations(page)

    # Removing it puts the single set of limits back.
    page.get_by_text("Remove the rebase from 24 June 2024", exact=True).click()
    page.get_by_label("Why remove the rebase from 24 June 2024?").fill("Huddles lapsed.")
    page.get_by_role("button", name="Remove", exact=True).click()
    expect(
        page.get_by_text("Rebase removed: the limits are recalculated without it.")
    ).to_be_visible()
    assert Rebase.objects.count() == 0
    expect(page.get_by_role("heading", name="Limits recalculated")).to_have_count(0)
    chart = read_chart(page)
    assert (len(chart["breaks"]), len(chart["means"]), len(chart["limits"])) == (0, 1, 2)
    expect(page.locator("#chart-sentence")).to_have_text(SENTENCE_BEFORE_REBASE)
    table = open_table(page)
    expect(table_row(table, 12)).to_have_text(
        ["24 Jun 2024", "6", "8.21", "4.46 to 11.96", "Special cause improvement", ""]
    )
    charted_measure.refresh_from_db()
    assert charted_measure.variation == Measure.Variation.IMPROVEMENT_LOW


# 5. PDSA cycles on the chart ------------------------------------------------------------


def test_pdsa_cycle_shows_as_a_marker_at_its_first_week(
    live_server, page, lead, project, charted_measure
):
    PDSACycleFactory(project=project, change_idea="Falls huddle at handover", start_date=WEEK_13)
    # A cycle that starts after the last value has nowhere on the chart to go.
    PDSACycleFactory(
        project=project, change_idea="Bed rails audit", start_date=datetime.date(2025, 1, 6)
    )
    log_in(page, live_server, lead)
    page.goto(charted_measure.get_absolute_url())

    chart = read_chart(page)
    assert chart["markers"] == [
        {
            "x": chart["points"][12]["x"],
            "label": "PDSA 1",
            "title": "PDSA cycle 1: Falls huddle at handover",
        }
    ]
    expect(page.locator("figure.portal-spc figcaption")).to_contain_text(
        "PDSA cycles as blue lines"
    )
    assert_no_axe_violations(page)


# 6. A member of staff reads the chart, and cannot change it --------------------------------


def test_staff_member_reads_chart_and_table_without_editing_forms(
    live_server, page, staff, charted_measure
):
    log_in(page, live_server, staff)
    response = page.goto(charted_measure.get_absolute_url())
    assert response.status == 200

    expect(page.get_by_role("heading", level=1)).to_have_text("Falls per week")
    svg = page.get_by_role("img", name=re.compile(r"^Falls per week: "))
    expect(svg).to_have_accessible_name(
        f"Falls per week: {SENTENCE_BEFORE_REBASE} The values are in the table below."
    )
    expect(page.locator("#chart-sentence")).to_have_text(SENTENCE_BEFORE_REBASE)
    expect(page.locator(".portal-spc-icons")).to_match_aria_snapshot(ICONS_BEFORE_REBASE)

    table = open_table(page)
    expect(table.locator("thead th")).to_have_text(
        ["Period", "Value", "Mean", "Limits", "Signal", "Notes and changes"]
    )
    rows = table.locator("tbody tr")
    expect(rows).to_have_count(24)
    expect(rows.locator("td:nth-child(1)")).to_have_text(
        [f"{week.day} {week:%b %Y}" for week in WEEKS]
    )
    expect(rows.locator("td:nth-child(2)")).to_have_text([str(value) for value in VALUES])
    expect(rows.locator("td:nth-child(5)")).to_have_text(
        ["Special cause concern"] * 12 + ["Special cause improvement"] * 12
    )

    main = page.locator("main")
    expect(main.locator("form")).to_have_count(0)
    expect(main.locator("textarea, input[type=file]")).to_have_count(0)
    expect(page.get_by_role("link", name=re.compile("Change the measure"))).to_have_count(0)
    expect(page.get_by_role("heading", name="Add a value")).to_have_count(0)
    assert_no_axe_violations(page)


def test_staff_member_is_refused_the_lead_only_urls_with_403(
    live_server, page, staff, lead, charted_measure
):
    rebase = measure_services.add_rebase(
        measure=charted_measure, period=WEEK_13, reason="Huddles adopted.", changed_by=lead
    )
    log_in(page, live_server, staff)
    # The idea form gives the browser a CSRF cookie, so the refusals below are the
    # measure views' own, not Django's CSRF check.
    page.goto("/improvement/ideas/new/")
    csrf = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    pk = charted_measure.pk
    project_pk = charted_measure.project_id
    lead_only_gets = [
        f"/improvement/measures/{pk}/values/",
        f"/improvement/measures/{pk}/upload/",
        f"/improvement/measures/{pk}/values/delete/",
        f"/improvement/measures/{pk}/rebase/",
        f"/improvement/projects/{project_pk}/measures/new/",
        f"/improvement/projects/{project_pk}/measures/{pk}/edit/",
    ]
    for url in lead_only_gets:
        response = page.request.get(url, max_redirects=0)
        assert response.status == 403, f"GET {url} answered {response.status}"

    posts = {
        f"/improvement/measures/{pk}/values/": {
            "period_day": "16",
            "period_month": "9",
            "period_year": "2024",
            "value": "3",
        },
        f"/improvement/measures/{pk}/upload/": {"rows": "2024-09-16,3"},
        f"/improvement/measures/{pk}/values/delete/": {
            "deletion-period_day": "1",
            "deletion-period_month": "4",
            "deletion-period_year": "2024",
            "deletion-reason": "Mine?",
        },
        f"/improvement/measures/{pk}/rebase/": {
            "period_day": "8",
            "period_month": "7",
            "period_year": "2024",
            "reason": "Because.",
        },
        f"/improvement/measures/{pk}/rebases/{rebase.pk}/remove/": {"removal-reason": "Too early."},
        f"/improvement/projects/{project_pk}/measures/{pk}/edit/": {
            "name": "Renamed",
            "kind": "outcome",
            "direction": "increase",
            "frequency": "weekly",
        },
    }
    for url, data in posts.items():
        response = page.request.post(
            url,
            form={"csrfmiddlewaretoken": csrf, **data},
            headers={"X-CSRFToken": csrf},
            max_redirects=0,
        )
        assert response.status == 403, f"POST {url} answered {response.status}"
        assert "CSRF" not in response.text(), f"POST {url} failed Django's CSRF check"

    assert DataPoint.objects.count() == 24
    assert list(Rebase.objects.all()) == [rebase]
    charted_measure.refresh_from_db()
    assert charted_measure.name == "Falls per week"


# 7. Without JavaScript, and on a phone -------------------------------------------------------


@pytest.fixture
def no_js_page(browser, live_server):
    context = browser.new_context(base_url=live_server.url, java_script_enabled=False)
    context.route(f"{BLOCKED_HOST}**", lambda route: route.abort())
    yield context.new_page()
    context.close()


def test_chart_and_table_show_without_javascript(live_server, no_js_page, staff, charted_measure):
    page = no_js_page
    log_in(page, live_server, staff)
    page.goto(charted_measure.get_absolute_url())
    svg = page.locator("figure.portal-spc svg.portal-spc__svg--wide")
    expect(svg).to_be_visible()
    box = svg.bounding_box()
    assert box is not None and box["width"] > 300 and box["height"] > 100, box
    expect(svg.locator("circle")).to_have_count(24)
    expect(page.locator("#chart-sentence")).to_have_text(SENTENCE_BEFORE_REBASE)
    # The table opens without JavaScript: <details> is the browser's own.
    table = open_table(page)
    expect(table.locator("tbody tr")).to_have_count(24)


def test_chart_scales_to_a_phone_without_sideways_scrolling(
    live_server, phone_page, lead, charted_measure
):
    page = phone_page
    log_in(page, live_server, lead)
    page.goto(charted_measure.get_absolute_url())
    # The phone's layout of the chart, the wide one hidden (test_chart_readability.py
    # measures its text).
    svg = page.locator("figure.portal-spc svg.portal-spc__svg--compact")
    expect(svg).to_be_visible()
    expect(page.locator("figure.portal-spc svg.portal-spc__svg--wide")).to_be_hidden()
    box = svg.bounding_box()
    assert box is not None
    assert 340 <= box["width"] <= 375, box
    # It keeps its shape (360 by 300) as it scales.
    assert box["height"] == pytest.approx(box["width"] * 300 / 360, abs=2), box
    assert box["x"] >= 0 and box["x"] + box["width"] <= 375, box
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"the measure page is {scroll_width}px wide at 375px"
    # Opened, the table of values does not push the page sideways either.
    table = open_table(page)
    expect(table.locator("tbody tr")).to_have_count(24)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= 375, f"with its table open the page is {scroll_width}px wide"
    # It scrolls in its own box instead, which a keyboard can reach to scroll.
    region = page.get_by_role("region", name="Falls per week: the data as a table")
    expect(region.get_by_role("table")).to_be_visible()
    region.focus()
    expect(region).to_be_focused()
    assert region.evaluate("box => box.scrollWidth > box.clientWidth")
    assert_no_axe_violations(page)


# 8. Sparklines on the project page, the project list and the dashboard ------------------------


@pytest.fixture
def programme(project, charted_measure):
    """The charted measure's project beside one with an empty measure and one with none."""
    MeasureFactory(project=ProjectFactory(title="Quicker discharges"), name="Days to discharge")
    ProjectFactory(title="Kinder handovers")
    MeasureFactory(project=project, name="Staff trained", kind=Measure.Kind.PROCESS)
    return project


def sparkline_for(page, text):
    return page.locator(".portal-sparkline-group", has_text=text)


def test_project_page_shows_measure_sparklines_and_passes_axe(live_server, page, lead, programme):
    log_in(page, live_server, lead)
    page.goto(programme.get_absolute_url())
    measures = page.get_by_role("table", name="The project's measures and what their charts show")
    expect(measures.locator("tbody tr")).to_have_count(2)
    group = sparkline_for(page, "Falls per week: Special cause improvement (low)")
    expect(group).to_be_visible()
    expect(group.locator("svg.portal-sparkline")).to_be_visible()
    expect(group.locator("svg circle")).to_have_attribute("fill", IMPROVEMENT)
    expect(measures).to_contain_text("Staff trained: no data yet")
    measures.get_by_role("link", name="Falls per week").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Falls per week")
    page.go_back()
    assert_no_axe_violations(page)


def test_project_list_shows_main_measure_sparklines_and_passes_axe(
    live_server, page, staff, programme
):
    log_in(page, live_server, staff)
    page.goto("/improvement/projects/")
    expect(page.get_by_role("table", name="Projects").locator("tbody tr")).to_have_count(3)
    expect(sparkline_for(page, "Falls per week: Special cause improvement (low)")).to_be_visible()
    expect(page.get_by_text("Days to discharge: no data yet")).to_be_visible()
    expect(page.get_by_text("No measures yet")).to_be_visible()
    assert_no_axe_violations(page)


def test_dashboard_lists_the_signal_with_its_sparkline_and_passes_axe(
    live_server, page, staff, programme
):
    log_in(page, live_server, staff)
    page.goto("/improvement/")
    signal = page.locator("li", has=page.get_by_role("link", name="Fewer falls on Ward 1"))
    expect(signal.locator(".portal-sparkline-group")).to_contain_text(
        "Falls per week: Special cause improvement (low)"
    )
    assert_no_axe_violations(page)


def test_dashboard_and_project_pages_pass_axe_on_a_phone(live_server, phone_page, staff, programme):
    page = phone_page
    log_in(page, live_server, staff)
    for path in ["/improvement/", "/improvement/projects/", programme.get_absolute_url()]:
        page.goto(path)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        assert scroll_width <= 375, f"{path} is {scroll_width}px wide at 375px"
        assert_no_axe_violations(page)
