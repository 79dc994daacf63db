"""Data migrations fill what they add from the records already there."""

import datetime
import importlib

import pytest
from django.apps import apps

from improvement import measure_services
from improvement.models import Measure
from improvement.verdict_groups import ASSURANCE_ORDER, VARIATION_ORDER
from tests.improvement.factories import MeasureFactory

pytestmark = pytest.mark.django_db

measure_sparkline = importlib.import_module("improvement.migrations.0012_measure_sparkline")


def test_existing_measures_get_their_sparkline_values(lead_user):
    measure = MeasureFactory(direction="decrease")
    weeks = [datetime.date(2024, 4, 1) + datetime.timedelta(weeks=week) for week in range(14)]
    values = [10.0] * 13 + [1.0]
    measure_services.add_data_points(
        measure=measure, rows=list(zip(weeks, values, [""] * 14, strict=True)), changed_by=lead_user
    )
    empty = MeasureFactory()
    Measure.objects.update(recent_values=[], latest_kind="")

    measure_sparkline.keep_sparklines(apps, None)

    measure.refresh_from_db()
    assert measure.recent_values == values
    assert measure.latest_kind == "improvement"
    empty.refresh_from_db()
    assert (empty.recent_values, empty.latest_kind) == ([], "")


measure_latest_value = importlib.import_module("improvement.migrations.0028_measure_latest_value")


def test_existing_measures_get_their_latest_value():
    measure = MeasureFactory(recent_values=[4.0, 2.5])
    empty = MeasureFactory(recent_values=[])
    Measure.objects.update(latest_value=None)

    measure_latest_value.keep_latest_values(apps, None)

    measure.refresh_from_db()
    empty.refresh_from_db()
    assert (measure.latest_value, empty.latest_value) == (2.5, None)


measure_sparkline_points = importlib.import_module(
    "improvement.migrations.0030_measure_sparkline_points"
)


def test_existing_measures_get_their_sparkline_line():
    measure = MeasureFactory(recent_values=[4.0, 2.5, 3.0])
    empty = MeasureFactory(recent_values=[])
    Measure.objects.update(sparkline_points="")

    measure_sparkline_points.keep_sparkline_points(apps, None)

    measure.refresh_from_db()
    empty.refresh_from_db()
    assert measure.sparkline_points == "3.0,3.0 60.0,29.0 117.0,20.3"
    assert empty.sparkline_points == ""


measure_summary_orders = importlib.import_module(
    "improvement.migrations.0031_measure_summary_orders"
)


def test_existing_measures_get_the_ranks_of_their_verdicts_groups():
    concern = MeasureFactory(variation="concern_high", assurance="fail", latest_kind="concern")
    run_chart = MeasureFactory(variation="", assurance="", latest_kind="common_cause")
    empty = MeasureFactory()
    Measure.objects.update(variation_rank=0, assurance_rank=0)

    measure_summary_orders.keep_ranks(apps, None)

    ranks = {
        measure.pk: (
            VARIATION_ORDER[measure.variation_rank],
            ASSURANCE_ORDER[measure.assurance_rank],
        )
        for measure in Measure.objects.all()
    }
    assert ranks == {
        concern.pk: ("concern", "fail"),
        run_chart.pk: ("none", "none"),
        empty.pk: ("no_data", "none"),
    }
