"""A measure's page and the lead's forms on it, as members of staff and leads use them.

Everyone logged in reads the chart, its sentence, its icons and its data as a table; only
improvement leads add values, paste or upload them, rebase and change measures. A lead's
mistake shows the NHS error summary and keeps what was typed; nothing is saved.
"""

import codecs
import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from improvement import measure_services
from improvement.models import DataPoint, Measure, Rebase
from tests.html import (
    checked_values,
    error_summary,
    field_value,
    ids,
    login_url,
    main,
    parse,
    summary_value,
    table,
    text,
)
from tests.improvement.factories import MeasureFactory, PDSACycleFactory, ProjectFactory
from tests.improvement.test_query_counts import assert_flat

pytestmark = pytest.mark.django_db

FIRST_WEEK = datetime.date(2024, 4, 1)
WEEKS = [FIRST_WEEK + datetime.timedelta(weeks=week) for week in range(24)]
CHANGE_WEEK = WEEKS[12]  # 24 June 2024
VALUES = [10, 11, 9, 10, 12, 9, 11, 10, 9, 11, 10, 12, 6, 7, 5, 6, 7, 5, 6, 6, 7, 5, 6, 7]
SENTENCE = (
    "12 of the 24 values are special cause improvement and 12 are special cause concern; the "
    "latest value is special cause improvement, the last of 12 values in a row below the mean. "
    "The target of 9.5 falls is within the process limits, so it will be met only some of the "
    "time."
)
TABLE = (
    "Falls a week: each period's value, mean, limits, what it signals, and its notes, PDSA "
    "cycles and recalculated limits"
)


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


@pytest.fixture
def falls(lead_user):
    project = ProjectFactory(title="Fewer falls on Ward 4")
    measure = MeasureFactory(
        project=project,
        name="Falls a week",
        unit="falls",
        direction=Measure.Direction.DECREASE,
        target=9.5,
        definition="Falls recorded on Datix for Ward 4.",
    )
    rows = [(week, float(value), "") for week, value in zip(WEEKS, VALUES, strict=True)]
    rows[12] = (CHANGE_WEEK, 6.0, "New rota started")
    measure_services.add_data_points(measure=measure, rows=rows, changed_by=lead_user)
    PDSACycleFactory(project=project, change_idea="New rota", start_date=CHANGE_WEEK)
    return measure


def state():
    return {
        "measures": list(Measure.objects.order_by("pk").values()),
        "values": list(DataPoint.objects.order_by("pk").values()),
        "rebases": list(Rebase.objects.order_by("pk").values()),
    }


def stored_values(measure):
    return list(measure.data_points.values_list("period", "value"))


def error_links_exist(response):
    """Every link in the error summary goes to a box on the page."""
    page_ids = ids(response)
    return all(
        href is None or href.removeprefix("#") in page_ids for _, href in error_summary(response)
    )


# Reading -----------------------------------------------------------------------------------


ACTIONS = {
    "measure": lambda m, r: reverse("improvement:measure", args=[m.pk]),
    "measure_add_value": lambda m, r: reverse("improvement:measure_add_value", args=[m.pk]),
    "measure_upload": lambda m, r: reverse("improvement:measure_upload", args=[m.pk]),
    "measure_rebase": lambda m, r: reverse("improvement:measure_rebase", args=[m.pk]),
    "rebase_remove": lambda m, r: reverse("improvement:rebase_remove", args=[m.pk, r.pk]),
    "measure_create": lambda m, r: reverse("improvement:measure_create", args=[m.project.pk]),
    "measure_edit": lambda m, r: reverse("improvement:measure_edit", args=[m.project.pk, m.pk]),
}


