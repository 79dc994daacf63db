"""Plausible data only (measure_data.py's rules), as a lead meets them on every way in: the
value form, a paste, a CSV upload, the measure form and the admin. Each refusal names the
field in the NHS error summary, keeps what was typed and saves nothing."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from improvement import measure_services
from improvement.models import DataPoint, Measure, Rebase
from tests.html import error_summary, field_value, form_data, ids, main, parse, table, text
from tests.improvement.factories import MeasureFactory

pytestmark = pytest.mark.django_db

MONDAY = datetime.date(2024, 4, 1)
WEEKS = [MONDAY + datetime.timedelta(weeks=week) for week in range(12)]
NEXT_WEEK = WEEKS[-1] + datetime.timedelta(weeks=1)
TOO_LARGE = "The value must be between -1,000,000,000,000 and 1,000,000,000,000"


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def state():
    return {
        "measures": list(Measure.objects.order_by("pk").values()),
        "values": list(DataPoint.objects.order_by("pk").values()),
        "rebases": list(Rebase.objects.order_by("pk").values()),
    }


def measure_with_values(lead_user, *, chart_type="i", unit="", values=(5, 6) * 6, **fields):
    measure = MeasureFactory(chart_type=chart_type, unit=unit, **fields)
    denominator = 100.0 if chart_type in ("p", "p'", "u", "u'") else None
    measure_services.add_data_points(
        measure=measure,
        rows=[
            (week, float(value), "", denominator)
            for week, value in zip(WEEKS, values, strict=False)
        ],
        changed_by=lead_user,
    )
    return measure


def add_value(client, measure, **fields):
    data = {**date_fields("period", NEXT_WEEK), "note": "Kept as typed", **fields}
    return client.post(reverse("improvement:measure_add_value", args=[measure.pk]), data)


def paste(client, measure, rows):
    return client.post(reverse("improvement:measure_upload", args=[measure.pk]), {"rows": rows})


# One value ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("chart_type", "unit", "typed", "message", "field"),
    [
        (
            "i",
            "%",
            {"value": "150"},
            "The value is a percentage, so it must be between 0 and 100",
            "value",
        ),
        (
            "i",
            "%",
            {"value": "-5"},
            "The value is a percentage, so it must be between 0 and 100",
            "value",
        ),
        ("i", "days", {"value": "1e308"}, TOO_LARGE, "value"),
        ("i", "days", {"value": "inf"}, "Enter the value as a number", "value"),
        ("i", "days", {"value": "nan"}, "Enter the value as a number", "value"),
        (
            "c",
            "falls",
            {"value": "2.5"},
            "The value is a count, so it must be a whole number",
            "value",
        ),
        ("c", "falls", {"value": "-1"}, "The value is a count, so it cannot be below 0", "value"),
        (
            "p",
            "",
            {"value": "40", "denominator": "0"},
            "The denominator must be above 0",
            "denominator",
        ),
        (
            "p",
            "",
            {"value": "4", "denominator": "10.5"},
            "The denominator is a count, so it must be a whole number",
            "denominator",
        ),
        (
            "u",
            "",
            {"value": "4", "denominator": "-3"},
            "The denominator must be above 0",
            "denominator",
        ),
    ],
)
def test_a_value_the_measure_cannot_have_is_refused_on_its_box(
    lead_client, lead_user, chart_type, unit, typed, message, field
):
    measure = measure_with_values(lead_user, chart_type=chart_type, unit=unit)
    before = state()

    response = add_value(lead_client, measure, **{"denominator": "", **typed})

    assert response.status_code == 200
    assert error_summary(response) == [(message, f"#id_{field}")]
    assert parse(response).find("title").text.startswith("Error: ")
    for name, value in typed.items():
        assert field_value(response, name) == value
    assert field_value(response, "note") == "Kept as typed"
    assert state() == before


def test_a_period_after_today_is_refused(lead_client, lead_user):
    measure = measure_with_values(lead_user, unit="days")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before = state()

    response = add_value(lead_client, measure, value="4", **date_fields("period", tomorrow))

    ((message, href),) = error_summary(response)
    assert message == (
        f"The period ({tomorrow:%-d %B %Y}) is after today: give periods up to today"
    )
    assert href.startswith("#id_period")
    assert field_value(response, "period_day") == str(tomorrow.day)
    assert state() == before
    today = add_value(
        lead_client,
        measure,
        value="4",
        **date_fields("period", tomorrow - datetime.timedelta(days=1)),
    )
    assert today.status_code == 302


def test_a_percentage_of_0_or_100_and_a_whole_count_are_taken(lead_client, lead_user):
    percent = measure_with_values(lead_user, unit="%")
    counts = measure_with_values(lead_user, chart_type="c", unit="falls")

    assert add_value(lead_client, percent, value="100").status_code == 302
    assert add_value(lead_client, counts, value="3").status_code == 302
    assert counts.data_points.get(period=NEXT_WEEK).value == 3


# Pasted and uploaded values ----------------------------------------------------------------


def test_a_paste_lists_every_implausible_row_and_saves_none(lead_client, lead_user):
    measure = measure_with_values(lead_user, unit="%")
    future = timezone.localdate() + datetime.timedelta(days=7)
    pasted = (
        f"2024-07-01,50\n2024-07-08,1e308\n2024-07-15,101\n{future:%Y-%m-%d},20\n"
        "2024-07-22,inf\n2024-07-29,-0.5"
    )
    before = state()

    response = paste(lead_client, measure, pasted)

    assert [message for message, _ in error_summary(response)] == [
        "Row 2: the value must be between -1,000,000,000,000 and 1,000,000,000,000",
        "Row 3: the value is a percentage, so it must be between 0 and 100",
        f"Row 4: the period ({future:%-d %B %Y}) is after today: give periods up to today",
        "Row 5: 'inf' is not a number",
        "Row 6: the value is a percentage, so it must be between 0 and 100",
    ]
    assert field_value(response, "rows") == pasted
    assert state() == before


def test_an_uploaded_file_of_counts_and_proportions_is_checked_row_by_row(lead_client, lead_user):
    measure = measure_with_values(lead_user, chart_type="p")
    upload = SimpleUploadedFile(
        "seen.csv", b"Period,Value,Denominator,Note\n2024-07-01,40.5,50,\n2024-07-08,51,50,\n"
    )
    before = state()

    response = lead_client.post(
        reverse("improvement:measure_upload", args=[measure.pk]), {"file": upload}
    )

    assert [message for message, _ in error_summary(response)] == [
        "Row 2: the value is a count, so it must be a whole number",
        "Row 3: the value (51) is more than its denominator (50): a proportion cannot be above 1",
    ]
    assert state() == before


def test_a_measure_holds_at_most_520_values(lead_client, lead_user):
    measure = MeasureFactory(unit="days")
    first = MONDAY - datetime.timedelta(weeks=600)
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=first + datetime.timedelta(weeks=week), value=5)
        for week in range(519)
    )
    before = state()

    response = paste(lead_client, measure, "2024-07-01,5\n2024-07-08,6")

    assert [message for message, _ in error_summary(response)] == [
        "A measure holds at most 520 values (10 years of weekly data): these would give it "
        "521. Delete values it no longer needs, or start a new measure for the new period"
    ]
    assert state() == before
    assert paste(lead_client, measure, "2024-07-01,5").status_code == 302
    # Replacing a value keeps the count.
    response = lead_client.post(
        reverse("improvement:measure_upload", args=[measure.pk]),
        {"rows": "2024-07-01,7", "replace": "on"},
    )
    assert response.status_code == 302
    assert measure.data_points.count() == 520


# Targets ------------------------------------------------------------------------------------


MEASURE_FORM = {
    "name": "Discharged before noon",
    "kind": "outcome",
    "unit": "%",
    "direction": "increase",
    "target": "",
    "frequency": "weekly",
    "chart_type": "i",
    "definition": "",
}


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"target": "-5000"}, "The target is a percentage, so it must be between 0 and 100"),
        (
            {"target": "1e308"},
            "The target must be between -1,000,000,000,000 and 1,000,000,000,000",
        ),
        (
            {"target": "95", "unit": "", "chart_type": "p"},
            "The target must be between 0 and 1: a p chart plots each value divided by its "
            "denominator, such as 0.95 for 95%",
        ),
        (
            {"target": "-1", "unit": "falls", "chart_type": "c"},
            "The target cannot be below 0: the chart's values never are",
        ),
    ],
)
def test_a_target_the_chart_cannot_have_is_refused(lead_client, lead_user, fields, message):
    measure = measure_with_values(lead_user, unit="%")
    project = measure.project
    before = state()

    response = lead_client.post(
        reverse("improvement:measure_create", args=[project.pk]), {**MEASURE_FORM, **fields}
    )

    assert response.status_code == 200
    assert error_summary(response) == [(message, "#id_target")]
    assert field_value(response, "target") == fields["target"]
    assert state() == before


def test_changing_the_unit_to_a_percentage_is_refused_while_values_are_above_100(
    lead_client, lead_user
):
    measure = measure_with_values(lead_user, unit="minutes", values=[50, 120] * 6)
    before = state()

    response = lead_client.post(
        reverse("improvement:measure_edit", args=[measure.project.pk, measure.pk]),
        {**MEASURE_FORM, "name": measure.name, "unit": "%"},
    )

    ((message, href),) = error_summary(response)
    assert href == "#id_unit"
    assert message.startswith(
        "The unit % does not fit 6 of this measure's values as they are. For 08 Apr 2024: the "
        "value is a percentage, so it must be between 0 and 100."
    )
    assert state() == before


# Deleting a value ---------------------------------------------------------------------------


def delete(client, measure, period, reason):
    return client.post(
        reverse("improvement:measure_delete_value", args=[measure.pk]),
        {**date_fields("deletion-period", period), "deletion-reason": reason},
    )


def test_a_lead_deletes_a_wrong_value_and_its_history_keeps_it_with_the_reason(
    lead_client, lead_user
):
    measure = measure_with_values(lead_user, unit="days", values=[5, 6, 5, 6, 50])

    response = delete(lead_client, measure, WEEKS[4], "Typed in the wrong measure.")

    assert response.status_code == 302
    page = lead_client.get(measure.get_absolute_url())
    assert "Value for 29 April 2024 deleted." in text(page)
    caption = (
        f"{measure.name}: each period's value, mean, limits, what it signals, and its notes, "
        "PDSA cycles and recalculated limits"
    )
    assert [row[0] for row in table(page, caption)] == [
        "1 Apr 2024",
        "8 Apr 2024",
        "15 Apr 2024",
        "22 Apr 2024",
    ]
    entry = DataPoint.history.filter(period=WEEKS[4]).latest("history_date")
    assert entry.history_type == "-"
    assert entry.value == 50
    assert entry.history_change_reason == "Typed in the wrong measure."
    assert entry.history_user == lead_user
    measure.refresh_from_db()
    assert measure.recent_values == [5, 6, 5, 6]


@pytest.mark.parametrize(
    ("period", "reason", "summary"),
    [
        (WEEKS[2], "", [("Enter why the value is deleted", "#id_deletion-reason")]),
        (NEXT_WEEK, "Wrong", [("There is no value for 24 June 2024", "#id_deletion-period-day")]),
    ],
)
def test_deleting_needs_a_reason_and_a_period_with_a_value(
    lead_client, lead_user, period, reason, summary
):
    measure = measure_with_values(lead_user, unit="days")
    before = state()

    response = delete(lead_client, measure, period, reason)

    assert response.status_code == 200
    assert error_summary(response) == summary
    assert summary[0][1].removeprefix("#") in ids(response)
    assert field_value(response, "deletion-period_day") == str(period.day)
    assert state() == before


def test_only_leads_delete_values(staff_client, lead_user):
    measure = measure_with_values(lead_user, unit="days")
    before = state()

    response = delete(staff_client, measure, WEEKS[0], "Mine to delete?")

    assert response.status_code == 403
    assert state() == before


# Long series and values stored before these rules -------------------------------------------


def test_a_long_series_is_drawn_from_its_latest_104_values_with_a_link_to_them_all(
    staff_client, lead_user
):
    measure = MeasureFactory(unit="days")
    first = MONDAY - datetime.timedelta(weeks=150)
    DataPoint.objects.bulk_create(
        DataPoint(measure=measure, period=first + datetime.timedelta(weeks=week), value=week % 7)
        for week in range(150)
    )

    page = staff_client.get(measure.get_absolute_url())

    inset = parse(page).find(id="recent-values")
    drawn_from = first + datetime.timedelta(weeks=46)
    assert inset.text.startswith(
        f"Information: The chart and table show the latest 104 of the measure's 150 values, "
        f"from {drawn_from:%-d %B %Y}; its limits come from them all."
    )
    assert inset.find("a").attrs["href"] == reverse("improvement:measure_csv", args=[measure.pk])
    wide = parse(page).find("svg", css_class="portal-spc__svg--wide")
    assert len(list(wide.find_all("circle"))) == 104
    csv = staff_client.get(reverse("improvement:measure_csv", args=[measure.pk]))
    assert len(b"".join(csv.streaming_content).decode().strip().splitlines()) == 151


def test_a_chart_type_its_stored_values_do_not_fit_is_explained_not_a_server_error(
    staff_client, lead_user
):
    measure = measure_with_values(lead_user, unit="", values=[40, 50] * 6)
    # Written around the rules, as the admin could before them.
    Measure.objects.filter(pk=measure.pk).update(chart_type="p")

    page = staff_client.get(measure.get_absolute_url())

    assert page.status_code == 200
    assert main(page).find(id="chart-problem").text == (
        "Important: The chart cannot be drawn The p chart cannot draw 12 of this measure's "
        "values as they are. For 01 Apr 2024: give the denominator, what the value is out "
        "of. A project lead can give them again with 'Replace values already given' ticked, "
        "or choose another chart type. Download the data (CSV): " + measure.name
    )
    for name in ("measure_svg", "measure_png"):
        assert (
            staff_client.get(reverse(f"improvement:{name}", args=[measure.pk])).status_code == 404
        )


def test_a_huge_value_stored_before_the_rules_is_explained_and_never_drawn_as_nan(
    staff_client, lead_user
):
    measure = measure_with_values(lead_user, unit="days")
    DataPoint.objects.filter(measure=measure, period=WEEKS[3]).update(value=1e308)

    page = staff_client.get(measure.get_absolute_url())

    assert page.status_code == 200
    content = page.content.decode().lower()
    assert '"nan"' not in content and '"inf"' not in content
    assert "For 22 Apr 2024: the value must be between -1,000,000,000,000 and" in text(page)


# The admin ---------------------------------------------------------------------------------


def admin_change(admin_client, measure, **changes):
    url = reverse("admin:improvement_measure_change", args=[measure.pk])
    data = form_data(admin_client.get(url), "measure_form")
    for name, value in changes.items():
        data[name] = [value]
    return admin_client.post(url, data)


def admin_errors(response):
    return [node.text for node in parse(response).find_all(css_class="errorlist")]


def test_the_admin_cannot_give_a_measure_a_p_chart_without_denominators(admin_client, lead_user):
    measure = measure_with_values(lead_user, unit="")
    before = state()

    response = admin_change(admin_client, measure, chart_type="p")

    assert response.status_code == 200
    errors = admin_errors(response)
    assert errors[0] == (
        "The p chart cannot draw 12 of this measure's values as they are. For 01 Apr 2024: "
        "give the denominator, what the value is out of. Give them again with 'Replace values "
        "already given' ticked, or choose another chart type"
    )
    # And on each value, by the new chart type's rules.
    assert errors[1:] == ["Give the denominator, what the value is out of"] * 12
    assert state() == before


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"target": "-5000"}, "The target is a percentage, so it must be between 0 and 100"),
        (
            {"data_points-0-value": "150"},
            "The value is a percentage, so it must be between 0 and 100",
        ),
        ({"data_points-0-value": "1e308"}, TOO_LARGE),
    ],
)
def test_the_admin_keeps_to_the_same_rules(admin_client, lead_user, changes, message):
    measure = measure_with_values(lead_user, unit="%")
    before = state()

    response = admin_change(admin_client, measure, **changes)

    assert response.status_code == 200
    assert message in admin_errors(response)
    assert state() == before


def test_the_admin_refuses_a_period_after_today(admin_client, lead_user):
    measure = measure_with_values(lead_user, unit="%")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    before = state()

    response = admin_change(admin_client, measure, **{"data_points-0-period": f"{tomorrow}"})

    assert f"The period ({tomorrow:%-d %B %Y}) is after today: give periods up to today" in (
        admin_errors(response)
    )
    assert state() == before


def test_the_admin_keeps_a_measure_to_its_most_values(admin_client, lead_user, monkeypatch):
    # The limit of 520 made small, so the page holds a few values, not hundreds.
    monkeypatch.setattr("improvement.admin.MAX_VALUES", 12)
    measure = measure_with_values(lead_user, unit="days")
    url = reverse("admin:improvement_measure_change", args=[measure.pk])
    data = form_data(admin_client.get(url), "measure_form")
    data["data_points-TOTAL_FORMS"] = ["13"]
    data["data_points-12-period"] = [f"{NEXT_WEEK}"]
    data["data_points-12-value"] = ["4"]
    before = state()

    response = admin_client.post(url, data)

    assert response.status_code == 200
    assert (
        "A measure holds at most 520 values (10 years of weekly data): these would give it 13. "
        "Delete values it no longer needs, or start a new measure"
    ) in admin_errors(response)
    assert state() == before
