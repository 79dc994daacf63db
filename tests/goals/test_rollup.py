"""A goal's status summarises its objectives': the worst, with how many report each; the
strategy's pages show every goal's and objective's latest status to staff."""

import pytest
from django.urls import reverse

from goals.delivery_presenters import RollUp, roll_up
from goals.services import write_update
from tests.factories import GoalFactory, ObjectiveFactory, StrategyFactory, UserFactory
from tests.html import parse

from .delivery_world import QUARTERS, update_fields


def test_a_goal_takes_its_worst_objectives_status_with_the_counts():
    assert roll_up(["on_track", "at_risk", None, "on_track", "complete"]) == RollUp(
        status="at_risk",
        counts=[("At risk", 1), ("On track", 2), ("Complete", 1), ("No update", 1)],
    )
    assert roll_up(["complete", "off_track", "at_risk"]).status == "off_track"
    assert roll_up([None, None]) == RollUp(status="", counts=[("No update", 2)])
    assert roll_up([]) is None
    assert roll_up(["on_track", "not_started"]).summary == "1 not started, 1 on track"


@pytest.fixture
def strategy(db):
    strategy = StrategyFactory(organisation__slug="trust")
    editor = UserFactory(username="writer", is_superuser=True)
    safe, kind = (GoalFactory(strategy=strategy, title=title) for title in ["Safe", "Kind"])
    for number, goals, status in [
        (1, [safe], "on_track"),
        (2, [safe, kind], "off_track"),
        (3, [kind], None),
    ]:
        objective = ObjectiveFactory(strategy=strategy, year=2023, number=number, goals=goals)
        if status:
            # An earlier quarter's status is superseded by the latest.
            write_update(
                objective=objective,
                written_by=editor,
                **update_fields(period=QUARTERS[0], status="complete"),
            )
            write_update(
                objective=objective,
                written_by=editor,
                **update_fields(period=QUARTERS[1], status=status, recovery_actions="More."),
            )
    return strategy


def statuses(page, kind):
    return [node.text for node in parse(page).find_all(data_status=kind)]


@pytest.mark.parametrize(
    "url", ["/strategies/trust/", "/strategies/trust/objectives/2023-24/"], ids=["strategy", "year"]
)
def test_staff_see_each_objectives_latest_status(staff_client, strategy, url):
    page = staff_client.get(url).content.decode()

    assert statuses(page, "objective") == [
        "Latest update, Q2 2023-24: On track",
        "Latest update, Q2 2023-24: Off track",
        "No update",
    ]


def test_staff_see_each_goals_rolled_up_status_on_the_strategy_page(staff_client, strategy):
    page = staff_client.get(reverse("goals:strategy", args=["trust"])).content.decode()

    assert statuses(page, "goal") == [
        "Status: Off track (1 off track, 1 on track)",
        "Status: Off track (1 off track, 1 no update)",
    ]


def test_the_public_sees_no_statuses(client, strategy):
    page = client.get(reverse("goals:strategy", args=["trust"])).content.decode()

    assert statuses(page, "goal") == []
    assert statuses(page, "objective") == []
