"""The summary table of measures as staff use it: for the programme, a project, an objective
and a site; its matrix's counts lead to the measures they count, its headings sort, its
filters work without JavaScript, its CSV holds the same rows; the pages that show a
project's, an objective's or a site's figures link to it; and it takes the same queries
however many measures it summarises."""

import csv
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.models import Measure
from tests.html import links, login_url, main, parse, table, text
from tests.improvement.factories import MeasureFactory, ProjectFactory, measure_keeping
from tests.improvement.test_query_counts import assert_flat

pytestmark = pytest.mark.django_db

TABLE = "Measures, their latest values and what their charts show"
MATRIX = "Measures by variation and assurance"


def scopes(verdicts):
    """(name, url) of the summary of each scope, and of its CSV."""
    return {
        "programme": (
            reverse("improvement:measure_summary"),
            reverse("improvement:measure_summary_csv"),
        ),
        "project": (
            reverse("improvement:project_measure_summary", args=[verdicts.wards.pk]),
            reverse("improvement:project_measure_summary_csv", args=[verdicts.wards.pk]),
        ),
        "objective": (
            reverse("improvement:objective_measure_summary", args=[verdicts.falls_goal.pk]),
            reverse("improvement:objective_measure_summary_csv", args=[verdicts.falls_goal.pk]),
        ),
        "site": (
            reverse("improvement:site_measure_summary", args=[verdicts.south.pk]),
            reverse("improvement:site_measure_summary_csv", args=[verdicts.south.pk]),
        ),
    }


def measure_names(response):
    """The measures the table lists, in order: the link in each row's first cell."""
    tables = [
        node for node in parse(response).find_all("table") if node.find("caption").text == TABLE
    ]
    if not tables:
        return []
    return [row.find("td").find("a").text for row in tables[0].find("tbody").find_all("tr")]


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(body)))


@pytest.mark.parametrize(
    ("scope", "caption", "expected"),
    [
        (
            "programme",
            lambda v: "The whole improvement programme",
            ["Waits", "Falls", "harm from falls", "Beds", "Did not attend", "Calls", "Audits"],
        ),
        ("project", lambda v: "Safer wards", ["Falls", "harm from falls", "New one"]),
        (
            "objective",
            lambda v: (
                f"{v.falls_goal.strategy.organisation.short_name} "
                f"{v.falls_goal.year_label} objective 1"
            ),
            ["Falls", "harm from falls", "New one"],
        ),
        (
            "site",
            lambda v: v.south.name,
            ["Waits", "Beds", "Did not attend", "Calls", "Audits"],
        ),
    ],
)
def test_each_scope_lists_its_measures_concerns_first(
    verdicts, staff_client, scope, caption, expected
):
    url, csv_url = scopes(verdicts)[scope]

    response = staff_client.get(url)

    assert response.status_code == 200
    assert parse(response).find("h1").text == "Measures summary"
    assert parse(response).find(css_class="nhsuk-caption-l").text == caption(verdicts)
    assert measure_names(response)[: len(expected)] == expected
    assert [line[0] for line in read_csv(staff_client.get(csv_url))[1:]] == measure_names(response)


