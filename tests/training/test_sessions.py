"""Moving or cancelling a cohort's session: a lead does it on the cohort's page (or moves it in
the admin), and everyone with a place, or asking or waiting for one, is told."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.utils import timezone

from notifications.models import Kind, Notification
from tests.factories import UserFactory
from tests.html import error_summary, field_value, text
from tests.training.factories import AttendanceFactory, CohortFactory, EnrolmentFactory
from training import services
from training.models import CohortSession, Enrolment

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def cohort():
    cohort = CohortFactory(name="Spring", starts_on=TODAY + datetime.timedelta(days=14))
    for username, status in [
        ("confirmed", Enrolment.Status.CONFIRMED),
        ("waiting", Enrolment.Status.WAITING),
        ("asking", Enrolment.Status.REQUESTED),
        ("gave.up", Enrolment.Status.WITHDRAWN),
    ]:
        EnrolmentFactory(cohort=cohort, person=UserFactory(username=username), status=status)
    return cohort


def session(cohort, number):
    return CohortSession.objects.get(cohort=cohort, number=number)


def told():
    return {
        (notification.recipient.username, notification.title, notification.body)
        for notification in Notification.objects.filter(kind=Kind.PLACE).select_related("recipient")
    }


def place_holders(title, body=""):
    return {(username, title, body) for username in ["confirmed", "waiting", "asking"]}


def test_a_moved_session_is_told_to_everyone_with_a_place_but_those_who_gave_it_up(
    cohort, lead_user
):
    second = session(cohort, 2)
    moved_from = second.date
    new_date = moved_from + datetime.timedelta(days=3)

    services.move_session(session=second, date=new_date, moved_by=lead_user)

    assert session(cohort, 2).date == new_date
    assert told() == place_holders(
        f"Session 2 of {cohort} has moved from {moved_from:%-d %B %Y} to {new_date:%A %-d %B %Y}"
    )


def test_a_cancelled_session_is_told_with_its_reason(cohort, lead_user):
    third = session(cohort, 3)

    services.cancel_session(session=third, reason="  The trainer is ill.  ", cancelled_by=lead_user)

    third.refresh_from_db()
    assert (third.cancelled_on, third.cancel_reason) == (TODAY, "The trainer is ill.")
    assert told() == place_holders(
        f"Session 3 of {cohort} on {third.date:%A %-d %B %Y} is cancelled", "The trainer is ill."
    )


def test_completing_the_course_takes_the_sessions_not_cancelled(lead_user):
    cohort = CohortFactory(starts_on=TODAY - datetime.timedelta(days=70))
    place = EnrolmentFactory(cohort=cohort, status=Enrolment.Status.CONFIRMED)
    sessions = list(cohort.sessions.order_by("number"))
    for held in sessions[:-1]:
        AttendanceFactory(session=held, enrolment=place)
    services.update_completions(cohort)
    assert Enrolment.objects.get(pk=place.pk).completed_on is None

    # The last session has not been held (nobody recorded it): it is called off.
    last = sessions[-1]
    CohortSession.objects.filter(pk=last.pk).update(date=TODAY + datetime.timedelta(days=1))
    services.cancel_session(session=last, reason="Room flooded.", cancelled_by=lead_user)

    assert Enrolment.objects.get(pk=place.pk).completed_on == sessions[-2].date
    with pytest.raises(ValidationError, match="Session 5 was cancelled: nobody attended it"):
        services.record_attendance(session=last, present=[place], recorded_by=lead_user)


REFUSED_MOVES = {
    "to the past": (-1, "Enter a date that is today or in the future"),
    "to its own day": (0, "Session 2 is already on that day"),
}


@pytest.mark.parametrize("case", REFUSED_MOVES)
def test_a_move_that_makes_no_sense_is_refused_and_nobody_is_told(cohort, lead_user, case):
    days, message = REFUSED_MOVES[case]
    second = session(cohort, 2)
    date = TODAY + datetime.timedelta(days=days) if days < 0 else second.date

    with pytest.raises(ValidationError, match=message):
        services.move_session(session=second, date=date, moved_by=lead_user)

    assert not Notification.objects.exists()


def test_a_held_or_cancelled_session_is_neither_moved_nor_cancelled(cohort, lead_user):
    first, second = session(cohort, 1), session(cohort, 2)
    AttendanceFactory(session=first, enrolment=Enrolment.objects.get(person__username="confirmed"))
    services.cancel_session(session=second, reason="Strike.", cancelled_by=lead_user)
    Notification.objects.all().delete()
    later = TODAY + datetime.timedelta(days=60)

    with pytest.raises(ValidationError, match="it cannot be moved or cancelled"):
        services.move_session(session=first, date=later, moved_by=lead_user)
    with pytest.raises(ValidationError, match="Session 2 was cancelled: it cannot be changed"):
        services.move_session(session=second, date=later, moved_by=lead_user)
    with pytest.raises(ValidationError, match="Session 2 was cancelled"):
        services.cancel_session(session=second, reason="Again.", cancelled_by=lead_user)
    assert not Notification.objects.exists()


def test_only_improvement_leads_move_or_cancel_sessions(cohort, staff_user):
    second = session(cohort, 2)
    with pytest.raises(PermissionDenied):
        services.move_session(session=second, date=second.date, moved_by=staff_user)
    with pytest.raises(PermissionDenied):
        services.cancel_session(session=second, reason="No.", cancelled_by=staff_user)


# The page --------------------------------------------------------------------------------------


def change_url(cohort, number):
    return f"/training/cohorts/{cohort.pk}/sessions/{number}/change/"


def date_fields(prefix, date):
    return {
        f"{prefix}-date_day": str(date.day),
        f"{prefix}-date_month": str(date.month),
        f"{prefix}-date_year": str(date.year),
    }


def test_the_cohort_page_offers_a_lead_to_move_or_cancel_each_session_not_held(cohort, lead_client):
    page = lead_client.get(cohort.get_absolute_url())

    assert text(page).count("Not held yet. Move or cancel session") == 5
    assert change_url(cohort, 2) in page.content.decode()


def test_a_lead_moves_a_session_on_its_page(cohort, lead_client):
    new_date = session(cohort, 2).date + datetime.timedelta(days=2)

    response = lead_client.post(
        change_url(cohort, 2), {"move": "", **date_fields("move", new_date)}
    )

    assert response["Location"] == cohort.get_absolute_url()
    assert session(cohort, 2).date == new_date
    shown = text(lead_client.get(response["Location"]))
    assert (
        f"Session 2 is now on {new_date:%A %-d %B %Y}. Everyone with a place has been told."
        in shown
    )


def test_a_lead_cancels_a_session_and_the_cohort_page_shows_why(cohort, lead_client):
    response = lead_client.post(
        change_url(cohort, 4), {"cancel": "", "cancel-reason": "The room is closed."}
    )

    page = text(lead_client.get(response["Location"]))
    assert "Session 4 is cancelled. Everyone with a place has been told." in page
    assert "Cancelled The room is closed." in page


def test_a_cancellation_without_a_reason_keeps_nothing_and_says_what_to_enter(cohort, lead_client):
    response = lead_client.post(change_url(cohort, 4), {"cancel": "", "cancel-reason": "  "})

    assert response.status_code == 200
    assert [message for message, _ in error_summary(response)] == [
        "Enter why the session is cancelled"
    ]
    assert session(cohort, 4).cancelled_on is None


def test_a_move_to_the_past_is_shown_again_with_the_date_typed(cohort, lead_client):
    past = TODAY - datetime.timedelta(days=3)

    response = lead_client.post(change_url(cohort, 2), {"move": "", **date_fields("move", past)})

    assert response.status_code == 200
    assert [message for message, _ in error_summary(response)] == [
        "Enter a date that is today or in the future"
    ]
    assert field_value(response, "move-date_year") == str(past.year)
    assert not Notification.objects.exists()


def test_staff_cannot_open_or_post_the_session_page(cohort, staff_client):
    assert staff_client.get(change_url(cohort, 2)).status_code == 403
    response = staff_client.post(change_url(cohort, 2), {"cancel": "", "cancel-reason": "Mine"})
    assert response.status_code == 403
    assert session(cohort, 2).cancelled_on is None


# The admin -------------------------------------------------------------------------------------


def test_a_session_moved_in_the_admin_is_told_too(cohort):
    admin = Client()
    admin.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    second = session(cohort, 2)
    new_date = second.date + datetime.timedelta(days=1)

    response = admin.post(
        f"/admin/training/cohortsession/{second.pk}/change/",
        {"cohort": cohort.pk, "number": 2, "date": new_date.isoformat()},
    )

    assert response.status_code == 302, text(response)
    assert {username for username, _, _ in told()} == {"confirmed", "waiting", "asking"}
