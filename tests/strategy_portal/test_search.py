"""One search across the portal: strategy and values for anyone; ideas, projects, measures
and QSIR cohorts for staff signed in, grouped by kind; words found in any of their forms
("listening" finds "listen"); an idea's reference finds that idea exactly."""

import pytest
from django.urls import reverse

from tests.factories import BehaviourFactory
from tests.html import links, visible_text
from tests.improvement.factories import IdeaFactory, MeasureFactory, ProjectFactory
from tests.training.factories import CohortFactory, CourseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def programme():
    discharge = IdeaFactory(
        title="Earlier discharge", problem="Patients wait for transport on the day they go."
    )
    IdeaFactory(title="Fewer falls", problem="Patients fall at night.")
    project = ProjectFactory(
        idea=discharge, title="Discharge lounge", problem_statement="Beds wait for patients."
    )
    MeasureFactory(project=project, name="Discharges before noon")
    CohortFactory(name="Spring", course=CourseFactory(name="QSIR five-week course"))
    BehaviourFactory(statement="I take time to listen")
    return discharge, project


def search(client, query):
    return client.get(reverse("search"), {"q": query})


def test_staff_find_ideas_projects_and_measures_grouped_by_kind(staff_client, programme):
    idea, project = programme

    response = search(staff_client, "discharge")

    text = visible_text(response)
    assert "3 results for “discharge”" in text
    for heading in ["Ideas", "Projects", "Measures"]:
        assert heading in text
    assert (idea.get_absolute_url(), "Earlier discharge") in links(response)
    assert (project.get_absolute_url(), "Discharge lounge") in links(response)
    assert "Fewer falls" not in text


def test_anyone_not_signed_in_finds_no_ideas_projects_or_cohorts(client, programme):
    text = visible_text(search(client, "discharge"))

    assert "0 results for “discharge”" in text
    assert "Earlier discharge" not in text
    assert "Spring" not in visible_text(search(client, "five-week"))


def test_a_word_is_found_in_its_other_forms(client, programme):
    text = visible_text(search(client, "listening"))

    assert "1 result for “listening”" in text
    assert "I take time to listen" in text


def test_staff_find_a_cohort_by_its_course(staff_client, programme):
    text = visible_text(search(staff_client, "five-week"))

    assert "QSIR cohorts" in text
    assert "QSIR five-week course: Spring" in text


@pytest.mark.parametrize("written", ["{reference}", "{reference_lower}", "{number}", "#{number}"])
def test_an_ideas_reference_finds_it_and_its_project(staff_client, programme, written):
    idea, project = programme
    query = written.format(
        reference=idea.reference, reference_lower=idea.reference.lower(), number=idea.pk
    )

    response = search(staff_client, query)

    assert (idea.get_absolute_url(), "Earlier discharge") in links(response)
    assert (project.get_absolute_url(), "Discharge lounge") in links(response)
    assert "Fewer falls" not in visible_text(response)


def test_the_idea_list_finds_an_idea_by_its_reference(staff_client, programme):
    idea, _ = programme

    response = staff_client.get(reverse("improvement:ideas"), {"q": idea.reference})

    assert "1 idea found." in visible_text(response)
    assert "Earlier discharge" in visible_text(response)
