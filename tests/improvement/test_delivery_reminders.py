"""Owners are reminded of progress updates due, 15 days before a period ends and 3 days
after, once each; strategy editors get the overdue list each week."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from goals.models import ReminderSent
from goals.services import write_update
from improvement.delivery_reminders import send_delivery_reminders
from notifications.models import Kind, Notification
from tests.factories import ObjectiveFactory
from tests.goals.delivery_world import QUARTERS, delivery_world, update_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    world = delivery_world()
    # Reported already: never reminded.
    world.reported = ObjectiveFactory(
        strategy=world.objective.strategy, year=2023, number=2, executive_owner=world.owner
    )
    write_update(objective=world.reported, written_by=world.owner, **update_fields())
    return world


def reminders_on(day, capture):
    with capture(execute=True):
        return send_delivery_reminders(today=day)


def test_nothing_is_due_until_15_days_before_the_period_ends(
    world, django_capture_on_commit_callbacks
):
    assert reminders_on(datetime.date(2023, 6, 14), django_capture_on_commit_callbacks) == 0
    assert mail.outbox == []


def test_the_owner_and_delivery_leads_are_reminded_once_before_the_end(
    world, django_capture_on_commit_callbacks
):
    day = datetime.date(2023, 6, 15)

    assert reminders_on(day, django_capture_on_commit_callbacks) == 1
    assert reminders_on(day, django_capture_on_commit_callbacks) == 0
    assert reminders_on(day + datetime.timedelta(days=1), django_capture_on_commit_callbacks) == 0

    assert sorted(message.to[0] for message in mail.outbox) == [
        "delivery.lead@nhs.example",
        "owner@nhs.example",
    ]
    title = "Progress update due: 2023-24: strategic objective 1 (Q1 2023-24 ends 30 June)"
    assert {message.subject for message in mail.outbox} == {title}
    notification = Notification.objects.filter(kind=Kind.PROGRESS_DUE).first()
    assert notification.url == reverse("goals:update_write", args=["trust", 2023, 1])


def test_an_owner_who_has_not_written_it_is_reminded_again_3_days_after_the_end(
    world, django_capture_on_commit_callbacks
):
    reminders_on(datetime.date(2023, 6, 20), django_capture_on_commit_callbacks)
    assert reminders_on(datetime.date(2023, 7, 2), django_capture_on_commit_callbacks) == 0

    assert reminders_on(datetime.date(2023, 7, 3), django_capture_on_commit_callbacks) == 1

    assert [
        (reminder.period_start, reminder.kind) for reminder in ReminderSent.objects.order_by("pk")
    ] == [(QUARTERS[0].start, "before_end"), (QUARTERS[0].start, "after_end")]
    assert mail.outbox[-1].subject.startswith("Progress update overdue:")


def test_a_written_update_stops_the_reminder(world, django_capture_on_commit_callbacks):
    write_update(objective=world.objective, written_by=world.lead, **update_fields())

    assert reminders_on(datetime.date(2023, 7, 3), django_capture_on_commit_callbacks) == 0


def test_the_daily_command(world, django_capture_on_commit_callbacks):
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_delivery_reminders", stdout=output)
    # Today the 2023-24 objectives' periods are long over, and the reminders only look at
    # the current period and the one before it.
    assert output.getvalue() == "Delivery reminders: 0 objectives reminded.\n"


def test_editors_get_the_weekly_list_of_overdue_updates(
    world, editor_user, django_capture_on_commit_callbacks, settings
):
    current = ObjectiveFactory(
        strategy=world.objective.strategy,
        year=QUARTERS[0].year + 3,
        number=1,
        executive_owner=world.owner,
    )
    output = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", stdout=output)

    assert "Overdue progress updates: 1 strategy editor told." in output.getvalue()
    [message] = [m for m in mail.outbox if m.to == [editor_user.email]]
    assert message.subject == "Progress updates overdue: 1 objective"
    assert current.get_absolute_url() in message.body
