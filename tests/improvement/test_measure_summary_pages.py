"""What the summary table of measures shows: each row's reading and sparkline in words, the
matrix's counts and links, the headings that sort the table, and the CSV."""

import csv
import io

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from improvement.measure_summary import filtered, programme_scope, project_scope
from improvement.measure_summary_pages import (
    SummaryPage,
    reading,
    sparkline_words,
    summary_csv_response,
    summary_row,
)
from improvement.models import Measure
from improvement.spc import KIND_COLOURS
from tests.improvement.factories import MeasureFactory, ProjectFactory, measure_keeping

pytestmark = pytest.mark.django_db


def unsaved(**fields):
    return Measure(**{"name": "Falls", "kind": "outcome", **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({}, "No data yet."),
        (
            {"latest_kind": "common_cause", "chart_type": "run"},
            "A run chart: its page reads its runs about the median.",
        ),
        (
            {"latest_kind": "common_cause", "variation": "common_cause"},
            "Common cause variation: no sign of a change. No target set.",
        ),
        (
            {
                "latest_kind": "improvement",
                "variation": "improvement_low",
                "assurance": "pass",
                "target": 3,
                "unit": "falls",
            },
            "Special cause improvement: values lower than usual. The target of 3 falls will "
            "be met consistently.",
        ),
        (
            {
                "latest_kind": "concern",
                "variation": "concern_high",
                "assurance": "fail",
                "target": 20.5,
                "unit": "%",
            },
            "Special cause concern: values higher than usual. The target of 20.5% will not be "
            "met without a change to the process.",
        ),
        (
            {
                "latest_kind": "common_cause",
                "variation": "common_cause",
                "assurance": "inconsistent",
                "target": 1500,
                "unit": "minutes",
            },
            "Common cause variation: no sign of a change. The target of 1,500 minutes will be "
            "met only some of the time.",
        ),
        (
            # A neutral measure gets no assurance, target or not.
            {"latest_kind": "neutral_low", "variation": "neutral_low", "target": 4},
            "Special cause variation: values lower than usual.",
        ),
    ],
)
def test_the_reading_says_what_the_chart_shows_in_one_line(fields, expected):
    assert reading(unsaved(**fields)) == expected


def test_the_sparkline_in_words():
    assert sparkline_words([4.0], "days") == "One value so far: 4 days"
    assert sparkline_words([4.0, 2.5, 7.25], "%") == "The last 3 values, from 2.5% to 7.25%"


def test_a_row_shows_the_latest_value_and_target_with_their_unit_and_the_kept_sparkline():
    row = summary_row(
        unsaved(
            kind="process",
            chart_type="p",
            unit="days",
            target=2,
            recent_values=[3.0, 4.5],
            latest_kind="concern",
            sparkline_points="3.0,29.0 117.0,3.0",
            variation="concern_high",
            assurance="fail",
        ),
        measure_url="/improvement/measures/7/",
        project_url="/improvement/projects/3/",
    )

    assert row.about == "Process measure, p chart"
    assert (row.latest, row.target) == ("4.5 days", "2 days")
    assert row.sparkline.line == "3.0,29.0 117.0,3.0"
    assert row.sparkline.last["colour"] == KIND_COLOURS["concern"]
    assert row.sparkline_words == "The last 2 values, from 3 days to 4.5 days"


def test_a_row_without_data_or_target_says_so():
    row = summary_row(unsaved(), measure_url="", project_url="")

    assert (row.latest, row.target, row.sparkline, row.sparkline_words) == (
        "No data yet",
        "None set",
        None,
        "",
    )


def page_for(query="", scope=None):
    request = RequestFactory().get(f"/improvement/measures/?{query}")
    return SummaryPage(request, scope or programme_scope())


def matrix(page):
    return {row.heading: [cell.count for cell in row.cells] for row in page.matrix}


def test_the_matrix_has_a_row_each_variation_and_a_column_each_assurance_with_totals(verdicts):
    page = page_for()

    assert page.matrix_columns == [
        "Target consistently met",
        "Target consistently missed",
        "Target met only some of the time",
        "No assurance icon",
        "All measures",
    ]
    assert matrix(page) == {
        "Special cause improvement": [2, 0, 0, 0, 2],
        "Special cause concern": [0, 1, 0, 0, 1],
        "Common cause variation": [0, 0, 1, 1, 2],
        "Special cause, neither better nor worse": [0, 0, 0, 1, 1],
        "No variation icon (run chart)": [0, 0, 0, 1, 1],
        "No data yet": [0, 0, 0, 1, 1],
        "All measures": [2, 1, 1, 4, 8],
    }


def test_the_matrix_always_shows_improvement_concern_and_common_cause(verdicts):
    page = page_for(scope=project_scope(verdicts.wards.pk))

    assert matrix(page) == {
        "Special cause improvement": [2, 0, 0, 0, 2],
        "Special cause concern": [0, 0, 0, 0, 0],
        "Common cause variation": [0, 0, 0, 0, 0],
        "No data yet": [0, 0, 0, 1, 1],
        "All measures": [2, 0, 0, 1, 3],
    }


