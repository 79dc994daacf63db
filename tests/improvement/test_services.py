"""The services that change ideas and projects: who may, which changes, and what is kept."""

import datetime
import uuid

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied, ValidationError

from core.roles import IMPROVEMENT_LEADS
from improvement import services
from improvement.models import (
    HealthInequalitiesEffect,
    Idea,
    IdeaStatusChange,
    Measure,
    PDSACycle,
    ProgressScoreChange,
    Project,
)
from tests.factories import ObjectiveFactory, SiteFactory, UserFactory
from tests.improvement.factories import IdeaFactory, PDSACycleFactory, ProjectFactory

pytestmark = pytest.mark.django_db

START = datetime.date(2025, 4, 1)
TARGET = datetime.date(2025, 10, 1)


def under_review(lead, **kwargs):
    idea = IdeaFactory(**kwargs)
    return services.start_review(idea=idea, changed_by=lead)


def merged(lead):
    target = IdeaFactory()
    return services.merge_idea(idea=under_review(lead), into=target, changed_by=lead)


def declined(lead):
    return services.decline_idea(idea=under_review(lead), changed_by=lead, reason="Done already.")


def supported(lead):
    idea = under_review(lead)
    services.support_idea(
        idea=idea, changed_by=lead, aim="Halve it.", lead=lead, start_date=START, target_date=TARGET
    )
    return Idea.objects.get(pk=idea.pk)


def last_change(idea):
    return IdeaStatusChange.objects.filter(idea=idea).order_by("-created_at", "-pk").first()


# Submitting ------------------------------------------------------------------------------


def submit(user, token, **overrides):
    fields = {
        "title": "Quieter wards at night",
        "problem": "Patients cannot sleep.",
        "proposed_change": "Dim the lights at 10pm.",
        "site": SiteFactory(),
        "ward": "Ward 4",
        "objectives": [ObjectiveFactory()],
        "involves_patients": True,
        "health_inequalities": HealthInequalitiesEffect.REDUCES,
        **overrides,
    }
    return services.submit_idea(submitted_by=user, submission_token=token, **fields)


def test_submitting_an_idea_saves_it_with_its_first_history_entry(staff_user):
    objectives = [ObjectiveFactory(), ObjectiveFactory()]
    idea, created = submit(staff_user, uuid.uuid4(), objectives=objectives)

    assert created is True
    idea.refresh_from_db()
    assert idea.status == Idea.Status.SUBMITTED
    assert idea.submitted_by == staff_user
    assert set(idea.objectives.all()) == set(objectives)
    assert list(idea.followers.all()) == [staff_user]
    change = idea.status_changes.get()
    assert (change.changed_by, change.from_status, change.to_status) == (
        staff_user,
        "",
        Idea.Status.SUBMITTED,
    )


def test_an_idea_from_an_older_log_keeps_its_status_and_submission_moment(staff_user):
    moment = datetime.datetime(2024, 1, 31, 9, tzinfo=datetime.UTC)

    idea, created = submit(
        staff_user,
        uuid.uuid4(),
        status=Idea.Status.UNDER_REVIEW,
        submitted_at=moment,
        reason="Imported from a spreadsheet.",
    )

    assert created is True
    idea.refresh_from_db()
    assert (idea.status, idea.created_at) == (Idea.Status.UNDER_REVIEW, moment)
    assert list(idea.followers.all()) == [staff_user]
    change = idea.status_changes.get()
    assert (change.from_status, change.to_status, change.reason) == (
        "",
        Idea.Status.UNDER_REVIEW,
        "Imported from a spreadsheet.",
    )
    assert idea.history.latest().created_at == moment


def test_submitting_the_same_form_twice_creates_one_idea(staff_user):
    token = uuid.uuid4()
    first, first_created = submit(staff_user, token)
    second, second_created = submit(staff_user, token, title="Changed my mind")

    assert (first_created, second_created) == (True, False)
    assert second.pk == first.pk
    assert Idea.objects.count() == 1
    assert Idea.objects.get().title == "Quieter wards at night"
    assert IdeaStatusChange.objects.count() == 1


def test_a_form_token_used_by_someone_else_is_refused(staff_user, other_staff_user):
    token = uuid.uuid4()
    submit(staff_user, token)

    with pytest.raises(PermissionDenied):
        submit(other_staff_user, token)
    assert Idea.objects.get().submitted_by == staff_user


