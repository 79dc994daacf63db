"""The rules of QSIR training and the ward programme, as training.services enforces them.

Places: a colleague asks, a lead confirms (or puts them on the waiting list when the cohort
is full), either gives the place up, and a freed confirmed place goes to the first colleague
waiting. Attendance: only leads record it, only for confirmed places and sessions held; a
colleague who attended every session is trained on the day of the last one.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from core.roles import IMPROVEMENT_LEADS
from tests.factories import UserFactory
from tests.training.factories import (
    CohortFactory,
    CourseFactory,
    EnrolmentFactory,
    WardFactory,
    WaveFactory,
)
from training import services
from training.models import Attendance, Cohort, CohortSession, Enrolment, Ward

pytestmark = pytest.mark.django_db

WEEK = datetime.timedelta(days=7)


def days(count):
    return timezone.localdate() + datetime.timedelta(days=count)


@pytest.fixture
def five_week(db):
    return CourseFactory(name="QSIR five-week course", slug="qsir-five-week", session_count=5)


@pytest.fixture
def one_day(db):
    return CourseFactory(name="QSIR one-day course", slug="qsir-one-day", session_count=1)


@pytest.fixture
def upcoming(five_week, site):
    """A five-week cohort starting in a month, with four places."""
    return CohortFactory(course=five_week, site=site, capacity=4, starts_on=days(30))


@pytest.fixture
def finished(five_week, site):
    """A five-week cohort whose five sessions have all been held."""
    return CohortFactory(course=five_week, site=site, capacity=4, starts_on=days(-60))


@pytest.fixture
def running(five_week, site):
    """A five-week cohort half way through: sessions 1 to 3 held (3 today), 4 and 5 to come."""
    return CohortFactory(course=five_week, site=site, capacity=4, starts_on=days(-14))


@pytest.fixture(params=["staff", "editor", "inactive lead"])
def not_a_lead(request, staff_user, editor_user):
    if request.param == "staff":
        return staff_user
    if request.param == "editor":
        return editor_user
    former_lead = UserFactory(username="former.lead", is_active=False)
    former_lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return former_lead


def place(cohort, status=Enrolment.Status.CONFIRMED, **kwargs):
    return EnrolmentFactory(cohort=cohort, status=status, **kwargs)


def session(cohort, number):
    return cohort.sessions.get(number=number)


def attend(cohort, numbers, present, lead):
    for number in numbers:
        services.record_attendance(
            session=session(cohort, number), present=present, recorded_by=lead
        )


def status_of(enrolment):
    enrolment.refresh_from_db()
    return enrolment.status


def completed_on(enrolment):
    enrolment.refresh_from_db()
    return enrolment.completed_on


# Creating a cohort ------------------------------------------------------------------------


def test_a_lead_creates_a_cohort_with_its_courses_sessions_laid_out(lead_user, five_week, site):
    facilitator = UserFactory()
    start = datetime.date(2027, 1, 11)

    cohort = services.create_cohort(
        created_by=lead_user,
        course=five_week,
        name="Winter 2027",
        site=site,
        capacity=12,
        starts_on=start,
        facilitators=[lead_user, facilitator],
    )

    cohort.refresh_from_db()
    assert (cohort.course, cohort.name, cohort.site, cohort.capacity, cohort.starts_on) == (
        five_week,
        "Winter 2027",
        site,
        12,
        start,
    )
    assert set(cohort.facilitators.all()) == {lead_user, facilitator}
    assert list(cohort.sessions.values_list("number", "date")) == [
        (1, datetime.date(2027, 1, 11)),
        (2, datetime.date(2027, 1, 18)),
        (3, datetime.date(2027, 1, 25)),
        (4, datetime.date(2027, 2, 1)),
        (5, datetime.date(2027, 2, 8)),
    ]


def test_sessions_follow_the_courses_own_interval(lead_user, site, one_day):
    fortnightly = CourseFactory(session_count=3, days_between_sessions=14)

    cohort = services.create_cohort(
        created_by=lead_user,
        course=fortnightly,
        name="Fortnightly",
        site=site,
        capacity=8,
        starts_on=datetime.date(2027, 3, 1),
    )
    single = services.create_cohort(
        created_by=lead_user,
        course=one_day,
        name="March 2027",
        site=site,
        capacity=16,
        starts_on=datetime.date(2027, 3, 12),
    )

    assert list(cohort.sessions.values_list("number", "date")) == [
        (1, datetime.date(2027, 3, 1)),
        (2, datetime.date(2027, 3, 15)),
        (3, datetime.date(2027, 3, 29)),
    ]
    assert list(single.sessions.values_list("number", "date")) == [(1, datetime.date(2027, 3, 12))]
    assert not cohort.facilitators.exists()


def test_a_cohort_without_places_is_refused(lead_user, five_week, site):
    with pytest.raises(ValidationError):
        services.create_cohort(
            created_by=lead_user,
            course=five_week,
            name="No room",
            site=site,
            capacity=0,
            starts_on=days(30),
        )
    assert not Cohort.objects.exists()
    assert not CohortSession.objects.exists()


def test_only_a_lead_can_create_a_cohort(not_a_lead, five_week, site):
    with pytest.raises(PermissionDenied):
        services.create_cohort(
            created_by=not_a_lead,
            course=five_week,
            name="Spring",
            site=site,
            capacity=12,
            starts_on=days(30),
        )
    assert not Cohort.objects.exists()


def test_a_superuser_can_create_a_cohort(five_week, site):
    superuser = UserFactory(username="admin", is_superuser=True, is_staff=True)

    cohort = services.create_cohort(
        created_by=superuser,
        course=five_week,
        name="Spring",
        site=site,
        capacity=12,
        starts_on=days(30),
    )

    assert cohort.sessions.count() == 5


# Asking for a place -----------------------------------------------------------------------


def test_a_member_of_staff_asks_for_a_place(staff_user, upcoming):
    enrolment = services.ask_for_place(cohort=upcoming, person=staff_user)

    enrolment.refresh_from_db()
    assert (enrolment.cohort, enrolment.person, enrolment.status) == (
        upcoming,
        staff_user,
        Enrolment.Status.REQUESTED,
    )
    assert enrolment.decided_by is None
    assert enrolment.completed_on is None


@pytest.mark.parametrize(
    ("status", "said"),
    [
        (Enrolment.Status.REQUESTED, "asked for a place"),
        (Enrolment.Status.CONFIRMED, "place confirmed"),
        (Enrolment.Status.WAITING, "on the waiting list"),
    ],
)
def test_asking_twice_is_refused_with_where_the_request_stands(staff_user, upcoming, status, said):
    first = place(upcoming, status, person=staff_user)

    with pytest.raises(ValidationError) as refused:
        services.ask_for_place(cohort=upcoming, person=staff_user)

    assert refused.value.messages == [f"You have already asked for a place on this cohort: {said}."]
    assert list(Enrolment.objects.all()) == [first]
    assert status_of(first) == status


def test_asking_again_after_giving_the_place_up_works(staff_user, lead_user, upcoming):
    enrolment = place(upcoming, Enrolment.Status.CONFIRMED, person=staff_user, decided_by=lead_user)
    services.withdraw(enrolment=enrolment, withdrawn_by=staff_user)
    assert status_of(enrolment) == Enrolment.Status.WITHDRAWN

    again = services.ask_for_place(cohort=upcoming, person=staff_user)

    assert again.pk == enrolment.pk
    again.refresh_from_db()
    assert again.status == Enrolment.Status.REQUESTED
    assert again.decided_by is None
    assert Enrolment.objects.count() == 1


@pytest.mark.parametrize("started", [0, -1, -30], ids=["today", "yesterday", "a month ago"])
def test_a_cohort_that_has_started_takes_no_requests(staff_user, five_week, site, started):
    cohort = CohortFactory(course=five_week, site=site, starts_on=days(started))

    with pytest.raises(ValidationError) as refused:
        services.ask_for_place(cohort=cohort, person=staff_user)

    assert refused.value.messages == ["This cohort has started: ask for a place on a later one."]
    assert not Enrolment.objects.exists()


def test_a_colleague_trained_in_the_course_cannot_ask_for_it_again(
    staff_user, lead_user, finished, upcoming
):
    done = place(finished, person=staff_user)
    attend(finished, range(1, 6), [done], lead_user)
    assert completed_on(done) is not None

    with pytest.raises(ValidationError) as refused:
        services.ask_for_place(cohort=upcoming, person=staff_user)

    assert refused.value.messages == ["You are already trained in the QSIR five-week course."]
    assert not Enrolment.objects.filter(cohort=upcoming).exists()


def test_a_colleague_not_trained_yet_may_ask_again_for_the_course(
    staff_user, lead_user, finished, upcoming
):
    """Missing a session of an earlier cohort leaves the colleague untrained."""
    missed = place(finished, person=staff_user)
    attend(finished, [1, 2, 4, 5], [missed], lead_user)
    assert completed_on(missed) is None

    enrolment = services.ask_for_place(cohort=upcoming, person=staff_user)

    assert enrolment.status == Enrolment.Status.REQUESTED


def test_training_in_the_one_day_course_does_not_stop_the_five_week_course(
    staff_user, lead_user, one_day, upcoming, site
):
    earlier = CohortFactory(course=one_day, site=site, starts_on=days(-100))
    done = place(earlier, person=staff_user)
    attend(earlier, [1], [done], lead_user)
    assert completed_on(done) == earlier.starts_on

    enrolment = services.ask_for_place(cohort=upcoming, person=staff_user)

    assert enrolment.status == Enrolment.Status.REQUESTED


def test_a_colleague_may_ask_for_a_full_cohort(staff_user, upcoming):
    for _ in range(upcoming.capacity):
        place(upcoming)

    enrolment = services.ask_for_place(cohort=upcoming, person=staff_user)

    assert enrolment.status == Enrolment.Status.REQUESTED


# Confirming places ------------------------------------------------------------------------


def test_a_lead_confirms_places_while_there_are_free_ones_then_keeps_a_waiting_list(
    lead_user, five_week, site
):
    cohort = CohortFactory(course=five_week, site=site, capacity=2, starts_on=days(30))
    first, second, third, fourth = (place(cohort, Enrolment.Status.REQUESTED) for _ in range(4))

    decided = [
        services.confirm_place(enrolment=enrolment, decided_by=lead_user).status
        for enrolment in (first, second, third, fourth)
    ]

    assert decided == ["confirmed", "confirmed", "waiting", "waiting"]
    for enrolment, status in zip((first, second, third, fourth), decided, strict=True):
        enrolment.refresh_from_db()
        assert (enrolment.status, enrolment.decided_by) == (status, lead_user)
    assert cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED).count() == 2


def test_confirming_a_waiting_colleague_while_the_cohort_is_full_keeps_them_waiting(
    lead_user, five_week, site
):
    cohort = CohortFactory(course=five_week, site=site, capacity=1, starts_on=days(30))
    place(cohort, Enrolment.Status.CONFIRMED)
    waiting = place(cohort, Enrolment.Status.WAITING)

    assert services.confirm_place(enrolment=waiting, decided_by=lead_user).status == "waiting"

    # A lead adds a place in the admin; confirming again now gives the waiting colleague it.
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    assert services.confirm_place(enrolment=waiting, decided_by=lead_user).status == "confirmed"
    assert status_of(waiting) == Enrolment.Status.CONFIRMED


def test_places_confirmed_count_only_confirmed_colleagues(lead_user, upcoming):
    """Requests, the waiting list and withdrawn places take none of the four places."""
    for status in ("requested", "requested", "waiting", "withdrawn", "withdrawn"):
        place(upcoming, status)
    for _ in range(3):
        place(upcoming, Enrolment.Status.CONFIRMED)
    asked = place(upcoming, Enrolment.Status.REQUESTED)

    assert services.confirm_place(enrolment=asked, decided_by=lead_user).status == "confirmed"


@pytest.mark.parametrize("status", ["confirmed", "withdrawn"])
def test_there_is_nothing_to_confirm_on_a_confirmed_or_withdrawn_place(lead_user, upcoming, status):
    enrolment = place(upcoming, status)

    with pytest.raises(ValidationError) as refused:
        services.confirm_place(enrolment=enrolment, decided_by=lead_user)

    label = dict(Enrolment.Status.choices)[status].lower()
    assert refused.value.messages == [f"This place is {label}: there is nothing to confirm."]
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.decided_by) == (status, None)


def test_only_a_lead_can_confirm_a_place(not_a_lead, upcoming):
    enrolment = place(upcoming, Enrolment.Status.REQUESTED)

    with pytest.raises(PermissionDenied):
        services.confirm_place(enrolment=enrolment, decided_by=not_a_lead)

    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.decided_by) == (Enrolment.Status.REQUESTED, None)


def test_a_colleague_cannot_confirm_their_own_place(staff_user, upcoming):
    enrolment = services.ask_for_place(cohort=upcoming, person=staff_user)

    with pytest.raises(PermissionDenied):
        services.confirm_place(enrolment=enrolment, decided_by=staff_user)

    assert status_of(enrolment) == Enrolment.Status.REQUESTED


# Giving places up -------------------------------------------------------------------------


@pytest.mark.parametrize("status", ["requested", "confirmed", "waiting"])
def test_a_colleague_gives_up_their_own_place(staff_user, upcoming, status):
    enrolment = place(upcoming, status, person=staff_user)

    services.withdraw(enrolment=enrolment, withdrawn_by=staff_user)

    assert status_of(enrolment) == Enrolment.Status.WITHDRAWN


def test_a_lead_takes_a_colleagues_place_back(lead_user, staff_user, upcoming):
    enrolment = place(upcoming, person=staff_user)

    services.withdraw(enrolment=enrolment, withdrawn_by=lead_user)

    assert status_of(enrolment) == Enrolment.Status.WITHDRAWN


def test_another_member_of_staff_cannot_give_up_a_colleagues_place(
    staff_user, other_staff_user, upcoming
):
    enrolment = place(upcoming, person=staff_user)
    waiting = place(upcoming, Enrolment.Status.WAITING)

    with pytest.raises(PermissionDenied):
        services.withdraw(enrolment=enrolment, withdrawn_by=other_staff_user)

    assert status_of(enrolment) == Enrolment.Status.CONFIRMED
    assert status_of(waiting) == Enrolment.Status.WAITING


@pytest.mark.parametrize("by", ["colleague", "lead"])
def test_a_freed_confirmed_place_goes_to_the_first_on_the_waiting_list(
    lead_user, five_week, site, by
):
    cohort = CohortFactory(course=five_week, site=site, capacity=2, starts_on=days(30))
    leaving = place(cohort)
    staying = place(cohort)
    first_waiting = place(cohort, Enrolment.Status.WAITING)
    second_waiting = place(cohort, Enrolment.Status.WAITING)
    asked = place(cohort, Enrolment.Status.REQUESTED)

    services.withdraw(
        enrolment=leaving, withdrawn_by=leaving.person if by == "colleague" else lead_user
    )

    assert [status_of(e) for e in (leaving, staying, first_waiting, second_waiting, asked)] == [
        "withdrawn",
        "confirmed",
        "confirmed",
        "waiting",
        "requested",
    ]
    assert cohort.enrolments.filter(status=Enrolment.Status.CONFIRMED).count() == 2


@pytest.mark.parametrize("status", ["requested", "waiting"])
def test_giving_up_a_place_not_confirmed_frees_nothing(upcoming, status):
    for _ in range(upcoming.capacity):
        place(upcoming)
    leaving = place(upcoming, status)
    waiting = place(upcoming, Enrolment.Status.WAITING)

    services.withdraw(enrolment=leaving, withdrawn_by=leaving.person)

    assert status_of(waiting) == Enrolment.Status.WAITING
    assert upcoming.enrolments.filter(status=Enrolment.Status.CONFIRMED).count() == 4


def test_the_waiting_list_is_in_the_order_colleagues_asked_even_after_asking_again(
    lead_user, five_week, site
):
    """A colleague who gave up a place and asked again joins the back of the queue."""
    cohort = CohortFactory(course=five_week, site=site, capacity=1, starts_on=days(30))
    early, patient, holder = UserFactory(), UserFactory(), UserFactory()
    services.withdraw(
        enrolment=services.ask_for_place(cohort=cohort, person=early), withdrawn_by=early
    )
    confirmed = services.confirm_place(
        enrolment=services.ask_for_place(cohort=cohort, person=holder), decided_by=lead_user
    )
    waiting = services.confirm_place(
        enrolment=services.ask_for_place(cohort=cohort, person=patient), decided_by=lead_user
    )
    again = services.confirm_place(
        enrolment=services.ask_for_place(cohort=cohort, person=early), decided_by=lead_user
    )
    assert (confirmed.status, waiting.status, again.status) == ("confirmed", "waiting", "waiting")

    services.withdraw(enrolment=confirmed, withdrawn_by=holder)

    assert status_of(waiting) == Enrolment.Status.CONFIRMED
    assert status_of(again) == Enrolment.Status.WAITING


def test_a_place_given_up_cannot_be_given_up_again(staff_user, upcoming):
    enrolment = place(upcoming, Enrolment.Status.WITHDRAWN, person=staff_user)
    waiting = place(upcoming, Enrolment.Status.WAITING)

    with pytest.raises(ValidationError) as refused:
        services.withdraw(enrolment=enrolment, withdrawn_by=staff_user)

    assert refused.value.messages == ["This place has already been given up."]
    assert status_of(waiting) == Enrolment.Status.WAITING


@pytest.mark.parametrize("by", ["colleague", "lead"])
def test_a_completed_place_cannot_be_given_up(lead_user, staff_user, finished, by):
    enrolment = place(finished, person=staff_user)
    waiting = place(finished, Enrolment.Status.WAITING)
    attend(finished, range(1, 6), [enrolment], lead_user)
    day = completed_on(enrolment)
    assert day is not None

    with pytest.raises(ValidationError) as refused:
        services.withdraw(
            enrolment=enrolment, withdrawn_by=staff_user if by == "colleague" else lead_user
        )

    assert refused.value.messages == ["This colleague has completed the course: the place stays."]
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.completed_on) == (Enrolment.Status.CONFIRMED, day)
    assert status_of(waiting) == Enrolment.Status.WAITING


# Attendance and completion ----------------------------------------------------------------


def test_a_lead_records_who_was_at_a_session(lead_user, finished):
    a, b, c = place(finished), place(finished), place(finished)

    services.record_attendance(session=session(finished, 1), present=[a, b], recorded_by=lead_user)

    rows = Attendance.objects.filter(session__cohort=finished)
    assert set(rows.values_list("session__number", "enrolment")) == {(1, a.pk), (1, b.pk)}
    assert set(rows.values_list("recorded_by", flat=True)) == {lead_user.pk}
    assert c.attendance.count() == 0


def test_absent_colleagues_rows_are_removed_and_others_kept(lead_user, finished):
    a, b = place(finished), place(finished)
    first = session(finished, 1)
    services.record_attendance(session=first, present=[a, b], recorded_by=lead_user)
    kept = Attendance.objects.get(session=first, enrolment=a)
    other_lead = UserFactory()
    other_lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))

    services.record_attendance(session=first, present=[a], recorded_by=other_lead)

    assert list(Attendance.objects.filter(session=first)) == [kept]
    kept.refresh_from_db()
    assert kept.recorded_by == lead_user

    services.record_attendance(session=first, present=[], recorded_by=lead_user)

    assert not Attendance.objects.filter(session=first).exists()


def test_recording_one_session_leaves_the_others_alone(lead_user, finished):
    a = place(finished)
    attend(finished, [1, 2], [a], lead_user)

    services.record_attendance(session=session(finished, 2), present=[], recorded_by=lead_user)

    assert list(a.attendance.values_list("session__number", flat=True)) == [1]


def test_a_colleague_who_attends_every_session_is_trained_on_the_day_of_the_last(
    lead_user, finished
):
    every, missed_one = place(finished), place(finished)

    attend(finished, [1, 2, 3, 4], [every, missed_one], lead_user)
    assert (completed_on(every), completed_on(missed_one)) == (None, None)

    attend(finished, [5], [every], lead_user)

    assert completed_on(every) == session(finished, 5).date
    assert completed_on(missed_one) is None


def test_completion_follows_the_last_session_whatever_order_attendance_is_recorded_in(
    lead_user, finished
):
    a = place(finished)

    attend(finished, [5, 3, 1, 4], [a], lead_user)
    assert completed_on(a) is None
    attend(finished, [2], [a], lead_user)

    assert completed_on(a) == finished.starts_on + 4 * WEEK


def test_correcting_attendance_unsets_and_resets_the_completion(lead_user, finished):
    a, b = place(finished), place(finished)
    attend(finished, range(1, 6), [a, b], lead_user)
    assert completed_on(a) == completed_on(b) == session(finished, 5).date

    # a was not at session 2 after all.
    services.record_attendance(session=session(finished, 2), present=[b], recorded_by=lead_user)

    assert completed_on(a) is None
    assert completed_on(b) == session(finished, 5).date

    services.record_attendance(session=session(finished, 2), present=[a, b], recorded_by=lead_user)

    assert completed_on(a) == session(finished, 5).date


def test_attendance_at_another_cohort_does_not_count(lead_user, finished, five_week, site):
    a = place(finished)
    other = CohortFactory(course=five_week, site=site, starts_on=days(-90))
    stray = place(other, person=a.person)
    attend(other, range(1, 6), [stray], lead_user)
    attend(finished, [1, 2, 3, 4], [a], lead_user)

    assert completed_on(a) is None
    assert completed_on(stray) == session(other, 5).date


def test_attendance_is_recorded_on_or_after_the_sessions_day(lead_user, running):
    a = place(running)

    services.record_attendance(session=session(running, 3), present=[a], recorded_by=lead_user)
    assert a.attendance.count() == 1

    fourth = session(running, 4)
    with pytest.raises(ValidationError) as refused:
        services.record_attendance(session=fourth, present=[a], recorded_by=lead_user)

    assert refused.value.messages == [
        f"Session 4 is on {fourth.date:%-d %B %Y}: record its attendance on or after that day."
    ]
    assert list(a.attendance.values_list("session__number", flat=True)) == [3]


@pytest.mark.parametrize("status", ["requested", "waiting", "withdrawn"])
def test_only_colleagues_with_a_confirmed_place_attend(lead_user, finished, status):
    confirmed, other = place(finished), place(finished, status)

    with pytest.raises(ValidationError) as refused:
        services.record_attendance(
            session=session(finished, 1), present=[confirmed, other], recorded_by=lead_user
        )

    assert refused.value.messages == [
        "Only colleagues with a confirmed place can attend a session."
    ]
    assert not Attendance.objects.exists()


def test_a_place_on_another_cohort_cannot_attend(lead_user, finished, five_week, site):
    elsewhere = place(CohortFactory(course=five_week, site=site, starts_on=days(-60)))

    with pytest.raises(ValidationError):
        services.record_attendance(
            session=session(finished, 1), present=[elsewhere], recorded_by=lead_user
        )

    assert not Attendance.objects.exists()


def test_only_a_lead_records_attendance(lead_user, not_a_lead, finished):
    a = place(finished)
    attend(finished, [1], [a], lead_user)

    with pytest.raises(PermissionDenied):
        services.record_attendance(session=session(finished, 1), present=[], recorded_by=not_a_lead)
    with pytest.raises(PermissionDenied):
        services.record_attendance(
            session=session(finished, 2), present=[a], recorded_by=not_a_lead
        )

    assert list(a.attendance.values_list("session__number", flat=True)) == [1]


def test_a_colleague_cannot_record_their_own_attendance(staff_user, finished):
    mine = place(finished, person=staff_user)

    with pytest.raises(PermissionDenied):
        attend(finished, range(1, 6), [mine], staff_user)

    assert completed_on(mine) is None
    assert not Attendance.objects.exists()


# The ward programme -----------------------------------------------------------------------


@pytest.fixture
def ward(site):
    return WardFactory(site=site, name="Ward 7", wave=WaveFactory(number=3))


def test_a_lead_moves_a_ward_into_the_programme_and_on(lead_user, ward):
    joined = datetime.date(2022, 8, 15)

    services.update_ward(ward=ward, changed_by=lead_user, stage="diagnostic", joined_on=joined)
    ward.refresh_from_db()
    assert (ward.stage, ward.joined_on) == (Ward.Stage.DIAGNOSTIC, joined)

    services.update_ward(ward=ward, changed_by=lead_user, stage="sustaining", joined_on=joined)
    ward.refresh_from_db()
    assert (ward.stage, ward.joined_on) == (Ward.Stage.SUSTAINING, joined)


@pytest.mark.parametrize("stage", ["diagnostic", "testing", "embedding", "sustaining"])
def test_a_ward_in_the_programme_needs_the_day_it_joined(lead_user, ward, stage):
    with pytest.raises(ValidationError) as refused:
        services.update_ward(ward=ward, changed_by=lead_user, stage=stage, joined_on=None)

    assert refused.value.message_dict == {
        "joined_on": ["Enter the day the ward joined the programme."]
    }
    ward.refresh_from_db()
    assert (ward.stage, ward.joined_on) == (Ward.Stage.PLANNED, None)


def test_a_planned_ward_has_no_joining_date(lead_user, ward):
    """The programme's figures count a ward with a joining date as joined."""
    with pytest.raises(ValidationError) as refused:
        services.update_ward(
            ward=ward, changed_by=lead_user, stage="planned", joined_on=datetime.date(2022, 8, 1)
        )

    assert refused.value.message_dict == {
        "joined_on": ["Leave the date blank while the ward is planned."]
    }
    ward.refresh_from_db()
    assert (ward.stage, ward.joined_on) == (Ward.Stage.PLANNED, None)


