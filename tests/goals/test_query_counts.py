"""The delivery pages read the database a fixed number of times however many objectives,
updates, cited measures and owners they show."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.services import approve_update, write_update
from tests.conftest import logged_in
from tests.factories import GoalFactory, ObjectiveFactory, staff_with_job_title
from tests.improvement.factories import MeasureFactory, ProjectFactory

from .delivery_world import QUARTERS, delivery_world, update_fields

pytestmark = pytest.mark.django_db


def count_queries(client, url):
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(context), response.content.decode()


def add_updates(objective, writer, quarters, *, cite=()):
    for quarter in quarters:
        write_update(
            objective=objective,
            written_by=writer,
            measure_ids=[measure.pk for measure in cite],
            **update_fields(period=quarter, narrative=f"Narrative {quarter.label}"),
        )


def test_the_objective_page_as_its_owner(editor_user):
    world = delivery_world(updates_need_approval=True)
    add_updates(world.objective, editor_user, QUARTERS[:1], cite=[world.falls])
    add_updates(world.objective, world.owner, QUARTERS[1:2])
    client = logged_in(world.owner)
    url = world.objective.get_absolute_url()
    small, page = count_queries(client, url)
    assert "Narrative Q1 2023-24" in page

    measures = [MeasureFactory(project=world.project, name=f"Measure {n}") for n in range(5)]
    add_updates(world.objective, editor_user, QUARTERS[1:], cite=[world.falls, *measures])
    add_updates(world.objective, world.owner, QUARTERS[3:], cite=measures)
    world.objective.delivery_leads.add(*(staff_with_job_title(f"Lead {n}") for n in range(5)))
    large, page = count_queries(client, url)

    assert "Narrative Q3 2023-24" in page
    assert "Q4 2023-24: awaiting approval" in page
    assert large == small


@pytest.mark.parametrize("url", ["/strategies/trust/", "/strategies/trust/objectives/2023-24/"])
def test_the_strategy_pages_with_statuses(editor_user, staff_user, url):
    world = delivery_world()
    goal = GoalFactory(strategy=world.objective.strategy, title="Safe care")
    world.objective.goals.add(goal)
    add_updates(world.objective, editor_user, QUARTERS[:2])
    client = logged_in(staff_user)
    small, page = count_queries(client, url)

    for number in range(2, 12):
        objective = ObjectiveFactory(
            strategy=world.objective.strategy, year=2023, number=number, goals=[goal]
        )
        add_updates(objective, editor_user, QUARTERS[: number % 4 + 1])
        GoalFactory(strategy=world.objective.strategy).objectives.add(objective)
    large, page = count_queries(client, url)

    assert "objective 11" in page.lower()
    assert large == small


def test_the_approvals_page(editor_user):
    world = delivery_world(updates_need_approval=True)
    add_updates(world.objective, world.owner, QUARTERS[:1], cite=[world.falls])
    client = logged_in(editor_user)
    url = reverse("goals:approvals")
    small, _ = count_queries(client, url)

    for number in range(2, 8):
        objective = ObjectiveFactory(
            strategy=world.objective.strategy, year=2023, number=number, executive_owner=world.owner
        )
        project = ProjectFactory(objectives=[objective])
        measures = [MeasureFactory(project=project) for _ in range(3)]
        add_updates(objective, world.owner, QUARTERS, cite=measures)
    approve_update(update=world.objective.updates.get(), approved_by=editor_user)
    large, page = count_queries(client, url)

    assert page.count("Approve and publish") == 6 * 4
    assert large == small


@pytest.mark.parametrize("suffix", ["", "_csv"])
def test_the_board_report(editor_user, staff_user, suffix):
    world = delivery_world()
    world.objective.goals.add(GoalFactory(strategy=world.objective.strategy))
    add_updates(world.objective, editor_user, QUARTERS[:2], cite=[world.falls])
    client = logged_in(staff_user)
    url = reverse(f"goals:report{suffix}", args=["trust", QUARTERS[1].slug])
    small, _ = count_queries(client, url)

    for number in range(2, 10):
        objective = ObjectiveFactory(
            strategy=world.objective.strategy,
            year=2023,
            number=number,
            executive_owner=staff_with_job_title("Director"),
            goals=[GoalFactory(strategy=world.objective.strategy)],
        )
        objective.delivery_leads.add(staff_with_job_title("Matron"))
        project = ProjectFactory(objectives=[objective, world.objective])
        measures = [MeasureFactory(project=project) for _ in range(2)]
        add_updates(objective, editor_user, QUARTERS[:2], cite=measures)
    large, page = count_queries(client, url)

    assert page.count("Narrative Q2 2023-24") == 9
    assert large == small
