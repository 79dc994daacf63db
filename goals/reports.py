"""The board report: a strategy's goals and objectives for one reporting period, with each
objective's status, narrative, owner, evidence and the projects serving it, as a page and
as CSV."""

import csv
import datetime
import io
from dataclasses import dataclass
from functools import cached_property

from django.http import Http404, HttpResponse

from core.spreadsheets import spreadsheet_safe

from . import delivery_selectors, evidence
from .delivery_presenters import roll_up
from .periods import Period, periods_of_year
from .presenters import with_job_title


def report_period(strategy, slug):
    """The strategy's period starting on the day the URL names, or 404."""
    try:
        start = datetime.date.fromisoformat(slug)
    except ValueError:
        raise Http404("Not a period.") from None
    months = strategy.update_period
    period = Period.starting(start, months)
    if period not in periods_of_year(period.year, months):
        raise Http404("Not one of this strategy's periods.")
    return period


@dataclass
class ObjectiveReport:
    objective: object
    update: object
    work: list

    @property
    def status(self):
        return self.update.status if self.update else None


class BoardReport:
    def __init__(self, organisation, period):
        self.organisation = organisation
        self.strategy = organisation.strategy
        self.period = period

    @cached_property
    def objectives(self):
        objectives = delivery_selectors.report_objectives(self.strategy, self.period.year)
        updates = delivery_selectors.published_updates(objectives, self.period)
        work = evidence.work_serving([objective.pk for objective in objectives])
        return [
            ObjectiveReport(objective, updates.get(objective.pk), work.get(objective.pk, []))
            for objective in objectives
        ]

    @cached_property
    def goals(self):
        goals = delivery_selectors.strategy_goals(self.strategy)
        for goal in goals:
            goal.rollup = roll_up(
                [
                    row.status
                    for row in self.objectives
                    if any(served.pk == goal.pk for served in row.objective.goals.all())
                ]
            )
        return goals

    @cached_property
    def other_periods(self):
        return [
            period
            for period in delivery_selectors.report_periods(self.strategy)
            if period != self.period
        ]


CSV_HEADER = [
    "Objective",
    "Statement",
    "Goals it serves",
    "Executive owner",
    "Delivery leads",
    "Status",
    "Progress this period",
    "Plans for next period",
    "Risks",
    "Recovery actions",
    "Evidence measures",
    "Projects serving it",
]


def evidence_text(measure):
    verdicts = [icon["words"] for icon in (measure.variation_icon, measure.assurance_icon) if icon]
    return f"{measure.name} ({measure.project}): {'; '.join(verdicts) or 'no data'}"


def csv_row(row):
    objective, update = row.objective, row.update
    return [
        objective.number,
        objective.statement,
        "; ".join(goal.title for goal in objective.goals.all()),
        with_job_title(objective.executive_owner),
        "; ".join(with_job_title(lead) for lead in objective.delivery_leads.all()),
        update.get_status_display() if update else "No update",
        update.narrative if update else "",
        update.next_period if update else "",
        update.risks if update else "",
        update.recovery_actions if update else "",
        "\n".join(evidence_text(measure) for measure in update.evidence.all()) if update else "",
        "\n".join(f"{work.title} ({work.status})" for work in row.work),
    ]


def csv_response(report):
    buffer = io.StringIO()
    # A byte-order mark, so spreadsheet programs read the file as UTF-8.
    buffer.write("\ufeff")
    writer = csv.writer(buffer)
    writer.writerow(CSV_HEADER)
    for row in report.objectives:
        writer.writerow([spreadsheet_safe(cell) for cell in csv_row(row)])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    filename = f"{report.organisation.slug}-board-report-{report.period.slug}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