@pytest.fixture
def rebased(falls, lead_user):
    return measure_services.add_rebase(
        measure=falls, period=CHANGE_WEEK, reason="New rota adopted.", changed_by=lead_user
    )


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_measure_page_needs_a_login(anonymous_client, falls, rebased, action, method):
    url = ACTIONS[action](falls, rebased)
    before = state()

    response = getattr(anonymous_client, method)(url, {"value": "1"} if method == "post" else {})

    assert response.status_code == 302
    assert response["Location"] == login_url(url)
    assert state() == before


def test_staff_read_the_measure_with_its_chart_sentence_and_icons(staff_client, falls):
    response = staff_client.get(falls.get_absolute_url())

    assert response.status_code == 200
    page = main(response)
    assert page.find("h1").text == "Falls a week"
    assert page.find(id="chart-sentence").text == SENTENCE
    svg = page.find("svg", css_class="portal-spc__svg")
    assert svg.attrs["role"] == "img"
    assert svg.find("title").text == f"Falls a week: {SENTENCE} The values are in the table below."
    assert len(list(svg.find_all("circle"))) == 24
    marker = svg.find("g", css_class="portal-spc__marker")
    assert marker.find("title").text == "PDSA cycle 1: New rota"
    # The icons' names: the words beside each picture, which is hidden from screen readers.
    icons = [item.find("span").text for item in page.find_all("li", css_class="portal-spc-icon")]
    assert all(svg.attrs["aria-hidden"] == "true" for svg in page.find_all("svg", width="40"))
    assert icons == [
        "Variation: Special cause improvement (low)",
        "Assurance: Target met only some of the time",
    ]
    assert "Trial limits" not in text(response)
    assert "Falls recorded on Datix for Ward 4." in text(response)


def test_the_data_table_gives_every_value_with_its_limits_signal_and_note(staff_client, falls):
    response = staff_client.get(falls.get_absolute_url())

    rows = table(response, TABLE)
    assert [row[0] for row in rows] == [f"{week.day} {week:%b %Y}" for week in WEEKS]
    assert [row[1] for row in rows] == [str(value) for value in VALUES]
    assert {row[4] for row in rows[:12]} == {"Special cause concern"}
    assert {row[4] for row in rows[12:]} == {"Special cause improvement"}
    # The value's own note, then the PDSA cycle the chart marks from that week.
    assert rows[12][5] == "New rota started PDSA cycle 1 starts: New rota"
    assert {row[5] for row in rows[:12] + rows[13:]} == {""}
    assert len({row[3] for row in rows}) == 1  # one pair of limits without a rebase
    headers = [th.text for th in parse(response).find("table").find_all("th", scope="col")]
    assert headers == ["Period", "Value", "Mean", "Limits", "Signal", "Notes and changes"]


def test_staff_see_a_rebase_and_the_chart_it_gives_but_no_lead_forms(staff_client, rebased):
    response = staff_client.get(rebased.measure.get_absolute_url())

    page = main(response)
    assert "From 24 June 2024: New rota adopted." in text(response)
    # Once in each of the chart's two layouts.
    assert len(list(page.find_all("line", css_class="portal-spc__break"))) == 2
    assert page.find(id="chart-sentence").text.startswith("Common cause variation")
    rows = table(response, TABLE)
    assert rows[12][5] == (
        "New rota started PDSA cycle 1 starts: New rota "
        "Limits recalculated from here: New rota adopted."
    )
    assert "Trial limits" in text(response)
    assert len({row[3] for row in table(response, TABLE)}) == 2
    assert page.find("form") is None
    assert "Change the measure" not in text(response)
    assert "Remove" not in text(response)


def test_a_lead_sees_the_forms_to_change_the_measure(lead_client, rebased):
    response = lead_client.get(rebased.measure.get_absolute_url())

    actions = {form.attrs["action"] for form in main(response).find_all("form")}
    measure = rebased.measure
    assert actions == {
        reverse("improvement:measure_add_value", args=[measure.pk]),
        reverse("improvement:measure_upload", args=[measure.pk]),
        reverse("improvement:measure_delete_value", args=[measure.pk]),
        reverse("improvement:measure_rebase", args=[measure.pk]),
        reverse("improvement:rebase_remove", args=[measure.pk, rebased.pk]),
    }
    assert "Change the measure" in text(response)


