"""QSIR training and ward programme figures on known data, and in the seed's demo.

Colleagues trained, at two sites (the one-day course has one session, the five-week five):

    colleague  course     site   sessions attended  trained on
    ada        one-day    North  1 of 1             12 Jan 2024  (Q1 2024)
    ben        one-day    South  1 of 1             12 Feb 2024  (Q1 2024)
    ada        five-week  South  5 of 5              6 May 2024  (Q2 2024)  ada: both courses
    cal        five-week  North  5 of 5              4 Nov 2024  (Q4 2024)
    dev        five-week  North  4 of 5             not trained
    eve        five-week  North  withdrawn          not trained

So 3 colleagues are trained (ada once, though in both courses): 2 at North, 2 at South.

The ward programme, waves one a quarter from January 2022:

    wave  planned           wards (site, joined)
    1     2, Jan-Mar 2022   w1 North 1 Feb 2022, w2 South 20 Dec 2021 (early: on time)
    2     3, Apr-Jun 2022   w3 North 1 Apr 2022, w4 South 1 Jul 2022 (late), w5 North to join
    3     2, Jul-Sep 2022   w6 South, w7 South to join
    4     1, Oct-Dec 2022   w8 North 1 Feb 2023 (late)
"""

import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.management import call_command
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from goals.models import Site
from improvement.models import Project
from tests.dates import date_query
from tests.factories import OrganisationFactory, SiteFactory, UserFactory
from tests.html import figure, parse, table, text
from tests.improvement.factories import ProjectFactory
from tests.training.factories import (
    AttendanceFactory,
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    WardFactory,
    WaveFactory,
)
from training import selectors
from training.models import Cohort, Course, Enrolment, Ward, Wave
from training.presenters import (
    CumulativeChart,
    trained_chart,
    trained_summary,
    ward_totals,
    wave_progress,
)
from training.services import update_completions

pytestmark = pytest.mark.django_db

DASHBOARD = "/improvement/"
TRAINED_TABLE = "Colleagues trained, cumulative, by course and by site, at the end of each quarter"


def attended(enrolment, numbers):
    for session in enrolment.cohort.sessions.filter(number__in=numbers):
        AttendanceFactory(enrolment=enrolment, session=session)


def on_course(cohort, person, sessions, status=Enrolment.Status.CONFIRMED):
    enrolment = EnrolmentFactory(cohort=cohort, person=person, status=status)
    attended(enrolment, sessions)
    return enrolment


@pytest.fixture
def training():
    # One trust's sites, made in reverse of their order, so that the order of their ids
    # cannot pass for it.
    trust = OrganisationFactory()
    SiteFactory(organisation=trust, name="East Hospital", short_name="East", order=3)  # no cohorts
    south = SiteFactory(organisation=trust, name="South Hospital", short_name="South", order=2)
    north = SiteFactory(organisation=trust, name="North Hospital", short_name="North", order=1)
    one_day = CourseFactory(name="QSIR one-day course", session_count=1, order=1)
    five_week = CourseFactory(name="QSIR five-week course", session_count=5, order=2)
    ada, ben, cal, dev, eve = (
        UserFactory(username=name, first_name=name.title(), last_name="Trainee")
        for name in ("ada", "ben", "cal", "dev", "eve")
    )

    january = CohortFactory(
        course=one_day, name="January 2024", site=north, starts_on=datetime.date(2024, 1, 12)
    )
    february = CohortFactory(
        course=one_day, name="February 2024", site=south, starts_on=datetime.date(2024, 2, 12)
    )
    spring = CohortFactory(
        course=five_week, name="April 2024", site=south, starts_on=datetime.date(2024, 4, 8)
    )
    autumn = CohortFactory(
        course=five_week, name="October 2024", site=north, starts_on=datetime.date(2024, 10, 7)
    )
    on_course(january, ada, [1])
    on_course(february, ben, [1])
    on_course(spring, ada, [1, 2, 3, 4, 5])
    on_course(autumn, cal, [1, 2, 3, 4, 5])
    on_course(autumn, dev, [1, 2, 4, 5])
    on_course(autumn, eve, [1, 2], status=Enrolment.Status.WITHDRAWN)
    for cohort in (january, february, spring, autumn):
        update_completions(cohort)
    return SimpleNamespace(
        north=north,
        south=south,
        one_day=one_day,
        five_week=five_week,
        people=SimpleNamespace(ada=ada, ben=ben, cal=cal, dev=dev, eve=eve),
    )


