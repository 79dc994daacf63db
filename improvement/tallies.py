"""The programme's figures as tallies: ideas, projects and measures counted by the database
per month, site and status, with the other figures split out as columns, in one pass each.

The dashboard, the home page and an objective's page add tallies up in Python for whatever
they show. For the whole programme, or one site or status (columns of the tallies), the
tallies are rollups kept in the database (core.caching.rollup), worked out again only after
a write to their topic, so a visit reads a few hundred rows instead of every idea. Filtered
by dates or an objective, they are counted from the filtered records.
"""

import datetime
from collections import defaultdict, namedtuple
from functools import cached_property

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth

from core.caching import counts_of, kept_rollup, recent_counts_of

from .models import HealthInequalitiesEffect, Idea, Measure, Project

EFFECTS = [value for value, _ in HealthInequalitiesEffect.choices]
# Records counted per site and status (and, for ideas, month): how many, how many involve
# patients, and how many expect each effect on health inequalities, in EFFECTS' order.
IdeaCount = namedtuple("IdeaCount", "month site status count involving_patients by_effect")
ProjectCount = namedtuple("ProjectCount", "site status count involving_patients by_effect")
# The ideas counted added up: in all, by status, site (id) and month (ISO date of its first
# day), how many involve patients, and how many expect each effect in EFFECTS' order.
IdeaTotals = namedtuple(
    "IdeaTotals", "received by_status by_site by_month involving_patients by_effect"
)
# How many ideas or projects serve each objective, per site and status.
ObjectiveCount = namedtuple("ObjectiveCount", "objective site status count")
MeasureCount = namedtuple("MeasureCount", "site project_status variation assurance count")
# How many measures are in each group of variation and of assurance (the ranks
# measure_services keeps: verdict_groups.py), per site, project status, chart type and
# measure type: the summary table of measures' count of variation against assurance.
VerdictCount = namedtuple(
    "VerdictCount", "site project_status chart_type kind variation_rank assurance_rank count"
)


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
    return as_columns([[month_iso(row["month"]), *_split_row(row)] for row in rows], IdeaCount)


def count_projects(projects):
    rows = projects.order_by().values("site", "status").annotate(**_split_counts())
    return as_columns([_split_row(row) for row in rows], ProjectCount)


# Counts (IdeaCount, ProjectCount) are kept as columns, {field: [...]} with by_effect one
# list per effect, rather than as rows: reading them makes a dozen lists rather than two a
# row. Each list the JSON decoder makes counts towards Python's next garbage collection,
# and the idea tallies' 500 rows set one off on every visit to the dashboard: as rows they
# took 1.5 ms to read, a tenth of the page.


def as_columns(rows, row_type):
    """Rows of row_type's fields (by_effect last, a list in EFFECTS' order) as columns."""
    columns = {
        name: [row[index] for row in rows] for index, name in enumerate(row_type._fields[:-1])
    }
    columns["by_effect"] = [[row[-1][index] for row in rows] for index in range(len(EFFECTS))]
    return columns


def column_rows(columns, row_type):
    """The rows kept as columns (as_columns), as tuples of row_type's fields."""
    named = (columns[name] for name in row_type._fields[:-1])
    return zip(*named, zip(*columns["by_effect"], strict=True), strict=True)


def joined_columns(first, second):
    """The rows of two sets of columns together."""
    joined = {name: first[name] + second[name] for name in first}
    joined["by_effect"] = [
        a + b for a, b in zip(first["by_effect"], second["by_effect"], strict=True)
    ]
    return joined


