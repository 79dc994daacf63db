"""Editors start a new year's objectives in the admin by copying last year's; the pages
show the current year's and link to the others."""

import pytest
from django.urls import reverse

from goals.models import Objective
from tests.factories import GoalFactory, ObjectiveFactory, StrategyFactory, staff_with_job_title
from tests.html import links, text

pytestmark = pytest.mark.django_db


@pytest.fixture
def last_year():
    strategy = StrategyFactory(organisation__slug="trust")
    goal = GoalFactory(strategy=strategy, title="Safe care")
    owner = staff_with_job_title("Chief nurse")
    lead = staff_with_job_title("Matron")
    objectives = []
    for number in [1, 2]:
        objective = ObjectiveFactory(
            strategy=strategy,
            year=2023,
            number=number,
            statement=f"Statement {number}.",
            goals=[goal],
            executive_owner=owner,
        )
        objective.delivery_leads.add(lead)
        objectives.append(objective)
    return objectives


def copy(client, objectives):
    return client.post(
        reverse("admin:goals_objective_changelist"),
        {"action": "copy_to_next_year", "_selected_action": [o.pk for o in objectives]},
        follow=True,
    )


def test_an_editor_copies_last_years_objectives_as_the_new_years_start(editor_client, last_year):
    response = copy(editor_client, last_year)

    assert "2 objectives copied to the next year" in response.content.decode()
    copies = list(Objective.objects.filter(year=2024).order_by("number"))
    assert [(o.number, o.statement) for o in copies] == [(1, "Statement 1."), (2, "Statement 2.")]
    for original, copied in zip(last_year, copies, strict=True):
        assert list(copied.goals.all()) == list(original.goals.all())
        assert copied.executive_owner == original.executive_owner
        assert list(copied.delivery_leads.all()) == list(original.delivery_leads.all())
        [entry] = copied.history.all()
        assert entry.history_user.username == "editor"
        assert {link.goal_id for link in entry.goals.all()} == {g.pk for g in original.goals.all()}
    # The originals are as they were.
    assert Objective.objects.filter(year=2023).count() == 2


def test_a_number_the_next_year_has_already_is_not_copied_again(editor_client, last_year):
    copy(editor_client, last_year[:1])

    response = copy(editor_client, last_year)

    page = response.content.decode()
    assert "1 objective copied to the next year" in page
    assert "already has an objective 1 the next year" in page
    assert Objective.objects.filter(year=2024).count() == 2


def test_the_pages_show_the_latest_year_and_link_to_the_earlier_one(
    editor_client, client, last_year
):
    copy(editor_client, last_year)

    page = client.get(reverse("goals:strategy", args=["trust"])).content.decode()

    assert "Strategic objectives for 2024-25" in text(page)
    assert ("/strategies/trust/objectives/2023-24/", "2023-24") in links(page)