def training_chart(response):
    """The figure of the colleagues trained chart (the dashboard has others)."""
    for node in parse(response).find_all("figure", css_class="portal-chart"):
        if "Colleagues trained, cumulative." in node.find("figcaption").text:
            return node
    raise AssertionError("no chart of colleagues trained")


def quarters_as_rows(quarters):
    return [(q.start, q.by_course, q.by_site, q.colleagues) for q in quarters]


# Colleagues trained -----------------------------------------------------------------------


def test_completions_follow_the_attendance(training):
    people = training.people
    trained = set(
        Enrolment.objects.filter(completed_on__isnull=False).values_list(
            "person__username", "cohort__name", "completed_on"
        )
    )
    assert trained == {
        ("ada", "January 2024", datetime.date(2024, 1, 12)),
        ("ben", "February 2024", datetime.date(2024, 2, 12)),
        ("ada", "April 2024", datetime.date(2024, 5, 6)),
        ("cal", "October 2024", datetime.date(2024, 11, 4)),
    }
    assert not Enrolment.objects.filter(
        person__in=[people.dev, people.eve], completed_on__isnull=False
    ).exists()


def test_a_colleague_trained_in_both_courses_counts_once(training):
    assert selectors.trained_count() == 3
    assert selectors.trained_count(site=training.north) == 2  # ada, cal
    assert selectors.trained_count(site=training.south) == 2  # ben, ada
    assert selectors.trained_count(site=SiteFactory()) == 0


def test_colleagues_trained_over_time_by_course_and_site(training):
    courses, sites, quarters = selectors.trained_over_time()

    assert courses == [training.one_day, training.five_week]
    assert sites == [training.north, training.south]  # not East: it has no cohorts
    # Cumulative at the end of each quarter: [one-day, five-week], [North, South], all.
    assert quarters_as_rows(quarters) == [
        (datetime.date(2024, 1, 1), [2, 0], [1, 1], 2),
        (datetime.date(2024, 4, 1), [2, 1], [1, 2], 2),
        (datetime.date(2024, 7, 1), [2, 1], [1, 2], 2),  # a quarter with no one trained
        (datetime.date(2024, 10, 1), [2, 2], [2, 2], 3),
    ]
    assert [(q.label, q.short_label) for q in quarters] == [
        ("January to March 2024", "Q1 24"),
        ("April to June 2024", "Q2 24"),
        ("July to September 2024", "Q3 24"),
        ("October to December 2024", "Q4 24"),
    ]


def test_colleagues_trained_over_time_at_one_site(training):
    courses, sites, quarters = selectors.trained_over_time(site=training.north)

    assert sites == [training.north]
    assert quarters_as_rows(quarters) == [
        (datetime.date(2024, 1, 1), [1, 0], [1], 1),
        (datetime.date(2024, 4, 1), [1, 0], [1], 1),
        (datetime.date(2024, 7, 1), [1, 0], [1], 1),
        (datetime.date(2024, 10, 1), [1, 1], [2], 2),
    ]

    _courses, _sites, quarters = selectors.trained_over_time(site=training.south)
    assert quarters_as_rows(quarters) == [
        (datetime.date(2024, 1, 1), [1, 0], [1], 1),
        (datetime.date(2024, 4, 1), [1, 1], [2], 2),
    ]


def test_between_dates_only_colleagues_first_trained_between_them_count(training):
    """1 February to 30 June 2024: ben (12 Feb, one-day, South) is first trained then; ada was
    first trained on 12 January, so she counts only in the five-week course (6 May) and at
    South, where that was; North's only colleague in the dates would be ada, trained there
    before them."""
    between = {"first_from": datetime.date(2024, 2, 1), "first_to": datetime.date(2024, 6, 30)}

    courses, sites, quarters = selectors.trained_over_time(**between)

    assert sites == [training.north, training.south]
    assert quarters_as_rows(quarters) == [
        (datetime.date(2024, 1, 1), [1, 0], [0, 1], 1),
        (datetime.date(2024, 4, 1), [1, 1], [0, 2], 1),
    ]
    _courses, _sites, quarters = selectors.trained_over_time(site=training.north, **between)
    assert quarters == []
    _courses, _sites, quarters = selectors.trained_over_time(site=training.south, **between)
    assert quarters_as_rows(quarters) == [
        (datetime.date(2024, 1, 1), [1, 0], [1], 1),
        (datetime.date(2024, 4, 1), [1, 1], [2], 2),
    ]


