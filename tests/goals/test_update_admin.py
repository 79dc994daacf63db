"""Each objective's progress updates, their earlier versions included, read in the admin:
strategy editors list them by strategy, period, status and approval state, open one with
the measures it cites and its history, and see an objective's updates on its own page. The
admin changes none of them: they are written and approved on the portal's pages."""

import pytest
from django.urls import reverse

from goals.models import ProgressUpdate
from goals.services import return_update, write_update
from tests.conftest import logged_in
from tests.html import text

from .delivery_world import QUARTERS, delivery_world, update_fields

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:goals_progressupdate_changelist")


@pytest.fixture
def world(editor_user):
    world = delivery_world(updates_need_approval=True)
    world.editor = editor_user
    world.first = write_update(
        objective=world.objective,
        written_by=world.editor,
        measure_ids=[world.falls.pk],
        **update_fields(),
    )
    world.second = write_update(
        objective=world.objective,
        written_by=world.owner,
        **update_fields(
            period=QUARTERS[1],
            status="at_risk",
            narrative="Falls rose on ward 4.",
            recovery_actions="Extra training.",
        ),
    )
    return_update(update=world.second, returned_by=world.editor, reason="Name the wards.")
    world.second = write_update(
        objective=world.objective,
        written_by=world.owner,
        **update_fields(
            period=QUARTERS[1],
            status="at_risk",
            narrative="Falls rose on wards 4 and 9.",
            recovery_actions="Extra training.",
        ),
    )
    return world


def test_an_editor_lists_the_updates_and_filters_them(world):
    client = logged_in(world.editor)

    page = text(client.get(CHANGELIST).content.decode())
    assert "Q1 2023-24" in page and "Q2 2023-24" in page
    for filters, expected in [
        ({"objective__strategy__id__exact": world.objective.strategy_id}, 2),
        ({"period": QUARTERS[1].start.isoformat()}, 1),
        ({"status__exact": "at_risk"}, 1),
        ({"state__exact": "awaiting_approval"}, 1),
        ({"state__exact": "published"}, 1),
        ({"state__exact": "returned"}, 0),
    ]:
        response = client.get(CHANGELIST, filters)
        assert response.status_code == 200, filters
        assert response.context["cl"].result_count == expected, filters


def test_an_update_is_read_with_its_evidence_and_every_version_in_its_history(world):
    client = logged_in(world.editor)

    page = client.get(reverse("admin:goals_progressupdate_change", args=[world.second.pk]))
    assert page.status_code == 200
    assert "Falls rose on wards 4 and 9." in text(page.content.decode())
    assert 'name="_save"' not in page.content.decode()
    first = text(
        client.get(
            reverse("admin:goals_progressupdate_change", args=[world.first.pk])
        ).content.decode()
    )
    assert "Falls a week" in first

    history = client.get(reverse("admin:goals_progressupdate_history", args=[world.second.pk]))
    assert history.status_code == 200
    versions = world.second.history.order_by("history_date")
    assert [(v.state, v.narrative) for v in versions] == [
        ("awaiting_approval", "Falls rose on ward 4."),
        ("returned", "Falls rose on ward 4."),
        ("awaiting_approval", "Falls rose on wards 4 and 9."),
    ]
    assert text(history.content.decode()).count("owner") >= 2


def test_the_admin_changes_no_update(world):
    client = logged_in(world.editor)

    assert client.get(reverse("admin:goals_progressupdate_add")).status_code == 403
    change = reverse("admin:goals_progressupdate_change", args=[world.first.pk])
    client.post(change, {"narrative": "Changed.", "status": "complete"})
    delete = reverse("admin:goals_progressupdate_delete", args=[world.first.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403

    world.first.refresh_from_db()
    assert world.first.narrative == "Falls fell by a fifth."
    assert ProgressUpdate.objects.count() == 2


def test_the_objectives_admin_page_lists_its_updates(world):
    client = logged_in(world.editor)

    page = client.get(reverse("admin:goals_objective_change", args=[world.objective.pk]))

    content = text(page.content.decode())
    assert "Q1 2023-24 On track Published" in content
    assert "Q2 2023-24 At risk Awaiting approval" in content
    assert reverse("admin:goals_progressupdate_change", args=[world.second.pk]) in (
        page.content.decode()
    )