def _split_row(row):
    """A row counted with _split_counts(), from its site on, as IdeaCount and ProjectCount
    hold it."""
    return [
        row["site"],
        row["status"],
        row["count"],
        row["involving_patients"],
        [row[effect] for effect in EFFECTS],
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


def count_verdicts():
    rows = Measure.objects.order_by().values_list(
        "project__site",
        "project__status",
        "chart_type",
        "kind",
        "variation_rank",
        "assurance_rank",
    )
    return {"verdicts": [list(row) for row in rows.annotate(count=Count("pk"))]}


def _kept_ideas():
    """The kept tallies of every idea: the older ideas' and the recent ones' together. Their
    counts are of different months; an objective's count in both is added up."""
    older, recent = OLDER_IDEA_TALLIES.rows(), RECENT_IDEA_TALLIES.rows()
    objectives = defaultdict(int)
    for *key, count in older["objectives"] + recent["objectives"]:
        objectives[tuple(key)] += count
    return {
        "counts": joined_columns(older["counts"], recent["counts"]),
        "objectives": [[*key, count] for key, count in objectives.items()],
    }


def _count_ideas(ideas):
    return {"counts": count_ideas(ideas), "objectives": count_objectives(Idea, ideas)}


def _kept_projects():
    return PROJECT_TALLIES.rows()


def _count_projects(projects):
    return {
        "counts": count_projects(projects),
        "objectives": count_objectives(Project, projects),
        "measures": count_measures(projects),
    }


class Tallies:
    """The tallies of one site and status (None: every one), from the rollup, or counted
    from `records` when they are filtered otherwise; each kind made into rows when read."""

    # kind: (row type, the row's field the status filter applies to)
    kinds = {}
    # The kinds kept as columns (as_columns).
    in_columns = {"counts"}

    def __init__(self, *, site=None, status=None, records=None):
        self.site, self.status, self.records = site, status, records

    @cached_property
    def _rows(self):
        return self.kept() if self.records is None else self.counted(self.records)

    def rows(self, kind):
        row_type, status_field = self.kinds[kind]
        kept = self._rows[kind]
        if kind in self.in_columns:
            kept = column_rows(kept, row_type)
        return [
            row
            for row in map(row_type._make, kept)
            if (self.site is None or row.site == self.site.pk)
            and (not self.status or getattr(row, status_field) == self.status)
        ]


class IdeaTallies(Tallies):
    kinds = {"counts": (IdeaCount, "status"), "objectives": (ObjectiveCount, "status")}
    kept, counted = staticmethod(_kept_ideas), staticmethod(_count_ideas)
    counts = cached_property(lambda self: self.rows("counts"))
    objectives = cached_property(lambda self: self.rows("objectives"))

    @cached_property
    def totals(self):
        """The counts of the site and status added up (IdeaTotals), in one pass over the
        rows as kept: a few hundred rows (months by sites by statuses), which the
        dashboard's figures, tables and chart each walked as named rows before."""
        site = None if self.site is None else self.site.pk
        status = self.status or None
        by_status, by_site, by_month = defaultdict(int), defaultdict(int), defaultdict(int)
        by_effect = [0] * len(EFFECTS)
        involving_patients = 0
        for month, row_site, row_status, count, involving, effects in column_rows(
            self._rows["counts"], IdeaCount
        ):
            if site in (None, row_site) and status in (None, row_status):
                by_status[row_status] += count
                by_site[row_site] += count
                by_month[month] += count
                involving_patients += involving
                for index, effect_count in enumerate(effects):
                    by_effect[index] += effect_count
        return IdeaTotals(
            received=sum(by_status.values()),
            by_status=dict(by_status),
            by_site=dict(by_site),
            by_month=dict(by_month),
            involving_patients=involving_patients,
            by_effect=by_effect,
        )


class ProjectTallies(Tallies):
    kinds = {
        "counts": (ProjectCount, "status"),
        "objectives": (ObjectiveCount, "status"),
        "measures": (MeasureCount, "project_status"),
    }
    kept, counted = staticmethod(_kept_projects), staticmethod(_count_projects)
    counts = cached_property(lambda self: self.rows("counts"))
    objectives = cached_property(lambda self: self.rows("objectives"))
    measures = cached_property(lambda self: self.rows("measures"))


class VerdictTallies(Tallies):
    """Every measure's verdict, for the programme or one site (and project status)."""

    kinds = {"verdicts": (VerdictCount, "project_status")}
    kept = staticmethod(lambda: VERDICT_TALLIES.rows())

    def rank_counts(self, *, chart_type=None, kind=None):
        """{(variation rank, assurance rank): measures} of the site and status, of the chart
        type and measure type (None: any). Counted from the rows as kept, in VerdictCount's
        order, rather than each made a VerdictCount: the summary's matrix counts every row
        (230 at scale 100) on every visit, and making them cost as much as the counting."""
        site = None if self.site is None else self.site.pk
        status = self.status or None
        counts = {}
        for (
            row_site,
            row_status,
            row_chart_type,
            row_kind,
            variation,
            assurance,
            count,
        ) in self._rows["verdicts"]:
            if (
                site in (None, row_site)
                and status in (None, row_status)
                and chart_type in (None, row_chart_type)
                and kind in (None, row_kind)
            ):
                counts[variation, assurance] = counts.get((variation, assurance), 0) + count
        return counts


def programme_headline():
    """The home page's figures of the whole programme: ideas received, and projects
    completed and in progress, from the rollups' counts alone. The rest of the rollups (the
    counts by objective and the measures') is most of what they keep, and the home page
    shows none of it."""
    project_counts = PROJECT_TALLIES.part("counts")
    projects = {}
    for status, count in zip(project_counts["status"], project_counts["count"], strict=True):
        projects[status] = projects.get(status, 0) + count
    return {
        "ideas": {"received": sum(sum(kept.part("counts")["count"]) for kept in IDEA_TALLIES)},
        "projects": {
            "completed": projects.get(Project.Status.COMPLETED, 0),
            "in_progress": projects.get(Project.Status.IN_PROGRESS, 0),
        },
    }


def kept_total(kept_tallies, *, site=None, status=None):
    """How many records the kept tallies (their parts) count at the site and of the status
    (None: any), from their counts alone: a few hundred rows, where counting the records
    themselves took PostgreSQL 6 ms for 90,000 ideas on every visit to the idea list. None
    while a write has left them to be worked out again (counting the records is cheaper
    than that)."""
    parts = []
    for kept in kept_tallies:
        part = kept.kept_part("counts")
        if part is None:
            return None
        parts.append(part)
    return sum(
        count
        for part in parts
        for row_site, row_status, count in zip(
            part["site"], part["status"], part["count"], strict=True
        )
        if (site is None or row_site == site) and (status is None or row_status == status)
    )


# The ideas' tallies in two parts, worked out again apart: the older ideas', and the recent
# ones', which the commonest writes change (a new idea, an idea triaged) and which take a
# tenth of the counting (core.caching.recent_counts_of).
OLDER_IDEA_TALLIES = kept_rollup(
    "idea-tallies",
    [counts_of("ideas")],
    lambda since: _count_ideas(Idea.objects.filter(created_at__lt=since)),
    dated=True,
)
RECENT_IDEA_TALLIES = kept_rollup(
    "recent-idea-tallies",
    [recent_counts_of("ideas")],
    lambda since: _count_ideas(Idea.objects.filter(created_at__gte=since)),
    dated=True,
)
IDEA_TALLIES = (OLDER_IDEA_TALLIES, RECENT_IDEA_TALLIES)
PROJECT_TALLIES = kept_rollup(
    "project-tallies", [counts_of("projects")], lambda: _count_projects(Project.objects.all())
)
VERDICT_TALLIES = kept_rollup("measure-verdicts", [counts_of("projects")], count_verdicts)


def kept_idea_total(*, site=None, status=None):
    return kept_total(IDEA_TALLIES, site=site, status=status)


def kept_project_total(*, site=None, status=None):
    return kept_total([PROJECT_TALLIES], site=site, status=status)