def test_each_date_bounds_the_first_days_alone(training):
    """From 1 May 2024: ada's five-week course and cal; to 31 January 2024: ada's one-day."""
    _, _, quarters = selectors.trained_over_time(first_from=datetime.date(2024, 5, 1))
    assert quarters_as_rows(quarters)[-1] == (datetime.date(2024, 10, 1), [0, 2], [1, 1], 1)

    _, _, quarters = selectors.trained_over_time(first_to=datetime.date(2024, 1, 31))
    assert quarters_as_rows(quarters) == [(datetime.date(2024, 1, 1), [1, 0], [1, 0], 1)]

    # The days given are included.
    _, _, quarters = selectors.trained_over_time(
        first_from=datetime.date(2024, 11, 4), first_to=datetime.date(2024, 11, 4)
    )
    assert quarters_as_rows(quarters) == [(datetime.date(2024, 10, 1), [0, 1], [1, 0], 1)]


def test_no_one_trained_yet():
    courses, sites, quarters = selectors.trained_over_time()

    assert quarters == []
    assert selectors.trained_count() == 0
    assert trained_summary(courses, quarters) == "No colleagues have completed QSIR training yet."


def test_the_chart_and_its_sentence_say_what_the_table_says(training):
    courses, _sites, quarters = selectors.trained_over_time()

    assert trained_summary(courses, quarters) == (
        "3 colleagues trained from January 2024 to the end of December 2024: "
        "2 in the QSIR one-day course, 2 in the QSIR five-week course."
    )
    chart = trained_chart(courses, quarters)
    assert [(line.name, line.last_value) for line in chart.lines] == [
        ("All colleagues", 3),
        ("QSIR one-day course", 2),
        ("QSIR five-week course", 2),
    ]
    assert chart.scale_top == 4
    # Four quarters across the plot; 2, 2, 2, 3 colleagues on a scale of 4.
    points = [tuple(float(n) for n in point.split(",")) for point in chart.lines[0].points.split()]
    xs, ys = [x for x, _y in points], [y for _x, y in points]
    assert xs[0] == chart.left
    assert xs[-1] == chart.plot_right
    assert xs == sorted(xs) and len(set(xs)) == 4
    assert ys[0] == ys[1] == ys[2] == chart.baseline - chart.plot_height / 2
    assert ys[3] == chart.baseline - chart.plot_height * 3 / 4
    assert [label for _x, label in chart.axis_labels] == ["Q1 24", "Q2 24", "Q3 24", "Q4 24"]


def test_a_long_chart_labels_about_eight_quarters():
    quarters = [(f"Quarter {n}", f"Q{n}") for n in range(15)]
    chart = CumulativeChart(quarters, [("All", "portal-line--total", list(range(0, 150, 10)))])

    assert [label for _x, label in chart.axis_labels] == [f"Q{n}" for n in range(0, 15, 2)]
    assert chart.scale_top == 200
    assert chart.lines[0].last_y == chart.y(140)
    assert chart.x(0) == chart.left
    assert chart.x(14) == chart.plot_right


def test_a_chart_of_one_quarter_draws_it_in_the_middle():
    chart = CumulativeChart([("January to March 2024", "Q1 24")], [("All", "x", [5])])

    assert chart.lines[0].points == f"{chart.left + chart.plot_width / 2},{chart.y(5)}"


