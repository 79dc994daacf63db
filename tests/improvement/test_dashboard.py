"""The programme's figures on the dashboard, the home page and objective pages.

A known programme: seven ideas and four projects at two sites, serving two objectives.

    idea  status        site   objectives  patients  inequalities  submitted
    i1    submitted     North  O1          yes       reduces       10 Jan 2024
    i2    submitted     North  O2          no        no effect     20 Jan 2024
    i3    under review  South  O1, O2      yes       reduces        5 Mar 2024
    i4    under review  North  O1          no        not known     15 Mar 2024
    i5    supported     South  O2          yes       no effect      2 Apr 2024
    i6    declined      South  O1          no        reduces       20 Apr 2024
    i7    merged (i4)   North  O2          no        not known     30 Jun 2024

    project  status       site   objectives  patients  inequalities  started
    p1       in progress  North  O1          yes       reduces        1 Feb 2024
    p2       in progress  South  O2          no        no effect      1 May 2024
    p3       completed    South  O1, O2      yes       not known      1 Mar 2024
    p4       on hold      North  O2          no        reduces        1 Jun 2024
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Objective, Site
from improvement.models import Project
from tests.dates import date_query
from tests.factories import ObjectiveFactory, SiteFactory, StrategyFactory
from tests.html import figure, parse, summary_value, table, text
from tests.improvement.factories import IdeaFactory, ProjectFactory
from tests.training.factories import CohortFactory

pytestmark = pytest.mark.django_db

DASHBOARD = "/improvement/"


def submitted_on(idea, day):
    moment = timezone.make_aware(datetime.datetime.combine(day, datetime.time(12)))
    idea.created_at = moment
    idea.save(update_fields=["created_at"])


@pytest.fixture
def programme():
    strategy = StrategyFactory(organisation__short_name="MSEFT")
    o1 = ObjectiveFactory(strategy=strategy, year=2024, number=1)
    o2 = ObjectiveFactory(strategy=strategy, year=2024, number=2)
    north = SiteFactory(name="North Hospital", short_name="North", order=1)
    south = SiteFactory(name="South Hospital", short_name="South", order=2)

    ideas = {}
    rows = [
        ("i1", "submitted", north, [o1], True, "reduces", datetime.date(2024, 1, 10)),
        ("i2", "submitted", north, [o2], False, "no_effect", datetime.date(2024, 1, 20)),
        ("i3", "under_review", south, [o1, o2], True, "reduces", datetime.date(2024, 3, 5)),
        ("i4", "under_review", north, [o1], False, "not_known", datetime.date(2024, 3, 15)),
        ("i5", "supported", south, [o2], True, "no_effect", datetime.date(2024, 4, 2)),
        ("i6", "declined", south, [o1], False, "reduces", datetime.date(2024, 4, 20)),
        ("i7", "merged", north, [o2], False, "not_known", datetime.date(2024, 6, 30)),
    ]
    for name, status, site, objectives, patients, inequalities, day in rows:
        ideas[name] = IdeaFactory(
            title=f"Idea {name}",
            status=status,
            site=site,
            objectives=objectives,
            involves_patients=patients,
            health_inequalities=inequalities,
            decline_reason="Done already." if status == "declined" else "",
            merged_into=ideas.get("i4") if status == "merged" else None,
        )
        submitted_on(ideas[name], day)

    projects = {}
    for name, status, site, objectives, patients, inequalities, day in [
        ("p1", "in_progress", north, [o1], True, "reduces", datetime.date(2024, 2, 1)),
        ("p2", "in_progress", south, [o2], False, "no_effect", datetime.date(2024, 5, 1)),
        ("p3", "completed", south, [o1, o2], True, "not_known", datetime.date(2024, 3, 1)),
        ("p4", "on_hold", north, [o2], False, "reduces", datetime.date(2024, 6, 1)),
    ]:
        projects[name] = ProjectFactory(
            title=f"Project {name}",
            status=status,
            site=site,
            objectives=objectives,
            involves_patients=patients,
            health_inequalities=inequalities,
            start_date=day,
            target_date=day + datetime.timedelta(days=180),
        )
    return SimpleNamespace(o1=o1, o2=o2, north=north, south=south, **ideas, **projects)


def headline(response):
    return (
        figure(response, "ideas-received"),
        figure(response, "ideas-under-review"),
        figure(response, "projects-in-progress"),
        figure(response, "projects-completed"),
    )


def by_site(response):
    return table(response, "Ideas and projects by hospital site")


def by_objective(response):
    return table(response, "Ideas and projects by strategic objective")


def per_month(response):
    return table(response, "Ideas received per month")


def inequalities(response):
    return table(response, "Expected effect on health inequalities")


def test_the_dashboard_shows_the_whole_programme(staff_client, programme):
    response = staff_client.get(DASHBOARD)

    assert response.status_code == 200
    assert headline(response) == (7, 2, 2, 1)
    assert summary_value(response, "Projects on hold") == "1"
    assert summary_value(response, "Projects stopped") == "0"
    assert by_site(response) == [
        ["North Hospital", "4", "1", "0"],
        ["South Hospital", "3", "1", "1"],
    ]
    assert by_objective(response) == [
        ["MSEFT 2024-25 objective 1", "4", "1", "1"],
        ["MSEFT 2024-25 objective 2", "4", "1", "1"],
    ]
    assert summary_value(response, "Ideas involving patients or carers") == "3 of 7"
    assert summary_value(response, "Projects involving patients or carers") == "2 of 4"
    assert inequalities(response) == [
        ["Expected to reduce health inequalities", "3", "2"],
        ["No expected effect on health inequalities", "2", "1"],
        ["Not known yet", "2", "1"],
    ]
    assert per_month(response) == [
        ["January 2024", "2"],
        ["February 2024", "0"],
        ["March 2024", "2"],
        ["April 2024", "2"],
        ["May 2024", "0"],
        ["June 2024", "1"],
    ]
    chart = parse(response).find("figcaption").text
    assert chart == (
        "Ideas received per month. 7 ideas from January 2024 to June 2024; the most in one "
        "month was 2, in January 2024."
    )
    assert len(list(parse(response).find_all("rect", css_class="portal-chart__bar"))) == 6


def test_the_objective_rows_link_to_the_objectives(staff_client, programme):
    response = staff_client.get(DASHBOARD)

    row = parse(response).find("a", href=programme.o1.get_absolute_url())
    assert row.text == "MSEFT 2024-25 objective 1"


def test_filtering_by_site(staff_client, programme):
    response = staff_client.get(DASHBOARD, {"site": programme.north.pk})

    assert headline(response) == (4, 1, 1, 0)
    assert by_site(response) == [
        ["North Hospital", "4", "1", "0"],
        ["South Hospital", "0", "0", "0"],
    ]
    assert per_month(response) == [
        ["January 2024", "2"],
        ["February 2024", "0"],
        ["March 2024", "1"],
        ["April 2024", "0"],
        ["May 2024", "0"],
        ["June 2024", "1"],
    ]
    assert summary_value(response, "Ideas involving patients or carers") == "1 of 4"
    assert summary_value(response, "Projects involving patients or carers") == "1 of 2"
    assert (
        parse(response).find("option", value=str(programme.north.pk)).attrs.get("selected")
        is not None
    )


def test_filtering_by_objective(staff_client, programme):
    response = staff_client.get(DASHBOARD, {"objective": programme.o1.pk})

    assert headline(response) == (4, 2, 1, 1)
    assert by_site(response) == [
        ["North Hospital", "2", "1", "0"],
        ["South Hospital", "2", "0", "1"],
    ]
    assert by_objective(response)[0] == ["MSEFT 2024-25 objective 1", "4", "1", "1"]
    assert inequalities(response) == [
        ["Expected to reduce health inequalities", "3", "1"],
        ["No expected effect on health inequalities", "0", "0"],
        ["Not known yet", "1", "1"],
    ]


def test_filtering_by_idea_status_leaves_the_projects(staff_client, programme):
    response = staff_client.get(DASHBOARD, {"idea_status": "under_review"})

    assert headline(response) == (2, 2, 2, 1)
    assert by_site(response) == [
        ["North Hospital", "1", "1", "0"],
        ["South Hospital", "1", "1", "1"],
    ]
    assert per_month(response) == [["March 2024", "2"]]


def test_filtering_by_project_status_leaves_the_ideas(staff_client, programme):
    response = staff_client.get(DASHBOARD, {"project_status": "completed"})

    assert headline(response) == (7, 2, 0, 1)
    assert summary_value(response, "Projects involving patients or carers") == "1 of 1"
    assert summary_value(response, "Projects on hold") == "0"


def test_filtering_by_dates(staff_client, programme):
    response = staff_client.get(DASHBOARD, date_query(date_from="01/03/2024", date_to="30/04/2024"))

    assert headline(response) == (4, 2, 0, 1)
    assert per_month(response) == [["March 2024", "2"], ["April 2024", "2"]]
    assert by_site(response) == [
        ["North Hospital", "1", "0", "0"],
        ["South Hospital", "3", "0", "1"],
    ]


def test_the_dates_include_the_last_day(staff_client, programme):
    response = staff_client.get(DASHBOARD, date_query(date_from="30/6/2024", date_to="30/6/2024"))

    assert headline(response) == (1, 0, 0, 0)


def test_filters_combine(staff_client, programme):
    response = staff_client.get(
        DASHBOARD,
        {
            "site": programme.south.pk,
            "objective": programme.o2.pk,
            **date_query(date_to="31/03/2024"),
        },
    )

    # South ideas serving O2 submitted by March: i3. South projects serving O2 by March: p3.
    assert headline(response) == (1, 1, 0, 1)


def test_an_impossible_date_is_an_error_not_a_crash(staff_client, programme):
    response = staff_client.get(DASHBOARD, date_query(date_from="31/02/2024"))

    assert response.status_code == 200
    summary = parse(response).find(css_class="nhsuk-error-summary")
    assert summary is not None
    assert "From must be a real date" in summary.text
    assert headline(response) == (7, 2, 2, 1)


def test_a_to_date_before_the_from_date_is_an_error(staff_client, programme):
    response = staff_client.get(DASHBOARD, date_query(date_from="01/05/2024", date_to="01/03/2024"))

    assert response.status_code == 200
    assert "The 'to' date must be on or after the 'from' date" in text(response)


def test_an_unknown_site_is_an_error_not_a_crash(staff_client, programme):
    response = staff_client.get(DASHBOARD, {"site": "999999", "objective": "x"})

    assert response.status_code == 200
    assert parse(response).find(css_class="nhsuk-error-summary") is not None
    assert headline(response) == (7, 2, 2, 1)


def test_a_bad_date_leaves_the_other_filters_applied(staff_client, programme):
    response = staff_client.get(
        DASHBOARD, {"site": programme.north.pk, **date_query(date_from="31/02/2024")}
    )

    assert "From must be a real date" in parse(response).find(css_class="nhsuk-error-summary").text
    assert headline(response) == (4, 1, 1, 0)


def test_an_empty_programme(staff_client):
    response = staff_client.get(DASHBOARD)

    assert headline(response) == (0, 0, 0, 0)
    assert "No ideas in this period." in text(response)
    assert "No ideas or projects are linked to an objective yet." in text(response)


# The home page and objective pages --------------------------------------------------------


def test_the_home_page_shows_the_headline_figures(client, seeded):
    site = Site.objects.get(slug="basildon")
    objective = Objective.objects.filter(strategy__organisation__slug="mseft").first()
    for _ in range(3):
        IdeaFactory(site=site, objectives=[objective])
    for status in ["completed", "completed", "in_progress", "on_hold"]:
        ProjectFactory(site=site, objectives=[objective], status=status)

    response = client.get(reverse("goals:home"))

    section = parse(response).find("section", aria_labelledby="programme-figures")
    figures = [card.text for card in section.find_all(css_class="nhsuk-card__content")]
    assert figures == [
        "3 project ideas received",
        "2 projects supported to completion",
        "1 projects in progress",
    ]
    assert "Log in to submit an improvement idea" in section.text


def test_the_home_page_invites_staff_to_submit_an_idea(staff_client, seeded):
    response = staff_client.get(reverse("goals:home"))

    section = parse(response).find("section", aria_labelledby="programme-figures")
    assert section.find("a", href=reverse("improvement:idea_create")) is not None
    assert "0 project ideas received" in section.text


@pytest.fixture
def served(programme):
    """Add an idea and project serving another objective, which o1's page must not count."""
    other = ObjectiveFactory()
    IdeaFactory(title="Elsewhere idea", objectives=[other])
    ProjectFactory(title="Elsewhere project", objectives=[other])
    return programme


