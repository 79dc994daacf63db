"""Every change to the improvement programme's records goes through these functions.

Each one checks the acting user's permission itself, so no view or template can skip a
rule, validates the records it writes, and runs in one transaction.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from core.history import links_recorded_with_next_save, made_by, record_versions
from core.presenters import person_name
from core.roles import require
from notifications.models import Kind
from notifications.services import notify
from people.selectors import improvement_leads

from . import selectors
from .models import (
    Idea,
    IdeaMessage,
    IdeaStatusChange,
    Measure,
    PDSACycle,
    ProgressScoreChange,
    Project,
)
from .roles import MANAGE_PROJECTS, TRIAGE_IDEAS

ALLOWED_TRANSITIONS = {
    Idea.Status.SUBMITTED: {Idea.Status.UNDER_REVIEW},
    Idea.Status.UNDER_REVIEW: {Idea.Status.SUPPORTED, Idea.Status.DECLINED, Idea.Status.MERGED},
}


PROJECT_EDIT_CONFLICT = (
    "Someone else changed this project while you were editing it. Check their changes below, "
    "then save yours again."
)
PDSA_EDIT_CONFLICT = (
    "Someone else changed this PDSA cycle while you were editing it. Check their changes "
    "below, then save yours again."
)


class EditConflict(ValidationError):
    """Someone else saved the record since the user's form was shown; `current` is it now."""

    def __init__(self, message, *, current):
        super().__init__(message, code="edit_conflict")
        self.current = current


def record_version(record):
    """The version a form carries: when the record was last saved."""
    return record.updated_at.isoformat()


def _lock_unchanged(model, pk, version, message):
    """Lock the row and refuse the save when it changed since `version` was read.

    A form without a version (one shown before versions existed) is not checked.
    """
    current = model.objects.select_for_update().get(pk=pk)
    if version and version != record_version(current):
        raise EditConflict(message, current=current)
    return current


def allowed_next_statuses(idea):
    return ALLOWED_TRANSITIONS.get(idea.status, set())


@transaction.atomic
def submit_idea(
    *,
    submitted_by,
    submission_token,
    title,
    problem,
    proposed_change,
    site,
    ward,
    objectives,
    involves_patients,
    health_inequalities,
    health_inequalities_notes="",
    status=Idea.Status.SUBMITTED,
    submitted_at=None,
    reason="",
    announce=True,
):
    """Save a new idea, or return the one this form already created: (idea, created).

    An idea brought from an older ideas log (the admin's spreadsheet import) keeps the status
    it had reached and the moment it was submitted, `submitted_at`; `reason` says in its
    status history where it came from; it is not news (`announce=False`).
    """
    existing = Idea.objects.filter(submission_token=submission_token).first()
    if existing is not None:
        if existing.submitted_by_id != submitted_by.pk:
            raise PermissionDenied("That form belongs to someone else.")
        return existing, False
    idea = Idea(
        submitted_by=submitted_by,
        submission_token=submission_token,
        title=title,
        problem=problem,
        proposed_change=proposed_change,
        site=site,
        ward=ward,
        involves_patients=involves_patients,
        health_inequalities=health_inequalities,
        health_inequalities_notes=health_inequalities_notes,
        status=status,
    )
    made_by(submitted_by, idea)
    idea.full_clean(exclude=["objectives"])
    # Its first history entry is written once it has its objectives and its moment.
    with links_recorded_with_next_save(idea):
        try:
            # A savepoint, so a twin request that won the race leaves this transaction usable.
            with transaction.atomic():
                idea.save()
        except IntegrityError:
            return Idea.objects.get(submission_token=submission_token), False
        if submitted_at is not None:
            # The first save stamps created_at with the present; an idea from an older log
            # is given its own moment by a second one.
            idea.created_at = submitted_at
            idea.save(update_fields=["created_at"])
        idea.objectives.set(objectives)
    record_versions(Idea, [idea])
    idea.followers.add(submitted_by)
    IdeaStatusChange.objects.create(
        idea=idea, from_status="", to_status=idea.status, changed_by=submitted_by, reason=reason
    )
    if announce and idea.status == Idea.Status.SUBMITTED:
        notify(
            improvement_leads(idea.site),
            kind=Kind.IDEA_SUBMITTED,
            title=f"A new idea at {idea.site.short_name}: {idea.title}",
            url=idea.get_absolute_url(),
            leave_out=[submitted_by],
        )
    return idea, True


