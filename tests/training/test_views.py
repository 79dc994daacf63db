"""QSIR training and ward programme pages for each role, through the Django test client.

Every logged-in colleague sees the training and the ward programme, asks for places and
gives up their own; only improvement leads create cohorts, confirm places, record
attendance, read other colleagues' records and move wards on, whichever URL they use.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from goals.models import Site
from tests.factories import UserFactory
from tests.html import (
    checked_values,
    error_summary,
    field_value,
    figure,
    login_url,
    parse,
    table,
    text,
)
from tests.improvement.factories import ProjectFactory
from tests.training.factories import (
    AttendanceFactory,
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    WardFactory,
    WaveFactory,
)
from training import urls as training_urls
from training import views as training_views
from training.models import Attendance, Cohort, CohortSession, Course, Enrolment, Ward, Wave
from training.services import update_completions

pytestmark = pytest.mark.django_db

PLACES = "Colleagues who asked for a place, in the order they asked"
RECORD = "Places on QSIR cohorts, newest first"


def days(count):
    return timezone.localdate() + datetime.timedelta(days=count)


def date_fields(name, day):
    return {f"{name}_day": day.day, f"{name}_month": day.month, f"{name}_year": day.year}


def banners(response):
    """The texts of the notification banners (the messages) on the page."""
    return [
        node.text
        for node in parse(response).find_all(css_class="nhsuk-notification-banner__heading")
    ]


@pytest.fixture
def set_today(monkeypatch):
    """Move the portal's idea of today, as if days had passed."""
    real = timezone.localdate

    def move_to(day):
        def localdate(value=None, timezone=None):
            return day if value is None else real(value, timezone)

        monkeypatch.setattr(timezone, "localdate", localdate)

    return move_to


@pytest.fixture
def world(lead_user, staff_user, other_staff_user, site):
    five_week = CourseFactory(name="QSIR five-week course", session_count=5)
    upcoming = CohortFactory(
        course=five_week,
        name="Spring",
        site=site,
        capacity=2,
        starts_on=days(30),
        facilitators=[lead_user],
    )
    finished = CohortFactory(course=five_week, name="Winter", site=site, starts_on=days(-60))
    asked = EnrolmentFactory(
        cohort=upcoming,
        person=UserFactory(username="asker", first_name="Asha", last_name="Asker"),
    )
    attending = EnrolmentFactory(
        cohort=finished, person=other_staff_user, status=Enrolment.Status.CONFIRMED
    )
    AttendanceFactory(enrolment=attending, session=finished.sessions.get(number=1))
    waiting = EnrolmentFactory(
        cohort=finished,
        person=UserFactory(username="waiter", first_name="Wyn", last_name="Waiter"),
        status=Enrolment.Status.WAITING,
    )
    wave = WaveFactory(number=1, planned_start=datetime.date(2022, 1, 1))
    ward = WardFactory(site=site, name="Ward 7", wave=wave)
    project = ProjectFactory(
        title="Fewer falls on Ward 7", site=site, cohort=finished, programme_ward=ward
    )
    return SimpleNamespace(
        course=five_week,
        upcoming=upcoming,
        finished=finished,
        asked=asked,
        attending=attending,
        waiting=waiting,
        ward=ward,
        project=project,
        site=site,
        lead=lead_user,
        staff=staff_user,
        other=other_staff_user,
    )


def state():
    """Everything the training and ward pages could change, to compare before and after."""
    return {
        "cohorts": list(Cohort.objects.order_by("pk").values()),
        "facilitators": list(Cohort.facilitators.through.objects.order_by("pk").values()),
        "sessions": list(CohortSession.objects.order_by("pk").values()),
        "enrolments": list(Enrolment.objects.order_by("pk").values()),
        "attendance": list(Attendance.objects.order_by("pk").values()),
        "waves": list(Wave.objects.order_by("pk").values()),
        "wards": list(Ward.objects.order_by("pk").values()),
    }


def cohort_form_data(w, **overrides):
    data = {
        "course": w.course.pk,
        "name": "Summer",
        "site": w.site.pk,
        "capacity": "12",
        **date_fields("starts_on", days(90)),
        "facilitators": [w.lead.pk],
    }
    data.update(overrides)
    return data


