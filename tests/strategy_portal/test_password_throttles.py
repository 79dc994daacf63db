"""Password resets and changes cannot be tried without end: a colleague's inbox is not
flooded with reset emails, and a session left open cannot be used to guess the password."""

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client, TestCase
from django.urls import reverse

from core.models import Attempt
from strategy_portal import views

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new portal password 2026"


def ask_for_reset(email, client_address="192.0.2.1"):
    # The email is queued once the request commits, which the test's transaction never does.
    with TestCase.captureOnCommitCallbacks(execute=True):
        return Client().post(
            reverse("password_reset"), {"email": email}, REMOTE_ADDR=client_address
        )


def test_one_address_gets_at_most_three_reset_emails_an_hour(staff_user, mailoutbox):
    answers = [ask_for_reset("staff@nhs.example") for _ in range(views.RESETS_PER_ADDRESS + 2)]

    assert len(mailoutbox) == views.RESETS_PER_ADDRESS
    # The requests past the limit get the same answer as the others.
    assert {answer["Location"] for answer in answers} == {reverse("password_reset_done")}


def test_the_limit_is_per_address_and_per_hour(staff_user, mailoutbox):
    other = get_user_model().objects.create_user("other", "other@nhs.example", PASSWORD)
    for _ in range(views.RESETS_PER_ADDRESS + 1):
        ask_for_reset(staff_user.email)
    ask_for_reset(other.email)
    assert len(mailoutbox) == views.RESETS_PER_ADDRESS + 1

    Attempt.objects.update(at=Attempt.objects.first().at - datetime.timedelta(hours=1))
    ask_for_reset(staff_user.email)
    assert len(mailoutbox) == views.RESETS_PER_ADDRESS + 2


def test_one_client_asks_for_at_most_twenty_resets_an_hour(staff_user, mailoutbox, monkeypatch):
    monkeypatch.setattr(views, "RESETS_PER_CLIENT", 2)
    other = get_user_model().objects.create_user("other", "other@nhs.example", PASSWORD)

    ask_for_reset(staff_user.email)
    ask_for_reset(other.email)
    ask_for_reset(staff_user.email)
    ask_for_reset(other.email, client_address="192.0.2.99")

    assert [message.to for message in mailoutbox] == [
        [staff_user.email],
        [other.email],
        [other.email],
    ]


def change_password(client, old_password):
    return client.post(
        reverse("password_change"),
        {
            "old_password": old_password,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )


def test_wrong_current_passwords_lock_the_change_form_for_a_while(staff_client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        wrong = change_password(staff_client, "not it")
        assert "Your current password is not correct" in wrong.content.decode()

    locked = change_password(staff_client, PASSWORD)

    assert locked.status_code == 200
    assert (
        "Your current password was entered wrongly too many times. Try again in 15 minutes."
        in locked.content.decode()
    )
    staff_user.refresh_from_db()
    assert staff_user.check_password(PASSWORD)

    Attempt.objects.update(at=Attempt.objects.first().at - settings.AXES_COOLOFF_TIME)
    assert change_password(staff_client, PASSWORD)["Location"] == reverse("password_change_done")


def test_one_persons_wrong_passwords_do_not_lock_another_out(staff_user, editor_user):
    staff, editor = Client(), Client()
    staff.force_login(staff_user)
    editor.force_login(editor_user)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        change_password(staff, "not it")

    assert change_password(editor, PASSWORD)["Location"] == reverse("password_change_done")
