"""What the scheduled commands print and the overdue list's title say, in words that agree
with their counts: "1 objective", "2 objectives", "0 objectives"."""

import io

import pytest
from django.core.management import call_command

from improvement import delivery_reminders
from improvement.management.commands import send_delivery_reminders, send_digest
from notifications.models import Kind, Notification
from tests.factories import ObjectiveFactory
from tests.goals.delivery_world import QUARTERS, delivery_world

pytestmark = pytest.mark.django_db

COUNTS = [(0, "s"), (1, ""), (2, "s")]


def output_of(command):
    output = io.StringIO()
    call_command(command, stdout=output)
    return output.getvalue()


@pytest.mark.parametrize(("count", "ending"), COUNTS)
def test_the_delivery_reminders_command_says_how_many_objectives(monkeypatch, count, ending):
    monkeypatch.setattr(send_delivery_reminders, "send_delivery_reminders", lambda: count)

    assert output_of("send_delivery_reminders") == (
        f"Delivery reminders: {count} objective{ending} reminded.\n"
    )


@pytest.mark.parametrize(("count", "ending"), COUNTS)
def test_the_digest_command_says_how_many_leads_and_editors_it_told(monkeypatch, count, ending):
    monkeypatch.setattr(send_digest, "send_weekly_digest", lambda site_url: count)
    monkeypatch.setattr(send_digest, "tell_editors_of_overdue_updates", lambda site_url: count)

    assert output_of("send_digest") == (
        f"Weekly digest: {count} improvement lead{ending} told.\n"
        f"Overdue progress updates: {count} strategy editor{ending} told.\n"
    )


def test_the_overdue_list_names_several_objectives_in_the_plural(editor_user):
    world = delivery_world()
    for number in (1, 2):
        ObjectiveFactory(
            strategy=world.objective.strategy,
            year=QUARTERS[0].year + 3,
            number=number,
            executive_owner=world.owner,
        )

    delivery_reminders.tell_editors_of_overdue_updates(site_url="https://portal.example")

    notification = Notification.objects.get(kind=Kind.PROGRESS_OVERDUE, recipient=editor_user)
    assert notification.title == "Progress updates overdue: 2 objectives"
