"""Writing and approving progress updates: who may, what must be said, and the verdicts
copied from the evidence."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from goals.models import ProgressUpdate
from goals.services import approve_update, write_update
from improvement.models import Measure
from tests.factories import UserFactory

from .delivery_world import QUARTERS, delivery_world, update_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return delivery_world()


def test_the_owner_writes_an_update_citing_a_measure_whose_verdict_is_copied(world):
    update = write_update(
        objective=world.objective,
        written_by=world.owner,
        measure_ids=[world.falls.pk],
        **update_fields(),
    )

    assert update.is_published
    assert (update.period_start, update.period_end) == (QUARTERS[0].start, QUARTERS[0].end)
    [cited] = update.evidence.all()
    assert (cited.name, cited.project, cited.url) == (
        "Falls a week",
        "Safer wards",
        world.falls.get_absolute_url(),
    )
    assert (cited.variation, cited.assurance) == ("improvement_low", "fail")
    assert cited.variation_icon["words"] == "Special cause improvement (low)"
    assert cited.assurance_icon["letter"] == "F"

    # The measure's chart moves on; the update keeps what it showed when it was written.
    world.falls.variation = Measure.Variation.CONCERN_HIGH
    world.falls.save()
    cited.refresh_from_db()
    assert cited.variation == "improvement_low"


def test_a_delivery_lead_may_write_one_but_not_another_colleague(world):
    assert write_update(objective=world.objective, written_by=world.lead, **update_fields())

    with pytest.raises(PermissionDenied):
        write_update(objective=world.objective, written_by=UserFactory(), **update_fields())


def test_an_editor_may_write_one(world, editor_user):
    update = write_update(objective=world.objective, written_by=editor_user, **update_fields())
    assert update.written_by == editor_user


@pytest.mark.parametrize("status", ["at_risk", "off_track"])
def test_at_risk_or_off_track_needs_recovery_actions(world, status):
    with pytest.raises(ValidationError) as raised:
        write_update(
            objective=world.objective, written_by=world.owner, **update_fields(status=status)
        )
    assert raised.value.message_dict == {
        "recovery_actions": ["Enter the recovery actions for an objective at risk or off track"]
    }

    update = write_update(
        objective=world.objective,
        written_by=world.owner,
        **update_fields(status=status, recovery_actions="Extra staff at night."),
    )
    assert update.recovery_actions == "Extra staff at night."


def test_recovery_actions_are_not_kept_once_back_on_track(world):
    write_update(
        objective=world.objective,
        written_by=world.owner,
        **update_fields(status="at_risk", recovery_actions="Extra staff."),
    )
    update = write_update(
        objective=world.objective,
        written_by=world.owner,
        **update_fields(recovery_actions="Extra staff."),
    )
    assert update.recovery_actions == ""


def test_rewriting_a_periods_update_changes_it_and_keeps_its_history(world):
    first = write_update(objective=world.objective, written_by=world.owner, **update_fields())
    second = write_update(
        objective=world.objective,
        written_by=world.lead,
        **update_fields(narrative="Falls fell by a quarter."),
    )

    assert second.pk == first.pk
    assert ProgressUpdate.objects.count() == 1
    versions = list(second.history.order_by("history_date"))
    assert [version.narrative for version in versions] == [
        "Falls fell by a fifth.",
        "Falls fell by a quarter.",
    ]
    assert [version.history_user for version in versions] == [world.owner, world.lead]


def test_only_the_work_serving_the_objective_evidences_it(world):
    with pytest.raises(ValidationError):
        write_update(
            objective=world.objective,
            written_by=world.owner,
            measure_ids=[world.other.pk],
            **update_fields(),
        )
    assert not ProgressUpdate.objects.exists()


def test_where_approval_is_asked_an_owners_update_waits_for_an_editor(editor_user):
    world = delivery_world(updates_need_approval=True)

    update = write_update(objective=world.objective, written_by=world.owner, **update_fields())
    assert update.state == ProgressUpdate.State.AWAITING_APPROVAL

    with pytest.raises(PermissionDenied):
        approve_update(update=update, approved_by=world.owner)

    approve_update(update=update, approved_by=editor_user)
    update.refresh_from_db()
    assert update.is_published
    assert update.approved_by == editor_user

    with pytest.raises(ValidationError):
        approve_update(update=update, approved_by=editor_user)


def test_an_editors_own_update_needs_no_approval(editor_user):
    world = delivery_world(updates_need_approval=True)
    update = write_update(objective=world.objective, written_by=editor_user, **update_fields())
    assert update.is_published


def test_a_published_update_rewritten_by_its_owner_waits_again(editor_user):
    world = delivery_world(updates_need_approval=True)
    update = write_update(objective=world.objective, written_by=world.owner, **update_fields())
    approve_update(update=update, approved_by=editor_user)

    update = write_update(
        objective=world.objective, written_by=world.owner, **update_fields(narrative="Changed.")
    )

    assert update.state == ProgressUpdate.State.AWAITING_APPROVAL
    assert update.approved_by is None