def _check_own(idea, user):
    if idea.submitted_by_id != user.pk:
        raise PermissionDenied("Only the person who submitted an idea can change it.")


def check_idea_editable(*, idea, user):
    """Refuse (403) anyone but the submitter, and (ValidationError) a reviewed idea."""
    _check_own(idea, user)
    if idea.status not in Idea.EDITABLE:
        raise ValidationError(
            "An idea can be changed until an improvement lead starts reviewing it: this one "
            f"is {idea.get_status_display().lower()}."
        )


def check_idea_withdrawable(*, idea, user):
    """Refuse (403) anyone but the submitter, and (ValidationError) a decided idea."""
    _check_own(idea, user)
    if idea.status not in Idea.WITHDRAWABLE:
        raise ValidationError(
            f"An idea that is {idea.get_status_display().lower()} cannot be withdrawn: "
            "a decision has been made on it."
        )


@transaction.atomic
def update_idea(*, idea, changed_by, objectives, **fields):
    """The submitter's changes to their idea, until an improvement lead starts reviewing it."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    check_idea_editable(idea=idea, user=changed_by)
    for name, value in fields.items():
        setattr(idea, name, value)
    made_by(changed_by, idea)
    idea.full_clean(exclude=["objectives"])
    # One history entry for the change, its objectives included.
    with links_recorded_with_next_save(idea):
        idea.save()
        idea.objectives.set(objectives)
    record_versions(Idea, [idea], changed=True)
    return idea


@transaction.atomic
def withdraw_idea(*, idea, changed_by, reason=""):
    """The submitter takes their idea back before a decision on it; its history stays."""
    idea = Idea.objects.select_for_update().get(pk=idea.pk)
    check_idea_withdrawable(idea=idea, user=changed_by)
    from_status = idea.status
    idea.status = Idea.Status.WITHDRAWN
    made_by(changed_by, idea)
    idea.save(update_fields=["status", "updated_at"])
    _record(idea, from_status, changed_by, reason)
    return idea


def _move_idea(idea, *, to_status, changed_by):
    require(TRIAGE_IDEAS, changed_by)
    locked = Idea.objects.select_for_update().get(pk=idea.pk)
    if to_status not in allowed_next_statuses(locked):
        raise ValidationError(
            f"An idea that is {locked.get_status_display().lower()} cannot become "
            f"{Idea.Status(to_status).label.lower()}."
        )
    from_status = locked.status
    locked.status = to_status
    made_by(changed_by, locked)
    return locked, from_status


def _record(idea, from_status, changed_by, reason):
    IdeaStatusChange.objects.create(
        idea=idea,
        from_status=from_status,
        to_status=idea.status,
        changed_by=changed_by,
        reason=reason,
    )
    _tell_followers(idea, changed_by)


# What the submitter and followers of an idea are told when its status changes.
STATUS_NEWS = {
    Idea.Status.UNDER_REVIEW: "{reference} is being reviewed by an improvement lead",
    Idea.Status.SUPPORTED: "{reference} is supported: it is now a QSIR project",
    Idea.Status.DECLINED: "{reference} has been declined",
    Idea.Status.MERGED: "{reference} has been merged into another idea",
    Idea.Status.WITHDRAWN: "{reference} has been withdrawn by the colleague who submitted it",
}


def _tell_followers(idea, changed_by):
    title = STATUS_NEWS[idea.status].format(reference=idea.reference) + f": {idea.title}"
    submitter = idea.submitted_by
    followers = [person for person in idea.followers.all() if person.pk != submitter.pk]
    url = idea.get_absolute_url()
    # Why an idea was declined is for its submitter and the leads only, so followers are
    # told of the decision without the reason.
    reason = idea.decline_reason if idea.status == Idea.Status.DECLINED else ""
    news = {"kind": Kind.IDEA_DECIDED, "title": title, "url": url, "leave_out": [changed_by]}
    notify([submitter], body=reason, **news)
    notify(followers, **news)


@transaction.atomic
def start_review(*, idea, changed_by, reason=""):
    idea, from_status = _move_idea(idea, to_status=Idea.Status.UNDER_REVIEW, changed_by=changed_by)
    idea.save(update_fields=["status", "updated_at"])
    _record(idea, from_status, changed_by, reason)
    return idea


@transaction.atomic
def decline_idea(*, idea, changed_by, reason):
    if not reason.strip():
        raise ValidationError({"reason": "Enter the reason the idea is declined."})
    idea, from_status = _move_idea(idea, to_status=Idea.Status.DECLINED, changed_by=changed_by)
    idea.decline_reason = reason.strip()
    idea.save(update_fields=["status", "decline_reason", "updated_at"])
    _record(idea, from_status, changed_by, reason.strip())
    return idea


@transaction.atomic
def merge_idea(*, idea, into, changed_by, reason=""):
    if into.pk == idea.pk:
        raise ValidationError({"into": "An idea cannot be merged into itself."})
    if into.status == Idea.Status.MERGED:
        target = into.merged_into.reference
        raise ValidationError({"into": f"{into.reference} was merged: merge into {target}."})
    idea, from_status = _move_idea(idea, to_status=Idea.Status.MERGED, changed_by=changed_by)
    idea.merged_into = into
    idea.save(update_fields=["status", "merged_into", "updated_at"])
    into.followers.add(*idea.followers.all())
    _record(idea, from_status, changed_by, reason or f"Merged into {into.reference}.")
    return idea


@transaction.atomic
def support_idea(*, idea, changed_by, aim, lead, start_date, target_date, reason=""):
    """Support an idea: it becomes a QSIR project whose charter starts from the idea."""
    idea, from_status = _move_idea(idea, to_status=Idea.Status.SUPPORTED, changed_by=changed_by)
    project = Project(
        idea=idea,
        title=idea.title,
        problem_statement=idea.problem,
        aim=aim,
        lead=lead,
        site=idea.site,
        ward=idea.ward,
        start_date=start_date,
        target_date=target_date,
        involves_patients=idea.involves_patients,
        health_inequalities=idea.health_inequalities,
        health_inequalities_notes=idea.health_inequalities_notes,
    )
    made_by(changed_by, project)
    project.full_clean(exclude=["objectives", "team"])
    with links_recorded_with_next_save(project):
        project.save()
        project.objectives.set(idea.objectives.all())
    record_versions(Project, [project])
    idea.save(update_fields=["status", "updated_at"])
    _record(idea, from_status, changed_by, reason)
    ProgressScoreChange.objects.create(
        project=project, score=project.progress_score, recorded_by=changed_by
    )
    return project


@transaction.atomic
def update_charter(
    *, project, changed_by, objectives=None, team=None, measures=None, version=None, **fields
):
    """Change a project's charter. `measures` is a list of (name, kind) pairs: the charter's
    measures become exactly these, keeping the ones already named. `version` is the
    project's `record_version` when the form was shown: if the project changed since, the
    save is refused with an `EditConflict`, so one lead's save never silently undoes
    another's."""
    require(MANAGE_PROJECTS, changed_by)
    _lock_unchanged(Project, project.pk, version, PROJECT_EDIT_CONFLICT)
    made_by(changed_by, project)
    for name, value in fields.items():
        setattr(project, name, value)
    project.full_clean(exclude=["objectives", "team"])
    # The links first, so that the save writes one entry holding them with the fields.
    with links_recorded_with_next_save(project):
        if objectives is not None:
            project.objectives.set(objectives)
        if team is not None:
            project.team.set(team)
    project.save()
    if measures is not None:
        _set_measures(project, measures)
    return project