def test_a_measure_without_data_says_so(staff_client):
    measure = MeasureFactory(name="Harm free care")

    response = staff_client.get(measure.get_absolute_url())

    assert "There is no data for this measure yet." in text(response)
    assert main(response).find("svg", css_class="portal-spc__svg") is None


def test_a_short_series_shows_trial_limits(staff_client, lead_user):
    measure = MeasureFactory()
    measure_services.add_data_points(
        measure=measure,
        rows=[(week, 5.0 + week.day % 2, "") for week in WEEKS[:5]],
        changed_by=lead_user,
    )

    response = staff_client.get(measure.get_absolute_url())

    assert "Trial limits" in text(response)
    assert (
        main(response)
        .find(id="chart-sentence")
        .text.endswith(
            "These are trial limits: they rest on fewer than 13 values, so treat them with care."
        )
    )


# Members of staff cannot change anything ----------------------------------------------------


CHANGES = {
    "measure_add_value": {
        **date_fields("period", WEEKS[-1] + datetime.timedelta(weeks=1)),
        "value": "3",
        "note": "",
    },
    "measure_upload": {"rows": "2024-12-02,3\n2024-12-09,4", "replace": "on"},
    "measure_rebase": {**date_fields("period", WEEKS[6]), "reason": "Because."},
    "rebase_remove": {"removal-reason": "Too early."},
    "measure_create": {
        "name": "Harm free care",
        "kind": "outcome",
        "unit": "",
        "direction": "increase",
        "target": "",
        "frequency": "weekly",
        "chart_type": "i",
        "definition": "",
    },
    "measure_edit": {
        "name": "Falls",
        "kind": "outcome",
        "unit": "falls",
        "direction": "increase",
        "target": "1",
        "frequency": "weekly",
        "chart_type": "i",
        "definition": "",
    },
}


@pytest.mark.parametrize("action", CHANGES)
@pytest.mark.parametrize("method", ["get", "post"])
def test_staff_and_editors_are_refused_every_change(
    staff_client, editor_client, falls, rebased, action, method
):
    url = ACTIONS[action](falls, rebased)
    before = state()

    for client in (staff_client, editor_client):
        response = getattr(client, method)(url, CHANGES[action] if method == "post" else {})
        assert response.status_code == (
            405 if action == "rebase_remove" and method == "get" else 403
        )

    assert state() == before


# A lead's changes ---------------------------------------------------------------------------


def test_a_lead_adds_a_value(lead_client, falls):
    week = WEEKS[-1] + datetime.timedelta(weeks=1)
    response = lead_client.post(
        ACTIONS["measure_add_value"](falls, None),
        {**date_fields("period", week), "value": "4.5", "note": "Bank holiday"},
        follow=True,
    )

    assert response.redirect_chain == [(falls.get_absolute_url(), 302)]
    assert "Value for 16 September 2024 added." in parse(response).text
    assert falls.data_points.get(period=week).note == "Bank holiday"
    assert table(response, TABLE)[-1][:2] == ["16 Sep 2024", "4.5"]


def test_one_value_pasted_is_said_in_the_singular(lead_client):
    measure = MeasureFactory()
    response = lead_client.post(
        ACTIONS["measure_upload"](measure, None), {"rows": "01/04/2024\t10\n"}, follow=True
    )

    assert "1 value added." in parse(response).text
    assert stored_values(measure) == [(WEEKS[0], 10.0)]


def test_a_lead_pastes_tab_separated_values_with_a_header(lead_client, lead_user):
    measure = MeasureFactory()
    response = lead_client.post(
        ACTIONS["measure_upload"](measure, None),
        {"rows": "Week\tFalls\n01/04/2024\t10\n08/04/2024\t11\n15/04/2024\t9\n"},
        follow=True,
    )

    assert "3 values added." in parse(response).text
    assert stored_values(measure) == [(WEEKS[0], 10.0), (WEEKS[1], 11.0), (WEEKS[2], 9.0)]
    measure.refresh_from_db()
    assert measure.variation == "common_cause"


