"""Strategy editors see which objectives have no update for the last period to have ended."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.delivery_selectors import overdue
from goals.periods import last_ended
from goals.services import return_update, write_update
from tests.conftest import logged_in
from tests.factories import ObjectiveFactory, staff_with_job_title
from tests.html import table

from .delivery_world import QUARTERS, delivery_world, update_fields

pytestmark = pytest.mark.django_db


def test_objectives_with_no_update_for_the_last_ended_period_are_overdue(editor_user):
    world = delivery_world()
    second = ObjectiveFactory(strategy=world.objective.strategy, year=2023, number=2)
    write_update(objective=second, written_by=editor_user, **update_fields(period=QUARTERS[1]))
    ObjectiveFactory(strategy=world.objective.strategy, year=2024, number=1)

    # On 10 October 2023 the last quarter to have ended is Q2.
    [group] = [
        group
        for group in overdue(datetime.date(2023, 10, 10))
        if group.strategy == world.objective.strategy
    ]

    assert group.period.label == "Q2 2023-24"
    assert group.objectives == [world.objective]


def test_an_update_returned_to_its_writer_leaves_its_objective_overdue(editor_user):
    world = delivery_world(updates_need_approval=True)
    update = write_update(
        objective=world.objective, written_by=world.owner, **update_fields(period=QUARTERS[1])
    )
    strategy = world.objective.strategy

    def overdue_on_10_october():
        return [
            objective
            for group in overdue(datetime.date(2023, 10, 10))
            if group.strategy == strategy
            for objective in group.objectives
        ]

    assert overdue_on_10_october() == [], "an update awaiting approval is written"

    return_update(update=update, returned_by=editor_user, reason="Say what the falls were.")

    assert overdue_on_10_october() == [world.objective]


def overdue_today():
    """A world whose objective is of the year of the last quarter to have ended today."""
    world = delivery_world()
    world.period = last_ended(3)
    world.objective.year = world.period.year
    world.objective.save()
    return world


def test_the_overdue_page_lists_them_for_editors(editor_user, staff_client):
    world = overdue_today()
    url = reverse("goals:overdue")

    assert staff_client.get(url).status_code == 403
    page = logged_in(editor_user).get(url).content.decode()

    caption = f"{world.objective.strategy.organisation.short_name}: no update for "
    assert table(page, caption + world.period.label) == [
        [
            f"Strategic objective 1 ({world.objective.year_label})",
            "Nia Owen, Chief nurse",
            "Dev Lead",
        ]
    ]


def test_the_overdue_page_reads_the_same_however_many_are_overdue(editor_user):
    world = overdue_today()
    client = logged_in(editor_user)
    url = reverse("goals:overdue")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for number in range(2, 12):
        objective = ObjectiveFactory(
            strategy=world.objective.strategy,
            year=world.period.year,
            number=number,
            executive_owner=staff_with_job_title("Director"),
        )
        objective.delivery_leads.add(staff_with_job_title("Matron"))
    with CaptureQueriesContext(connection) as large:
        page = client.get(url).content.decode()

    assert page.count("Director") == 10
    assert len(large) == len(small)