def status_table(response, caption):
    return {label: int(count) for label, count in table(response, caption)}


def test_an_objective_page_counts_its_ideas_and_projects_by_status(staff_client, served):
    response = staff_client.get(served.o1.get_absolute_url())

    assert status_table(response, "Ideas by status") == {
        "Submitted": 1,
        "Under review": 2,
        "Supported": 0,
        "Declined": 1,
        "Merged": 0,
        "Withdrawn": 0,
    }
    assert status_table(response, "Projects by status") == {
        "In progress": 1,
        "On hold": 0,
        "Completed": 1,
        "Stopped": 0,
    }
    section = parse(response).find("section", aria_labelledby="work-serving")
    for title in ("Idea i1", "Idea i3", "Idea i4", "Idea i6", "Project p1", "Project p3"):
        assert title in section.text
    for title in ("Idea i2", "Idea i5", "Project p2", "Elsewhere"):
        assert title not in section.text


def test_an_objective_page_shows_visitors_the_counts_only(anonymous_client, served):
    response = anonymous_client.get(served.o1.get_absolute_url())

    assert response.status_code == 200
    assert status_table(response, "Ideas by status")["Under review"] == 2
    assert status_table(response, "Projects by status")["Completed"] == 1
    section = parse(response).find("section", aria_labelledby="work-serving")
    assert "Idea i" not in section.text
    assert "Project p" not in section.text
    assert "Log in to see the ideas and projects" in section.text