def test_a_lead_uploads_a_csv_file_saved_with_a_byte_order_mark(lead_client):
    measure = MeasureFactory()
    upload = SimpleUploadedFile(
        "falls.csv", codecs.BOM_UTF8 + b"date,value\r\n2024-04-01,10\r\n2024-04-08,11\r\n"
    )

    response = lead_client.post(ACTIONS["measure_upload"](measure, None), {"file": upload})

    assert response.status_code == 302
    assert stored_values(measure) == [(WEEKS[0], 10.0), (WEEKS[1], 11.0)]


def test_a_lead_rebases_and_removes_the_rebase(lead_client, falls):
    response = lead_client.post(
        ACTIONS["measure_rebase"](falls, None),
        {**date_fields("period", CHANGE_WEEK), "reason": "New rota adopted."},
        follow=True,
    )
    assert "Limits recalculated from 24 June 2024." in parse(response).text
    rebase = falls.rebases.get()
    falls.refresh_from_db()
    assert (falls.variation, falls.assurance) == ("common_cause", "pass")

    response = lead_client.post(
        ACTIONS["rebase_remove"](falls, rebase), {"removal-reason": "Too early."}, follow=True
    )
    assert "Rebase removed" in parse(response).text
    assert not falls.rebases.exists()
    falls.refresh_from_db()
    assert (falls.variation, falls.assurance) == ("improvement_low", "inconsistent")


def test_removing_a_rebase_asks_why_and_its_history_keeps_who_and_why(
    lead_client, lead_user, rebased
):
    measure = rebased.measure
    url = ACTIONS["rebase_remove"](measure, rebased)

    response = lead_client.post(url, {"removal-reason": " "})

    assert response.status_code == 200
    assert error_summary(response) == [
        ("Enter why the rebase is removed", f"#id_rebase_{rebased.pk}_removal-reason")
    ]
    assert measure.rebases.exists()

    lead_client.post(url, {"removal-reason": "Rebased before the rota was adopted."})

    assert not measure.rebases.exists()
    removal = Rebase.history.get(id=rebased.pk, history_type="-")
    assert removal.history_user == lead_user
    assert removal.history_change_reason == "Rebased before the rota was adopted."
    assert removal.reason == "New rota adopted."


def test_a_rebase_is_removed_only_through_its_own_measure(lead_client, rebased):
    other = MeasureFactory()

    response = lead_client.post(
        reverse("improvement:rebase_remove", args=[other.pk, rebased.pk]),
        {"removal-reason": "Too early."},
    )

    assert response.status_code == 404
    assert Rebase.objects.filter(pk=rebased.pk).exists()


def test_the_action_urls_send_a_get_back_to_the_measure(lead_client, falls):
    for action in ("measure_add_value", "measure_upload", "measure_rebase"):
        response = lead_client.get(ACTIONS[action](falls, None))
        assert response.status_code == 302
        assert response["Location"] == falls.get_absolute_url()


def test_a_lead_adds_and_changes_a_measure(lead_client, falls):
    project = falls.project
    response = lead_client.post(ACTIONS["measure_create"](falls, None), CHANGES["measure_create"])
    created = project.measures.get(name="Harm free care")
    assert response["Location"] == created.get_absolute_url()

    # Higher is better, and a target of 1 is below the lower limit: the icons change.
    lead_client.post(ACTIONS["measure_edit"](falls, None), CHANGES["measure_edit"])
    falls.refresh_from_db()
    assert (falls.name, falls.direction, falls.target) == ("Falls", "increase", 1.0)
    assert (falls.variation, falls.assurance) == ("concern_low", "pass")


