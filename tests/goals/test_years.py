"""Editors start a new year's objectives in the admin by copying last year's, carrying the
work that goes on where they choose to; the pages show the current year's and link to the
others."""

import pytest
from django.urls import reverse

from core import caching
from goals.models import Objective
from improvement.models import Idea, Project
from tests.conftest import logged_in
from tests.factories import GoalFactory, ObjectiveFactory, StrategyFactory, staff_with_job_title
from tests.html import links, text
from tests.improvement.factories import IdeaFactory, ProjectFactory

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


CHANGELIST = reverse("admin:goals_objective_changelist")


def choose(client, objectives):
    """The action chosen on the list: the page asking, objective by objective, what to carry."""
    return client.post(
        CHANGELIST,
        {"action": "copy_to_next_year", "_selected_action": [o.pk for o in objectives]},
    )


def copy(client, objectives, carry_work_of=()):
    return client.post(
        CHANGELIST,
        {
            "action": "copy_to_next_year",
            "_selected_action": [o.pk for o in objectives],
            "copy": "yes",
            "carry_work": [o.pk for o in carry_work_of],
        },
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


@pytest.fixture
def work(last_year):
    """What serves last year's objectives: work going on and work that has ended."""
    first, second = last_year
    return {
        "going on": [
            ProjectFactory(title="Safer wards", objectives=[first]),
            ProjectFactory(title="Paused audit", status=Project.Status.ON_HOLD, objectives=[first]),
            IdeaFactory(title="Night lights", objectives=[first]),
            IdeaFactory(title="Ward huddles", status=Idea.Status.UNDER_REVIEW, objectives=[first]),
        ],
        "ended": [
            ProjectFactory(
                title="Finished",
                status=Project.Status.COMPLETED,
                closing_summary="Done.",
                objectives=[first],
            ),
            ProjectFactory(title="Stopped", status=Project.Status.STOPPED, objectives=[first]),
            IdeaFactory(
                title="Declined",
                status=Idea.Status.DECLINED,
                decline_reason="No.",
                objectives=[first],
            ),
        ],
        "other objective": [ProjectFactory(title="Discharge lounge", objectives=[second])],
    }


def test_the_editor_is_asked_objective_by_objective_whether_to_carry_its_work(
    editor_client, last_year, work
):
    page = choose(editor_client, last_year).content.decode()

    assert "Copy objectives to the next year" in page
    assert "Carry its work into 2024-25: 2 projects and 2 ideas going on" in text(page)
    assert "Carry its work into 2024-25: 1 project going on" in text(page)
    # Nothing is copied until the editor says so, and nothing is ticked to begin with.
    assert not Objective.objects.filter(year=2024).exists()
    assert 'name="carry_work" value' in page and "checked" not in page


def test_without_the_choice_no_work_is_carried(editor_client, last_year, work):
    copy(editor_client, last_year)

    for copied in Objective.objects.filter(year=2024):
        assert list(copied.projects.all()) == []
        assert list(copied.ideas.all()) == []


def test_the_work_going_on_is_carried_for_the_objectives_the_editor_ticks(
    editor_client, editor_user, last_year, work
):
    first, second = last_year
    projects_before = caching.generations("projects", "ideas", fresh=True)

    response = copy(editor_client, last_year, carry_work_of=[first])

    assert "2 objectives copied to the next year with 4 links to the projects and ideas" in (
        response.content.decode()
    )
    new_first = Objective.objects.get(year=2024, number=1)
    new_second = Objective.objects.get(year=2024, number=2)
    going_on = {record.title for record in work["going on"]}
    carried = {p.title for p in new_first.projects.all()} | {i.title for i in new_first.ideas.all()}
    assert carried == going_on
    assert list(new_second.projects.all()) == []
    # Last year's objective keeps all its work.
    assert first.projects.count() == 4 and first.ideas.count() == 3
    # Each carried record's history names the editor and holds both years' links.
    project = work["going on"][0]
    latest = project.history.first()
    assert latest.history_user == editor_user
    assert {link.objective_id for link in latest.objectives.all()} == {first.pk, new_first.pk}
    # The bulk write moved the pages' cache topics on.
    assert caching.generations("projects", "ideas", fresh=True) != projects_before


def test_the_new_years_objective_page_lists_the_carried_projects(editor_client, last_year, work):
    first, _ = last_year
    copy(editor_client, last_year, carry_work_of=[first])

    page = text(
        logged_in(staff_with_job_title("Nurse"))
        .get(reverse("goals:objective", args=["trust", 2024, 1]))
        .content.decode()
    )

    assert "Safer wards" in page and "Paused audit" in page
    assert "Finished" not in page and "Discharge lounge" not in page