def test_the_dashboard_shows_colleagues_trained_with_a_table(staff_client, training):
    response = staff_client.get(DASHBOARD)

    assert figure(response, "colleagues-trained") == 3
    assert table(response, TRAINED_TABLE) == [
        ["January to March 2024", "2", "0", "1", "1", "2"],
        ["April to June 2024", "2", "1", "1", "2", "2"],
        ["July to September 2024", "2", "1", "1", "2", "2"],
        ["October to December 2024", "2", "2", "2", "2", "3"],
    ]
    chart = training_chart(response)
    caption = chart.find("figcaption").text
    assert caption.startswith("Colleagues trained, cumulative. 3 colleagues trained from")
    svg = chart.find("svg", role="img")
    assert svg.attrs["aria-labelledby"] == "colleagues-trained-title"
    assert "The data is in the table below." in svg.find("title").text
    headers = [th.text for th in chart.find("thead").find_all("th")]
    assert headers == [
        "Quarter",
        "QSIR one-day course",
        "QSIR five-week course",
        "North",
        "South",
        "All colleagues",
    ]


def test_the_dashboards_site_filter_applies_to_the_training_figures(staff_client, training):
    response = staff_client.get(DASHBOARD, {"site": training.north.pk})

    assert figure(response, "colleagues-trained") == 2
    assert table(response, TRAINED_TABLE) == [
        ["January to March 2024", "1", "0", "1", "1"],
        ["April to June 2024", "1", "0", "1", "1"],
        ["July to September 2024", "1", "0", "1", "1"],
        ["October to December 2024", "1", "1", "2", "2"],
    ]

    response = staff_client.get(DASHBOARD, {"site": training.south.pk})
    assert figure(response, "colleagues-trained") == 2

    # A site with no training shows none, and no chart.
    east = Site.objects.get(short_name="East")
    response = staff_client.get(DASHBOARD, {"site": east.pk})
    assert figure(response, "colleagues-trained") == 0
    assert "No colleagues have completed QSIR training yet." in text(response)
    assert training_chart(response).find("svg") is None


def test_the_dashboards_dates_apply_to_the_training_figures(staff_client, training):
    response = staff_client.get(DASHBOARD, date_query(date_from="1/2/2024", date_to="30/6/2024"))

    assert figure(response, "colleagues-trained") == 1
    assert (
        training_chart(response)
        .find("figcaption")
        .text.startswith(
            "Colleagues trained, cumulative. 1 colleague trained from January 2024 to the end of "
            "June 2024: 1 in the QSIR one-day course, 1 in the QSIR five-week course."
        )
    )
    assert "Colleagues first trained in QI in the dates chosen" in text(response)
    assert table(response, TRAINED_TABLE) == [
        ["January to March 2024", "1", "0", "0", "1", "1"],
        ["April to June 2024", "1", "1", "0", "2", "1"],
    ]

    # None in the dates: no chart, and the sentence says why.
    response = staff_client.get(DASHBOARD, date_query(date_from="1/1/2025"))
    assert figure(response, "colleagues-trained") == 0
    assert "No colleagues were first trained in the dates chosen." in text(response)
    assert training_chart(response).find("svg") is None

    # With a site too: at North, only cal was first trained there from February on.
    response = staff_client.get(
        DASHBOARD, {"site": training.north.pk, **date_query(date_from="1/2/2024")}
    )
    assert figure(response, "colleagues-trained") == 1


def test_the_dashboard_keeps_each_date_ranges_training_figures_apart(staff_client, training):
    """The dashboard is kept under the filters as given, the dates included: one range's
    figures are never shown for another's, nor for the page without dates."""
    ranges = [
        ({}, 3),
        (date_query(date_from="1/2/2024", date_to="30/6/2024"), 1),
        (date_query(date_from="1/2/2024", date_to="31/12/2024"), 2),
        (date_query(date_to="31/1/2024"), 1),
        (date_query(date_from="1/1/2025"), 0),
    ]
    for _ in range(2):  # the second time from the kept fragments
        for query, trained in ranges:
            response = staff_client.get(DASHBOARD, query)
            assert figure(response, "colleagues-trained") == trained, query