# Every training and ward URL, with the arguments its own records give it.
URLS = {
    "training": lambda w: reverse("training:training"),
    "cohort_create": lambda w: reverse("training:cohort_create"),
    "cohort": lambda w: reverse("training:cohort", args=[w.upcoming.pk]),
    "cohort_ask": lambda w: reverse("training:cohort_ask", args=[w.upcoming.pk]),
    "session_attendance": lambda w: reverse("training:session_attendance", args=[w.finished.pk, 1]),
    "session_change": lambda w: reverse("training:session_change", args=[w.upcoming.pk, 1]),
    "enrolment_confirm": lambda w: reverse("training:enrolment_confirm", args=[w.asked.pk]),
    "enrolment_withdraw": lambda w: reverse("training:enrolment_withdraw", args=[w.asked.pk]),
    "training_record": lambda w: reverse("training:training_record"),
    "person_training_record": lambda w: reverse(
        "training:person_training_record", args=[w.other.pk]
    ),
    "ward_programme": lambda w: reverse("training:ward_programme"),
    "ward": lambda w: reverse("training:ward", args=[w.ward.pk]),
}

READ_PAGES = ["training", "cohort", "training_record", "ward_programme", "ward"]

# What each lead-only URL is given. GET pages are refused too, except the ward's page,
# which staff read without its form.
LEAD_ONLY = {
    "cohort_create": lambda w: cohort_form_data(w),
    "session_attendance": lambda w: {"present": []},
    "session_change": lambda w: {"cancel": "", "cancel-reason": "The room is closed."},
    "enrolment_confirm": lambda w: {},
    "enrolment_withdraw": lambda w: {},  # someone else's place
    "person_training_record": lambda w: {},
    "ward": lambda w: {"stage": "testing", **date_fields("joined_on", datetime.date(2022, 2, 1))},
}
LEAD_ONLY_PAGES = [
    "cohort_create",
    "session_attendance",
    "session_change",
    "person_training_record",
]
POST_ONLY = ["cohort_ask", "enrolment_confirm", "enrolment_withdraw"]


def test_every_training_and_ward_url_is_covered_here():
    names = {
        pattern.name
        for pattern in training_urls.urlpatterns
        if pattern.callback.__module__ == training_views.__name__
    }
    assert names == set(URLS)


# Anonymous visitors -----------------------------------------------------------------------