def test_an_idea_without_a_title_is_refused(staff_user):
    with pytest.raises(ValidationError) as error:
        submit(staff_user, uuid.uuid4(), title="")
    assert "title" in error.value.message_dict
    assert not Idea.objects.exists()


# Triage: allowed moves ---------------------------------------------------------------------


def test_a_lead_starts_the_review_of_a_submitted_idea(lead_user):
    idea = IdeaFactory()

    services.start_review(idea=idea, changed_by=lead_user, reason="Looks useful.")

    idea.refresh_from_db()
    assert idea.status == Idea.Status.UNDER_REVIEW
    change = last_change(idea)
    assert (change.changed_by, change.from_status, change.to_status, change.reason) == (
        lead_user,
        Idea.Status.SUBMITTED,
        Idea.Status.UNDER_REVIEW,
        "Looks useful.",
    )


def test_a_lead_declines_an_idea_under_review_with_a_reason(lead_user):
    idea = under_review(lead_user)

    services.decline_idea(idea=idea, changed_by=lead_user, reason="  Covered by the falls plan. ")

    idea.refresh_from_db()
    assert idea.status == Idea.Status.DECLINED
    assert idea.decline_reason == "Covered by the falls plan."
    change = last_change(idea)
    assert (change.changed_by, change.from_status, change.to_status, change.reason) == (
        lead_user,
        Idea.Status.UNDER_REVIEW,
        Idea.Status.DECLINED,
        "Covered by the falls plan.",
    )


def test_a_lead_merges_an_idea_into_another_and_its_followers_follow_the_other(
    lead_user, other_staff_user
):
    target = IdeaFactory()
    idea = under_review(lead_user)
    idea.followers.add(other_staff_user)

    services.merge_idea(idea=idea, into=target, changed_by=lead_user)

    idea.refresh_from_db()
    assert idea.status == Idea.Status.MERGED
    assert idea.merged_into == target
    assert other_staff_user in target.followers.all()
    change = last_change(idea)
    assert (change.changed_by, change.from_status, change.to_status, change.reason) == (
        lead_user,
        Idea.Status.UNDER_REVIEW,
        Idea.Status.MERGED,
        f"Merged into {target.reference}.",
    )


def test_supporting_an_idea_starts_a_project_from_it(lead_user, other_staff_user):
    objectives = [ObjectiveFactory(), ObjectiveFactory()]
    idea = under_review(
        lead_user,
        title="Fewer falls",
        problem="Patients fall at night.",
        ward="Ward 7",
        objectives=objectives,
        involves_patients=True,
        health_inequalities=HealthInequalitiesEffect.REDUCES,
        health_inequalities_notes="Helps older patients.",
    )

    project = services.support_idea(
        idea=idea,
        changed_by=lead_user,
        aim="Halve falls by March.",
        lead=other_staff_user,
        start_date=START,
        target_date=TARGET,
        reason="Fits the falls programme.",
    )

    idea.refresh_from_db()
    project.refresh_from_db()
    assert idea.status == Idea.Status.SUPPORTED
    assert project.idea == idea
    assert project.title == "Fewer falls"
    assert project.problem_statement == "Patients fall at night."
    assert project.site == idea.site
    assert project.ward == "Ward 7"
    assert set(project.objectives.all()) == set(objectives)
    assert project.involves_patients is True
    assert project.health_inequalities == HealthInequalitiesEffect.REDUCES
    assert project.health_inequalities_notes == "Helps older patients."
    assert (project.aim, project.lead, project.start_date, project.target_date) == (
        "Halve falls by March.",
        other_staff_user,
        START,
        TARGET,
    )
    assert project.status == Project.Status.IN_PROGRESS
    score = project.score_changes.get()
    assert (score.score, score.recorded_by) == (project.progress_score, lead_user)
    change = last_change(idea)
    assert (change.changed_by, change.from_status, change.to_status, change.reason) == (
        lead_user,
        Idea.Status.UNDER_REVIEW,
        Idea.Status.SUPPORTED,
        "Fits the falls programme.",
    )


def test_supporting_with_a_target_before_the_start_is_refused(lead_user):
    idea = under_review(lead_user)

    with pytest.raises(ValidationError):
        services.support_idea(
            idea=idea,
            changed_by=lead_user,
            aim="Halve it.",
            lead=lead_user,
            start_date=TARGET,
            target_date=START,
        )

    idea.refresh_from_db()
    assert idea.status == Idea.Status.UNDER_REVIEW
    assert not Project.objects.exists()


# Triage: refused moves ---------------------------------------------------------------------


