"""The programme's figures as tallies: ideas, projects and measures counted by the database
per month, site and status, with the other figures split out as columns, in one pass each.

The dashboard, the home page and an objective's page add tallies up in Python for whatever
they show. For the whole programme, or one site or status (columns of the tallies), the
tallies are rollups kept in the database (core.caching.rollup), worked out again only after
a write to their topic, so a visit reads a few hundred rows instead of every idea. Filtered
by dates or an objective, they are counted from the filtered records.
"""

import datetime
from collections import namedtuple
from functools import cached_property

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from core.caching import rollup

from .models import HealthInequalitiesEffect, Idea, Measure, Project

EFFECTS = [value for value, _ in HealthInequalitiesEffect.choices]
# Records counted per site and status (and, for ideas, month): how many, how many involve
# patients, and how many expect each effect on health inequalities, in EFFECTS' order.
IdeaCount = namedtuple("IdeaCount", "month site status count involving_patients by_effect")
ProjectCount = namedtuple("ProjectCount", "site status count involving_patients by_effect")
# How many ideas or projects serve each objective, per site and status.
ObjectiveCount = namedtuple("ObjectiveCount", "objective site status count")
MeasureCount = namedtuple("MeasureCount", "site project_status variation assurance count")


def month_iso(value):
    # TruncMonth gives the local midnight of the month's first day (a date on SQLite).
    return (value.date() if isinstance(value, datetime.datetime) else value).isoformat()


def _split_counts():
    return {
        "count": Count("pk"),
        "involving_patients": Count("pk", filter=Q(involves_patients=True)),
        **{effect: Count("pk", filter=Q(health_inequalities=effect)) for effect in EFFECTS},
    }


def count_ideas(ideas):
    rows = (
        ideas.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values("month", "site", "status")
        .annotate(**_split_counts())
    )
    return [
        [
            month_iso(row["month"]),
            row["site"],
            row["status"],
            row["count"],
            row["involving_patients"],
            [row[effect] for effect in EFFECTS],
        ]
        for row in rows
    ]


def count_projects(projects):
    rows = projects.order_by().values("site", "status").annotate(**_split_counts())
    return [
        [
            row["site"],
            row["status"],
            row["count"],
            row["involving_patients"],
            [row[effect] for effect in EFFECTS],
        ]
        for row in rows
    ]


def count_objectives(model, records):
    """How many of the records (ideas or projects; all when None) serve each objective, by
    site and status: counted over the links, where a record appears once per objective."""
    links = model.objectives.through.objects.order_by()
    name = model._meta.model_name
    if records is not None:
        links = links.filter(**{f"{name}__in": records})
    return [
        list(row)
        for row in links.values_list("objective", f"{name}__site", f"{name}__status").annotate(
            count=Count("pk")
        )
    ]


def count_measures(projects):
    measures = Measure.objects.order_by()
    if projects is not None:
        measures = measures.filter(project__in=projects)
    return [
        list(row)
        for row in measures.values_list(
            "project__site", "project__status", "variation", "assurance"
        ).annotate(count=Count("pk"))
    ]


def _kept_ideas():
    return rollup(
        "idea-tallies",
        ["ideas"],
        lambda: {
            "counts": count_ideas(Idea.objects.all()),
            "objectives": count_objectives(Idea, None),
        },
    )


def _kept_projects():
    return rollup(
        "project-tallies",
        ["projects"],
        lambda: {
            "counts": count_projects(Project.objects.all()),
            "objectives": count_objectives(Project, None),
            "measures": count_measures(None),
        },
    )


def _chosen(rows, row_type, *, site, status, status_field="status"):
    site_pk = site.pk if site else None
    return [
        row
        for row in map(row_type._make, rows)
        if (site_pk is None or row.site == site_pk)
        and (not status or getattr(row, status_field) == status)
    ]


class IdeaTallies:
    """The ideas' tallies for a site and status (None: all), or counted from `ideas`; each
    kind turned into rows only when read."""

    def __init__(self, *, site=None, status=None, ideas=None):
        self.site, self.status, self.ideas = site, status, ideas

    @cached_property
    def _kept(self):
        if self.ideas is None:
            return _kept_ideas()
        return {
            "counts": count_ideas(self.ideas),
            "objectives": count_objectives(Idea, self.ideas),
        }

    @cached_property
    def counts(self):
        return _chosen(self._kept["counts"], IdeaCount, site=self.site, status=self.status)

    @cached_property
    def objectives(self):
        return _chosen(self._kept["objectives"], ObjectiveCount, site=self.site, status=self.status)


class ProjectTallies:
    """The projects' and their measures' tallies for a site and status, or counted from
    `projects`; each kind turned into rows only when read."""

    def __init__(self, *, site=None, status=None, projects=None):
        self.site, self.status, self.projects = site, status, projects

    @cached_property
    def _kept(self):
        if self.projects is None:
            return _kept_projects()
        return {
            "counts": count_projects(self.projects),
            "objectives": count_objectives(Project, self.projects),
            "measures": count_measures(self.projects),
        }

    @cached_property
    def counts(self):
        return _chosen(self._kept["counts"], ProjectCount, site=self.site, status=self.status)

    @cached_property
    def objectives(self):
        return _chosen(self._kept["objectives"], ObjectiveCount, site=self.site, status=self.status)

    @cached_property
    def measures(self):
        return _chosen(
            self._kept["measures"],
            MeasureCount,
            site=self.site,
            status=self.status,
            status_field="project_status",
        )