def test_the_filters_summary_says_the_next_cohorts_ignore_the_dates(staff_client, training):
    """The next cohorts with free places are the ones to come, whatever the dates."""
    said = "The next QSIR cohorts with free places are the ones still to start, whatever the dates."
    response = staff_client.get(DASHBOARD, date_query(date_from="1/1/2024"))
    summaries = [p.text for p in parse(response).find_all("p") if "data-filters-applied" in p.attrs]
    assert summaries == [f"Filtered to: from 1 January 2024. {said}"]

    response = staff_client.get(DASHBOARD, {"site": training.north.pk})
    assert said not in text(response)
    assert "Colleagues trained in QI" in text(response)


def test_a_site_filter_with_a_mistyped_date_still_applies_to_training(staff_client, training):
    response = staff_client.get(
        DASHBOARD, {"site": training.north.pk, **date_query(date_from="31/2/2024")}
    )

    assert figure(response, "colleagues-trained") == 2


def test_the_dashboard_lists_the_next_cohorts_with_free_places(staff_client, training):
    today = timezone.localdate()
    soon = CohortFactory(
        course=training.five_week,
        name="Soon",
        site=training.north,
        capacity=3,
        starts_on=today + datetime.timedelta(days=10),
    )
    EnrolmentFactory(cohort=soon, status=Enrolment.Status.CONFIRMED)
    EnrolmentFactory(cohort=soon, status=Enrolment.Status.REQUESTED)  # takes no place
    full = CohortFactory(
        course=training.five_week,
        name="Full",
        site=training.north,
        capacity=1,
        starts_on=today + datetime.timedelta(days=5),
    )
    EnrolmentFactory(cohort=full, status=Enrolment.Status.CONFIRMED)
    later = CohortFactory(
        course=training.one_day,
        name="Later",
        site=training.south,
        capacity=16,
        starts_on=today + datetime.timedelta(days=40),
    )
    CohortFactory(course=training.one_day, name="Today", site=training.north, starts_on=today)

    response = staff_client.get(DASHBOARD)

    items = [
        item.text
        for item in parse(response).find_all("li")
        if item.find("a") is not None
        and item.find("a").attrs.get("href") in {c.get_absolute_url() for c in (soon, later)}
    ]
    assert items == [
        f"QSIR five-week course: Soon North Hospital, starts {soon.starts_on:%-d %B %Y}: "
        "2 of 3 places free",
        f"QSIR one-day course: Later South Hospital, starts {later.starts_on:%-d %B %Y}: "
        "16 of 16 places free",
    ]
    shown = text(response)
    assert "QSIR five-week course: Full" not in shown
    assert "QSIR one-day course: Today" not in shown

    response = staff_client.get(DASHBOARD, {"site": training.south.pk})
    assert "QSIR one-day course: Later" in text(response)
    assert "QSIR five-week course: Soon" not in text(response)

    response = staff_client.get(DASHBOARD, {"site": Site.objects.get(short_name="East").pk})
    assert "No cohort with free places is planned." in text(response)


def test_upcoming_cohorts_count_their_places(training):
    today = timezone.localdate()
    cohort = CohortFactory(
        course=training.five_week, capacity=3, starts_on=today + datetime.timedelta(days=3)
    )
    for status in ("confirmed", "confirmed", "waiting", "requested", "requested", "withdrawn"):
        EnrolmentFactory(cohort=cohort, status=status)

    [row] = selectors.cohorts_with_places().filter(starts_on__gt=today)
    assert (row.confirmed, row.waiting, row.requested, row.free_places) == (2, 1, 2, 1)
    [listed] = selectors.upcoming_cohorts_with_free_places(limit=5)
    assert (listed.pk, listed.capacity, listed.free_places) == (cohort.pk, 3, 1)
    assert [c.pk for c in selectors.past_cohort_rows()] == list(
        Cohort.objects.filter(starts_on__lte=today)
        .order_by("-starts_on")
        .values_list("pk", flat=True)
    )


def test_the_training_record_counts_sessions_attended(training):
    """Sessions attended are counted once each, however many sessions the cohort has."""
    ada = {e.cohort.name: e for e in selectors.training_record(training.people.ada)}
    dev = {e.cohort.name: e for e in selectors.training_record(training.people.dev)}
    eve = {e.cohort.name: e for e in selectors.training_record(training.people.eve)}

    assert list(ada) == ["April 2024", "January 2024"]  # newest first
    assert (ada["April 2024"].attended, ada["April 2024"].sessions) == (5, 5)
    assert (ada["January 2024"].attended, ada["January 2024"].sessions) == (1, 1)
    assert (dev["October 2024"].attended, dev["October 2024"].sessions) == (4, 5)
    assert (eve["October 2024"].attended, eve["October 2024"].sessions) == (2, 5)