def _set_measures(project, measures):
    wanted = {name.strip(): kind for name, kind in measures if name.strip()}
    for measure in project.measures.exclude(name__in=wanted):
        made_by(project._history_user, measure)
        measure.delete()
    existing = {measure.name: measure for measure in project.measures.all()}
    for name, kind in wanted.items():
        measure = existing.get(name) or Measure(project=project, name=name)
        made_by(project._history_user, measure)
        if measure.kind != kind:
            measure.kind = kind
            measure.full_clean()
            measure.save()


@transaction.atomic
def record_progress_score(*, project, score, recorded_by, note=""):
    require(MANAGE_PROJECTS, recorded_by)
    made_by(recorded_by, project)
    project.progress_score = score
    project.full_clean(exclude=["objectives", "team"])
    project.save(update_fields=["progress_score", "updated_at"])
    return ProgressScoreChange.objects.create(
        project=project, score=score, recorded_by=recorded_by, note=note
    )


@transaction.atomic
def set_phase(*, project, phase, changed_by):
    require(MANAGE_PROJECTS, changed_by)
    made_by(changed_by, project)
    project.phase = phase
    project.full_clean(exclude=["objectives", "team"])
    project.save(update_fields=["phase", "updated_at"])
    return project


@transaction.atomic
def change_project_status(*, project, status, changed_by, closing_summary=""):
    require(MANAGE_PROJECTS, changed_by)
    made_by(changed_by, project)
    if status == Project.Status.COMPLETED and not closing_summary.strip():
        raise ValidationError(
            {"closing_summary": "Enter the outcomes achieved before completing the project."}
        )
    project.status = status
    if closing_summary.strip():
        project.closing_summary = closing_summary.strip()
    project.full_clean(exclude=["objectives", "team"])
    project.save(update_fields=["status", "closing_summary", "updated_at"])
    return project