def test_each_count_links_to_the_table_filtered_to_it_keeping_the_other_filters(verdicts):
    page = page_for("kind=outcome&variation=concern&sort=measure")
    rows = {row.heading: row.cells for row in page.matrix}

    improvement_met = rows["Special cause improvement"][0]
    concern_total = rows["Special cause concern"][-1]
    everything = rows["All measures"][-1]

    assert improvement_met.url == (
        "/improvement/measures/?variation=improvement&assurance=pass&kind=outcome&sort=measure"
    )
    assert concern_total.url == "/improvement/measures/?variation=concern&kind=outcome&sort=measure"
    assert everything.url == "/improvement/measures/?kind=outcome&sort=measure"
    # The table shows the concerns, whatever their assurance: that count is the current one.
    assert [cell.current for cell in rows["Special cause concern"]] == [False] * 4 + [True]
    assert not improvement_met.current


def test_the_headings_sort_by_their_column_and_say_which_sorts_it(verdicts):
    page = page_for("assurance=pass")
    columns = {column.label: column for column in page.columns}

    assert list(columns) == [
        "Measure",
        "Project",
        "Latest value",
        "Target",
        "Variation",
        "Assurance",
        "Recent values",
        "Reading",
    ]
    # Sorted by variation, concerns first, unless the address says otherwise.
    assert columns["Variation"].aria_sort == "ascending"
    assert columns["Variation"].url == "/improvement/measures/?assurance=pass&sort=-variation"
    assert columns["Measure"].aria_sort is None
    assert columns["Measure"].url == "/improvement/measures/?assurance=pass&sort=measure"
    assert columns["Latest value"].url == "/improvement/measures/?assurance=pass&sort=latest"
    assert columns["Target"].url == "/improvement/measures/?assurance=pass&sort=target"
    assert columns["Recent values"].url is None

    descending = {column.label: column for column in page_for("sort=-measure").columns}
    assert descending["Measure"].aria_sort == "descending"
    assert descending["Measure"].url == "/improvement/measures/?sort=measure"
    assert descending["Variation"].aria_sort is None
    by_target = {column.label: column for column in page_for("sort=target").columns}
    assert by_target["Target"].aria_sort == "ascending"
    assert by_target["Target"].url == "/improvement/measures/?sort=-target"


def test_a_projects_summary_has_no_project_column(verdicts):
    page = page_for(scope=project_scope(verdicts.wards.pk))

    assert "Project" not in [column.label for column in page.columns]
    assert page.url == f"/improvement/projects/{verdicts.wards.pk}/measures/"
    assert page.caption == "Safer wards"


def test_the_table_is_paginated(verdicts):
    project = ProjectFactory()
    for number in range(30):
        MeasureFactory(project=project, name=f"Extra {number:02d}")

    first, last = page_for(), page_for("page=2")

    assert len(first.rows) == 25
    assert len(last.rows) == 38 - 25
    assert first.page_obj.paginator.count == 38


@pytest.mark.parametrize(
    ("query", "scope_name", "expected"),
    [
        ("", "programme", 8),
        ("variation=common_cause", "programme", 2),
        ("variation=common_cause&assurance=none&kind=process", "programme", 1),
        ("project_status=stopped", "programme", 2),
        ("assurance=pass", "project", 2),
    ],
)
def test_the_number_of_measures_found_is_the_matrixs_count_of_them(
    verdicts, query, scope_name, expected
):
    scope = programme_scope() if scope_name == "programme" else project_scope(verdicts.wards.pk)
    page = page_for(query, scope)
    assert page.matrix  # counted

    with CaptureQueriesContext(connection) as context:
        count = page.page_obj.paginator.count

    assert count == expected == len(list(filtered(scope.measures, page.filters)))
    assert len(context) == 0


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


def test_the_csv_has_every_row_the_filters_give_in_the_tables_order(verdicts):
    request = RequestFactory().get("/improvement/measures/summary.csv?assurance=pass&sort=-measure")

    lines = read_csv(summary_csv_response(request, programme_scope()))

    assert lines[0][:4] == ["Measure", "Measure type", "Project", "Site"]
    assert [line[0] for line in lines[1:]] == ["harm from falls", "Falls"]
    falls = dict(zip(lines[0], lines[2], strict=True))
    assert falls == {
        "Measure": "Falls",
        "Measure type": "Outcome",
        "Project": "Safer wards",
        "Site": "North",
        "Chart type": "XmR chart",
        "Improvement is": "Higher is better",
        "Unit": "",
        "Latest value": "6.0",
        "Target": "3.0",
        "Variation": "Special cause improvement (low)",
        "Assurance": "Target consistently met",
        "Reading": "Special cause improvement: values lower than usual. The target of 3 will "
        "be met consistently.",
    }


def test_the_csv_writes_a_formula_as_text(verdicts):
    measure_keeping(verdicts.wards, '=HYPERLINK("http://example.com")')
    request = RequestFactory().get("/improvement/measures/summary.csv?sort=measure")

    lines = read_csv(summary_csv_response(request, programme_scope()))

    assert lines[1][0] == '\'=HYPERLINK("http://example.com")'