@pytest.mark.parametrize("name", URLS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_training_page_needs_a_login(anonymous_client, world, name, method):
    url = URLS[name](world)
    before = state()

    if method == "post":
        response = anonymous_client.post(url, LEAD_ONLY.get(name, lambda w: {})(world))
    else:
        response = anonymous_client.get(url)

    assert response.status_code == 302
    assert response["Location"] == login_url(url)
    assert state() == before


# Reading ----------------------------------------------------------------------------------


@pytest.fixture(params=["staff", "editor", "lead"])
def any_client(request, staff_client, editor_client, lead_client):
    return {"staff": staff_client, "editor": editor_client, "lead": lead_client}[request.param]


@pytest.mark.parametrize("page", READ_PAGES)
def test_every_logged_in_user_reads_the_training_and_ward_pages(any_client, world, page):
    response = any_client.get(URLS[page](world))

    assert response.status_code == 200
    assert response["Content-Type"] == "text/html; charset=utf-8"


@pytest.mark.parametrize("name", POST_ONLY)
def test_actions_on_places_are_posted(lead_client, world, name):
    before = state()

    assert lead_client.get(URLS[name](world)).status_code == 405
    assert state() == before


def test_a_cohort_or_ward_that_does_not_exist_is_not_found(lead_client, world):
    missing = Cohort.objects.order_by("-pk").first().pk + 100
    assert lead_client.get(reverse("training:cohort", args=[missing])).status_code == 404
    assert lead_client.post(reverse("training:cohort_ask", args=[missing])).status_code == 404
    assert (
        lead_client.get(
            reverse("training:session_attendance", args=[world.finished.pk, 6])
        ).status_code
        == 404
    )
    assert lead_client.get(reverse("training:ward", args=[world.ward.pk + 100])).status_code == 404
    assert (
        lead_client.get(
            reverse("training:person_training_record", args=[world.other.pk + 100])
        ).status_code
        == 404
    )


def test_the_training_page_for_staff(staff_client, world):
    response = staff_client.get(reverse("training:training"))

    rows = table(response, "Cohorts not started yet, soonest first")
    assert rows == [
        [
            "Cohort QSIR five-week course: Spring",
            "Site Basildon",
            f"First session {world.upcoming.starts_on:%-d %B %Y}",
            "Places 2 of 2 free",
        ]
    ]
    shown = text(response)
    assert "Create a cohort" not in shown
    assert "Cohorts that have started" not in shown
    assert "No places on QSIR training yet." in shown


def test_the_training_page_for_a_lead_lists_cohorts_that_have_started(lead_client, world):
    response = lead_client.get(reverse("training:training"))

    assert table(response, "Cohorts that have started, newest first") == [
        [
            "Cohort QSIR five-week course: Winter",
            "Site Basildon",
            f"First session {world.finished.starts_on:%-d %B %Y}",
            "Places 11 of 12 free",
        ]
    ]
    link = parse(response).find("a", href=reverse("training:cohort_create"))
    assert link is not None and link.text == "Create a cohort"


def test_a_full_cohort_says_so(staff_client, world):
    for _ in range(2):
        EnrolmentFactory(cohort=world.upcoming, status=Enrolment.Status.CONFIRMED)
    EnrolmentFactory(cohort=world.upcoming, status=Enrolment.Status.WAITING)

    training = staff_client.get(reverse("training:training"))
    assert table(training, "Cohorts not started yet, soonest first")[0][-1] == (
        "Places Full, 1 waiting"
    )
    page = staff_client.get(world.upcoming.get_absolute_url())
    assert "The cohort is full: if you ask, you may join its waiting list." in text(page)
    assert parse(page).find(data_figure="places").text == (
        "2 of 2 confirmed, 1 on the waiting list, 1 asked and not yet confirmed"
    )


def test_the_cohort_page_for_staff_shows_their_place_only(staff_client, world):
    response = staff_client.get(world.upcoming.get_absolute_url())

    page = parse(response)
    assert page.find("h1").text == "Spring"
    assert "2 places free." in text(response)
    ask = page.find("form", action=reverse("training:cohort_ask", args=[world.upcoming.pk]))
    assert ask is not None
    assert "places" not in {node.attrs.get("id") for node in page.find_all("h2")}
    assert "Asha Asker" not in text(response)
    assert "Record attendance" not in text(staff_client.get(world.finished.get_absolute_url()))


def test_the_cohort_page_for_a_lead_lists_places_and_sessions(lead_client, world):
    response = lead_client.get(world.finished.get_absolute_url())

    rows = table(response, PLACES)
    assert [row[:3] for row in rows] == [
        ["Colleague Olu Other", "Place Place confirmed", "Sessions attended 1 of 5"],
        ["Colleague Wyn Waiter", "Place On the waiting list", "Sessions attended 0 of 5"],
    ]
    assert rows[0][3] == "Action Withdraw Olu Other"
    assert rows[1][3] == "Action Confirm Wyn Waiter Withdraw Wyn Waiter"
    sessions = table(response, "The cohort's sessions and their attendance")
    assert sessions[0][2] == "1 attended. Record attendance at session 1"
    assert len(sessions) == 5

    upcoming = lead_client.get(world.upcoming.get_absolute_url())
    sessions = table(upcoming, "The cohort's sessions and their attendance")
    assert [row[2] for row in sessions] == [
        f"Not held yet. Move or cancel session {number}" for number in range(1, 6)
    ]
    assert "Record attendance" not in text(upcoming)
    assert "Facilitators Lena Lead" in text(upcoming)


def test_the_cohort_page_lists_its_projects(staff_client, world):
    response = staff_client.get(world.finished.get_absolute_url())

    link = parse(response).find("a", href=world.project.get_absolute_url())
    assert link is not None and link.text == "Fewer falls on Ward 7"
    assert "No projects are linked to this cohort yet." in text(
        staff_client.get(world.upcoming.get_absolute_url())
    )


def test_the_ward_page_lists_its_projects_and_offers_staff_no_form(staff_client, world):
    response = staff_client.get(world.ward.get_absolute_url())

    assert parse(response).find("a", href=world.project.get_absolute_url()) is not None
    assert "Wave 1, planned to start in January 2022" in text(response)
    assert parse(response).find("input", name="stage") is None
    assert "Move the ward on" not in text(response)


def test_the_project_page_links_its_cohort_and_ward(staff_client, world):
    response = staff_client.get(world.project.get_absolute_url())

    page = parse(response)
    assert page.find("a", href=world.finished.get_absolute_url()).text == (
        "QSIR five-week course: Winter"
    )
    assert page.find("a", href=world.ward.get_absolute_url()).text == "Ward 7, Basildon"


def test_a_lead_reads_a_colleagues_training_record(lead_client, staff_client, world):
    response = lead_client.get(URLS["person_training_record"](world))

    assert parse(response).find("h1").text == "Olu Other"
    assert table(response, RECORD) == [
        [
            "Cohort QSIR five-week course: Winter, Basildon",
            "Place Place confirmed",
            "Sessions attended 1 of 5",
            "Trained Not yet",
        ]
    ]
    # A colleague's own record at the lead's URL is theirs to read.
    own = staff_client.get(reverse("training:person_training_record", args=[world.staff.pk]))
    assert own.status_code == 200


# Members of staff cannot do what leads do -------------------------------------------------


@pytest.fixture(params=["staff", "editor"])
def not_a_lead_client(request, staff_client, editor_client):
    return staff_client if request.param == "staff" else editor_client


@pytest.mark.parametrize("name", LEAD_ONLY_PAGES)
def test_a_member_of_staff_cannot_open_a_lead_only_page(not_a_lead_client, world, name):
    before = state()

    response = not_a_lead_client.get(URLS[name](world))

    assert response.status_code == 403
    assert "You do not have permission to see this page" in text(response)
    assert state() == before


@pytest.mark.parametrize("name", LEAD_ONLY)
def test_a_member_of_staff_cannot_change_anything_by_posting(not_a_lead_client, world, name):
    before = state()

    response = not_a_lead_client.post(URLS[name](world), LEAD_ONLY[name](world))

    assert response.status_code == 403
    assert state() == before


def test_staff_cannot_record_their_own_attendance(staff_client, world):
    mine = EnrolmentFactory(
        cohort=world.finished, person=world.staff, status=Enrolment.Status.CONFIRMED
    )
    before = state()

    for number in range(1, 6):
        url = reverse("training:session_attendance", args=[world.finished.pk, number])
        assert staff_client.post(url, {"present": [mine.pk]}).status_code == 403

    assert state() == before


# Asking for, confirming and giving up places ----------------------------------------------


def test_a_member_of_staff_asks_for_a_place_once(staff_client, world):
    url = URLS["cohort_ask"](world)

    response = staff_client.post(url, follow=True)

    assert response.redirect_chain == [(world.upcoming.get_absolute_url(), 302)]
    assert banners(response) == ["You have asked for a place. An improvement lead will confirm it."]
    mine = Enrolment.objects.get(cohort=world.upcoming, person=world.staff)
    assert mine.status == Enrolment.Status.REQUESTED
    your_place = parse(response).find("h2", id="your-place")
    assert your_place is not None
    assert "Asked for a place" in text(response)
    assert "Withdraw your request" in text(response)

    response = staff_client.post(url, follow=True)

    assert banners(response) == [
        "You have already asked for a place on this cohort: asked for a place."
    ]
    assert Enrolment.objects.filter(cohort=world.upcoming, person=world.staff).count() == 1


def test_asking_for_a_place_on_a_cohort_that_has_started_is_refused(staff_client, world):
    before = state()

    response = staff_client.post(
        reverse("training:cohort_ask", args=[world.finished.pk]), follow=True
    )

    assert banners(response) == ["This cohort has started: ask for a place on a later one."]
    assert "This cohort has started. Ask for a place on a later cohort." in text(response)
    assert state() == before


def test_a_lead_confirms_places_then_keeps_a_waiting_list(lead_client, world):
    second = EnrolmentFactory(
        cohort=world.upcoming,
        person=UserFactory(first_name="Sam", last_name="Second"),
    )
    third = EnrolmentFactory(
        cohort=world.upcoming,
        person=UserFactory(first_name="Tia", last_name="Third"),
    )

    messages = []
    for enrolment in (world.asked, second, third):
        response = lead_client.post(
            reverse("training:enrolment_confirm", args=[enrolment.pk]), follow=True
        )
        assert response.redirect_chain == [(world.upcoming.get_absolute_url(), 302)]
        messages += banners(response)

    assert messages == [
        "Asha Asker: place confirmed.",
        "Sam Second: place confirmed.",
        "Tia Third: on the waiting list.",
    ]
    assert [row[1] for row in table(response, PLACES)] == [
        "Place Place confirmed",
        "Place Place confirmed",
        "Place On the waiting list",
    ]

    response = lead_client.post(
        reverse("training:enrolment_confirm", args=[world.asked.pk]), follow=True
    )
    assert banners(response) == ["This place is place confirmed: there is nothing to confirm."]


def test_asking_for_a_place_on_a_full_cohort_speaks_of_its_waiting_list(staff_client, world):
    cohort = CohortFactory(capacity=1)
    EnrolmentFactory(cohort=cohort, status=Enrolment.Status.CONFIRMED)

    response = staff_client.post(reverse("training:cohort_ask", args=[cohort.pk]), follow=True)

    assert banners(response) == [
        "You have asked for a place. The cohort is full, so an improvement lead will put you "
        "on its waiting list: you will get a place if one comes free."
    ]


def test_a_colleague_on_the_waiting_list_leaves_it(staff_client, world):
    waiting = EnrolmentFactory(
        cohort=world.upcoming, person=world.staff, status=Enrolment.Status.WAITING
    )
    page = staff_client.get(world.upcoming.get_absolute_url())
    assert "Leave the waiting list" in text(page)
    assert "Give up your place" not in text(page)

    response = staff_client.post(
        reverse("training:enrolment_withdraw", args=[waiting.pk]), follow=True
    )

    assert banners(response) == ["The place on the waiting list has been given up."]


def test_a_colleague_gives_up_their_place_and_the_first_waiting_gets_it(
    staff_client, lead_client, world
):
    mine = EnrolmentFactory(
        cohort=world.upcoming, person=world.staff, status=Enrolment.Status.CONFIRMED
    )
    EnrolmentFactory(cohort=world.upcoming, status=Enrolment.Status.CONFIRMED)
    waiting = EnrolmentFactory(cohort=world.upcoming, status=Enrolment.Status.WAITING)

    response = staff_client.post(
        reverse("training:enrolment_withdraw", args=[mine.pk]), follow=True
    )

    assert banners(response) == ["The place has been given up."]
    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == ("withdrawn", "confirmed")
    # The colleague may ask again.
    assert parse(response).find(
        "form", action=reverse("training:cohort_ask", args=[world.upcoming.pk])
    )


def test_a_lead_takes_a_place_back(lead_client, world):
    response = lead_client.post(URLS["enrolment_withdraw"](world), follow=True)

    assert banners(response) == ["The request for a place has been withdrawn."]
    world.asked.refresh_from_db()
    assert world.asked.status == Enrolment.Status.WITHDRAWN


def test_the_places_are_listed_in_the_order_colleagues_asked(staff_client, lead_client, world):
    """A colleague who gives a place up and asks again goes to the end of the list."""
    staff_client.post(URLS["cohort_ask"](world))
    later = EnrolmentFactory(
        cohort=world.upcoming, person=UserFactory(first_name="Lee", last_name="Later")
    )
    mine = Enrolment.objects.get(person=world.staff, cohort=world.upcoming)
    staff_client.post(reverse("training:enrolment_withdraw", args=[mine.pk]))
    staff_client.post(URLS["cohort_ask"](world))

    response = lead_client.get(world.upcoming.get_absolute_url())

    staff_name = world.staff.get_full_name()
    assert [row[0] for row in table(response, PLACES)] == [
        "Colleague Asha Asker",
        f"Colleague {later.person.get_full_name()}",
        f"Colleague {staff_name}",
    ]


# Creating a cohort ------------------------------------------------------------------------


def test_a_one_day_cohort_is_created_with_one_session(lead_client, world):
    one_day = CourseFactory(name="QSIR one-day course", slug="one-day", session_count=1)

    response = lead_client.post(
        reverse("training:cohort_create"),
        cohort_form_data(world, course=one_day.pk, name="Autumn"),
        follow=True,
    )

    assert banners(response) == ["QSIR one-day course: Autumn created with 1 session."]


def test_a_lead_creates_a_cohort(lead_client, world):
    start = days(90)

    response = lead_client.post(
        reverse("training:cohort_create"), cohort_form_data(world), follow=True
    )

    cohort = Cohort.objects.get(name="Summer")
    assert response.redirect_chain == [(cohort.get_absolute_url(), 302)]
    assert banners(response) == ["QSIR five-week course: Summer created with 5 sessions."]
    assert (cohort.course, cohort.site, cohort.capacity, cohort.starts_on) == (
        world.course,
        world.site,
        12,
        start,
    )
    assert list(cohort.facilitators.all()) == [world.lead]
    assert [s.date for s in cohort.sessions.all()] == [
        start + datetime.timedelta(days=7 * n) for n in range(5)
    ]


def test_a_cohort_form_with_mistakes_shows_them_and_keeps_what_was_typed(lead_client, world):
    before = state()

    response = lead_client.post(
        reverse("training:cohort_create"),
        cohort_form_data(
            world,
            name="",
            capacity="0",
            starts_on_day="31",
            starts_on_month="2",
            starts_on_year="2027",
        ),
    )

    assert response.status_code == 200
    assert parse(response).find("title").text.startswith("Error:")
    assert parse(response).find(css_class="nhsuk-error-summary") is not None
    assert error_summary(response) == [
        ("Enter a name for the cohort", "#id_name"),
        ("Places must be 1 or more", "#id_capacity"),
        ("Enter a real date", "#id_starts_on-day"),
    ]
    assert field_value(response, "capacity") == "0"
    assert [field_value(response, f"starts_on_{part}") for part in ("day", "month", "year")] == [
        "31",
        "2",
        "2027",
    ]
    assert checked_values(response, "course") == {str(world.course.pk)}
    assert checked_values(response, "site") == {str(world.site.pk)}
    assert checked_values(response, "facilitators") == {str(world.lead.pk)}
    assert state() == before


def test_a_cohort_form_keeps_the_name_when_another_field_is_wrong(lead_client, world):
    response = lead_client.post(
        reverse("training:cohort_create"),
        cohort_form_data(world, name="Autumn", starts_on_day="", starts_on_month="", course=""),
    )

    assert error_summary(response) == [
        ("Choose the course", "#id_course"),
        ("Date must include a day and month", "#id_starts_on-day"),
    ]
    assert field_value(response, "name") == "Autumn"
    assert field_value(response, "starts_on_year") == str(days(90).year)
    assert not Cohort.objects.filter(name="Autumn").exists()


def test_only_leads_can_be_added_as_facilitators(lead_client, world):
    """The facilitators are typed, not listed: a lead's name adds them, a colleague who is
    not a lead is refused by name, and what was typed stays in the box."""
    url = reverse("training:cohort_create")

    refused = lead_client.post(
        url, cohort_form_data(world, name="Autumn", facilitators=[], **{"facilitators-name": "Olu"})
    )

    assert error_summary(refused) == [
        (
            "No improvement lead matches “Olu”: check the spelling, or enter their email address",
            "#id_facilitators",
        )
    ]
    assert field_value(refused, "facilitators-name") == "Olu"
    assert not Cohort.objects.filter(name="Autumn").exists()

    lead_client.post(
        url,
        cohort_form_data(world, name="Autumn", facilitators=[], **{"facilitators-name": "Lena"}),
    )

    assert list(Cohort.objects.get(name="Autumn").facilitators.all()) == [world.lead]


def test_the_facilitators_type_ahead_suggests_improvement_leads_only(lead_client, world):
    picker = parse(lead_client.get(reverse("training:cohort_create"))).find(
        "div", data_name="facilitators"
    )

    assert picker.attrs["data-search-url"] == "/people/search/?among=improvement-leads"
    # Every colleague's email address holds "nhs.example"; one of them is a lead.
    suggested = lead_client.get(f"{picker.attrs['data-search-url']}&q=nhs.example").json()
    everyone = lead_client.get("/people/search/", {"q": "nhs.example"}).json()
    assert [person["name"] for person in suggested["results"]] == ["Lena Lead"]
    assert len(everyone["results"]) > 1


def test_a_colleague_who_is_not_a_lead_is_refused_though_their_id_is_posted(lead_client, world):
    """The server checks the facilitators whatever the type-ahead offered."""
    response = lead_client.post(
        reverse("training:cohort_create"),
        cohort_form_data(world, name="Autumn", facilitators=[world.other.pk]),
    )

    assert error_summary(response) == [
        (
            "Select someone else: the person selected cannot be chosen here",
            "#id_facilitators",
        )
    ]
    assert not Cohort.objects.filter(name="Autumn").exists()


# Recording attendance ---------------------------------------------------------------------


def attendance_url(cohort, number):
    return reverse("training:session_attendance", args=[cohort.pk, number])


def test_the_attendance_form_lists_the_confirmed_colleagues(lead_client, world):
    EnrolmentFactory(cohort=world.finished, status=Enrolment.Status.WITHDRAWN)
    EnrolmentFactory(cohort=world.finished, status=Enrolment.Status.REQUESTED)

    response = lead_client.get(attendance_url(world.finished, 1))

    boxes = list(parse(response).find_all("input", name="present"))
    assert [box.attrs["value"] for box in boxes] == [str(world.attending.pk)]
    assert checked_values(response, "present") == {str(world.attending.pk)}
    assert parse(response).find("h1").text == "Attendance at session 1"

    response = lead_client.get(attendance_url(world.finished, 2))
    assert checked_values(response, "present") == set()


def test_a_session_with_no_confirmed_colleagues_says_so(lead_client, world):
    response = lead_client.get(attendance_url(world.upcoming, 1))

    assert "No colleague has a confirmed place on this cohort yet." in text(response)


def test_a_lead_records_attendance(lead_client, world):
    second = EnrolmentFactory(cohort=world.finished, status=Enrolment.Status.CONFIRMED)

    response = lead_client.post(
        attendance_url(world.finished, 1), {"present": [second.pk]}, follow=True
    )

    assert response.redirect_chain == [(world.finished.get_absolute_url(), 302)]
    assert banners(response) == ["Attendance at session 1 saved."]
    assert set(
        Attendance.objects.filter(session__number=1).values_list("enrolment", flat=True)
    ) == {second.pk}


def test_attendance_for_a_colleague_without_a_confirmed_place_is_refused(lead_client, world):
    before = state()

    response = lead_client.post(
        attendance_url(world.finished, 2),
        {"present": [world.attending.pk, world.waiting.pk]},
    )

    assert response.status_code == 200
    assert error_summary(response) == [
        (
            f"Select a valid choice. {world.waiting.pk} is not one of the available choices.",
            "#id_present",
        )
    ]
    assert checked_values(response, "present") == {str(world.attending.pk)}
    assert state() == before


def test_attendance_at_a_session_not_yet_held_is_refused(lead_client, world):
    running = CohortFactory(course=world.course, site=world.site, starts_on=days(-7))
    place = EnrolmentFactory(cohort=running, status=Enrolment.Status.CONFIRMED)
    before = state()

    response = lead_client.post(attendance_url(running, 3), {"present": [place.pk]})

    third = running.sessions.get(number=3)
    assert response.status_code == 200
    assert error_summary(response) == [
        (
            f"Session 3 is on {third.date:%-d %B %Y}: record its attendance on or after that day.",
            None,
        )
    ]
    assert checked_values(response, "present") == {str(place.pk)}
    assert state() == before


# The ward programme -----------------------------------------------------------------------


def test_a_lead_moves_a_ward_on(lead_client, world):
    url = world.ward.get_absolute_url()
    assert parse(lead_client.get(url)).find("input", name="stage") is not None

    response = lead_client.post(
        url,
        {"stage": "testing", **date_fields("joined_on", datetime.date(2022, 2, 14))},
        follow=True,
    )

    assert response.redirect_chain == [(url, 302)]
    assert banners(response) == ["Ward 7, Basildon saved."]
    world.ward.refresh_from_db()
    assert (world.ward.stage, world.ward.joined_on) == ("testing", datetime.date(2022, 2, 14))
    assert "14 February 2022" in text(response)


def test_a_ward_in_the_programme_without_a_joining_date_is_refused(lead_client, world):
    before = state()

    response = lead_client.post(
        world.ward.get_absolute_url(),
        {"stage": "testing", "joined_on_day": "", "joined_on_month": "", "joined_on_year": ""},
    )

    assert response.status_code == 200
    assert error_summary(response) == [
        ("Enter the day the ward joined the programme.", "#id_joined_on-day")
    ]
    assert checked_values(response, "stage") == {"testing"}
    assert state() == before


def test_a_planned_ward_with_a_joining_date_is_refused(lead_client, world):
    before = state()

    response = lead_client.post(
        world.ward.get_absolute_url(),
        {"stage": "planned", **date_fields("joined_on", datetime.date(2022, 2, 14))},
    )

    assert error_summary(response) == [
        ("Leave the date blank while the ward is planned.", "#id_joined_on-day")
    ]
    assert checked_values(response, "stage") == {"planned"}
    assert [field_value(response, f"joined_on_{part}") for part in ("day", "month", "year")] == [
        "14",
        "2",
        "2022",
    ]
    assert state() == before


def test_a_ward_cannot_have_joined_in_the_future(lead_client, world):
    before = state()

    response = lead_client.post(
        world.ward.get_absolute_url(), {"stage": "testing", **date_fields("joined_on", days(1))}
    )

    assert error_summary(response) == [
        (
            "The date the ward joined the programme must be today or in the past.",
            "#id_joined_on-day",
        )
    ]
    assert state() == before


def test_a_ward_form_with_a_mistyped_date_keeps_it(lead_client, world):
    response = lead_client.post(
        world.ward.get_absolute_url(),
        {
            "stage": "embedding",
            "joined_on_day": "40",
            "joined_on_month": "1",
            "joined_on_year": "22",
        },
    )

    assert error_summary(response) == [("Year must include 4 numbers", "#id_joined_on-day")]
    assert field_value(response, "joined_on_day") == "40"
    assert checked_values(response, "stage") == {"embedding"}


# Done when: staff asks, a lead confirms and records five sessions; the colleague is trained


def test_a_colleague_is_trained_through_the_five_week_course(
    seeded, staff_client, staff_user, lead_client, lead_user, set_today
):
    five_week = Course.objects.get(slug="qsir-five-week")
    one_day = Course.objects.get(slug="qsir-one-day")
    sites = list(Site.objects.all())
    # Two colleagues trained already.
    earlier = CohortFactory(course=one_day, site=sites[1], starts_on=days(-200))
    for person in UserFactory.create_batch(2):
        done = EnrolmentFactory(cohort=earlier, person=person, status="confirmed")
        AttendanceFactory(enrolment=done, session=earlier.sessions.get())
    update_completions(earlier)
    # The first wave's five wards have joined; one ward of the second is named, to join.
    for number in range(5):
        WardFactory(
            site=sites[number % 3],
            name=f"Ward {number}",
            wave=Wave.objects.get(number=1),
            joined_on=datetime.date(2022, 2, 1),
        )
    WardFactory(site=sites[0], name="Ward 9", wave=Wave.objects.get(number=2))

    # A lead plans the next five-week cohort.
    start = days(14)
    lead_client.post(
        reverse("training:cohort_create"),
        {
            "course": five_week.pk,
            "name": "Next",
            "site": sites[0].pk,
            "capacity": "12",
            **date_fields("starts_on", start),
            "facilitators": [lead_user.pk],
        },
    )
    cohort = Cohort.objects.get(course=five_week, name="Next")

    # The member of staff finds it and asks for a place.
    training = staff_client.get(reverse("training:training"))
    assert "QSIR five-week course: Next" in text(training)
    staff_client.post(reverse("training:cohort_ask", args=[cohort.pk]))
    place = Enrolment.objects.get(cohort=cohort, person=staff_user)
    dashboard = staff_client.get("/improvement/")
    trained_before = figure(dashboard, "colleagues-trained")
    assert trained_before == 2

    # A lead confirms it.
    page = lead_client.get(cohort.get_absolute_url())
    confirm = reverse("training:enrolment_confirm", args=[place.pk])
    assert parse(page).find("form", action=confirm) is not None
    lead_client.post(confirm)
    place.refresh_from_db()
    assert place.status == Enrolment.Status.CONFIRMED

    # Five weeks on, the lead records the five sessions' attendance.
    last_session = start + datetime.timedelta(days=28)
    set_today(last_session)
    for number in range(1, 6):
        url = attendance_url(cohort, number)
        form = lead_client.get(url)
        assert [box.attrs["value"] for box in parse(form).find_all("input", name="present")] == [
            str(place.pk)
        ]
        response = lead_client.post(url, {"present": [place.pk]})
        assert response.status_code == 302, error_summary(response)
        place.refresh_from_db()
        assert (place.completed_on is not None) == (number == 5)

    # The colleague is trained...
    record = staff_client.get(reverse("training:training_record"))
    assert table(record, RECORD)[0] == [
        f"Cohort QSIR five-week course: Next, {sites[0].short_name}",
        "Place Place confirmed",
        "Sessions attended 5 of 5",
        f"Trained Trained {last_session:%-d %B %Y}",
    ]
    mine = staff_client.get(cohort.get_absolute_url())
    assert f"Trained {last_session:%-d %B %Y}" in text(mine)
    assert "Give up your place" not in text(mine)

    # ...the dashboard's count rises by one...
    dashboard = staff_client.get("/improvement/")
    assert figure(dashboard, "colleagues-trained") == trained_before + 1

    # ...and the ward programme shows the waves against the plan.
    programme = staff_client.get(reverse("training:ward_programme"))
    waves = [parse(programme).find("li", id=f"wave-{n}") for n in range(1, 13)]
    assert all(wave is not None for wave in waves)
    assert waves[0].find("h3").text == "Wave 1: planned January to March 2022 Joined as planned"
    assert waves[1].find("h3").text == "Wave 2: planned April to June 2022 Not started"
    assert parse(programme).find(data_figure="ward-summary").text == (
        "5 of 60 planned wards have joined the programme; 55 still to join."
    )


@pytest.mark.parametrize(
    "old, new",
    [
        ("/improvement/training/", "/training/"),
        ("/improvement/training/record/?page=2", "/training/record/?page=2"),
        ("/improvement/wards/7/", "/training/wards/7/"),
    ],
)
def test_the_old_addresses_of_the_training_pages_lead_to_the_new_ones(client, old, new):
    response = client.get(old)

    assert (response.status_code, response["Location"]) == (301, new)