def test_a_row_shows_the_latest_value_target_icons_sparkline_and_reading(verdicts, staff_client):
    response = staff_client.get(reverse("improvement:measure_summary") + "?sort=measure")
    rows = dict(zip(measure_names(response), table(response, TABLE), strict=True))

    # Each cell starts with its column's heading, which a phone shows above it.
    assert rows["Did not attend"] == [
        "Measure Did not attend Outcome measure, XmR chart",
        "Project Quicker clinics South",
        "Latest value 6%",
        "Target 10%",
        "Variation ~ Variation: Common cause variation",
        "Assurance ? Assurance: Target met only some of the time",
        "Recent values The last 2 values, from 5% to 6%",
        "Reading Common cause variation: no sign of a change. The target of 10% will be met "
        "only some of the time.",
    ]
    assert rows["New one"][2:] == [
        "Latest value No data yet",
        "Target None set",
        "Variation No icon",
        "Assurance No icon",
        "Recent values No data yet",
        "Reading No data yet.",
    ]
    assert (
        reverse("improvement:measure", args=[verdicts.measures["dna"].pk]),
        "Did not attend",
    ) in (links(response))
    assert (
        reverse("improvement:project", args=[verdicts.clinic.pk]),
        "Quicker clinics",
    ) in (links(response))
    # The icons are the measure page's: a circled letter, hidden from screen readers.
    icons = list(parse(response).find_all(css_class="portal-spc-icon"))
    assert len(icons) == 6 + 4  # six measures with a variation icon, four with assurance
    assert all(icon.find("svg").attrs["aria-hidden"] == "true" for icon in icons)
    assert len(list(parse(response).find_all("svg", css_class="portal-sparkline"))) == 7


def test_a_rows_texts_are_escaped(staff_client):
    """The row is written by a tag, not the template's autoescape: every text anyone typed
    reaches the page as text."""
    project = ProjectFactory(title='Wards <b>"A"</b>', site__short_name="S&T's")
    measure_keeping(
        project,
        "<script>alert(1)</script> & falls",
        variation="common_cause",
        unit="<i>pts</i>",
        target=7,
    )

    response = staff_client.get(reverse("improvement:measure_summary"))

    body = response.content.decode()
    assert "<script>alert" not in body and "<b>" not in body and "<i>" not in body
    assert table(response, TABLE)[0][:4] == [
        "Measure <script>alert(1)</script> & falls Outcome measure, XmR chart",
        'Project Wards <b>"A"</b> S&T\'s',
        "Latest value 6 <i>pts</i>",
        "Target 7 <i>pts</i>",
    ]


def test_the_matrix_counts_lead_to_the_measures_they_count(verdicts, staff_client):
    response = staff_client.get(reverse("improvement:measure_summary"))
    matrix = table(response, MATRIX)

    assert matrix[0] == [
        "Special cause improvement",
        "Target consistently met 2 measures: Special cause improvement, Target consistently met",
        "Target consistently missed 0",
        "Target met only some of the time 0",
        "No assurance icon 0",
        "All measures 2 measures: Special cause improvement, All measures",
    ]
    link = parse(response).find(
        "a", href="/improvement/measures/?variation=improvement&assurance=pass"
    )
    assert link is not None

    followed = staff_client.get(link.attrs["href"])

    assert sorted(measure_names(followed)) == ["Falls", "harm from falls"]
    assert "2 measures found" in text(followed)
    current = parse(followed).find("a", aria_current="true")
    assert current.attrs["href"] == link.attrs["href"]


def test_the_filters_are_a_get_form_that_keeps_the_sort_and_what_was_chosen(verdicts, staff_client):
    url = reverse("improvement:measure_summary")

    response = staff_client.get(url, {"chart_type": "i", "kind": "outcome", "sort": "-measure"})

    form = main(response).find("form")
    assert form.attrs.get("method", "get").lower() == "get"
    assert form.find("input", name="sort").attrs["value"] == "-measure"
    assert form.find("option", value="outcome").attrs.get("selected") is not None
    assert measure_names(response) == [
        "Waits",
        "New one",
        "harm from falls",
        "Falls",
        "Did not attend",
    ]
    # The matrix counts within the chart type and measure type chosen.
    assert table(response, MATRIX)[-1][-1].startswith("All measures 5 measures")
    assert ("/improvement/measures/?sort=-measure", "Clear the filters") in links(response)


def test_a_value_the_form_does_not_offer_is_named_and_left_out(verdicts, staff_client):
    response = staff_client.get(
        reverse("improvement:measure_summary"), {"variation": "awful", "kind": "process"}
    )

    assert response.status_code == 200
    assert measure_names(response) == ["Calls"]
    assert "Select a valid choice" in text(response)


