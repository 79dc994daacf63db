"""Each training and ward programme page takes the same number of queries however many
cohorts, places, sessions, attendance records, wards and projects it shows.

As in test_query_counts: count a page's queries on a little data, add much more of every
kind of record the page shows, and count again.
"""

import datetime
from types import SimpleNamespace
from urllib.parse import urlencode

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.dates import date_query
from tests.factories import SiteFactory, UserFactory
from tests.improvement.factories import ProjectFactory
from tests.improvement.test_query_counts import assert_flat
from tests.training.factories import (
    AttendanceFactory,
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    WardFactory,
    WaveFactory,
)
from training.models import Enrolment
from training.services import update_completions

pytestmark = pytest.mark.django_db

STATUSES = list(Enrolment.Status)


def days(count):
    return timezone.localdate() + datetime.timedelta(days=count)


def attend_all(enrolment):
    for session in enrolment.cohort.sessions.all():
        AttendanceFactory(enrolment=enrolment, session=session)


def places(cohort, count, *, attended=True):
    """Places of every status; the confirmed ones attend every session held."""
    made = []
    for number in range(count):
        status = STATUSES[number % len(STATUSES)]
        enrolment = EnrolmentFactory(cohort=cohort, status=status)
        if attended and status == Enrolment.Status.CONFIRMED:
            for session in cohort.sessions.filter(date__lte=timezone.localdate()):
                AttendanceFactory(enrolment=enrolment, session=session)
        made.append(enrolment)
    update_completions(cohort)
    return made


@pytest.fixture
def little(lead_user, staff_user, site):
    """One cohort past and one to come, the member of staff on both, a wave with a ward."""
    course = CourseFactory(name="QSIR five-week course", session_count=5)
    past = CohortFactory(course=course, site=site, starts_on=days(-60), facilitators=[lead_user])
    coming = CohortFactory(course=course, site=site, starts_on=days(30), facilitators=[lead_user])
    mine = EnrolmentFactory(cohort=past, person=staff_user, status=Enrolment.Status.CONFIRMED)
    attend_all(mine)
    update_completions(past)
    EnrolmentFactory(cohort=coming, person=staff_user)
    ProjectFactory(site=site, cohort=past)
    wave = WaveFactory(number=1, planned_start=datetime.date(2022, 1, 1))
    ward = WardFactory(site=site, wave=wave, joined_on=datetime.date(2022, 2, 1))
    ProjectFactory(site=site, programme_ward=ward)
    return SimpleNamespace(course=course, past=past, coming=coming, ward=ward, site=site)


def more_training(little, staff_user, *, count=6):
    """Cohorts of two courses at three sites, past and to come, full of places; the member
    of staff on many of them."""
    one_day = CourseFactory(name="QSIR one-day course", session_count=1)
    sites = [little.site, SiteFactory(), SiteFactory()]
    for number in range(count):
        course = one_day if number % 2 else little.course
        site = sites[number % 3]
        leads = UserFactory.create_batch(2)
        past = CohortFactory(
            course=course, site=site, starts_on=days(-100 - 30 * number), facilitators=leads
        )
        places(past, 8)
        EnrolmentFactory(cohort=past, person=staff_user, status=Enrolment.Status.CONFIRMED)
        coming = CohortFactory(
            course=course, site=site, starts_on=days(10 + number), facilitators=leads
        )
        places(coming, 5, attended=False)
        ProjectFactory(site=site, cohort=past)
    for cohort in (little.past, little.coming):
        places(cohort, 12)
        cohort.facilitators.add(*UserFactory.create_batch(3))
        ProjectFactory.create_batch(4, site=little.site, cohort=cohort)


def more_wards(little):
    sites = [little.site, SiteFactory(), SiteFactory()]
    for number in range(2, 10):
        wave = WaveFactory(number=number, planned_start=datetime.date(2022, 1, 1))
        for index in range(5):
            joined = datetime.date(2022, 3, 1) if index % 2 else None
            ward = WardFactory(site=sites[index % 3], wave=wave, joined_on=joined)
            if joined:
                ProjectFactory.create_batch(2, site=ward.site, programme_ward=ward)


# QSIR training ----------------------------------------------------------------------------


@pytest.mark.parametrize("who", ["staff", "lead"])
def test_the_training_page(staff_client, lead_client, staff_user, little, who):
    client = staff_client if who == "staff" else lead_client
    assert_flat(client, reverse("training:training"), lambda: more_training(little, staff_user))


@pytest.mark.parametrize("who", ["staff", "lead"])
def test_a_cohort_page(staff_client, lead_client, staff_user, little, who):
    client = staff_client if who == "staff" else lead_client
    assert_flat(client, little.past.get_absolute_url(), lambda: more_training(little, staff_user))


def test_an_upcoming_cohort_page_for_staff(staff_client, staff_user, little):
    assert_flat(
        staff_client, little.coming.get_absolute_url(), lambda: more_training(little, staff_user)
    )


def test_the_attendance_form(lead_client, staff_user, little):
    url = reverse("training:session_attendance", args=[little.past.pk, 2])
    assert_flat(lead_client, url, lambda: more_training(little, staff_user))


def test_a_training_record(staff_client, staff_user, little):
    assert_flat(
        staff_client,
        reverse("training:training_record"),
        lambda: more_training(little, staff_user),
    )


def test_a_lead_reads_a_colleagues_training_record(lead_client, staff_user, little):
    url = reverse("training:person_training_record", args=[staff_user.pk])
    assert_flat(lead_client, url, lambda: more_training(little, staff_user))


# The ward programme -----------------------------------------------------------------------


def test_the_ward_programme(staff_client, little):
    assert_flat(staff_client, reverse("training:ward_programme"), lambda: more_wards(little))


@pytest.mark.parametrize("who", ["staff", "lead"])
def test_a_ward_page(staff_client, lead_client, little, who):
    client = staff_client if who == "staff" else lead_client

    def grow():
        more_wards(little)
        ProjectFactory.create_batch(10, site=little.site, programme_ward=little.ward)

    assert_flat(client, little.ward.get_absolute_url(), grow)


# The dashboard's training figures ---------------------------------------------------------


@pytest.mark.parametrize(
    "at_site, dated",
    [(False, False), (True, False), (False, True), (True, True)],
    ids=["all sites", "one site", "between dates", "one site between dates"],
)
def test_the_dashboard_with_the_training_figures(staff_client, staff_user, little, at_site, dated):
    """Between dates, the colleagues first trained are counted from the places: in a fixed
    number of queries too."""
    query = {"site": little.site.pk} if at_site else {}
    if dated:
        query |= date_query(date_from=f"{days(-400):%d/%m/%Y}", date_to=f"{days(0):%d/%m/%Y}")
    url = f"{reverse('improvement:dashboard')}?{urlencode(query)}"
    assert_flat(staff_client, url, lambda: more_training(little, staff_user, count=9))
