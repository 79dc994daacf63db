"""The improvement leads' weekly digest: each lead hears what is waiting at their own site,
and a lead with nothing waiting hears nothing."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command

from core.roles import IMPROVEMENT_LEADS
from improvement.digest import digest_for
from improvement.models import DataPoint, Idea, ProgressScoreChange
from notifications.models import Kind, Notification
from people.models import StaffProfile
from tests.factories import SiteFactory, UserFactory
from tests.improvement.factories import (
    IdeaFactory,
    MeasureFactory,
    PDSACycleFactory,
    ProgressScoreChangeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 30)


def lead_at(site, username):
    lead = UserFactory(username=username, email=f"{username}@example.nhs.uk")
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    StaffProfile.objects.create(user=lead, site=site)
    return lead


def scored(project, days_ago):
    change = ProgressScoreChangeFactory(project=project)
    moment = datetime.datetime.combine(TODAY, datetime.time(12), tzinfo=datetime.UTC)
    ProgressScoreChange.objects.filter(pk=change.pk).update(
        created_at=moment - datetime.timedelta(days=days_ago)
    )


def test_the_digest_lists_what_is_waiting_at_the_site():
    site, elsewhere = SiteFactory(), SiteFactory()
    waiting = IdeaFactory(title="Quieter wards", site=site)
    IdeaFactory(site=site, status=Idea.Status.UNDER_REVIEW)
    IdeaFactory(site=elsewhere)
    quiet = ProjectFactory(title="Fewer falls", site=site)
    old_value = MeasureFactory(project=quiet)
    DataPoint.objects.create(measure=old_value, period=TODAY - datetime.timedelta(weeks=6), value=3)
    busy = ProjectFactory(title="Faster discharge", site=site)
    recent = MeasureFactory(project=busy)
    DataPoint.objects.create(measure=recent, period=TODAY - datetime.timedelta(weeks=1), value=3)
    running = PDSACycleFactory(
        project=busy, change_idea="Red aprons", start_date=TODAY - datetime.timedelta(weeks=8)
    )
    PDSACycleFactory(project=busy, start_date=TODAY - datetime.timedelta(weeks=2))
    scored(quiet, days_ago=120)
    scored(busy, days_ago=10)

    digest = digest_for(site, TODAY)

    assert (digest.idea_count, digest.ideas) == (1, [waiting])
    assert digest.quiet_projects == [quiet]
    assert digest.overdue_cycles == [running]
    assert digest.stale_scores == [quiet]
    text = digest.text("https://portal.example.nhs.uk")
    assert "Ideas waiting for triage: 1" in text
    assert f"- {waiting.reference}: Quieter wards" in text
    assert "- Red aprons (Faster discharge): https://portal.example.nhs.uk/" in text


def test_each_lead_is_told_of_their_site_and_a_lead_with_nothing_waiting_is_not(
    django_capture_on_commit_callbacks,
):
    busy_site, calm_site = SiteFactory(short_name="Basildon"), SiteFactory()
    lead_at(busy_site, "busy.lead")
    lead_at(calm_site, "calm.lead")
    IdeaFactory(title="Quieter wards", site=busy_site)

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_digest", stdout=io.StringIO())

    digest = Notification.objects.get(kind=Kind.DIGEST)
    assert digest.recipient.username == "busy.lead"
    assert digest.title == "Your weekly improvement digest: Basildon"
    assert [message.to for message in mail.outbox] == [["busy.lead@example.nhs.uk"]]
    assert "Quieter wards" in mail.outbox[0].body