# A lead's mistakes --------------------------------------------------------------------------


def test_bad_rows_are_all_listed_nothing_is_saved_and_the_paste_is_kept(lead_client, falls):
    pasted = "date,value\n2024-10-07,6\n2024-10-14,six\n14/10/2024,5\nsoon,4\n2024-10-21"
    before = state()

    response = lead_client.post(ACTIONS["measure_upload"](falls, None), {"rows": pasted})

    assert response.status_code == 200
    assert parse(response).find(css_class="nhsuk-error-summary") is not None
    assert [message for message, _ in error_summary(response)] == [
        "Row 3: 'six' is not a number",
        "Row 5: 'soon' is not a date: write it like 2024-01-31",
        "Row 6: give a date and a value, separated by a comma",
    ]
    assert field_value(response, "rows") == pasted
    assert parse(response).find("title").text.startswith("Error: Falls a week")
    assert state() == before


def test_a_period_given_twice_in_a_paste_saves_nothing(lead_client, falls):
    before = state()

    response = lead_client.post(
        ACTIONS["measure_upload"](falls, None),
        {"rows": "2024-10-07,6\n2024-10-14,5\n07/10/2024,4"},
    )

    assert [message for message, _ in error_summary(response)] == [
        "Row 3: 07 Oct 2024 is given twice (first in row 1)"
    ]
    assert state() == before


def test_values_already_given_are_replaced_only_when_asked(lead_client, falls):
    pasted = "2024-04-01,3\n2024-10-07,4"
    before = state()

    response = lead_client.post(ACTIONS["measure_upload"](falls, None), {"rows": pasted})

    assert [message for message, _ in error_summary(response)] == [
        "These periods already have a value: 01 Apr 2024. To change them, paste the values "
        "with 'Replace values already given for the same periods' ticked."
    ]
    assert field_value(response, "rows") == pasted
    assert state() == before

    response = lead_client.post(
        ACTIONS["measure_upload"](falls, None), {"rows": pasted, "replace": "on"}
    )
    assert response.status_code == 302
    assert stored_values(falls)[0] == (WEEKS[0], 3.0)
    assert stored_values(falls)[-1] == (datetime.date(2024, 10, 7), 4.0)
    assert falls.data_points.count() == 25


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (
            "date,value\n2024-10-07,6\n".encode("utf-16"),
            "The file is not text: save it from the spreadsheet as CSV",
        ),
        (
            b"2024-10-07,6\x81\n",
            "The file is not in a text encoding we can read: save it as CSV (UTF-8)",
        ),
        (b"", "Paste the values or choose a CSV file"),
    ],
)
def test_an_unreadable_file_is_refused(lead_client, falls, content, message):
    before = state()
    upload = SimpleUploadedFile("falls.csv", content)

    response = lead_client.post(ACTIONS["measure_upload"](falls, None), {"file": upload})

    assert response.status_code == 200
    assert message in [text for text, _ in error_summary(response)]
    assert state() == before


def test_adding_a_value_for_a_period_already_given_is_refused(lead_client, falls):
    before = state()

    response = lead_client.post(
        ACTIONS["measure_add_value"](falls, None),
        {**date_fields("period", WEEKS[2]), "value": "3", "note": "Typed again"},
    )

    assert [message for message, _ in error_summary(response)] == [
        "These periods already have a value: 15 Apr 2024. To change them, paste the values "
        "with 'Replace values already given for the same periods' ticked."
    ]
    assert field_value(response, "note") == "Typed again"
    assert state() == before


def test_a_value_that_is_not_a_number_is_shown_as_an_error(lead_client, falls):
    before = state()

    response = lead_client.post(
        ACTIONS["measure_add_value"](falls, None),
        {
            **date_fields("period", WEEKS[-1] + datetime.timedelta(weeks=1)),
            "value": "lots",
            "note": "Kept",
        },
    )

    assert error_summary(response) == [("Enter the value as a number", "#id_value")]
    assert field_value(response, "value") == "lots"
    assert field_value(response, "note") == "Kept"
    assert state() == before