def test_an_objective_page_lists_the_ten_most_recent(staff_client, programme):
    for number in range(12):
        idea = IdeaFactory(title=f"Recent idea {number:02d}", objectives=[programme.o1])
        submitted_on(idea, datetime.date(2025, 1, 1 + number))

    response = staff_client.get(programme.o1.get_absolute_url())

    section = parse(response).find("section", aria_labelledby="work-serving")
    listed = [link.text for link in section.find_all("a") if link.text.startswith("Recent")]
    assert listed == [f"Recent idea {number:02d}" for number in range(11, 1, -1)]
    assert status_table(response, "Ideas by status")["Submitted"] == 13
    more = section.find("a", href=f"/improvement/ideas/?objective={programme.o1.pk}")
    assert more.text == "All ideas serving this objective"


def test_the_site_link_filters_the_dashboard(staff_client, programme):
    response = staff_client.get(programme.south.get_absolute_url())

    assert headline(response) == (3, 1, 1, 1)


def test_the_project_list_counts_match_the_dashboard(staff_client, programme):
    dashboard = staff_client.get(DASHBOARD, {"site": programme.south.pk})
    projects = staff_client.get(
        reverse("improvement:projects"), {"site": programme.south.pk, "status": "in_progress"}
    )
    assert f"{figure(dashboard, 'projects-in-progress')} project found." in text(projects)
    assert Project.objects.filter(site=programme.south, status="in_progress").count() == 1


def test_the_names_its_tags_write_are_escaped(staff_client):
    """The dashboard's tables and lists are written in Python (templatetags/improvement.py):
    what people named is escaped there as the template escaped it."""
    site = SiteFactory(name="Kings & <Queens>", short_name="K&Q")
    objective = ObjectiveFactory(
        strategy=StrategyFactory(organisation__short_name="A&B"), year=2024, number=1
    )
    IdeaFactory(site=site, objectives=[objective])
    CohortFactory(site=site, name="<b>Spring</b>", course__name="QSIR & more", capacity=1)

    response = staff_client.get(DASHBOARD)
    html = response.content.decode()

    assert "<Queens>" not in html and "<b>Spring</b>" not in html
    assert ["Kings & <Queens>", "1", "0", "0"] in by_site(response)
    assert parse(response).find("a", href=objective.get_absolute_url()).text == (
        "A&B 2024-25 objective 1"
    )
    assert "QSIR & more: <b>Spring</b>" in text(response)
    assert "Kings & <Queens>, starts" in text(response)
    assert "1 of 1 place free" in text(response)
