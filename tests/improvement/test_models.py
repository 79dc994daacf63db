"""The database refuses records that break the programme's rules, whoever writes them."""

import datetime
from contextlib import contextmanager

import pytest
from django.contrib.auth.models import Group, Permission
from django.db import IntegrityError, transaction

from core.roles import IMPROVEMENT_LEADS
from improvement.models import Idea, Measure, PDSACycle, Project
from improvement.roles import MANAGE_PROJECTS, TRIAGE_IDEAS
from tests.factories import SiteFactory, UserFactory
from tests.improvement.factories import (
    IdeaFactory,
    IdeaStatusChangeFactory,
    MeasureFactory,
    PDSACycleFactory,
    ProgressScoreChangeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


@contextmanager
def refused():
    """Expect the database to refuse the write, leaving the test's transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        yield


def test_a_declined_idea_must_have_a_reason():
    idea = IdeaFactory()
    with refused():
        Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.DECLINED, decline_reason="")
    Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.DECLINED, decline_reason="Done.")
    assert Idea.objects.get(pk=idea.pk).status == Idea.Status.DECLINED


def test_a_merged_idea_must_name_the_idea_it_went_into():
    idea, target = IdeaFactory(), IdeaFactory()
    with refused():
        Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.MERGED, merged_into=None)
    Idea.objects.filter(pk=idea.pk).update(status=Idea.Status.MERGED, merged_into=target)
    assert Idea.objects.get(pk=idea.pk).merged_into == target


def test_only_a_merged_idea_names_an_idea_it_went_into():
    idea, target = IdeaFactory(), IdeaFactory()
    with refused():
        Idea.objects.filter(pk=idea.pk).update(merged_into=target)


def test_two_ideas_cannot_share_a_submission_token():
    idea = IdeaFactory()
    with refused():
        IdeaFactory(submission_token=idea.submission_token)


def test_a_project_cannot_end_before_it_starts():
    with refused():
        ProjectFactory(start_date=datetime.date(2025, 4, 1), target_date=datetime.date(2025, 3, 31))
    ProjectFactory(start_date=datetime.date(2025, 4, 1), target_date=datetime.date(2025, 4, 1))


def test_a_completed_project_must_say_what_it_achieved():
    with refused():
        ProjectFactory(status=Project.Status.COMPLETED, closing_summary="")
    project = ProjectFactory(status=Project.Status.COMPLETED, closing_summary="Falls halved.")
    assert project.status == Project.Status.COMPLETED


def test_a_pdsa_cycle_cannot_end_before_it_starts():
    with refused():
        PDSACycleFactory(start_date=datetime.date(2025, 4, 2), end_date=datetime.date(2025, 4, 1))
    cycle = PDSACycleFactory(start_date=datetime.date(2025, 4, 2), end_date=None)
    assert cycle.end_date is None


def test_a_charter_names_each_measure_once():
    measure = MeasureFactory(name="Falls")
    with refused():
        MeasureFactory(project=measure.project, name="Falls", kind=Measure.Kind.PROCESS)
    MeasureFactory(name="Falls")  # another project may use the name


def test_an_idea_is_known_by_its_reference():
    idea = IdeaFactory(title="Fewer falls")
    assert idea.reference == f"IDEA-{idea.pk:05d}"
    assert str(idea) == f"IDEA-{idea.pk:05d}: Fewer falls"
    assert Idea(title="Unsaved").reference == "IDEA-new"
    assert idea.get_absolute_url() == f"/improvement/ideas/{idea.pk}/"


def test_records_link_to_their_pages():
    project = ProjectFactory()
    cycle = PDSACycleFactory(project=project)
    change = IdeaStatusChangeFactory()
    assert project.get_absolute_url() == f"/improvement/projects/{project.pk}/"
    assert cycle.get_absolute_url() == f"/improvement/projects/{project.pk}/#pdsa-{cycle.pk}"
    assert ProgressScoreChangeFactory(project=project).get_absolute_url() == (
        project.get_absolute_url()
    )
    assert change.get_absolute_url() == change.idea.get_absolute_url()
    assert str(change) == f"{change.idea.reference}: submitted → under_review"
    site = SiteFactory(short_name="Basildon")
    assert str(site) == "Basildon"
    assert site.get_absolute_url() == f"/improvement/?site={site.pk}"


def test_newest_ideas_come_first():
    older, newer = IdeaFactory(), IdeaFactory()
    assert list(Idea.objects.all()) == [newer, older]


def test_the_progress_score_is_a_number():
    project = ProjectFactory(progress_score="2.5")
    assert project.progress_score_value * 2 == 5
    assert str(PDSACycle(change_idea="Rounding")) == "PDSA: Rounding"


def test_the_improvement_leads_group_holds_both_permissions():
    group = Group.objects.get(name=IMPROVEMENT_LEADS)
    codenames = set(group.permissions.values_list("codename", flat=True))
    assert {"triage_idea", "manage_project"} <= codenames
    # No write permission in the admin: leads change records through the hub's services.
    assert not {codename for codename in codenames if codename.startswith(("add_", "change_"))}


def test_roles_follow_the_permissions():
    staff = UserFactory()
    lead = UserFactory()
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    triager = UserFactory()
    triager.user_permissions.add(Permission.objects.get(codename="triage_idea"))

    def roles(user):
        return TRIAGE_IDEAS.allows(user), MANAGE_PROJECTS.allows(user)

    assert roles(staff) == (False, False)
    assert roles(lead) == (True, True)
    assert roles(triager) == (True, False)