@pytest.mark.parametrize(
    ("period", "message"),
    [
        (WEEKS[0], "Enter a date after the measure's first value and no later than its last"),
        (
            WEEKS[-1] + datetime.timedelta(days=1),
            "Enter a date after the measure's first value and no later than its last",
        ),
        (CHANGE_WEEK, "The limits are already recalculated from 24 June 2024"),
    ],
)
def test_a_rebase_that_changes_nothing_is_refused_on_its_own_box(
    lead_client, rebased, period, message
):
    measure = rebased.measure
    before = state()

    response = lead_client.post(
        ACTIONS["measure_rebase"](measure, None),
        {**date_fields("period", period), "reason": "Second thoughts."},
    )

    assert error_summary(response) == [(message, "#id_rebase_period-day")]
    assert error_links_exist(response)
    assert field_value(response, "reason") == "Second thoughts."
    assert state() == before


def test_a_rebase_without_a_date_or_reason_lists_both(lead_client, falls):
    response = lead_client.post(
        ACTIONS["measure_rebase"](falls, None),
        {"period_day": "", "period_month": "", "period_year": "", "reason": "  "},
    )

    assert [message for message, _ in error_summary(response)] == [
        "Enter the period to recalculate from",
        "Enter why the limits are recalculated from here",
    ]
    assert error_links_exist(response)
    assert not Rebase.objects.exists()


def test_a_measure_named_twice_is_shown_as_an_error(lead_client, falls):
    before = state()

    response = lead_client.post(
        ACTIONS["measure_create"](falls, None), {**CHANGES["measure_create"], "name": falls.name}
    )

    assert response.status_code == 200
    assert error_summary(response)
    assert field_value(response, "name") == "Falls a week"
    assert state() == before


# Queries ------------------------------------------------------------------------------------


def grow_measure(measure, lead_user):
    """Many more values, rebases and PDSA cycles for the measure's project."""
    start = WEEKS[-1] + datetime.timedelta(weeks=1)
    rows = [
        (start + datetime.timedelta(weeks=week), float(week % 5), f"Note {week}")
        for week in range(60)
    ]
    measure_services.add_data_points(measure=measure, rows=rows, changed_by=lead_user)
    for week in (30, 40, 50):
        measure_services.add_rebase(
            measure=measure,
            period=start + datetime.timedelta(weeks=week),
            reason="Changed.",
            changed_by=lead_user,
        )
    for week in range(0, 60, 4):
        PDSACycleFactory(project=measure.project, start_date=start + datetime.timedelta(weeks=week))


@pytest.mark.parametrize("who", ["staff", "lead"])
def test_the_measure_page_queries_do_not_grow_with_its_data(
    staff_client, lead_client, lead_user, rebased, who
):
    client = {"staff": staff_client, "lead": lead_client}[who]

    assert_flat(
        client, rebased.measure.get_absolute_url(), lambda: grow_measure(rebased.measure, lead_user)
    )


def test_the_project_page_queries_do_not_grow_with_its_measures_data(
    staff_client, lead_user, rebased
):
    falls = rebased.measure

    def grow():
        grow_measure(falls, lead_user)
        for number in range(5):
            measure = MeasureFactory(project=falls.project, name=f"Extra {number}")
            measure_services.add_data_points(
                measure=measure,
                rows=[(week, float(value), "") for week, value in zip(WEEKS, VALUES, strict=True)],
                changed_by=lead_user,
            )
            measure_services.add_rebase(
                measure=measure, period=CHANGE_WEEK, reason="Changed.", changed_by=lead_user
            )

    assert_flat(staff_client, falls.project.get_absolute_url(), grow)


def test_the_project_page_shows_each_measure_with_its_sparkline_words(staff_client, falls):
    response = staff_client.get(falls.project.get_absolute_url())

    assert "Falls a week: Special cause improvement (low)" in text(response)
    assert main(response).find("svg", css_class="portal-sparkline") is not None