def attempt(action, idea, lead):
    if action == "review":
        services.start_review(idea=idea, changed_by=lead)
    elif action == "decline":
        services.decline_idea(idea=idea, changed_by=lead, reason="No.")
    elif action == "merge":
        services.merge_idea(idea=idea, into=IdeaFactory(), changed_by=lead)
    else:
        services.support_idea(
            idea=idea, changed_by=lead, aim="A.", lead=lead, start_date=START, target_date=TARGET
        )


REFUSED = [
    ("submitted", "decline"),
    ("submitted", "merge"),
    ("submitted", "support"),
    ("under_review", "review"),
    ("supported", "review"),
    ("supported", "decline"),
    ("supported", "merge"),
    ("supported", "support"),
    ("declined", "review"),
    ("declined", "decline"),
    ("declined", "merge"),
    ("declined", "support"),
    ("merged", "review"),
    ("merged", "decline"),
    ("merged", "merge"),
    ("merged", "support"),
]


@pytest.mark.parametrize(("status", "action"), REFUSED)
def test_a_move_the_workflow_does_not_allow_is_refused(lead_user, status, action):
    idea = {
        "submitted": IdeaFactory,
        "under_review": lambda: under_review(lead_user),
        "supported": lambda: supported(lead_user),
        "declined": lambda: declined(lead_user),
        "merged": lambda: merged(lead_user),
    }[status]()
    history = IdeaStatusChange.objects.filter(idea=idea).count()
    projects = Project.objects.count()

    with pytest.raises(ValidationError):
        attempt(action, idea, lead_user)

    idea.refresh_from_db()
    assert idea.status == status
    assert IdeaStatusChange.objects.filter(idea=idea).count() == history
    assert Project.objects.count() == projects


def test_the_allowed_next_statuses_follow_the_workflow(lead_user):
    assert services.allowed_next_statuses(IdeaFactory()) == {Idea.Status.UNDER_REVIEW}
    assert services.allowed_next_statuses(under_review(lead_user)) == {
        Idea.Status.SUPPORTED,
        Idea.Status.DECLINED,
        Idea.Status.MERGED,
    }
    for idea in [supported(lead_user), declined(lead_user), merged(lead_user)]:
        assert services.allowed_next_statuses(idea) == set()


def test_declining_without_a_reason_is_refused(lead_user):
    idea = under_review(lead_user)

    with pytest.raises(ValidationError) as error:
        services.decline_idea(idea=idea, changed_by=lead_user, reason="   ")

    assert "reason" in error.value.message_dict
    idea.refresh_from_db()
    assert idea.status == Idea.Status.UNDER_REVIEW


def test_an_idea_cannot_be_merged_into_itself(lead_user):
    idea = under_review(lead_user)

    with pytest.raises(ValidationError) as error:
        services.merge_idea(idea=idea, into=idea, changed_by=lead_user)

    assert "into" in error.value.message_dict
    idea.refresh_from_db()
    assert (idea.status, idea.merged_into) == (Idea.Status.UNDER_REVIEW, None)


def test_an_idea_cannot_be_merged_into_a_merged_idea(lead_user):
    already_merged = merged(lead_user)
    idea = under_review(lead_user)

    with pytest.raises(ValidationError) as error:
        services.merge_idea(idea=idea, into=already_merged, changed_by=lead_user)

    # The message points to the idea the merged one went into.
    assert already_merged.merged_into.reference in str(error.value)
    idea.refresh_from_db()
    assert (idea.status, idea.merged_into) == (Idea.Status.UNDER_REVIEW, None)


# Permissions ------------------------------------------------------------------------------


@pytest.fixture(params=["staff", "editor", "inactive lead"])
def not_a_lead(request, staff_user, editor_user):
    if request.param == "staff":
        return staff_user
    if request.param == "editor":
        return editor_user
    former_lead = UserFactory(username="former.lead", is_active=False)
    former_lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return former_lead


TRIAGE = {
    "review": lambda idea, user: services.start_review(idea=idea, changed_by=user),
    "decline": lambda idea, user: services.decline_idea(idea=idea, changed_by=user, reason="No."),
    "merge": lambda idea, user: services.merge_idea(idea=idea, into=IdeaFactory(), changed_by=user),
    "support": lambda idea, user: services.support_idea(
        idea=idea, changed_by=user, aim="A.", lead=user, start_date=START, target_date=TARGET
    ),
}


