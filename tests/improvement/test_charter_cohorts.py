"""A project charter's QSIR cohort, picked by typing rather than from a list: the search its
type-ahead asks (improvement:charter_cohorts), and the form without JavaScript, resolving
what was typed and checking every id posted."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from improvement.models import Project
from tests.factories import SiteFactory
from tests.html import error_summary, field_value, parse, text
from tests.improvement.charter_answers import charter, date_fields
from tests.improvement.factories import ProjectFactory
from tests.training.factories import CohortFactory, CourseFactory
from training.selectors import COHORT_RESULTS

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 6, 2)


@pytest.fixture
def project():
    return ProjectFactory(
        title="Better handovers",
        site=SiteFactory(short_name="Basildon", name="Basildon University Hospital"),
        start_date=START,
        target_date=datetime.date(2026, 6, 1),
    )


@pytest.fixture
def course():
    return CourseFactory(name="QSIR Practitioner")


def cohort(course, name, starts_on, site):
    return CohortFactory(course=course, name=name, site=site, starts_on=starts_on)


def search(client, project, **params):
    response = client.get(reverse("improvement:charter_cohorts", args=[project.pk]), params)
    assert response.status_code == 200
    return response.json()


def names(answer):
    return [found["name"] for found in answer["results"]]


def save(client, project, **overrides):
    url = reverse("improvement:project_charter", args=[project.pk])
    return client.post(url, charter(project, **overrides))


# The search ----------------------------------------------------------------------------


def test_the_search_finds_the_cohorts_the_charter_accepts_newest_first(
    lead_client, project, course
):
    here, elsewhere = project.site, SiteFactory(short_name="Southend")
    cohort(course, "March 2025", datetime.date(2025, 3, 3), here)
    cohort(course, "May 2025", datetime.date(2025, 5, 12), here)
    cohort(course, "September 2025", datetime.date(2025, 9, 1), here)
    cohort(course, "May 2025 Southend", datetime.date(2025, 5, 12), elsewhere)
    cohort(course, "May 2024", datetime.date(2024, 5, 13), here)  # a year before the start
    cohort(course, "May 2026", datetime.date(2026, 5, 11), here)  # a year after it

    assert names(search(lead_client, project, q="qsir")) == [
        "QSIR Practitioner: September 2025",
        "QSIR Practitioner: May 2025",
        "QSIR Practitioner: March 2025",
    ]
    # By the month or year it started, its own name, its course's or its site's.
    assert names(search(lead_client, project, q="may")) == ["QSIR Practitioner: May 2025"]
    assert names(search(lead_client, project, q="sept 2025")) == [
        "QSIR Practitioner: September 2025"
    ]
    assert names(search(lead_client, project, q="practitioner basildon mar")) == [
        "QSIR Practitioner: March 2025"
    ]
    assert names(search(lead_client, project, q="southend")) == []
    assert search(lead_client, project, q="")["results"] == []


def test_each_suggestion_shows_the_cohorts_site_and_dates(lead_client, project, course):
    found = cohort(course, "May 2025", datetime.date(2025, 5, 12), project.site)
    last = found.sessions.order_by("-date").first().date

    answer = search(lead_client, project, q="may 2025")

    assert answer == {
        "results": [
            {
                "id": found.pk,
                "name": "QSIR Practitioner: May 2025",
                "details": f"Basildon, 12 May 2025 to {last:%-d %B %Y}",
            }
        ],
        "more": False,
    }


def test_the_search_follows_the_site_and_start_date_on_the_form_not_those_saved(
    lead_client, project, course
):
    southend = SiteFactory(short_name="Southend")
    cohort(course, "May 2025", datetime.date(2025, 5, 12), project.site)
    cohort(course, "May 2027 Southend", datetime.date(2027, 5, 10), southend)
    moved = {"site": southend.pk, **date_fields("start_date", datetime.date(2027, 4, 1))}

    assert names(search(lead_client, project, q="may", **moved)) == [
        "QSIR Practitioner: May 2027 Southend"
    ]
    # A start date half typed, or a site that is not one, counts as not given.
    half_typed = {"site": "999999", "start_date_day": "1", "start_date_month": "13"}
    assert names(search(lead_client, project, q="may", **half_typed)) == [
        "QSIR Practitioner: May 2025"
    ]


def test_the_search_includes_the_cohort_the_charter_names_already(lead_client, project, course):
    named = cohort(course, "January 2023", datetime.date(2023, 1, 9), SiteFactory())
    Project.objects.filter(pk=project.pk).update(cohort=named)

    assert names(search(lead_client, project, q="january")) == ["QSIR Practitioner: January 2023"]


def test_the_search_answers_a_few_at_a_time_in_one_query(
    lead_client, project, course, django_assert_max_num_queries
):
    for week in range(COHORT_RESULTS + 2):
        cohort(course, f"Week {week}", START + datetime.timedelta(weeks=week), project.site)

    # The request's savepoint and its release, the session, the user, their permissions
    # (their own and their groups'), the project, and the page of cohorts.
    with django_assert_max_num_queries(8):
        answer = search(lead_client, project, q="week")

    assert len(answer["results"]) == COHORT_RESULTS
    assert answer["more"] is True
    assert answer["results"][0]["name"] == f"QSIR Practitioner: Week {COHORT_RESULTS + 1}"


def test_the_search_takes_a_long_or_hostile_query(lead_client, project, course):
    cohort(course, "May 2025", datetime.date(2025, 5, 12), project.site)

    assert names(search(lead_client, project, q="may\x00 2025")) == ["QSIR Practitioner: May 2025"]
    assert names(search(lead_client, project, q="may " * 500)) == ["QSIR Practitioner: May 2025"]


def test_only_those_who_may_edit_the_charter_search_its_cohorts(staff_client, project):
    url = reverse("improvement:charter_cohorts", args=[project.pk])

    assert staff_client.get(url, {"q": "may"}).status_code == 403
    assert Client().get(url, {"q": "may"}).status_code == 302


# The form ------------------------------------------------------------------------------


def test_the_charter_page_carries_no_list_of_cohorts(lead_client, project, course):
    chosen = cohort(course, "May 2025", datetime.date(2025, 5, 12), project.site)
    cohort(course, "April 2025", datetime.date(2025, 4, 7), project.site)
    Project.objects.filter(pk=project.pk).update(cohort=chosen)

    page = lead_client.get(reverse("improvement:project_charter", args=[project.pk]))

    root = parse(page)
    assert root.find("select", name="cohort") is None
    assert "April 2025" not in page.content.decode()
    assert field_value(page, "cohort-name") == "QSIR Practitioner: May 2025"
    assert root.find("input", name="cohort").attrs["value"] == str(chosen.pk)
    assert "Basildon, 12 May 2025" in text(page)
    picker = root.find("div", **{"data-name": "cohort"})
    assert picker.attrs["data-search-url"] == f"/improvement/projects/{project.pk}/charter/cohorts/"
    assert picker.attrs["data-search-with"].split() == [
        "site",
        "start_date_day",
        "start_date_month",
        "start_date_year",
    ]


def test_the_charter_takes_a_cohort_typed_that_only_one_matches(lead_client, project, course):
    may = cohort(course, "May 2025", datetime.date(2025, 5, 12), project.site)
    cohort(course, "April 2025", datetime.date(2025, 4, 7), project.site)

    response = save(lead_client, project, **{"cohort-name": "  may   2025 "})

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).cohort == may


def test_the_charter_asks_which_cohort_when_several_match(lead_client, project, course):
    first = cohort(course, "May 2025 (1)", datetime.date(2025, 5, 12), project.site)
    cohort(course, "May 2025 (2)", datetime.date(2025, 5, 19), project.site)

    page = save(lead_client, project, **{"cohort-name": "May 2025"})

    assert error_summary(page) == [
        ("More than one QSIR cohort matches “May 2025”: select the one you mean", "#id_cohort")
    ]
    assert "Select one of these cohorts for “May 2025”" in text(page)
    assert "Basildon, 19 May 2025" in text(page)
    assert field_value(page, "cohort-name") == "May 2025"

    response = save(lead_client, project, cohort=first.pk, **{"cohort-name": "May 2025"})

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).cohort == first


def test_the_charter_says_when_no_cohort_matches(lead_client, project, course):
    cohort(course, "May 2025", datetime.date(2025, 5, 12), SiteFactory())

    page = save(lead_client, project, **{"cohort-name": "May 2025"})

    assert error_summary(page) == [
        (
            "No QSIR cohort matches “May 2025”: enter its course, its site or the month it "
            "started, such as March 2026",
            "#id_cohort",
        )
    ]
    assert Project.objects.get(pk=project.pk).cohort is None


def test_the_charter_takes_a_blank_cohort_as_none(lead_client, project, course):
    named = cohort(course, "May 2025", datetime.date(2025, 5, 12), project.site)
    Project.objects.filter(pk=project.pk).update(cohort=named)

    response = save(lead_client, project, cohort=named.pk, **{"cohort-name": ""})

    assert response.status_code == 302
    assert Project.objects.get(pk=project.pk).cohort is None


def test_the_charter_checks_every_cohort_id_posted(lead_client, project, course):
    far = cohort(course, "May 2020", datetime.date(2020, 5, 11), project.site)
    elsewhere = cohort(course, "May 2025", datetime.date(2025, 5, 12), SiteFactory())

    for posted in (far.pk, elsewhere.pk, 999_999, "not-an-id"):
        # As the type-ahead posts it (an id and the name shown), or a form posting ids alone.
        for name in ({"cohort-name": "QSIR Practitioner: May 2025"}, {}):
            page = save(lead_client, project, cohort=posted, **name)
            assert error_summary(page) == [
                (
                    "Select another QSIR cohort: the cohort selected cannot be chosen here"
                    if not name
                    else "No QSIR cohort matches “QSIR Practitioner: May 2025”: enter its "
                    "course, its site or the month it started, such as March 2026",
                    "#id_cohort",
                )
            ], posted
    assert Project.objects.get(pk=project.pk).cohort is None


def test_the_charter_takes_a_cohort_at_the_site_and_time_changed_on_the_same_form(
    lead_client, project, course
):
    southend = SiteFactory(short_name="Southend")
    later = cohort(course, "May 2027", datetime.date(2027, 5, 10), southend)
    saved_site = cohort(course, "May 2025", datetime.date(2025, 5, 12), project.site)
    moved = {
        "site": southend.pk,
        **date_fields("start_date", datetime.date(2027, 4, 1)),
        **date_fields("target_date", datetime.date(2028, 3, 31)),
    }

    refused = save(lead_client, project, cohort=saved_site.pk, **moved)
    assert error_summary(refused) == [
        ("Select another QSIR cohort: the cohort selected cannot be chosen here", "#id_cohort")
    ]

    response = save(lead_client, project, **moved, **{"cohort-name": "may 2027"})

    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.site, project.cohort) == (southend, later)