# Chart types and downloads ------------------------------------------------------------------

SEEN_ROWS = "date,seen,patients\n" + "\n".join(
    f"{week:%Y-%m-%d},{seen},{patients}"
    for week, seen, patients in zip(
        WEEKS,
        [90, 45, 180, 88, 46, 91, 178, 44, 92, 89, 181, 45, 60],
        [100, 50, 200, 100, 50, 100, 200, 50, 100, 100, 200, 50, 100],
        strict=False,
    )
)


@pytest.fixture
def seen(lead_client):
    """A p chart made as a lead makes it: the measure form, then a paste of its values."""
    project = ProjectFactory()
    lead_client.post(
        reverse("improvement:measure_create", args=[project.pk]),
        {
            **CHANGES["measure_create"],
            "name": "Seen within 4 hours",
            "unit": "",
            "chart_type": "p",
        },
    )
    measure = Measure.objects.get(name="Seen within 4 hours")
    response = lead_client.post(ACTIONS["measure_upload"](measure, None), {"rows": SEEN_ROWS})
    assert response.status_code == 302
    return measure


def test_the_measure_form_offers_each_chart_type_in_plain_words(lead_client, falls):
    page = lead_client.get(reverse("improvement:measure_create", args=[falls.project.pk]))

    words = text(page)
    assert "c chart: Counts of events, such as falls each week" in words
    assert "p chart: Proportions, such as patients seen within 4 hours out of all patients" in words
    assert "t chart: Rare events, as the time between them" in words
    assert "Run chart: Too few points for limits" in words
    assert checked_values(page, "chart_type") == {"i"}


def test_a_p_chart_end_to_end_draws_limits_that_step_with_the_denominator(staff_client, seen):
    page = staff_client.get(seen.get_absolute_url())

    assert summary_value(page, "Chart") == "p chart"
    assert text(page).count("This is a p chart: each dot is one period's proportion") == 1
    assert "process limits dashed in steps, as they vary with the denominator" in text(page)
    svg = parse(page).find("svg", css_class="portal-spc__svg")
    steps = list(svg.find_all("path", css_class="portal-spc__limit"))
    assert len(steps) == 2  # the upper and the lower limit, each one stepped line
    upper = [float(corner.split(",")[1]) for corner in steps[0].attrs["d"][1:].split(" L")]
    # Two corners a week. The upper limit is nearer the centre (lower down the SVG) in
    # week 3, with 200 patients, than in week 2, with 50, and back with 100 in week 4.
    assert upper[2] == upper[3] < upper[6] == upper[7] < upper[4] == upper[5]
    assert table(
        page,
        "Seen within 4 hours: each period's value, mean, limits, what it signals, and its "
        "notes, PDSA cycles and recalculated limits",
    )[0][:4] == ["1 Apr 2024", "90", "100", "0.9"]
    seen.refresh_from_db()
    assert seen.variation == "concern_low"


def test_a_p_chart_needs_the_denominator_when_a_value_is_added(lead_client, seen):
    week = WEEKS[13]

    response = lead_client.post(
        ACTIONS["measure_add_value"](seen, None),
        {**date_fields("period", week), "value": "60", "denominator": "50", "note": ""},
    )

    assert [message for message, _ in error_summary(response)] == [
        "The value (60) is more than its denominator (50): a proportion cannot be above 1"
    ]
    assert field_value(response, "denominator") == "50"
    response = lead_client.post(
        ACTIONS["measure_add_value"](seen, None),
        {**date_fields("period", week), "value": "40", "denominator": "", "note": ""},
    )
    assert [message for message, _ in error_summary(response)] == ["Enter the denominator"]
    assert not seen.data_points.filter(period=week).exists()


