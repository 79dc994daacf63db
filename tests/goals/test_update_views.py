"""The progress update pages: the owner writes one, an editor approves it, and the objective's
page shows the latest with earlier ones as a timeline, to staff only."""

import pytest
from django.urls import reverse

from goals.models import ProgressUpdate
from goals.services import write_update
from tests.conftest import logged_in
from tests.html import error_summary, field_value, login_url, text

from .delivery_world import QUARTERS, delivery_world, update_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return delivery_world()


def write_url(objective):
    return reverse("goals:update_write", args=["trust", objective.year, objective.number])


def posted(**overrides):
    return {
        "period": QUARTERS[1].slug,
        "status": "on_track",
        "narrative": "Falls fell by a fifth.",
        "next_period": "Spread to two more wards.",
        "risks": "",
        "recovery_actions": "",
        **overrides,
    }


def test_the_owner_writes_an_update_and_sees_it_on_the_objective_page(world):
    client = logged_in(world.owner)
    form = client.get(write_url(world.objective)).content.decode()
    # The latest period begun is offered first and chosen; the measures serving it offered.
    assert field_value(form, "period") == QUARTERS[3].slug
    assert "Falls a week (Safer wards)" in text(form)
    assert "Not this one" not in text(form)

    response = client.post(write_url(world.objective), posted(measures=[world.falls.pk]))

    assert response.status_code == 302
    assert response["Location"] == world.objective.get_absolute_url()
    page = text(client.get(response["Location"]).content.decode())
    assert "Your update for Q2 2023-24 was published." in page
    assert "Latest update: Q2 2023-24" in page
    assert "On track" in page
    assert "Falls fell by a fifth." in page
    assert "Special cause improvement (low)" in page
    assert "Target consistently missed" in page
    assert "Written by Nia Owen, Chief nurse" in page


def test_at_risk_without_recovery_actions_is_shown_again_with_what_was_typed(world):
    client = logged_in(world.owner)

    response = client.post(write_url(world.objective), posted(status="at_risk"))

    page = response.content.decode()
    assert response.status_code == 200
    assert [message for message, _ in error_summary(page)] == [
        "Enter the recovery actions for an objective at risk or off track"
    ]
    assert field_value(page, "narrative") == "Falls fell by a fifth."
    assert not ProgressUpdate.objects.exists()


def test_an_empty_form_names_each_missing_answer(world):
    blank = {"narrative": "", "next_period": "", "risks": "", "recovery_actions": ""}
    page = logged_in(world.owner).post(write_url(world.objective), blank).content.decode()

    assert [message for message, _ in error_summary(page)] == [
        "Select the period",
        "Select the status",
        "Enter the progress this period",
        "Enter the plans for next period",
    ]


def test_a_colleague_who_does_not_deliver_it_cannot_write_one(world, staff_client):
    assert staff_client.get(write_url(world.objective)).status_code == 403
    assert staff_client.post(write_url(world.objective), posted()).status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_a_delivery_lead_and_an_editor_can(world, editor_user):
    editor_client = logged_in(editor_user)
    assert logged_in(world.lead).post(write_url(world.objective), posted()).status_code == 302
    response = editor_client.post(write_url(world.objective), posted(period=QUARTERS[2].slug))
    assert response.status_code == 302
    assert ProgressUpdate.objects.count() == 2


def test_the_objective_page_shows_the_latest_update_and_a_timeline_of_earlier_ones(
    world, staff_client
):
    for quarter, narrative in zip(QUARTERS[:3], ["First.", "Second.", "Third."], strict=True):
        write_update(
            objective=world.objective,
            written_by=world.owner,
            **update_fields(period=quarter, narrative=narrative),
        )

    page = text(staff_client.get(world.objective.get_absolute_url()).content.decode())

    assert "Latest update: Q3 2023-24" in page
    assert page.index("Third.") < page.index("Earlier updates")
    assert page.index("Earlier updates") < page.index("Q2 2023-24: On track")
    assert page.index("Q2 2023-24: On track") < page.index("Q1 2023-24: On track")
    assert "Write a progress update" not in page


def test_progress_is_for_staff_only(world, client):
    write_update(objective=world.objective, written_by=world.owner, **update_fields())

    page = text(client.get(world.objective.get_absolute_url()).content.decode())

    assert "Falls fell by a fifth." not in page
    assert "Progress" not in page.split()
    response = client.get(write_url(world.objective))
    assert response["Location"] == login_url(write_url(world.objective))


def test_an_update_awaiting_approval_is_seen_by_its_writers_and_approved_by_an_editor(
    editor_user, staff_client
):
    editor_client = logged_in(editor_user)
    world = delivery_world(updates_need_approval=True)
    owner = logged_in(world.owner)
    response = owner.post(write_url(world.objective), posted())
    assert "sent to an editor for approval" in text(
        owner.get(response["Location"]).content.decode()
    )
    update = ProgressUpdate.objects.get()

    staff_page = text(staff_client.get(world.objective.get_absolute_url()).content.decode())
    assert "Falls fell by a fifth." not in staff_page
    assert "No progress update has been published yet." in staff_page
    owner_page = text(owner.get(world.objective.get_absolute_url()).content.decode())
    assert "Q2 2023-24: awaiting approval" in owner_page
    assert "Approve and publish" not in owner_page

    queue = text(editor_client.get(reverse("goals:approvals")).content.decode())
    assert "Falls fell by a fifth." in queue
    assert owner.post(reverse("goals:update_approve", args=[update.pk])).status_code == 403
    response = editor_client.post(reverse("goals:update_approve", args=[update.pk]))

    assert response["Location"] == reverse("goals:approvals")
    queue = text(editor_client.get(reverse("goals:approvals")).content.decode())
    assert "The update on 2023-24: strategic objective 1 for Q2 2023-24 is published." in queue
    assert "No progress updates are waiting for approval." in queue
    staff_page = text(staff_client.get(world.objective.get_absolute_url()).content.decode())
    assert "Latest update: Q2 2023-24" in staff_page
    assert "approved by" in staff_page
    # Approved once: a second approval finds nothing waiting.
    assert editor_client.post(reverse("goals:update_approve", args=[update.pk])).status_code == 404