def test_the_training_record_page_shows_sessions_and_trained(staff_client, training):
    staff_client.force_login(training.people.ada)

    response = staff_client.get(reverse("training:training_record"))

    assert table(response, "Places on QSIR cohorts, newest first") == [
        ["Cohort QSIR five-week course: April 2024, South", "Place Place confirmed",
         "Sessions attended 5 of 5", "Trained Trained 6 May 2024"],
        ["Cohort QSIR one-day course: January 2024, North", "Place Place confirmed",
         "Sessions attended 1 of 1", "Trained Trained 12 January 2024"],
    ]  # fmt: skip

    staff_client.force_login(training.people.dev)
    response = staff_client.get(reverse("training:training_record"))
    assert table(response, "Places on QSIR cohorts, newest first") == [
        ["Cohort QSIR five-week course: October 2024, North", "Place Place confirmed",
         "Sessions attended 4 of 5", "Trained Not yet"],
    ]  # fmt: skip


# The ward programme -----------------------------------------------------------------------


@pytest.fixture
def programme():
    # One trust's sites, made in reverse of their order, so that the order of their ids
    # cannot pass for it.
    trust = OrganisationFactory()
    SiteFactory(organisation=trust, name="East Hospital", short_name="East", order=3)  # no wards
    south = SiteFactory(organisation=trust, name="South Hospital", short_name="South", order=2)
    north = SiteFactory(organisation=trust, name="North Hospital", short_name="North", order=1)
    waves = [
        WaveFactory(number=1, planned_start=datetime.date(2022, 1, 1), planned_wards=2),
        WaveFactory(number=2, planned_start=datetime.date(2022, 4, 1), planned_wards=3),
        WaveFactory(number=3, planned_start=datetime.date(2022, 7, 1), planned_wards=2),
        WaveFactory(number=4, planned_start=datetime.date(2022, 10, 1), planned_wards=1),
    ]
    rows = [
        ("w1", north, 1, datetime.date(2022, 2, 1)),
        ("w2", south, 1, datetime.date(2021, 12, 20)),
        ("w3", north, 2, datetime.date(2022, 4, 1)),
        ("w4", south, 2, datetime.date(2022, 7, 1)),
        ("w5", north, 2, None),
        ("w6", south, 3, None),
        ("w7", south, 3, None),
        ("w8", north, 4, datetime.date(2023, 2, 1)),
    ]
    wards = {
        name: WardFactory(name=name, site=site, wave=waves[wave - 1], joined_on=joined)
        for name, site, wave, joined in rows
    }
    return SimpleNamespace(north=north, south=south, waves=waves, wards=wards)


def test_wave_progress_plan_against_actual(programme):
    rows = wave_progress(selectors.ward_programme())

    assert [
        (
            row.wave.number,
            row.joined_on_time,
            row.joined_late,
            row.to_join,
            row.joined,
            row.planned_by_end,
            row.joined_by_end,
            row.ends_on,
            row.status,
        )
        for row in rows
    ] == [
        (1, 2, 0, 0, 2, 2, 2, datetime.date(2022, 4, 1), ("Joined as planned", "green")),
        (2, 1, 1, 1, 2, 5, 3, datetime.date(2022, 7, 1), ("Partly joined", "orange")),
        (3, 0, 0, 2, 0, 7, 4, datetime.date(2022, 10, 1), ("Not started", "grey")),
        (4, 0, 1, 0, 1, 8, 4, datetime.date(2023, 1, 1), ("Joined, some late", "yellow")),
    ]
    assert [[ward.name for ward in row.wards] for row in rows] == [
        ["w1", "w2"],
        ["w3", "w5", "w4"],  # wards in site order, then by name
        ["w6", "w7"],
        ["w8"],
    ]
    assert ward_totals(rows) == (8, 5, 3)


