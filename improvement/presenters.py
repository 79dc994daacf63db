"""Display logic for the improvement pages: tag colours, phase steps and chart geometry."""

import datetime
import functools
from collections import namedtuple
from dataclasses import dataclass
from functools import cached_property

from core.charts import PlotArea, nice_ceiling
from core.presenters import nhsuk_tag

from . import selectors
from .models import Idea, Project

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


class ProjectPage:
    """A project's page: the project with everything its page shows, read when shown."""

    def __init__(self, pk):
        self.pk = pk

    @cached_property
    def project(self):
        return selectors.project_for_page(self.pk)


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
