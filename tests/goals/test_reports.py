"""The board report: every goal and objective of a strategy for one period, with status,
narrative, owner, evidence and the projects serving it; as a page and as CSV; earlier
periods' reports stay available."""

import csv
import io

import pytest
from django.urls import reverse

from goals.services import write_update
from tests.factories import GoalFactory, ObjectiveFactory
from tests.html import links, table, text

from .delivery_world import QUARTERS, delivery_world, update_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(editor_user):
    world = delivery_world()
    world.goal = GoalFactory(strategy=world.objective.strategy, title="Safe care")
    world.objective.goals.add(world.goal)
    world.second = ObjectiveFactory(
        strategy=world.objective.strategy,
        year=2023,
        number=2,
        statement="We will cut waiting times.",
        goals=[world.goal],
    )
    write_update(
        objective=world.objective,
        written_by=world.owner,
        measure_ids=[world.falls.pk],
        **update_fields(
            period=QUARTERS[1],
            status="at_risk",
            narrative="Falls rose on two wards.",
            recovery_actions="=Extra night staff.",
        ),
    )
    write_update(
        objective=world.objective,
        written_by=world.owner,
        **update_fields(period=QUARTERS[0], narrative="A good start."),
    )
    write_update(
        objective=world.second, written_by=editor_user, **update_fields(period=QUARTERS[1])
    )
    return world


def report_url(period, suffix=""):
    return reverse(f"goals:report{suffix}", args=["trust", period.slug])


def test_the_report_shows_every_goal_and_objective_for_the_period(world, staff_client):
    page = staff_client.get(report_url(QUARTERS[1])).content.decode()
    words = text(page)

    assert "Board report: strategy delivery, Q2 2023-24" in words
    assert table(page, "Each goal's status, from its objectives' updates") == [
        ["Safe care", "Not named", "At risk 1 at risk, 1 on track"]
    ]
    assert "Falls rose on two wards." in words
    assert "=Extra night staff." in words
    assert "Nia Owen, Chief nurse" in words
    assert "Special cause improvement (low)" in words
    assert "Target consistently missed" in words
    assert "Safer wards (in progress)" in words
    assert "A good start." not in words
    assert words.index("Strategic objective 1") < words.index("Strategic objective 2")


def test_earlier_periods_reports_stay_available(world, staff_client):
    listing = staff_client.get(reverse("goals:reports", args=["trust"])).content.decode()
    assert [label for _, label in links(listing) if label.startswith("Board report for")] == [
        "Board report for Q2 2023-24",
        "Board report for Q1 2023-24",
    ]

    words = text(staff_client.get(report_url(QUARTERS[0])).content.decode())

    assert "A good start." in words
    assert "Falls rose on two wards." not in words
    assert "No update was published for this period." in words


def test_a_period_the_strategy_does_not_report_is_not_found(world, staff_client):
    url = reverse("goals:report", args=["trust", "2023-05-01"])
    assert staff_client.get(url).status_code == 404
    assert staff_client.get(reverse("goals:report", args=["trust", "soon"])).status_code == 404


def test_the_report_downloads_as_csv_safe_to_open(world, staff_client):
    response = staff_client.get(report_url(QUARTERS[1], "_csv"))

    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "trust-board-report-2023-07-01.csv" in response["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert [(row["Objective"], row["Status"]) for row in rows] == [
        ("1", "At risk"),
        ("2", "On track"),
    ]
    first = rows[0]
    assert first["Executive owner"] == "Nia Owen, Chief nurse"
    assert first["Recovery actions"] == "'=Extra night staff."
    assert first["Evidence measures"] == (
        "Falls a week (Safer wards): Special cause improvement (low); Target consistently missed"
    )
    assert first["Projects serving it"] == "Safer wards (In progress)"
    assert first["Goals it serves"] == "Safe care"


def test_the_report_is_for_staff(world, client):
    response = client.get(report_url(QUARTERS[1]))
    assert response.status_code == 302