@pytest.mark.parametrize("action", TRIAGE)
def test_only_a_lead_can_triage_an_idea(lead_user, not_a_lead, action):
    idea = IdeaFactory() if action == "review" else under_review(lead_user)
    status = idea.status
    history = IdeaStatusChange.objects.filter(idea=idea).count()

    with pytest.raises(PermissionDenied):
        TRIAGE[action](idea, not_a_lead)

    idea.refresh_from_db()
    assert (idea.status, idea.decline_reason, idea.merged_into) == (status, "", None)
    assert IdeaStatusChange.objects.filter(idea=idea).count() == history
    assert not Project.objects.exists()


PROJECT_CHANGES = {
    "charter": lambda project, user: services.update_charter(
        project=project, changed_by=user, title="Taken over"
    ),
    "progress": lambda project, user: services.record_progress_score(
        project=project, score="3.0", recorded_by=user
    ),
    "phase": lambda project, user: services.set_phase(
        project=project, phase=Project.Phase.DESIGN_AND_PLAN, changed_by=user
    ),
    "status": lambda project, user: services.change_project_status(
        project=project, status=Project.Status.STOPPED, changed_by=user
    ),
    "pdsa": lambda project, user: services.save_pdsa_cycle(
        project=project,
        changed_by=user,
        change_idea="Try it",
        plan="Plan",
        prediction="Better",
        start_date=START,
    ),
}


@pytest.mark.parametrize("action", PROJECT_CHANGES)
def test_only_a_lead_can_change_a_project(not_a_lead, action):
    project = ProjectFactory(title="Fewer falls")

    with pytest.raises(PermissionDenied):
        PROJECT_CHANGES[action](project, not_a_lead)

    project.refresh_from_db()
    assert (project.title, project.progress_score, project.phase, project.status) == (
        "Fewer falls",
        "0.5",
        Project.Phase.START_OUT,
        Project.Status.IN_PROGRESS,
    )
    assert not ProgressScoreChange.objects.exists()
    assert not PDSACycle.objects.exists()


def test_a_superuser_can_triage(lead_user):
    superuser = UserFactory(username="admin", is_superuser=True, is_staff=True)
    idea = IdeaFactory()

    services.start_review(idea=idea, changed_by=superuser)

    idea.refresh_from_db()
    assert idea.status == Idea.Status.UNDER_REVIEW


# Projects ---------------------------------------------------------------------------------


def test_recording_progress_scores_keeps_their_history(lead_user, other_staff_user):
    project = ProjectFactory()

    services.record_progress_score(project=project, score="1.0", recorded_by=lead_user)
    services.record_progress_score(
        project=project, score="2.5", recorded_by=lead_user, note="Tested two changes."
    )

    project.refresh_from_db()
    assert project.progress_score == "2.5"
    history = list(project.score_changes.values_list("score", "recorded_by", "note"))
    assert history == [("1.0", lead_user.pk, ""), ("2.5", lead_user.pk, "Tested two changes.")]


def test_a_score_off_the_ihi_scale_is_refused(lead_user):
    project = ProjectFactory()

    with pytest.raises(ValidationError):
        services.record_progress_score(project=project, score="6.0", recorded_by=lead_user)

    project.refresh_from_db()
    assert project.progress_score == "0.5"
    assert not project.score_changes.exists()


def test_a_lead_moves_a_project_to_another_phase(lead_user):
    project = ProjectFactory()

    services.set_phase(
        project=project, phase=Project.Phase.PILOT_AND_IMPLEMENT, changed_by=lead_user
    )

    project.refresh_from_db()
    assert project.phase == Project.Phase.PILOT_AND_IMPLEMENT


def test_completing_a_project_needs_the_outcomes_achieved(lead_user):
    project = ProjectFactory()

    with pytest.raises(ValidationError) as error:
        services.change_project_status(
            project=project, status=Project.Status.COMPLETED, changed_by=lead_user
        )
    assert "closing_summary" in error.value.message_dict
    project.refresh_from_db()
    assert project.status == Project.Status.IN_PROGRESS

    services.change_project_status(
        project=project,
        status=Project.Status.COMPLETED,
        changed_by=lead_user,
        closing_summary=" Falls halved. ",
    )
    project.refresh_from_db()
    assert (project.status, project.closing_summary) == (Project.Status.COMPLETED, "Falls halved.")


def test_putting_a_project_on_hold_needs_no_summary(lead_user):
    project = ProjectFactory()

    services.change_project_status(
        project=project, status=Project.Status.ON_HOLD, changed_by=lead_user
    )

    project.refresh_from_db()
    assert project.status == Project.Status.ON_HOLD