def test_the_headings_sort_the_table_and_say_how_it_is_sorted(verdicts, staff_client):
    url = reverse("improvement:measure_summary")
    page = parse(staff_client.get(url))
    heading = page.find("th", aria_sort="ascending")
    assert heading.text == "Variation"

    measure_link = page.find("a", href=f"{url}?sort=measure")
    by_name = staff_client.get(measure_link.attrs["href"])

    assert parse(by_name).find("th", aria_sort="ascending").text == "Measure"
    assert "Sorted by measure name, A to Z." in text(by_name)
    assert measure_names(by_name) == [
        "Audits",
        "Beds",
        "Calls",
        "Did not attend",
        "Falls",
        "harm from falls",
        "New one",
        "Waits",
    ]
    again = parse(by_name).find("th", aria_sort="ascending").find("a").attrs["href"]
    assert measure_names(staff_client.get(again)) == list(reversed(measure_names(by_name)))


def test_the_latest_value_and_target_headings_sort_with_missing_ones_last(staff_client):
    project = ProjectFactory()
    measure_keeping(project, "Beds", values=(3.0, 12.0), target=10)
    measure_keeping(project, "Falls", values=(4.0,), target=2)
    measure_keeping(project, "New one", values=())
    url = reverse("improvement:measure_summary")

    heading = {label: href for href, label in links(staff_client.get(url))}["Latest value"]
    by_latest = staff_client.get(heading)
    highest_first = staff_client.get(
        parse(by_latest).find("th", aria_sort="ascending").find("a").attrs["href"]
    )
    by_target = staff_client.get(url, {"sort": "-target"})

    assert measure_names(by_latest) == ["Falls", "Beds", "New one"]
    assert "Sorted by latest value, lowest first and measures without data last." in text(by_latest)
    assert parse(highest_first).find("th", aria_sort="descending").text == "Latest value"
    assert measure_names(highest_first) == ["Beds", "Falls", "New one"]
    assert measure_names(by_target) == ["Beds", "Falls", "New one"]
    assert parse(by_target).find("th", aria_sort="descending").text == "Target"


def test_a_long_summary_is_paginated_and_the_pages_keep_the_filters(verdicts, staff_client):
    project = ProjectFactory(title="Big project")
    for number in range(30):
        measure_keeping(project, f"Extra {number:02d}", variation="concern_low")
    url = reverse("improvement:measure_summary")

    first = staff_client.get(url, {"variation": "concern", "sort": "measure"})

    assert len(table(first, TABLE)) == 25
    assert "31 measures found, 1 to 25 shown." in text(first)
    next_page = parse(first).find("a", rel="next").attrs["href"]
    assert next_page == "?variation=concern&sort=measure&page=2"
    second = staff_client.get(url + next_page)
    assert measure_names(second) == [
        "Extra 25",
        "Extra 26",
        "Extra 27",
        "Extra 28",
        "Extra 29",
        "Waits",
    ]


def test_the_csv_link_exports_the_rows_the_filters_give(verdicts, staff_client):
    response = staff_client.get(
        reverse("improvement:site_measure_summary", args=[verdicts.south.pk]), {"assurance": "none"}
    )
    csv_link = parse(response).find("a", download="")

    lines = read_csv(staff_client.get(csv_link.attrs["href"]))

    assert csv_link.attrs["href"] == (
        f"/improvement/sites/{verdicts.south.pk}/measures.csv?assurance=none"
    )
    assert [line[0] for line in lines[1:]] == ["Beds", "Calls", "Audits"]


def test_an_empty_summary_says_so(verdicts, staff_client):
    project = ProjectFactory()

    response = staff_client.get(reverse("improvement:project_measure_summary", args=[project.pk]))
    filtered = staff_client.get(reverse("improvement:measure_summary"), {"chart_type": "g"})

    assert "No measures yet." in text(response)
    assert "No measures match these filters." in text(filtered)
    assert table(filtered, MATRIX)[-1][-1] == "All measures 0"


