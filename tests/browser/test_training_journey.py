"""QSIR training and the ward programme in a real browser, with axe on every new page."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from goals.models import Site
from tests.factories import UserFactory
from training import services as training_services
from training.models import Cohort, Course, Ward, Wave

from .axe import assert_no_axe_violations
from .improvement_world import log_in_with_cookie, make_lead

pytestmark = pytest.mark.browser


@pytest.fixture
def people(seeded, live_server):
    lead = make_lead()
    staff = UserFactory(username="staff", first_name="Sam", last_name="Staff")
    return staff, lead


@pytest.fixture
def cohort(people):
    _staff, lead = people
    return training_services.create_cohort(
        created_by=lead,
        course=Course.objects.get(slug="qsir-five-week"),
        name="Next spring",
        site=Site.objects.get(slug="basildon"),
        capacity=12,
        starts_on=timezone.localdate() + datetime.timedelta(days=30),
        facilitators=[lead],
    )


@pytest.fixture
def wards(seeded):
    basildon, southend = Site.objects.get(slug="basildon"), Site.objects.get(slug="southend")
    first, second = Wave.objects.get(number=1), Wave.objects.get(number=2)
    Ward.objects.create(
        site=basildon,
        name="Ward 1",
        wave=first,
        joined_on=datetime.date(2022, 1, 20),
        stage="sustaining",
    )
    Ward.objects.create(
        site=southend,
        name="Ward 2",
        wave=first,
        joined_on=datetime.date(2022, 5, 3),
        stage="embedding",
    )
    return Ward.objects.create(site=southend, name="Ward 3", wave=second)


def trained_count(page):
    page.goto("/improvement/")
    return int(page.locator("[data-figure=colleagues-trained]").inner_text())


@pytest.mark.slow
def test_staff_ask_a_lead_confirms_and_records_five_sessions_and_the_colleague_is_trained(
    people, cohort, wards, page, live_server
):
    staff, lead = people
    log_in_with_cookie(page, live_server, staff)
    before = trained_count(page)

    page.get_by_role("navigation", name="Improvement").get_by_role(
        "link", name="QSIR training"
    ).click()
    page.get_by_role("link", name="QSIR five-week course: Next spring").click()
    expect(page.get_by_text("12 places free.")).to_be_visible()
    page.get_by_role("button", name="Ask for a place").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "You have asked for a place"
    )
    expect(page.locator("#your-place ~ p .nhsuk-tag").first).to_have_text("Asked for a place")

    log_in_with_cookie(page, live_server, lead)
    page.goto(cohort.get_absolute_url())
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Sam Staff"))
    row.get_by_role("button", name="Confirm Sam Staff").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Sam Staff: place confirmed."
    )

    # The five weeks pass.
    first_day = timezone.localdate() - datetime.timedelta(days=35)
    Cohort.objects.filter(pk=cohort.pk).update(starts_on=first_day)
    for session in cohort.sessions.all():
        session.date = first_day + datetime.timedelta(days=7 * (session.number - 1))
        session.save()

    for number in range(1, 6):
        page.goto(cohort.get_absolute_url())
        page.get_by_role("link", name=f"Record attendance at session {number}").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(f"Attendance at session {number}")
        page.get_by_label("Sam Staff").check()
        page.get_by_role("button", name="Save attendance").click()
        expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
            f"Attendance at session {number} saved."
        )
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name="Sam Staff"))
    expect(row).to_contain_text("5 of 5")
    expect(row).to_contain_text("Trained")

    log_in_with_cookie(page, live_server, staff)
    page.goto("/training/record/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Staff")
    expect(page.get_by_role("row").filter(has_text="Next spring")).to_contain_text(
        re.compile(r"Trained \d+ \w+ \d{4}")
    )
    assert trained_count(page) == before + 1

    page.get_by_role("navigation", name="Improvement").get_by_role(
        "link", name="Ward programme"
    ).click()
    expect(page.locator("[data-figure=ward-summary]")).to_contain_text(
        "2 of 60 planned wards have joined"
    )
    wave_one = page.locator("#wave-1")
    expect(wave_one).to_contain_text("Wave 1: planned January to March 2022")
    expect(wave_one).to_contain_text("1 joined on time, 1 late")
    expect(page.locator("#wave-2")).to_contain_text("5 still to join")
    southend = page.get_by_role("row").filter(has_text="Southend University Hospital")
    expect(southend.get_by_role("cell")).to_have_text(["2", "1", "1"])


def test_a_full_cohort_puts_the_next_colleague_on_the_waiting_list(people, page, live_server):
    _staff, lead = people
    small = training_services.create_cohort(
        created_by=lead,
        course=Course.objects.get(slug="qsir-one-day"),
        name="Small",
        site=Site.objects.get(slug="southend"),
        capacity=1,
        starts_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    for name in ("Ada", "Bo"):
        person = UserFactory(username=name.lower(), first_name=name, last_name="Nurse")
        training_services.ask_for_place(cohort=small, person=person)
    log_in_with_cookie(page, live_server, lead)
    page.goto(small.get_absolute_url())
    page.get_by_role("button", name="Confirm Ada Nurse").click()
    page.get_by_role("button", name="Confirm Bo Nurse").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Bo Nurse: on the waiting list."
    )
    page.get_by_role("button", name="Withdraw Ada Nurse").click()
    bo = page.get_by_role("row").filter(has=page.get_by_role("link", name="Bo Nurse"))
    expect(bo).to_contain_text("Place confirmed")


@pytest.mark.slow
def test_creating_a_cohort_with_mistakes_keeps_what_was_typed_and_passes_axe(
    people, page, live_server
):
    _staff, lead = people
    log_in_with_cookie(page, live_server, lead)
    page.goto("/training/cohorts/new/")
    assert_no_axe_violations(page)
    page.get_by_label("QSIR five-week course").check()
    page.get_by_label("Cohort name").fill("Autumn")
    page.get_by_label("Places").fill("0")
    page.get_by_role("button", name="Create cohort").click()
    summary = page.locator(".nhsuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Choose the site")
    expect(summary).to_contain_text("Enter the date of the first session")
    expect(page.get_by_label("Cohort name")).to_have_value("Autumn")
    expect(page.get_by_label("QSIR five-week course")).to_be_checked()
    assert_no_axe_violations(page)

    page.get_by_label("Broomfield").check()
    page.get_by_label("Places").fill("14")
    page.get_by_role("combobox", name="Add a facilitator").fill("lena")
    page.locator("#id_facilitators__listbox").get_by_role("option", name="Lena Lead").click()
    expect(page.get_by_role("list", name="People chosen")).to_contain_text("Lena Lead")
    group = page.get_by_role("group", name="Date of the first session")
    group.get_by_label("Day").fill("5")
    group.get_by_label("Month").fill("1")
    group.get_by_label("Year").fill(str(timezone.localdate().year + 1))
    page.get_by_role("button", name="Create cohort").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text("with 5 sessions")
    expect(page.get_by_role("heading", level=1)).to_have_text("Autumn")
    assert list(Cohort.objects.get(name="Autumn").facilitators.all()) == [lead]


TRAINING_PAGES = {
    "training": lambda cohort, ward: "/training/",
    "cohort": lambda cohort, ward: cohort.get_absolute_url(),
    "training record": lambda cohort, ward: "/training/record/",
    "ward programme": lambda cohort, ward: "/training/wards/",
    "ward": lambda cohort, ward: ward.get_absolute_url(),
    "dashboard": lambda cohort, ward: "/improvement/",
}


@pytest.mark.parametrize("role", ["staff", "lead"])
@pytest.mark.parametrize("name", list(TRAINING_PAGES))
def test_training_pages_pass_axe(people, cohort, wards, page, live_server, role, name):
    staff, lead = people
    training_services.ask_for_place(cohort=cohort, person=staff)
    log_in_with_cookie(page, live_server, staff if role == "staff" else lead)
    response = page.goto(TRAINING_PAGES[name](cohort, wards))
    assert response.status == 200
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    assert_no_axe_violations(page)


def test_the_attendance_form_passes_axe(people, cohort, page, live_server):
    staff, lead = people
    training_services.ask_for_place(cohort=cohort, person=staff)
    training_services.confirm_place(enrolment=cohort.enrolments.get(), decided_by=lead)
    Cohort.objects.filter(pk=cohort.pk).update(starts_on=timezone.localdate())
    cohort.sessions.filter(number=1).update(date=timezone.localdate())
    log_in_with_cookie(page, live_server, lead)
    page.goto(f"/training/cohorts/{cohort.pk}/sessions/1/attendance/")
    expect(page.get_by_label("Sam Staff")).to_be_visible()
    assert_no_axe_violations(page)


@pytest.mark.parametrize("path", ["/training/wards/", "/training/"])
def test_training_pages_fit_a_phone(people, cohort, wards, phone_page, live_server, path):
    _staff, lead = people
    log_in_with_cookie(phone_page, live_server, lead)
    phone_page.goto(path)
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(phone_page)


@pytest.mark.parametrize("width", [1280, 375])
def test_a_lead_moves_then_cancels_a_session_and_its_colleague_reads_why(
    people, cohort, page, live_server, width
):
    staff, lead = people
    page.set_viewport_size({"width": width, "height": 900})
    training_services.ask_for_place(cohort=cohort, person=staff)
    log_in_with_cookie(page, live_server, lead)
    page.goto(cohort.get_absolute_url())

    page.get_by_role("link", name="Move or cancel session 2").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move or cancel session 2")
    assert_no_axe_violations(page)

    # A cancellation needs its reason: the page says so and keeps the session.
    page.get_by_role("button", name="Cancel the session").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text(
        "Enter why the session is cancelled"
    )
    expect(page).to_have_title(re.compile(r"^Error: "))
    assert_no_axe_violations(page)

    page.get_by_label("Why is the session cancelled?").fill("The training room is closed.")
    page.get_by_role("button", name="Cancel the session").click()
    expect(page.locator(".nhsuk-notification-banner--success")).to_contain_text(
        "Session 2 is cancelled. Everyone with a place has been told."
    )
    expect(page.get_by_text("The training room is closed.")).to_be_visible()
    assert_no_axe_violations(page)

    # The colleague who asked for a place reads it in their notifications.
    log_in_with_cookie(page, live_server, staff)
    page.goto("/notifications/")
    expect(
        page.get_by_role("link", name=re.compile(r"^Session 2 of .* is cancelled$"))
    ).to_be_visible()
    expect(page.get_by_text("The training room is closed.")).to_be_visible()