def test_a_wave_is_joined_as_planned_only_when_its_planned_wards_have_joined(site):
    """Three of five planned wards joining on time is not the plan met."""
    wave = WaveFactory(number=1, planned_start=datetime.date(2022, 1, 1), planned_wards=5)
    for _ in range(3):
        WardFactory(site=site, wave=wave, joined_on=datetime.date(2022, 2, 1))

    [row] = wave_progress(selectors.ward_programme())
    assert (row.joined_on_time, row.to_join, row.status) == (3, 2, ("Partly joined", "orange"))

    for joined in (datetime.date(2022, 3, 1), datetime.date(2022, 5, 1)):
        WardFactory(site=site, wave=wave, joined_on=joined)

    [row] = wave_progress(selectors.ward_programme())
    assert row.status == ("Joined, some late", "yellow")


def test_wards_by_site(programme):
    assert selectors.wards_by_site() == [
        (programme.north, 4, 3, 1),
        (programme.south, 4, 2, 2),
    ]


def test_a_wave_without_wards_yet():
    WaveFactory(number=1, planned_start=datetime.date(2022, 1, 1), planned_wards=5)

    [row] = wave_progress(selectors.ward_programme())

    assert (row.joined, row.to_join, row.planned_by_end, row.joined_by_end) == (0, 5, 5, 0)
    assert selectors.wards_by_site() == []


def test_the_ward_programme_page_shows_the_waves_against_plan(staff_client, programme):
    response = staff_client.get(reverse("training:ward_programme"))

    summary = parse(response).find(data_figure="ward-summary").text
    assert summary == "5 of 8 planned wards have joined the programme; 3 still to join."
    assert table(response, "Wards in the programme by site") == [
        ["North Hospital", "4", "3", "1"],
        ["South Hospital", "4", "2", "2"],
    ]
    page = parse(response)
    waves = {n: page.find("li", id=f"wave-{n}") for n in range(1, 5)}
    assert waves[1].find("h3").text == "Wave 1: planned January to March 2022 Joined as planned"
    assert waves[2].find("h3").text == "Wave 2: planned April to June 2022 Partly joined"
    assert waves[2].find("p").text == (
        "3 wards planned; 1 joined on time, 1 late, 1 still to join. "
        "By the end of the quarter, 3 of 5 planned wards had joined."
    )
    assert waves[3].find("h3").find("strong").attrs["class"] == "nhsuk-tag nhsuk-tag--grey"
    assert waves[4].find("p").text == (
        "1 ward planned; 0 joined on time, 1 late. "
        "By the end of the quarter, 4 of 8 planned wards had joined."
    )
    assert [li.text for li in waves[2].find("ul").find_all("li")] == [
        "w3, North: understanding the ward, joined 1 April 2022",
        "w5, North: planned",
        "w4, South: understanding the ward, joined 1 July 2022",
    ]


def test_the_ward_programme_page_counts_each_wards_projects(staff_client, programme):
    w1 = programme.wards["w1"]
    ProjectFactory.create_batch(2, programme_ward=w1, site=programme.north)

    response = staff_client.get(reverse("training:ward_programme"))

    items = [li.text for li in parse(response).find("li", id="wave-1").find("ul").find_all("li")]
    assert items[0] == "w1, North: understanding the ward, joined 1 February 2022, 2 projects"


# The seed's demo --------------------------------------------------------------------------


def quarter_name(day):
    """ "October to December 2026", as the dashboard names the quarter of a day."""
    first = datetime.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    last = first.replace(month=first.month + 2)
    return f"{first:%B} to {last:%B %Y}"


