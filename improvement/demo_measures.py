"""The demo projects' charter measures and their weekly values (improvement/demo.py makes
the projects)."""

import datetime

from . import spc
from .measure_services import record_verdict
from .models import DataPoint, Measure, Project

BATCH = 2000


# (name, unit, direction, baseline mean, spread, change after the PDSA cycle, target)
OUTCOME_MEASURES = {
    "falls": ("Falls per 1,000 bed days", "falls", "decrease", 6.5, 0.6, -2.5, 4.0),
    "complaints": ("Complaints per week", "complaints", "decrease", 9.0, 1.2, -4.0, 5.0),
    "morale": ("Staff survey morale score", "out of 10", "increase", 5.8, 0.3, 1.2, 7.0),
    "stay": ("Average length of stay", "days", "decrease", 7.2, 0.4, -1.1, 6.0),
}
PROCESS_MEASURE = ("Patients discharged before noon", "%", "increase", 18.0, 2.5, 12.0, 35.0)
WEEKS = 36


def outcome_for(title):
    lowered = title.lower()
    for word, key in (("fall", "falls"), ("complaint", "complaints"), ("morale", "morale")):
        if word in lowered:
            return OUTCOME_MEASURES[key]
    return OUTCOME_MEASURES["stay"]


def weekly_values(rng, spec, weeks, change_from):
    """Weekly values around the baseline that move by the spec's change from a given week:
    the kind of improvement a PDSA cycle brings; common cause where it never comes."""
    _, _, _, mean, spread, change, _ = spec
    values = []
    for week in range(weeks):
        level = mean + (change if change_from is not None and week >= change_from else 0)
        values.append(round(max(0.0, rng.gauss(level, spread)), 1))
    return values


def first_week(project):
    """The Monday that starts a project's data: 8 weeks before its PDSA cycle (which starts
    60 days into the project), so the chart shows the baseline before the change."""
    day = project.start_date + datetime.timedelta(days=60 - 7 * 8)
    return day - datetime.timedelta(days=day.weekday())


def make_measures(rng, projects, log):
    """Three charter measures a project. Completed projects and some in progress have a
    visible improvement after their PDSA cycle; the rest show common cause variation."""
    measures, series = [], []
    for project in projects:
        outcome, process = outcome_for(project.title), PROCESS_MEASURE
        improves = project.status == Project.Status.COMPLETED or rng.random() < 0.3
        change_from = 8 + (project.pk % 6) if improves else None
        for spec, kind in ((outcome, Measure.Kind.OUTCOME), (process, Measure.Kind.PROCESS)):
            name, unit, direction, *_, target = spec
            measure = Measure(
                project=project,
                name=name,
                kind=kind,
                unit=unit,
                direction=direction,
                target=target,
                frequency=Measure.Frequency.WEEKLY,
                definition=f"Demo: {name.lower()}, counted weekly from the ward's records.",
            )
            measures.append(measure)
            series.append(weekly_values(rng, spec, WEEKS, change_from))
        measures.append(
            Measure(
                project=project,
                name="Readmissions within 30 days",
                kind=Measure.Kind.BALANCING,
                unit="patients",
                direction=Measure.Direction.DECREASE,
                frequency=Measure.Frequency.MONTHLY,
            )
        )
        series.append([])
    for measure, values in zip(measures, series, strict=True):
        if values:
            record_verdict(
                measure, spc.xmr(values, direction=measure.direction, target=measure.target)
            )
    Measure.objects.bulk_create(measures, batch_size=BATCH)
    DataPoint.objects.bulk_create(
        (
            DataPoint(
                measure=measure,
                period=measure.project.start_date
                + datetime.timedelta(
                    days=60 - 56 + 7 * week - measure.project.start_date.weekday()
                ),
                value=value,
            )
            for measure, values in zip(measures, series, strict=True)
            for week, value in enumerate(values)
        ),
        batch_size=BATCH,
    )
    log(f"Demo measures: {len(measures)}, with {sum(map(len, series))} weekly values")
