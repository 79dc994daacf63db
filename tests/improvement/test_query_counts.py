"""Each page takes the same number of queries however many records it shows.

Every test counts a page's queries on a small programme, adds many more records of every
kind the page shows, and counts again: the two counts must be equal.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.prepared import readable
from goals.models import Objective
from improvement.models import Idea, Project
from tests.dates import date_query
from tests.factories import ObjectiveFactory, SiteFactory, StrategyFactory, UserFactory
from tests.improvement.factories import (
    IdeaFactory,
    IdeaStatusChangeFactory,
    MeasureFactory,
    PDSACycleFactory,
    ProgressScoreChangeFactory,
    ProjectFactory,
)
from tests.training.factories import CohortFactory, WardFactory

pytestmark = pytest.mark.django_db

STATUSES = list(Idea.Status)
PROJECT_STATUSES = list(Project.Status)


def count_queries(client, url):
    """The queries of rendering the page, not of serving its cached fragment, with the
    rollups it reads already brought up to date with the data (rebuilding one is a fixed
    number of queries too: tests/core/test_rollups.py)."""
    client.get(url)
    cache.clear()
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200, url
    return [readable(query["sql"]) for query in context.captured_queries]


def assert_flat(client, url, grow):
    """The page's query count on the data as it is, and after grow() adds much more."""
    client.get(url)  # caches filled once per process (content types, permissions) are not data
    before = count_queries(client, url)
    grow()
    after = count_queries(client, url)
    assert len(after) == len(before), "\n\n".join(
        [f"{len(before)} queries before, {len(after)} after:", *after]
    )


def make_idea(status, *, site, objectives, submitted_by=None, month=1, into=None):
    fields = {"site": site, "objectives": objectives, "status": status}
    if submitted_by is not None:
        fields["submitted_by"] = submitted_by
    if status == Idea.Status.DECLINED:
        fields["decline_reason"] = "Done already."
    if status == Idea.Status.MERGED:
        fields["merged_into"] = into or IdeaFactory(site=site, objectives=objectives)
    idea = IdeaFactory(**fields)
    moment = timezone.make_aware(datetime.datetime(2024, month, 15, 12))
    idea.created_at = moment
    idea.save(update_fields=["created_at"])
    return idea


def make_project(status, *, site, objectives, lead=None):
    fields = {"site": site, "objectives": objectives, "status": status}
    if lead is not None:
        fields["lead"] = lead
    return ProjectFactory(**fields)