@pytest.mark.slow
def test_the_demo_reproduces_the_training_and_ward_programme_of_seed_003(seeded, staff_client):
    call_command("seed", "--demo", stdout=io.StringIO())

    # Over 700 colleagues trained, across both courses.
    trained = selectors.trained_count()
    assert trained > 700
    assert trained == 724  # the figure the README gives for the demo
    assert trained == (
        Enrolment.objects.filter(completed_on__isnull=False).values("person").distinct().count()
    )
    by_course = dict(
        Course.objects.annotate(
            done=Count(
                "cohorts__enrolments", filter=Q(cohorts__enrolments__completed_on__isnull=False)
            )
        ).values_list("slug", "done")
    )
    assert set(by_course) == {"qsir-one-day", "qsir-five-week"}
    assert all(done > 0 for done in by_course.values())
    both = (
        Enrolment.objects.filter(completed_on__isnull=False)
        .values("person")
        .annotate(courses=Count("cohort__course", distinct=True))
        .filter(courses=2)
    )
    assert both.exists()
    # Every completion follows from the attendance: every session attended, trained on the
    # last one's day.
    for enrolment in Enrolment.objects.filter(cohort__starts_on__lt=timezone.localdate()).annotate(
        attended=Count("attendance", distinct=True),
        sessions=Count("cohort__sessions", distinct=True),
    )[:400]:
        assert (enrolment.completed_on is not None) == (enrolment.attended == enrolment.sessions)

    # The five-week course runs four times a year, up to today and on after it; the one-day
    # course monthly.
    today = timezone.localdate()
    five_week = Cohort.objects.filter(course__slug="qsir-five-week")
    for year in (today.year - 2, today.year - 1):
        assert five_week.filter(starts_on__year=year).count() == 4, year
    assert all(cohort.sessions.count() == 5 for cohort in five_week)
    finished = five_week.filter(sessions__date__lt=today).distinct()
    assert finished.latest("starts_on").starts_on >= today - datetime.timedelta(days=92 + 36)
    assert five_week.filter(starts_on__gt=today).count() == 2
    one_day = Cohort.objects.filter(course__slug="qsir-one-day", starts_on__lte=today)
    assert one_day.latest("starts_on").starts_on >= today - datetime.timedelta(days=31)
    # Nobody was trained in the future, and no ward joined after today.
    assert not Enrolment.objects.filter(completed_on__gt=today).exists()
    assert not Ward.objects.filter(joined_on__gt=today).exists()
    # Wards reached their stages at their own pace: not all alike.
    assert len(set(Ward.objects.values_list("stage", flat=True))) >= 3

    # Sixty wards across the three sites, in twelve waves of five, the last in October 2024.
    sites = Site.objects.annotate(wards_here=Count("wards"))
    assert Ward.objects.count() == 60
    assert sorted(site.wards_here for site in sites) == [20, 20, 20]
    waves = list(Wave.objects.annotate(ward_count=Count("wards")).order_by("number"))
    assert [(w.number, w.planned_wards, w.ward_count) for w in waves] == [
        (number, 5, 5) for number in range(1, 13)
    ]
    assert waves[-1].planned_start == datetime.date(2024, 10, 1)
    assert waves[0].planned_start == datetime.date(2022, 1, 1)

    # Projects tied to cohorts and to wards.
    assert Project.objects.filter(cohort__course__slug="qsir-five-week").exists()
    assert Project.objects.filter(programme_ward__isnull=False).exists()
    linked = Project.objects.filter(programme_ward__isnull=False).select_related("programme_ward")
    assert all(
        p.site_id == p.programme_ward.site_id and p.start_date >= p.programme_ward.joined_on
        for p in linked
    )

    # The pages show the same figures.
    response = staff_client.get(DASHBOARD)
    assert figure(response, "colleagues-trained") == trained
    last_row = table(response, TRAINED_TABLE)[-1]
    last_trained = Enrolment.objects.exclude(completed_on=None).latest("completed_on").completed_on
    assert last_row[0] == quarter_name(last_trained)
    assert last_row[-1] == str(trained)
    assert "Next cohorts with free places" in text(response)

    rows = wave_progress(selectors.ward_programme())
    planned, joined, to_join = ward_totals(rows)
    assert planned == 60
    assert joined + to_join == 60
    response = staff_client.get(reverse("training:ward_programme"))
    assert parse(response).find(data_figure="ward-summary").text == (
        f"{joined} of 60 planned wards have joined the programme"
        + (f"; {to_join} still to join." if to_join else ".")
    )
    page = parse(response)
    assert all(page.find("li", id=f"wave-{n}") is not None for n in range(1, 13))
    assert "Wave 12: planned October to December 2024" in text(response)
    assert [row[0] for row in table(response, "Wards in the programme by site")] == [
        site.name for site in Site.objects.all()
    ]