def test_a_paste_without_denominators_on_a_p_chart_lists_each_row(lead_client, seen):
    response = lead_client.post(
        ACTIONS["measure_upload"](seen, None), {"rows": "2024-07-01,40\n2024-07-08,40,30"}
    )

    assert [message for message, _ in error_summary(response)] == [
        "Row 1: give the denominator, what the value is out of",
        "Row 2: the value (40) is more than its denominator (30): a proportion cannot be above 1",
    ]


def test_a_run_chart_draws_the_median_and_no_limits(lead_client, falls):
    lead_client.post(
        reverse("improvement:measure_edit", args=[falls.project.pk, falls.pk]),
        {**CHANGES["measure_edit"], "name": "Falls a week", "chart_type": "run"},
    )

    page = lead_client.get(falls.get_absolute_url())
    svg = parse(page).find("svg", css_class="portal-spc__svg")
    assert svg.find(css_class="portal-spc__limit") is None
    assert (
        "This is a run chart: each dot is one period's value and the solid line their "
        "median" in text(page)
    )
    assert (
        "Non-random variation, a sign of a change: 12 values in a row are on one side of "
        "the median" in text(page)
    )


def test_the_data_downloads_as_csv_that_uploads_back(staff_client, lead_client, seen):
    response = staff_client.get(reverse("improvement:measure_csv", args=[seen.pk]))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(f'attachment; filename="measure-{seen.pk}')
    content = b"".join(response.streaming_content).decode()
    lines = content.lstrip("\ufeff").splitlines()
    assert lines[:3] == [
        "Period,Value,Denominator,Note",
        "2024-04-01,90.0,100.0,",
        "2024-04-08,45.0,50.0,",
    ]
    upload = SimpleUploadedFile("seen.csv", content.encode())
    again = lead_client.post(
        ACTIONS["measure_upload"](seen, None), {"file": upload, "replace": "on"}, follow=True
    )
    assert "13 values added." in text(again)


def test_a_note_that_looks_like_a_formula_is_downloaded_as_text(staff_client, lead_user, falls):
    measure_services.add_data_points(
        measure=falls,
        rows=[(WEEKS[-1] + datetime.timedelta(weeks=1), -2.0, "=HYPERLINK(1)")],
        changed_by=lead_user,
    )

    response = staff_client.get(reverse("improvement:measure_csv", args=[falls.pk]))

    last = b"".join(response.streaming_content).decode().splitlines()[-1]
    assert last == "2024-09-16,-2.0,,'=HYPERLINK(1)"


def test_the_chart_downloads_as_the_pages_svg_standing_alone(staff_client, seen):
    page_svg = parse(staff_client.get(seen.get_absolute_url())).find(
        "svg", css_class="portal-spc__svg"
    )

    response = staff_client.get(reverse("improvement:measure_svg", args=[seen.pk]))

    assert response["Content-Type"] == "image/svg+xml"
    content = response.content.decode()
    assert content.startswith(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="720" height="320"'
    )
    svg = parse(response).find("svg")
    assert [path.attrs["d"] for path in svg.find_all("path")] == [
        path.attrs["d"] for path in page_svg.find_all("path")
    ]
    assert len(list(svg.find_all("circle"))) == len(list(page_svg.find_all("circle"))) == 13
    assert "stroke-dasharray: 3 3" in svg.find("style").source_text


def test_the_chart_downloads_as_a_png_image(staff_client, seen):
    response = staff_client.get(reverse("improvement:measure_png", args=[seen.pk]))

    assert response["Content-Type"] == "image/png"
    assert response["Content-Disposition"].endswith('.png"')
    image = Image.open(io.BytesIO(response.content))
    assert image.size == (1440, 640)


@pytest.mark.parametrize("name", ["measure_csv", "measure_svg", "measure_png"])
def test_downloads_need_a_login(anonymous_client, falls, name):
    url = reverse(f"improvement:{name}", args=[falls.pk])

    assert anonymous_client.get(url)["Location"] == login_url(url)
