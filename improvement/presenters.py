"""Display logic for the improvement pages: tag colours, phase steps and chart geometry."""

import datetime
import functools
from collections import namedtuple
from dataclasses import dataclass
from functools import cached_property

from django.urls import reverse

from core.charts import PlotArea, nice_ceiling
from core.links import url_with_key
from core.presenters import name_from_columns, nhsuk_tag
from goals.periods import year_label

from . import selectors
from .models import HealthInequalitiesEffect, Idea, ProgressScore, Project

IDEA_STATUS_TAG = {
    Idea.Status.SUBMITTED: "nhsuk-tag--grey",
    Idea.Status.UNDER_REVIEW: "nhsuk-tag--blue",
    Idea.Status.SUPPORTED: "nhsuk-tag--green",
    Idea.Status.DECLINED: "nhsuk-tag--red",
    Idea.Status.MERGED: "nhsuk-tag--purple",
    Idea.Status.WITHDRAWN: "nhsuk-tag--white",
}

PROJECT_STATUS_TAG = {
    Project.Status.IN_PROGRESS: "nhsuk-tag--blue",
    Project.Status.ON_HOLD: "nhsuk-tag--yellow",
    Project.Status.COMPLETED: "nhsuk-tag--green",
    Project.Status.STOPPED: "nhsuk-tag--grey",
}

STATUS_TAGS = {Idea: IDEA_STATUS_TAG, Project: PROJECT_STATUS_TAG}


def status_tag_class(record):
    return status_class(type(record), record.status)


def status_class(model, status):
    return STATUS_TAGS[model].get(status, "nhsuk-tag--grey")


@functools.cache
def status_tag(model, status):
    """A status of ideas or projects (model Idea or Project) as an NHS.UK tag, labelled as
    the record's get_status_display() labels it: written once a process for each, as a list
    shows one on every row."""
    label = dict(model.Status.choices).get(status, status)
    return nhsuk_tag(status_class(model, status), label)


@dataclass(frozen=True)
class ShownObjective:
    """A strategic objective a project serves, as its page links it."""

    url: str
    year_label: str
    number: int
    statement: str


@dataclass(frozen=True)
class ShownProject:
    """What a project's page shows of the project (a row of selectors.PROJECT_PAGE_COLUMNS),
    its choices by their labels and its people by their names."""

    pk: int
    title: str
    status: str
    status_tag: str
    progress_score_label: str
    phase_label: str
    closing_summary: str
    problem_statement: str
    aim: str
    lead_name: str
    sponsor_name: str
    site_name: str
    ward: str
    start_date: datetime.date
    target_date: datetime.date
    involves_patients: bool
    health_inequalities_label: str
    health_inequalities_notes: str
    idea_url: str  # blank if it came from no idea
    idea_reference: str
    idea_title: str
    cohort_id: int | None
    programme_ward_id: int | None

    @classmethod
    def of(cls, row):
        sponsor = (
            name_from_columns(
                row.sponsor__first_name, row.sponsor__last_name, row.sponsor__username
            )
            if row.sponsor is not None
            else ""
        )
        return cls(
            pk=row.pk,
            title=row.title,
            status=row.status,
            status_tag=status_tag(Project, row.status),
            progress_score_label=PROGRESS_SCORE_LABELS.get(row.progress_score, row.progress_score),
            phase_label=PHASE_LABELS.get(row.phase, row.phase),
            closing_summary=row.closing_summary,
            problem_statement=row.problem_statement,
            aim=row.aim,
            lead_name=name_from_columns(
                row.lead__first_name, row.lead__last_name, row.lead__username
            ),
            sponsor_name=sponsor,
            site_name=row.site__name,
            ward=row.ward,
            start_date=row.start_date,
            target_date=row.target_date,
            involves_patients=row.involves_patients,
            health_inequalities_label=HEALTH_INEQUALITIES_LABELS.get(
                row.health_inequalities, row.health_inequalities
            ),
            health_inequalities_notes=row.health_inequalities_notes,
            idea_url=idea_url(row.idea) if row.idea is not None else "",
            idea_reference=f"IDEA-{row.idea:05d}" if row.idea is not None else "",
            idea_title=row.idea__title or "",
            cohort_id=row.cohort,
            programme_ward_id=row.programme_ward,
        )


@dataclass(frozen=True)
class NamedLink:
    """A record a page links by its name (its str())."""

    url: str
    name: str

    def __str__(self):
        return self.name


PHASE_LABELS = dict(Project.Phase.choices)
PROGRESS_SCORE_LABELS = dict(ProgressScore.choices)
HEALTH_INEQUALITIES_LABELS = dict(HealthInequalitiesEffect.choices)


def idea_url(pk):
    return url_with_key("improvement:idea")(pk)


class ProjectPage:
    """A project's page: the project with everything its page shows, each read when shown
    (the page's cached part reads none of it from the cache), as rows: read as records
    with their people, sites, strategies and organisations, they cost half the page's
    function calls."""

    def __init__(self, pk):
        self.pk = pk

    @cached_property
    def project(self):
        return ShownProject.of(selectors.project_for_page(self.pk))

    @cached_property
    def _cohort_and_ward(self):
        return selectors.project_cohort_and_ward(self.pk)

    @cached_property
    def cohort(self):
        cohort = self._cohort_and_ward[0]
        if cohort is None:
            return None
        pk, name, course = cohort
        return NamedLink(url_with_key("training:cohort")(pk), f"{course}: {name}")

    @cached_property
    def programme_ward(self):
        ward = self._cohort_and_ward[1]
        if ward is None:
            return None
        pk, name, site = ward
        return NamedLink(url_with_key("training:ward")(pk), f"{name}, {site}")

    @cached_property
    def team(self):
        return selectors.team_names(self.pk)

    @cached_property
    def objectives(self):
        return [
            ShownObjective(
                url=reverse(
                    "goals:objective",
                    kwargs={
                        "slug": row.strategy__organisation__slug,
                        "year": row.year,
                        "number": row.number,
                    },
                ),
                year_label=year_label(row.year),
                number=row.number,
                statement=row.statement,
            )
            for row in selectors.project_objectives(self.pk)
        ]

    @cached_property
    def measures(self):
        return selectors.project_measures(self.pk)

    @cached_property
    def pdsa_cycles(self):
        return selectors.project_pdsa_cycles(self.pk)

    @cached_property
    def score_changes(self):
        return selectors.project_score_changes(self.pk)


