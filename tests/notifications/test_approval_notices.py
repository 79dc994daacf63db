"""Approval is noticed: an update waiting for approval tells the strategy editors, in their
list and by email; approving or returning it tells its writer. No one else is told."""

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse

from goals.models import ProgressUpdate
from notifications.models import EmailChoice, Kind, Notification
from tests.conftest import STRATEGY_EDITORS, logged_in
from tests.factories import UserFactory
from tests.goals.delivery_world import QUARTERS, delivery_world
from tests.html import checked_values, error_summary, field_value, links, text

pytestmark = pytest.mark.django_db


def editor(username, **fields):
    user = UserFactory(username=username, is_staff=True, **fields)
    user.groups.add(Group.objects.get(name=STRATEGY_EDITORS))
    return user


def told():
    """{username: [(kind, title)]} of every notification."""
    found = {}
    for notification in Notification.objects.order_by("pk").select_related("recipient"):
        found.setdefault(notification.recipient.username, []).append(
            (notification.kind, notification.title)
        )
    return found


def posted(**overrides):
    return {
        "period": QUARTERS[1].slug,
        "status": "at_risk",
        "narrative": "Falls rose on two wards.",
        "next_period": "Review the two wards.",
        "risks": "",
        "recovery_actions": "Extra falls training on both wards.",
        **overrides,
    }


def write_url(objective):
    return reverse("goals:update_write", args=["trust", objective.year, objective.number])


@pytest.fixture
def world():
    world = delivery_world(updates_need_approval=True)
    world.editors = [editor("editor.one", email="one@example.nhs.uk"), editor("editor.two")]
    UserFactory(username="bystander")
    return world


def write(world, django_capture_on_commit_callbacks, person=None):
    with django_capture_on_commit_callbacks(execute=True):
        response = logged_in(person or world.owner).post(write_url(world.objective), posted())
    assert response.status_code == 302
    return ProgressUpdate.objects.get()


TO_APPROVE = (
    "progress_approval",
    "Progress update to approve: 2023-24: strategic objective 1 (Q2 2023-24)",
)


def test_an_update_waiting_for_approval_tells_every_strategy_editor_and_no_one_else(
    world, django_capture_on_commit_callbacks
):
    update = write(world, django_capture_on_commit_callbacks)

    assert told() == {"editor.one": [TO_APPROVE], "editor.two": [TO_APPROVE]}
    [notification] = Notification.objects.filter(recipient=world.editors[0])
    assert notification.url == f"{reverse('goals:approvals')}#update-{update.pk}"
    assert "At risk: Falls rose on two wards." in notification.body
    emailed = sorted(message.to[0] for message in mail.outbox)
    assert emailed == sorted(editor.email for editor in world.editors)
    assert "Progress update to approve" in mail.outbox[0].subject


def test_an_editor_who_chose_no_emails_of_the_kind_keeps_it_in_their_list(
    world, django_capture_on_commit_callbacks
):
    EmailChoice.objects.create(person=world.editors[0], not_emailed=[Kind.PROGRESS_APPROVAL])

    write(world, django_capture_on_commit_callbacks)

    assert [message.to for message in mail.outbox] == [[world.editors[1].email]]
    assert told()["editor.one"] == [TO_APPROVE]


def test_an_update_an_editor_writes_is_published_and_tells_no_one(
    world, django_capture_on_commit_callbacks
):
    update = write(world, django_capture_on_commit_callbacks, person=world.editors[0])

    assert update.is_published
    assert told() == {}
    assert mail.outbox == []


def test_approving_tells_the_writer_only(world, django_capture_on_commit_callbacks):
    update = write(world, django_capture_on_commit_callbacks, person=world.lead)
    Notification.objects.all().delete()
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        logged_in(world.editors[0]).post(reverse("goals:update_approve", args=[update.pk]))

    assert told() == {
        "delivery.lead": [
            (
                "progress_decided",
                "Your progress update is published: 2023-24: strategic objective 1 (Q2 2023-24)",
            )
        ]
    }
    assert Notification.objects.get().url == update.get_absolute_url()
    assert [message.to for message in mail.outbox] == [[world.lead.email]]


def test_an_editor_returns_an_update_saying_why_and_its_writer_is_told_and_writes_again(
    world, django_capture_on_commit_callbacks
):
    update = write(world, django_capture_on_commit_callbacks)
    Notification.objects.all().delete()
    editor_client = logged_in(world.editors[0])
    return_url = reverse("goals:update_return", args=[update.pk])
    queue = editor_client.get(reverse("goals:approvals")).content.decode()
    assert (
        return_url,
        "Return it to its writer (strategic objective 1, Q2 2023-24)",
    ) in links(queue)

    refused = editor_client.post(return_url, {"reason": "  "})
    assert error_summary(refused.content.decode()) == [
        ("Enter why the update is returned", "#id_reason")
    ]
    assert logged_in(world.owner).post(return_url, {"reason": "No."}).status_code == 403
    with django_capture_on_commit_callbacks(execute=True):
        response = editor_client.post(return_url, {"reason": "Name the two wards."})

    assert response["Location"] == reverse("goals:approvals")
    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.RETURNED
    assert update.return_reason == "Name the two wards."
    assert told() == {
        "owner": [
            (
                "progress_decided",
                "Your progress update was returned: 2023-24: strategic objective 1 (Q2 2023-24)",
            )
        ]
    }
    notification = Notification.objects.get()
    assert "Why it was returned: Name the two wards." in notification.body
    again = f"{write_url(world.objective)}?period={QUARTERS[1].slug}"
    assert notification.url == again
    queue = text(editor_client.get(reverse("goals:approvals")).content.decode())
    assert "No progress updates are waiting for approval." in queue
    # Returned, it cannot be approved or returned again until it is written again.
    assert editor_client.post(reverse("goals:update_approve", args=[update.pk])).status_code == 404
    assert editor_client.get(return_url).status_code == 404

    owner = logged_in(world.owner)
    page = text(owner.get(world.objective.get_absolute_url()).content.decode())
    assert "Q2 2023-24: returned to its writer" in page
    assert "Name the two wards." in page
    assert (again, "Write the update for Q2 2023-24 again") in links(
        owner.get(world.objective.get_absolute_url()).content.decode()
    )
    form = owner.get(again).content.decode()
    assert checked_values(form, "period") == {QUARTERS[1].slug}
    assert field_value(form, "narrative") == "Falls rose on two wards."
    staff_page = text(
        logged_in(UserFactory()).get(world.objective.get_absolute_url()).content.decode()
    )
    assert "Name the two wards." not in staff_page

    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        owner.post(write_url(world.objective), posted(narrative="Falls rose on wards 4 and 9."))

    update.refresh_from_db()
    assert update.state == ProgressUpdate.State.AWAITING_APPROVAL
    assert (update.return_reason, update.returned_by) == ("", None)
    assert told() == {"editor.one": [TO_APPROVE], "editor.two": [TO_APPROVE]}