@transaction.atomic
def save_pdsa_cycle(*, project, changed_by, cycle=None, version=None, **fields):
    """Add a PDSA cycle to a project, or change one of its cycles. Changing one, `version`
    works as in `update_charter`."""
    require(MANAGE_PROJECTS, changed_by)
    cycle = cycle or PDSACycle(project=project)
    if cycle.project_id != project.pk:
        raise PermissionDenied("That PDSA cycle belongs to another project.")
    if cycle.pk:
        _lock_unchanged(PDSACycle, cycle.pk, version, PDSA_EDIT_CONFLICT)
    made_by(changed_by, cycle)
    for name, value in fields.items():
        setattr(cycle, name, value)
    cycle.full_clean()
    cycle.save()
    return cycle


def can_discuss(idea, user, *, following):
    """The submitter, the followers and the improvement leads ask and answer questions;
    `following` is whether the user follows the idea (selectors.follows), which the idea's
    page reads once for its Follow button too."""
    return following or idea.submitted_by_id == user.pk or TRIAGE_IDEAS.allows(user)


@transaction.atomic
def post_idea_message(*, idea, author, text):
    """Ask or answer a question on the idea, and tell the others in its conversation."""
    if not can_discuss(idea, author, following=selectors.follows(author, idea)):
        raise PermissionDenied(
            "Only the colleague who submitted an idea, its followers and the improvement leads "
            "can ask or answer questions on it: follow it to join in."
        )
    message = IdeaMessage(idea=idea, author=author, text=text.strip())
    message.full_clean()
    message.save()
    notify(
        [idea.submitted_by, *idea.followers.all(), *improvement_leads(idea.site)],
        kind=Kind.IDEA_MESSAGE,
        title=f"{person_name(author)} wrote on {idea.reference}: {idea.title}",
        body=message.text,
        url=f"{idea.get_absolute_url()}#questions",
        leave_out=[author],
    )
    return message


@transaction.atomic
def follow_idea(*, idea, user):
    idea.followers.add(user)


@transaction.atomic
def unfollow_idea(*, idea, user):
    idea.followers.remove(user)