def many_ideas_and_projects(*, count=30, sites=None, objectives=None, submitted_by=None):
    sites = sites or [SiteFactory() for _ in range(3)]
    strategy = StrategyFactory()
    objectives = objectives or [ObjectiveFactory(strategy=strategy) for _ in range(4)]
    for number in range(count):
        make_idea(
            STATUSES[number % len(STATUSES)],
            site=sites[number % len(sites)],
            objectives=objectives[number % 3 : number % 3 + 2],
            submitted_by=submitted_by,
            month=1 + number % 12,
        )
    for number in range(count // 2):
        project = make_project(
            PROJECT_STATUSES[number % len(PROJECT_STATUSES)],
            site=sites[number % len(sites)],
            objectives=objectives[number % 3 : number % 3 + 2],
        )
        MeasureFactory(project=project)


@pytest.fixture
def small(site, objective, staff_user):
    """A small programme: a few ideas and projects of the member of staff's."""
    make_idea(Idea.Status.SUBMITTED, site=site, objectives=[objective], submitted_by=staff_user)
    make_idea(Idea.Status.UNDER_REVIEW, site=site, objectives=[objective], submitted_by=staff_user)
    for status in (Project.Status.IN_PROGRESS, Project.Status.COMPLETED):
        MeasureFactory(project=make_project(status, site=site, objectives=[objective]))


def test_the_dashboard(staff_client, small):
    assert_flat(staff_client, reverse("improvement:dashboard"), many_ideas_and_projects)


def test_the_filtered_dashboard(staff_client, small, site, objective):
    url = (
        reverse("improvement:dashboard")
        + f"?site={site.pk}&objective={objective.pk}&"
        + urlencode(date_query(date_from="1/1/2024", date_to="31/12/2024"))
    )

    assert_flat(
        staff_client,
        url,
        lambda: many_ideas_and_projects(sites=[site, SiteFactory()], objectives=[objective] * 4),
    )


def test_the_idea_list(staff_client, small):
    assert_flat(staff_client, reverse("improvement:ideas"), many_ideas_and_projects)


def test_the_filtered_idea_list(staff_client, small, objective):
    url = reverse("improvement:ideas") + f"?objective={objective.pk}&sort=title&q=idea"

    assert_flat(staff_client, url, lambda: many_ideas_and_projects(objectives=[objective] * 4))


def test_my_ideas(staff_client, staff_user, small):
    def grow():
        many_ideas_and_projects(submitted_by=staff_user)
        for idea in IdeaFactory.create_batch(10):
            idea.followers.add(staff_user)

    assert_flat(staff_client, reverse("improvement:my_ideas"), grow)


def test_an_idea_page(staff_client, lead_user, site, objective):
    idea = make_idea(Idea.Status.UNDER_REVIEW, site=site, objectives=[objective])
    IdeaStatusChangeFactory(idea=idea, changed_by=lead_user, reason="Looks good.")
    make_idea(Idea.Status.MERGED, site=site, objectives=[objective], into=idea)
    idea.followers.add(lead_user)

    def grow():
        strategies = [StrategyFactory() for _ in range(3)]
        idea.objectives.add(
            *(ObjectiveFactory(strategy=strategies[number % 3]) for number in range(12))
        )
        for _ in range(25):
            IdeaStatusChangeFactory(idea=idea, reason="Another look.")
        for _ in range(15):
            make_idea(Idea.Status.MERGED, site=SiteFactory(), objectives=[objective], into=idea)
        idea.followers.add(*UserFactory.create_batch(10))

    assert_flat(staff_client, idea.get_absolute_url(), grow)


def test_a_supported_idea_page(lead_client, lead_user, site, objective):
    idea = make_idea(Idea.Status.SUPPORTED, site=site, objectives=[objective])
    IdeaStatusChangeFactory(idea=idea, changed_by=lead_user)
    ProjectFactory(idea=idea, site=site, objectives=[objective])

    def grow():
        idea.objectives.add(*ObjectiveFactory.create_batch(10))
        IdeaStatusChangeFactory.create_batch(20, idea=idea)

    assert_flat(lead_client, idea.get_absolute_url(), grow)


def test_the_project_list(staff_client, small):
    def grow():
        many_ideas_and_projects()
        for project in Project.objects.all():
            MeasureFactory.create_batch(3, project=project)

    assert_flat(staff_client, reverse("improvement:projects"), grow)


def test_a_project_page(lead_client, lead_user, site, objective):
    idea = make_idea(Idea.Status.SUPPORTED, site=site, objectives=[objective])
    project = ProjectFactory(
        idea=idea, site=site, objectives=[objective], sponsor=lead_user, lead=lead_user
    )
    project.team.add(UserFactory())
    MeasureFactory(project=project)
    PDSACycleFactory(project=project)
    ProgressScoreChangeFactory(project=project)

    def grow():
        project.team.add(*UserFactory.create_batch(20))
        strategies = [StrategyFactory() for _ in range(3)]
        project.objectives.add(
            *(ObjectiveFactory(strategy=strategies[number % 3]) for number in range(9))
        )
        MeasureFactory.create_batch(12, project=project)
        PDSACycleFactory.create_batch(15, project=project)
        ProgressScoreChangeFactory.create_batch(20, project=project)

    assert_flat(lead_client, project.get_absolute_url(), grow)


def test_an_objective_page_for_staff(staff_client, small, objective):
    def grow():
        many_ideas_and_projects(objectives=[objective] * 4)

    assert_flat(staff_client, objective.get_absolute_url(), grow)


def test_an_objective_page_for_visitors(anonymous_client, small, objective):
    def grow():
        many_ideas_and_projects(objectives=[objective] * 4)

    assert_flat(anonymous_client, objective.get_absolute_url(), grow)


def test_the_home_page_with_the_programme_figures(anonymous_client, staff_client, seeded):
    from goals.models import Site

    sites = list(Site.objects.all())
    objectives = list(Objective.objects.filter(strategy__organisation__slug="mseft"))
    make_idea(Idea.Status.SUBMITTED, site=sites[0], objectives=objectives[:1])
    make_project(Project.Status.COMPLETED, site=sites[0], objectives=objectives[:1])

    for client in (anonymous_client, staff_client):
        assert_flat(
            client,
            reverse("goals:home"),
            lambda: many_ideas_and_projects(count=20, sites=sites, objectives=objectives),
        )


def test_the_charter_does_not_grow_with_the_number_of_staff(lead_client, site, objective):
    """Its people are picked by typing, not chosen from a list of everyone, and its cohorts
    searched: the page's queries are the same and its size about the same with 10
    colleagues or 200, a few cohorts or many, a team of 3 or 12; and it stays well under
    100 KB (it is about 24 KB for the scale-100 demo's charters)."""
    project = ProjectFactory(site=site, objectives=[objective])
    project.team.set(UserFactory.create_batch(3))
    WardFactory.create_batch(20, site=site)
    url = reverse("improvement:project_charter", args=[project.pk])

    def staff(count):
        UserFactory.create_batch(count - get_user_model().objects.count())

    staff(10)
    lead_client.get(url)
    small_queries = count_queries(lead_client, url)
    small_size = len(lead_client.get(url).content)
    staff(200)
    CohortFactory.create_batch(10, site=site, starts_on=project.start_date)
    WardFactory.create_batch(20, site=SiteFactory())
    large_queries = count_queries(lead_client, url)
    large_size = len(lead_client.get(url).content)
    project.team.add(*UserFactory.create_batch(9))
    full_team_size = len(lead_client.get(url).content)

    assert len(large_queries) == len(small_queries)
    assert large_size < small_size * 1.02
    assert len(count_queries(lead_client, url)) == len(small_queries)
    assert full_team_size < 100_000


def test_the_charter_shown_afresh_reads_each_thing_once(lead_client, site, objective):
    """Its budget, which the bench's cold target leaves no room to grow: the session, the
    user, their permissions (one query: core.auth_backends), the project with its site, its
    team's ids, its people (one query for the three pickers), its objectives' ids, its
    measures, the header's unread count, and the sites, objectives and wards it offers."""
    project = ProjectFactory(site=site, objectives=[objective], sponsor=UserFactory())
    project.team.set(UserFactory.create_batch(3))
    MeasureFactory.create_batch(3, project=project)
    WardFactory.create_batch(3, site=site)
    url = reverse("improvement:project_charter", args=[project.pk])
    lead_client.get(url)

    queries = count_queries(lead_client, url)

    assert len([sql for sql in queries if sql.startswith("SELECT")]) == 12, "\n\n".join(queries)
