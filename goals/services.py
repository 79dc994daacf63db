"""Writes to the strategy's delivery: progress updates and their approval. Each checks who
may make it (goals.roles) whatever calls it: a page, the admin, a command or a test, and
sends goals.signals' signals for whoever tells people of it."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from core.history import links_recorded_with_next_save, made_by, record_versions
from core.roles import require

from . import carried_work, evidence, signals
from .delivery_models import NEEDS_RECOVERY, EvidenceMeasure, ProgressUpdate
from .models import Objective
from .roles import APPROVE_UPDATES, EDIT_OBJECTIVES, require_update_writer


@transaction.atomic
def write_update(
    *,
    objective,
    written_by,
    period,
    status,
    narrative,
    next_period,
    risks="",
    recovery_actions="",
    measure_ids=(),
):
    """Write the objective's update for the period, or rewrite the one already written
    (its history keeps the earlier version). The cited measures' SPC verdicts are copied
    onto it as they stand now. Where the strategy asks for approval, an update written by
    anyone but an editor waits for an editor's approval before it is published."""
    require_update_writer(written_by, objective)
    if status in NEEDS_RECOVERY and not recovery_actions.strip():
        raise ValidationError(
            {"recovery_actions": "Enter the recovery actions for an objective at risk or off track"}
        )
    allowed = {measure_id for measure_id, _ in evidence.measures_for(objective)}
    if not set(measure_ids) <= allowed:
        raise ValidationError({"measures": "Select only measures of the work serving it"})
    update = (
        ProgressUpdate.objects.select_for_update()
        .filter(objective=objective, period_start=period.start)
        .first()
    ) or ProgressUpdate(objective=objective, period_start=period.start)
    needs_approval = objective.strategy.updates_need_approval and not APPROVE_UPDATES.allows(
        written_by
    )
    update.period_end = period.end
    update.status = status
    update.narrative = narrative
    update.next_period = next_period
    update.risks = risks
    update.recovery_actions = recovery_actions if status in NEEDS_RECOVERY else ""
    update.written_by = written_by
    # Written again after it was returned: the reason was answered by this version.
    update.returned_by = update.returned_at = None
    update.return_reason = ""
    if needs_approval:
        update.state = ProgressUpdate.State.AWAITING_APPROVAL
        update.approved_by = update.approved_at = None
    else:
        update.state = ProgressUpdate.State.PUBLISHED
    update.full_clean(exclude=["objective", "written_by"])
    made_by(written_by, update)
    update.save()
    update.evidence.all().delete()
    EvidenceMeasure.objects.bulk_create(
        EvidenceMeasure(update=update, **vars(verdict))
        for verdict in evidence.verdicts(measure_ids)
    )
    if needs_approval:
        signals.update_awaiting_approval.send(sender=ProgressUpdate, update=update)
    return update


@transaction.atomic
def approve_update(*, update, approved_by):
    """Publish an update that was waiting for approval."""
    require(APPROVE_UPDATES, approved_by)
    if update.state != ProgressUpdate.State.AWAITING_APPROVAL:
        raise ValidationError("This update is not waiting for approval.")
    update.state = ProgressUpdate.State.PUBLISHED
    update.approved_by = approved_by
    update.approved_at = timezone.now()
    made_by(approved_by, update)
    update.save()
    signals.update_approved.send(sender=ProgressUpdate, update=update)
    return update


@transaction.atomic
def return_update(*, update, returned_by, reason):
    """Send an update waiting for approval back to its writer, saying why; they write it
    again (write_update), which sends it for approval once more."""
    require(APPROVE_UPDATES, returned_by)
    if update.state != ProgressUpdate.State.AWAITING_APPROVAL:
        raise ValidationError("This update is not waiting for approval.")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the update is returned"})
    update.state = ProgressUpdate.State.RETURNED
    update.returned_by = returned_by
    update.returned_at = timezone.now()
    update.return_reason = reason.strip()
    made_by(returned_by, update)
    update.save()
    signals.update_returned.send(sender=ProgressUpdate, update=update)
    return update


@transaction.atomic
def copy_objectives_to_next_year(*, objectives, copied_by, carry_work_of=()):
    """Start each objective's next year as a copy of it: its statement, the goals it serves,
    its owner and delivery leads, for editors to change. An objective whose number the
    next year already has is left alone. For the objectives whose ids `carry_work_of`
    names, the projects and ideas still going on that serve it serve its copy too
    (goals/carried_work.py); without that choice no work is carried.

    Returns (copies, skipped, links carried)."""
    require(EDIT_OBJECTIVES, copied_by)
    carry_work_of = set(carry_work_of)
    copies, skipped, copies_of = [], [], {}
    for objective in objectives:
        key = {"strategy": objective.strategy, "year": objective.year + 1}
        if Objective.objects.filter(**key, number=objective.number).exists():
            skipped.append(objective)
            continue
        copy = Objective(
            **key,
            number=objective.number,
            statement=objective.statement,
            executive_owner=objective.executive_owner,
        )
        # One history entry for the copy and its links, as the admin writes.
        with links_recorded_with_next_save(copy):
            copy.save()
            copy.goals.set(objective.goals.all())
            copy.delivery_leads.set(objective.delivery_leads.all())
        made_by(copied_by, copy)
        record_versions(Objective, [copy])
        copies.append(copy)
        if objective.pk in carry_work_of:
            copies_of[objective.pk] = copy.pk
    carried = carried_work.carry(copies_of, carried_by=copied_by)
    return copies, skipped, carried