def phase_steps(project):
    """Each QSIR phase with whether the project has done it, is in it, or is yet to."""
    phases = list(Project.Phase)
    current = phases.index(Project.Phase(project.phase))
    return [
        {
            "label": phase.label,
            "state": "done" if index < current else "current" if index == current else "to do",
        }
        for index, phase in enumerate(phases)
    ]


@dataclass(frozen=True)
class Bar:
    label: str
    short_label: str
    value: int
    x: float
    y: float
    width: float
    height: float


class MonthlyBarChart(PlotArea):
    """Geometry of a bar chart of counts per month, drawn as SVG by the template."""

    width = 720
    height = 260
    left = 44
    right = 8
    top = 12
    bottom = 40

    def __init__(self, months, noun="ideas"):
        self.months = months
        self.noun = noun
        self.maximum = max((count for _, count in months), default=0)
        self.scale_top = nice_ceiling(self.maximum)

    @cached_property
    def bars(self):
        if not self.months:
            return []
        slot = self.plot_width / len(self.months)
        bars = []
        for index, (month, count) in enumerate(self.months):
            height = self.plot_height * count / self.scale_top if self.scale_top else 0
            bars.append(
                Bar(
                    label=month.strftime("%B %Y"),
                    short_label=month.strftime("%b %y"),
                    value=count,
                    x=round(self.left + index * slot + slot * 0.15, 1),
                    y=round(self.baseline - height, 1),
                    width=round(slot * 0.7, 1),
                    height=round(height, 1),
                )
            )
        return bars

    @property
    def labelled_bars(self):
        """The bars whose month is written under the axis: about twelve at most."""
        step = max(1, -(-len(self.months) // 12))
        return self.bars[::step]

    @property
    def gridlines(self):
        """(y, value) for a few horizontal gridlines from zero to the top of the scale."""
        if not self.scale_top:
            return [(self.baseline, 0)]
        steps = 4
        return [
            (
                round(self.baseline - self.plot_height * step / steps, 1),
                self.scale_top * step // steps,
            )
            for step in range(steps + 1)
        ]

    @property
    def summary(self):
        """One sentence saying what the chart shows, for people who cannot see it."""
        if not self.months:
            return f"No {self.noun} in this period."
        total = sum(count for _, count in self.months)
        busiest_month, busiest = max(self.months, key=lambda month: month[1])
        first, last = self.months[0][0], self.months[-1][0]
        return (
            f"{total} {self.noun} from {first:%B %Y} to {last:%B %Y}; the most in one month was "
            f"{busiest}, in {busiest_month:%B %Y}."
        )


def with_empty_months(months):
    """The months from the first to the last, with a zero count for months missing."""
    if not months:
        return []
    counts = dict(months)
    first, last = months[0][0], months[-1][0]
    filled = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        day = first.replace(year=year, month=month, day=1)
        filled.append((day, counts.get(day, 0)))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return filled


CARD_TABLE_MONTHS = 6
# A row of a thank-you cards table: what it counts (linked to its page when `url` is not
# None), its count in each recent month as (month's label, count), and its total.
CardTableRow = namedtuple("CardTableRow", "label url months total")


def card_counts(per_month, by, *, values, behaviours, sites):
    """The thank-you cards dashboard: a chart of cards a month, and tables counting them by
    value, behaviour and site over the last few months. `per_month` counts the cards of each
    month (ISO date of its first day), `by` those of each value, behaviour and site by month
    ({"value": {id: {month: count}}, ...}, id None for cards with no behaviour or to someone
    whose site is not recorded); `values` and `sites` map ids to names, `behaviours` to
    (statement, URL of its page)."""
    months = sorted(per_month)
    days = {month: datetime.date.fromisoformat(month) for month in months}
    # Labelled once here: a date filter on each of some two hundred cells cost more than the
    # rest of the tables.
    labelled = [(month, f"{days[month]:%b %Y}") for month in months[-CARD_TABLE_MONTHS:]]

    def table(key, names, missing):
        """Rows of (name, URL or None, [(month's label, count)], total), most cards first."""
        counted = by[key]
        found = [(names[pk], by_month) for pk, by_month in counted.items() if pk is not None]
        found.sort(key=lambda item: -sum(item[1].values()))
        if None in counted:
            found.append(((missing, None), counted[None]))
        return [
            CardTableRow(
                *name,
                [(label, by_month.get(month, 0)) for month, label in labelled],
                sum(by_month.values()),
            )
            for name, by_month in found
        ]

    def unlinked(names):
        return {pk: (name, None) for pk, name in names.items()}

    return {
        "chart": MonthlyBarChart(
            with_empty_months([(days[month], per_month[month]) for month in months]),
            noun="thank-you cards",
        ),
        "months": [label for _, label in labelled],
        "total": sum(per_month.values()),
        "tables": [
            ("value", table("value", unlinked(values), "No value")),
            ("behaviour", table("behaviour", behaviours, "No particular behaviour")),
            ("site", table("site", unlinked(sites), "Site not recorded")),
        ],
    }