def measures_of(project):
    return sorted(project.measures.values_list("name", "kind"))


def test_the_charter_measures_become_exactly_those_given(lead_user):
    project = ProjectFactory()

    services.update_charter(
        project=project,
        changed_by=lead_user,
        measures=[("Length of stay", "outcome"), ("Falls", "process"), ("  ", "process")],
    )
    assert measures_of(project) == [("Falls", "process"), ("Length of stay", "outcome")]
    falls = Measure.objects.get(name="Falls")

    # Rename one, change the kind of another, add a third.
    services.update_charter(
        project=project,
        changed_by=lead_user,
        measures=[
            ("Average length of stay (days)", "outcome"),
            ("Falls", "balancing"),
            ("Readmissions", "balancing"),
        ],
    )
    assert measures_of(project) == [
        ("Average length of stay (days)", "outcome"),
        ("Falls", "balancing"),
        ("Readmissions", "balancing"),
    ]
    assert Measure.objects.get(name="Falls").pk == falls.pk

    # Remove all but one.
    services.update_charter(
        project=project, changed_by=lead_user, measures=[("Falls", "balancing")]
    )
    assert measures_of(project) == [("Falls", "balancing")]


def test_updating_the_charter_changes_its_fields_team_and_objectives(lead_user, other_staff_user):
    project = ProjectFactory()
    objective = ObjectiveFactory()

    services.update_charter(
        project=project,
        changed_by=lead_user,
        title="Fewer falls at night",
        aim="Halve falls by March 2026.",
        sponsor=lead_user,
        team=[other_staff_user],
        objectives=[objective],
    )

    project.refresh_from_db()
    assert (project.title, project.aim, project.sponsor) == (
        "Fewer falls at night",
        "Halve falls by March 2026.",
        lead_user,
    )
    assert list(project.team.all()) == [other_staff_user]
    assert list(project.objectives.all()) == [objective]


def test_a_charter_with_a_target_before_its_start_is_refused(lead_user):
    project = ProjectFactory(title="Fewer falls")

    with pytest.raises(ValidationError):
        services.update_charter(
            project=project,
            changed_by=lead_user,
            title="Changed",
            start_date=TARGET,
            target_date=START,
        )

    project.refresh_from_db()
    assert (project.title, project.start_date) == ("Fewer falls", datetime.date(2024, 4, 1))


def test_a_lead_adds_and_changes_a_pdsa_cycle(lead_user):
    project = ProjectFactory()

    cycle = services.save_pdsa_cycle(
        project=project,
        changed_by=lead_user,
        change_idea="Hourly rounding",
        plan="Round hourly on nights.",
        prediction="Fewer falls.",
        start_date=START,
    )
    services.save_pdsa_cycle(
        project=project,
        changed_by=lead_user,
        cycle=cycle,
        study="Falls fell by a third.",
        act=PDSACycle.Act.ADOPT,
        end_date=START + datetime.timedelta(days=14),
    )

    cycle = project.pdsa_cycles.get()
    assert (cycle.change_idea, cycle.study, cycle.act, cycle.end_date) == (
        "Hourly rounding",
        "Falls fell by a third.",
        PDSACycle.Act.ADOPT,
        datetime.date(2025, 4, 15),
    )


def test_a_pdsa_cycle_of_another_project_is_refused(lead_user):
    project = ProjectFactory()
    other_cycle = PDSACycleFactory(change_idea="Theirs")

    with pytest.raises(PermissionDenied):
        services.save_pdsa_cycle(
            project=project, changed_by=lead_user, cycle=other_cycle, change_idea="Mine"
        )

    other_cycle.refresh_from_db()
    assert other_cycle.change_idea == "Theirs"
    assert other_cycle.project != project


def test_a_pdsa_cycle_ending_before_it_starts_is_refused(lead_user):
    project = ProjectFactory()

    with pytest.raises(ValidationError):
        services.save_pdsa_cycle(
            project=project,
            changed_by=lead_user,
            change_idea="Hourly rounding",
            plan="Plan",
            prediction="Better",
            start_date=START,
            end_date=START - datetime.timedelta(days=1),
        )
    assert not PDSACycle.objects.exists()


def test_following_and_unfollowing(other_staff_user):
    idea = IdeaFactory()

    services.follow_idea(idea=idea, user=other_staff_user)
    services.follow_idea(idea=idea, user=other_staff_user)
    assert list(idea.followers.all()) == [other_staff_user]

    services.unfollow_idea(idea=idea, user=other_staff_user)
    assert not idea.followers.exists()
