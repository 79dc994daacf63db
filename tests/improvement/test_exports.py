"""The CSV downloads of ideas and projects: what a spreadsheet user gets."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from improvement import services
from improvement.models import Idea, Project
from tests.dates import date_query
from tests.factories import ObjectiveFactory, SiteFactory, StrategyFactory, UserFactory
from tests.html import login_url
from tests.improvement.factories import IdeaFactory, ProjectFactory

pytestmark = pytest.mark.django_db

IDEAS = "/improvement/ideas/export.csv"
PROJECTS = "/improvement/projects/export.csv"

IDEA_HEADER = [
    "Reference",
    "Title",
    "Status",
    "Submitted on",
    "Submitted by",
    "Site",
    "Ward or department",
    "Strategic objectives",
    "Patients or carers involved",
    "Effect on health inequalities",
    "Problem",
    "Proposed change",
    "Merged into",
]
PROJECT_HEADER = [
    "Title",
    "Status",
    "QSIR phase",
    "IHI progress score",
    "Project lead",
    "Sponsor",
    "Site",
    "Ward or department",
    "Strategic objectives",
    "Start date",
    "Target date",
    "Patients or carers involved",
    "Effect on health inequalities",
    "SMART aim",
    "Outcomes achieved",
    "From idea",
]


def download(client, url, params=None):
    response = client.get(url, params or {})
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    body = b"".join(response.streaming_content)
    text = body.decode("utf-8")
    # A byte-order mark, so spreadsheet programs read the file as UTF-8.
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:])))
    return response, rows


def records(rows):
    header, *body = rows
    return [dict(zip(header, row, strict=True)) for row in body]


@pytest.fixture
def objectives():
    strategy = StrategyFactory()
    return [
        ObjectiveFactory(strategy=strategy, year=2024, number=1),
        ObjectiveFactory(strategy=strategy, year=2024, number=3),
    ]


@pytest.fixture
def ideas(lead_user, objectives):
    basildon = SiteFactory(short_name="Basildon")
    southend = SiteFactory(short_name="Southend")
    nurse = UserFactory(username="a.nurse", first_name="Ada", last_name="Nurse")
    first = IdeaFactory(
        title="Quieter wards",
        problem="Noise at night.",
        proposed_change="Dim the lights.",
        site=basildon,
        ward="Ward 4",
        objectives=objectives,
        submitted_by=nurse,
        involves_patients=True,
        health_inequalities="reduces",
    )
    # Half past midnight in London, still the day before in UTC.
    Idea.objects.filter(pk=first.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2024, 4, 1, 0, 30))
    )
    second = services.start_review(
        idea=IdeaFactory(title="Fewer falls", site=southend, objectives=objectives[:1]),
        changed_by=lead_user,
    )
    second = services.merge_idea(idea=second, into=first, changed_by=lead_user)
    third = services.start_review(
        idea=IdeaFactory(title="Declined one", site=southend, objectives=objectives[1:]),
        changed_by=lead_user,
    )
    services.decline_idea(idea=third, changed_by=lead_user, reason="Secret reason for the lead.")
    return first, second, third


def test_the_ideas_csv_has_a_header_and_a_row_per_idea(staff_client, ideas):
    first, second, third = ideas

    response, rows = download(staff_client, IDEAS)

    assert rows[0] == IDEA_HEADER
    assert len(rows) == 4
    by_title = {row["Title"]: row for row in records(rows)}
    assert by_title["Quieter wards"] == {
        "Reference": first.reference,
        "Title": "Quieter wards",
        "Status": "Submitted",
        "Submitted on": "2024-04-01",
        "Submitted by": "Ada Nurse",
        "Site": "Basildon",
        "Ward or department": "Ward 4",
        "Strategic objectives": "2024-25 objective 1; 2024-25 objective 3",
        "Patients or carers involved": "Yes",
        "Effect on health inequalities": "Expected to reduce health inequalities",
        "Problem": "Noise at night.",
        "Proposed change": "Dim the lights.",
        "Merged into": "",
    }
    assert by_title["Fewer falls"]["Status"] == "Merged"
    assert by_title["Fewer falls"]["Merged into"] == first.reference
    assert by_title["Declined one"]["Status"] == "Declined"
    # Oldest first.
    assert [row["Title"] for row in records(rows)][0] == "Quieter wards"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="ideas-{today}.csv"'


def test_the_ideas_csv_does_not_reveal_why_an_idea_was_declined(staff_client, ideas):
    _, rows = download(staff_client, IDEAS)

    assert "Secret reason" not in repr(rows)


def test_the_ideas_csv_applies_the_list_filters(staff_client, ideas, objectives):
    first, second, third = ideas

    _, rows = download(staff_client, IDEAS, {"status": "declined"})
    assert [row["Title"] for row in records(rows)] == ["Declined one"]

    _, rows = download(staff_client, IDEAS, {"site": first.site.pk})
    assert [row["Title"] for row in records(rows)] == ["Quieter wards"]

    # An idea serving several objectives appears once.
    _, rows = download(staff_client, IDEAS, {"objective": objectives[0].pk})
    assert sorted(row["Title"] for row in records(rows)) == ["Fewer falls", "Quieter wards"]

    _, rows = download(staff_client, IDEAS, {"q": "falls"})
    assert [row["Title"] for row in records(rows)] == ["Fewer falls"]

    _, rows = download(staff_client, IDEAS, date_query(date_from="01/04/2024", date_to="1/4/2024"))
    assert [row["Title"] for row in records(rows)] == ["Quieter wards"]

    _, rows = download(staff_client, IDEAS, date_query(date_to="31/03/2024"))
    assert rows == [IDEA_HEADER]

    _, rows = download(staff_client, IDEAS, {"status": "supported"})
    assert rows == [IDEA_HEADER]


def test_the_list_links_to_its_own_filtered_download(staff_client, ideas):
    response = staff_client.get(reverse("improvement:ideas"), {"status": "declined", "page": "1"})

    assert f'href="{IDEAS}?status=declined"' in response.content.decode()


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_title_a_spreadsheet_would_run_as_a_formula_is_made_safe(staff_client, start):
    title = f'{start}HYPERLINK("http://evil.example","Click")'
    IdeaFactory(title=title, ward=f"{start}1+1", problem=f"{start}SUM(A1:A2)")
    ProjectFactory(title=title, aim=f"{start}cmd|' /C calc'!A0")

    _, idea_rows = download(staff_client, IDEAS)
    _, project_rows = download(staff_client, PROJECTS)

    idea = records(idea_rows)[0]
    assert idea["Title"] == f"'{title}"
    assert idea["Ward or department"] == f"'{start}1+1"
    assert idea["Problem"] == f"'{start}SUM(A1:A2)"
    project = records(project_rows)[0]
    assert project["Title"] == f"'{title}"
    assert project["SMART aim"] == f"'{start}cmd|' /C calc'!A0"


def test_ordinary_text_is_left_alone(staff_client):
    IdeaFactory(title="Café ✓ – naïve “quotes”, commas, and\nnew lines", ward="Ward 1-2")
    ProjectFactory(title="Zürich ✓ project", aim="Reduce falls by 20%")

    _, idea_rows = download(staff_client, IDEAS)
    _, project_rows = download(staff_client, PROJECTS)

    idea = records(idea_rows)[0]
    assert idea["Title"] == "Café ✓ – naïve “quotes”, commas, and\nnew lines"
    assert idea["Ward or department"] == "Ward 1-2"
    project = records(project_rows)[0]
    assert (project["Title"], project["SMART aim"]) == ("Zürich ✓ project", "Reduce falls by 20%")


def test_the_projects_csv_has_a_header_and_a_row_per_project(staff_client, lead_user, objectives):
    idea = services.start_review(idea=IdeaFactory(title="Fewer falls"), changed_by=lead_user)
    site = SiteFactory(short_name="Broomfield")
    supported = services.support_idea(
        idea=idea,
        changed_by=lead_user,
        aim="Halve falls by March.",
        lead=lead_user,
        start_date=datetime.date(2024, 4, 1),
        target_date=datetime.date(2025, 3, 31),
    )
    completed = ProjectFactory(
        title="Faster handovers",
        status=Project.Status.COMPLETED,
        closing_summary="Handovers take 20 minutes.",
        site=site,
        ward="Ward 9",
        objectives=objectives,
        lead=UserFactory(first_name="Ben", last_name="Lead"),
        sponsor=UserFactory(first_name="Sam", last_name="Sponsor"),
        phase=Project.Phase.SUSTAIN_AND_SHARE,
        progress_score="4.0",
        start_date=datetime.date(2023, 4, 1),
        target_date=datetime.date(2023, 12, 1),
        involves_patients=True,
        health_inequalities="no_effect",
    )

    response, rows = download(staff_client, PROJECTS)

    assert rows[0] == PROJECT_HEADER
    assert len(rows) == 3
    first, second = records(rows)
    assert first == {
        "Title": "Faster handovers",
        "Status": "Completed",
        "QSIR phase": "Sustain and share",
        "IHI progress score": "4.0",
        "Project lead": "Ben Lead",
        "Sponsor": "Sam Sponsor",
        "Site": "Broomfield",
        "Ward or department": "Ward 9",
        "Strategic objectives": "2024-25 objective 1; 2024-25 objective 3",
        "Start date": "2023-04-01",
        "Target date": "2023-12-01",
        "Patients or carers involved": "Yes",
        "Effect on health inequalities": "No expected effect on health inequalities",
        "SMART aim": completed.aim,
        "Outcomes achieved": "Handovers take 20 minutes.",
        "From idea": "",
    }
    assert (second["Title"], second["Status"], second["From idea"]) == (
        "Fewer falls",
        "In progress",
        idea.reference,
    )
    assert second["Sponsor"] == ""
    assert supported.idea == idea
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="projects-{today}.csv"'


def test_the_projects_csv_applies_the_list_filters(staff_client, objectives):
    north, south = SiteFactory(), SiteFactory()
    ProjectFactory(title="North running", site=north, objectives=objectives)
    ProjectFactory(title="North stopped", site=north, status=Project.Status.STOPPED)
    ProjectFactory(
        title="South running",
        site=south,
        phase=Project.Phase.MEASURE_AND_UNDERSTAND,
        start_date=datetime.date(2025, 1, 1),
        target_date=datetime.date(2025, 6, 1),
    )

    def titles(params):
        _, rows = download(staff_client, PROJECTS, params)
        return sorted(row["Title"] for row in records(rows))

    assert titles({"site": north.pk}) == ["North running", "North stopped"]
    assert titles({"status": "stopped"}) == ["North stopped"]
    assert titles({"phase": "measure_and_understand"}) == ["South running"]
    assert titles({"objective": objectives[1].pk}) == ["North running"]
    assert titles(date_query(date_from="01/01/2025")) == ["South running"]
    assert titles({"q": "stopped"}) == ["North stopped"]


@pytest.mark.parametrize("url", [IDEAS, PROJECTS])
def test_the_downloads_need_a_login(anonymous_client, url):
    IdeaFactory()
    ProjectFactory()

    response = anonymous_client.get(url)

    assert response.status_code == 302
    assert response["Location"] == login_url(url)
