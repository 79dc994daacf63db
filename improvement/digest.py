"""The improvement leads' weekly digest: what in the programme is waiting for them.

Each lead hears about their own site (every site when none is recorded for them): ideas
waiting for triage, projects in progress whose measures have had no new value for four
weeks, PDSA cycles overdue (running for six weeks with no end date, or ended with no Act
decision) and projects whose progress score has not been updated for a quarter.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Exists, Max, OuterRef, Q
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind
from notifications.services import notify
from people.selectors import improvement_leads

from .models import DataPoint, Idea, Measure, PDSACycle, Project

NO_DATA_FOR = datetime.timedelta(weeks=4)
CYCLE_OVERDUE_AFTER = datetime.timedelta(weeks=6)
SCORE_STALE_AFTER = datetime.timedelta(days=91)
# Each list names at most this many records; the count says how many there are.
NAMED = 5


@dataclass
class Digest:
    ideas: list
    idea_count: int
    quiet_projects: list
    overdue_cycles: list
    stale_scores: list

    @property
    def is_empty(self):
        return not (
            self.idea_count or self.quiet_projects or self.overdue_cycles or self.stale_scores
        )

    def text(self, site_url):
        lines = []
        if self.idea_count:
            lines.append(f"Ideas waiting for triage: {self.idea_count}")
            lines += [f"- {idea.reference}: {idea.title}" for idea in self.ideas]
            lines.append(f"  {site_url}{reverse('improvement:ideas')}?status=submitted")
        for heading, projects in [
            ("Projects whose measures have had no new value for four weeks", self.quiet_projects),
            ("Projects whose progress score has not changed for a quarter", self.stale_scores),
        ]:
            if projects:
                lines.append(f"{heading}: {len(projects)}")
                lines += [
                    f"- {project.title}: {site_url}{project.get_absolute_url()}"
                    for project in projects[:NAMED]
                ]
        if self.overdue_cycles:
            lines.append(f"PDSA cycles overdue: {len(self.overdue_cycles)}")
            lines += [
                f"- {cycle.change_idea} ({cycle.project.title}): "
                f"{site_url}{cycle.get_absolute_url()}"
                for cycle in self.overdue_cycles[:NAMED]
            ]
        return "\n".join(lines)


def digest_for(site, today):
    """What is waiting at the site (None: every site) on the day."""
    ideas = Idea.objects.filter(status=Idea.Status.SUBMITTED)
    projects = Project.objects.filter(status=Project.Status.IN_PROGRESS)
    if site is not None:
        ideas, projects = ideas.filter(site=site), projects.filter(site=site)
    measured = Measure.objects.filter(project=OuterRef("pk"))
    recent_values = DataPoint.objects.filter(
        measure__project=OuterRef("pk"), period__gt=today - NO_DATA_FOR
    )
    quiet = projects.filter(Exists(measured), ~Exists(recent_values))
    cycles = PDSACycle.objects.filter(project__in=projects).filter(
        Q(end_date__isnull=True, start_date__lt=today - CYCLE_OVERDUE_AFTER)
        | Q(end_date__lt=today, act="")
    )
    scored = projects.annotate(last_scored=Max("score_changes__created_at")).filter(
        last_scored__date__lt=today - SCORE_STALE_AFTER
    )
    return Digest(
        ideas=list(ideas.order_by("created_at", "pk")[:NAMED]),
        idea_count=ideas.count(),
        quiet_projects=list(quiet.order_by("start_date", "pk")),
        overdue_cycles=list(cycles.select_related("project").order_by("start_date", "pk")),
        stale_scores=list(scored.order_by("start_date", "pk")),
    )


def send_weekly_digest(*, site_url, today=None):
    """Tell each improvement lead what is waiting at their site; a lead with nothing
    waiting is told nothing. Returns how many leads were told."""
    today = today or timezone.localdate()
    by_site = {}
    told = 0
    for lead in improvement_leads():
        site = getattr(getattr(lead, "staff_profile", None), "site", None)
        key = site.pk if site else None
        if key not in by_site:
            by_site[key] = digest_for(site, today)
        digest = by_site[key]
        if digest.is_empty:
            continue
        where = site.short_name if site else "every site"
        notify(
            [lead],
            kind=Kind.DIGEST,
            title=f"Your weekly improvement digest: {where}",
            body=digest.text(site_url),
            url=reverse("improvement:dashboard"),
        )
        told += 1
    return told
