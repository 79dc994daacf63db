"""One search across the portal: strategy and values for anyone; ideas, projects, measures
and QSIR cohorts for staff signed in, grouped by kind; words found in any of their forms
("listening" finds "listen"); an idea's reference finds that idea exactly."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from improvement.models import Idea, Measure, Project
from tests.factories import (
    BehaviourFactory,
    GoalFactory,
    GuidingPrincipleFactory,
    ObjectiveFactory,
    SectionFactory,
    SectionItemFactory,
    StrategyFactory,
    ValueFactory,
)
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


MARKED_UP = '<b>Tea & "cake"</b>'
# A summary of more than the 20 words a result shows of it.
LONG = " ".join(f"word{n}" for n in range(30))


def test_each_kind_of_result_links_its_record_and_says_what_it_is(staff_client):
    strategy = StrategyFactory(
        title=f"Zebra plan {MARKED_UP}", organisation__short_name="ZOO", vision=""
    )
    organisation = strategy.organisation
    goal = GoalFactory(strategy=strategy, title="Zebra goal", description=f"Stripes {MARKED_UP}")
    objective = ObjectiveFactory(strategy=strategy, year=2025, number=2, statement="Zebra walk")
    section = SectionFactory(strategy=strategy, heading="Zebra section", introduction=LONG)
    plain_item = SectionItemFactory(section=section, title="Zebra item", summary="")
    summed_up = SectionItemFactory(section=section, title="Zebra note", summary=MARKED_UP)
    value = ValueFactory(organisation=organisation, name="Zebra value", summary=f"Zebra {LONG}")
    behaviour = BehaviourFactory(value=value, statement=f"I zebra {MARKED_UP}")
    principle = GuidingPrincipleFactory(
        organisation=organisation, title="Zebra principle", description="Zebra ways"
    )
    idea = IdeaFactory(title="Zebra idea", ward="Ward <1>", status=Idea.Status.UNDER_REVIEW)
    project = ProjectFactory(title="Zebra project", status=Project.Status.ON_HOLD, ward="W2")
    measure = MeasureFactory(project=project, name="Zebra measure", kind=Measure.Kind.PROCESS)
    cohort = CohortFactory(
        name="Zebra cohort",
        course=CourseFactory(name="QSIR & more"),
        starts_on=datetime.date(2027, 3, 5),
        sessions=False,
    )

    response = search(staff_client, "zebra")

    found = links(response)
    for record, text in [
        (strategy, strategy.title),
        (goal, "Zebra goal"),
        (objective, "Strategic objective 2, 2025-26"),
        (section, "Zebra section"),
        (plain_item, "Zebra item"),
        (summed_up, "Zebra note"),
        (value, "Zebra value"),
        (behaviour, behaviour.statement),
        (principle, "Zebra principle"),
        (idea, "Zebra idea"),
        (project, "Zebra project"),
        (measure, "Zebra measure"),
        (cohort, "QSIR & more: Zebra cohort"),
    ]:
        assert (record.get_absolute_url(), text) in found
    text = visible_text(response)
    first_words = " ".join(LONG.split()[:20])
    for said in [
        "Strategy, ZOO",
        f"Goal, ZOO: Stripes {MARKED_UP}",
        "ZOO: Zebra walk",
        f"ZOO: {first_words} …",
        "Zebra section, ZOO",
        f"Zebra section, ZOO: {MARKED_UP}",
        f"Value, ZOO: Zebra {' '.join(LONG.split()[:19])} …",
        "Behaviour under Zebra value, ZOO values",
        "Guiding principle, ZOO: Zebra ways",
        f"{idea.reference}, {idea.site.short_name}, Ward <1>: under review",
        f"Project, {project.site.short_name}, W2: on hold",
        "Process measure of Zebra project",
        f"{cohort.site.short_name}, starting 5 March 2027",
    ]:
        assert said in text
    assert "<b>" not in response.content.decode()


def test_the_search_reads_as_many_queries_however_much_it_finds(staff_client, programme):
    def queries_for(query):
        with CaptureQueriesContext(connection) as read:
            assert search(staff_client, query).status_code == 200
        return len(read)

    few = queries_for("discharge")
    for number in range(30):
        IdeaFactory(title=f"Discharge {number}")
        MeasureFactory(project=programme[1], name=f"Discharges {number}")
        CohortFactory(name=f"Discharge {number}", sessions=False)
        GoalFactory(title=f"Discharge {number}")

    # The session, the user, the unread count, and one query a kind of result.
    assert queries_for("discharge") == few == 15
    assert queries_for(programme[0].reference) == 3 + 2 + 8 + 1