def test_a_ward_moved_back_to_planned_loses_its_joining_date(lead_user, site):
    joined = datetime.date(2022, 8, 15)
    ward = WardFactory(site=site, joined_on=joined, stage=Ward.Stage.TESTING)

    # The form offers the ward's date back: saving it with "planned" is refused.
    with pytest.raises(ValidationError):
        services.update_ward(ward=ward, changed_by=lead_user, stage="planned", joined_on=joined)
    ward.refresh_from_db()
    assert (ward.stage, ward.joined_on) == (Ward.Stage.TESTING, joined)

    services.update_ward(ward=ward, changed_by=lead_user, stage="planned", joined_on=None)

    ward.refresh_from_db()
    assert (ward.stage, ward.joined_on) == (Ward.Stage.PLANNED, None)


def test_an_unknown_stage_is_refused(lead_user, ward):
    with pytest.raises(ValidationError):
        services.update_ward(
            ward=ward, changed_by=lead_user, stage="finished", joined_on=datetime.date(2022, 8, 1)
        )
    ward.refresh_from_db()
    assert ward.stage == Ward.Stage.PLANNED


def test_only_a_lead_changes_a_ward(not_a_lead, ward):
    with pytest.raises(PermissionDenied):
        services.update_ward(
            ward=ward,
            changed_by=not_a_lead,
            stage="testing",
            joined_on=datetime.date(2022, 8, 1),
        )
    ward.refresh_from_db()
    assert (ward.stage, ward.joined_on) == (Ward.Stage.PLANNED, None)


def test_places_and_attendance_are_recorded_with_the_lead(lead_user):
    colleague = UserFactory(username="trainee")
    cohort = CohortFactory(
        course__session_count=1, starts_on=datetime.date(2024, 4, 8), facilitators=[lead_user]
    )
    place = EnrolmentFactory(cohort=cohort, person=colleague)

    services.confirm_place(enrolment=place, decided_by=lead_user)
    place.refresh_from_db()
    services.record_attendance(
        session=cohort.sessions.get(), present=[place], recorded_by=lead_user
    )

    entries = [
        (entry.status, entry.completed_on, entry.history_user)
        for entry in place.history.order_by("history_id")
    ][1:]
    assert entries == [
        ("confirmed", None, lead_user),
        ("confirmed", datetime.date(2024, 4, 8), lead_user),
    ]
    [attended] = Attendance.history.filter(enrolment_id=place.pk)
    assert (attended.history_type, attended.history_user) == ("+", lead_user)