@pytest.mark.parametrize("scope", ["programme", "project", "objective", "site"])
def test_only_staff_who_are_logged_in_see_it(verdicts, anonymous_client, scope):
    for url in scopes(verdicts)[scope]:
        response = anonymous_client.get(url)
        assert (response.status_code, response["Location"]) == (302, login_url(url))


@pytest.mark.parametrize(
    "name",
    ["project_measure_summary", "objective_measure_summary", "site_measure_summary"],
)
def test_an_unknown_record_is_not_found(staff_client, name):
    assert staff_client.get(reverse(f"improvement:{name}", args=[999_999])).status_code == 404
    assert staff_client.get(reverse(f"improvement:{name}_csv", args=[999_999])).status_code == 404


# Links to it ---------------------------------------------------------------------------


def test_a_project_page_links_to_its_summary(verdicts, staff_client):
    response = staff_client.get(verdicts.wards.get_absolute_url())

    assert (
        reverse("improvement:project_measure_summary", args=[verdicts.wards.pk]),
        "Summary of this project's measures",
    ) in links(response)


def test_an_objective_page_links_to_the_summary_of_the_measures_serving_it(verdicts, staff_client):
    response = staff_client.get(verdicts.falls_goal.get_absolute_url())

    assert (
        reverse("improvement:objective_measure_summary", args=[verdicts.falls_goal.pk]),
        "Summary of the measures of the projects serving this objective",
    ) in links(response)


def test_the_dashboard_links_to_the_programmes_and_each_sites_summary(verdicts, staff_client):
    everything = links(staff_client.get(reverse("improvement:dashboard")))
    south = links(staff_client.get(reverse("improvement:dashboard"), {"site": verdicts.south.pk}))

    summary = reverse("improvement:measure_summary")
    south_summary = reverse("improvement:site_measure_summary", args=[verdicts.south.pk])
    assert (summary, "Summary of every measure") in everything
    assert (south_summary, verdicts.south.name) in everything
    assert (south_summary, "Summary of every measure at South") in south
    assert (summary, "Measures") in everything  # the hub's navigation


# Queries --------------------------------------------------------------------------------


def grow_measures(project, count):
    def grow():
        for number in range(count):
            measure_keeping(
                project, f"Grown {number}", variation="concern_high", assurance="fail", target=1
            )
            MeasureFactory(project=project, name=f"Empty {number}")

    return grow


@pytest.fixture
def three_measures(verdicts):
    """The verdicts's measures but the three of one project, which serves the objective and is
    run at the site the tests ask for."""
    verdicts.wards.site = verdicts.south
    verdicts.wards.save()
    Measure.objects.exclude(project=verdicts.wards).delete()
    return verdicts


@pytest.mark.parametrize("scope", ["programme", "project", "objective", "site"])
def test_the_pages_queries_do_not_grow_with_the_measures(three_measures, staff_client, scope):
    """3 measures in the scope, then 33: the same queries."""
    url, _ = scopes(three_measures)[scope]

    assert_flat(staff_client, url, grow_measures(three_measures.wards, 15))


def csv_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        lines = read_csv(client.get(url))
    return len(context), len(lines) - 1


@pytest.mark.parametrize("scope", ["programme", "project", "objective", "site"])
def test_the_csvs_queries_do_not_grow_with_the_measures(three_measures, staff_client, scope):
    _, url = scopes(three_measures)[scope]
    client_ready = staff_client.get(url)
    assert client_ready.status_code == 200

    few = csv_queries(staff_client, url)
    grow_measures(three_measures.wards, 15)()
    many = csv_queries(staff_client, url)

    assert (few[1], many[1]) == (3, 33)
    assert few[0] == many[0]
