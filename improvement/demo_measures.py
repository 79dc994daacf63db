"""The demo projects' charter measures and their weekly values (improvement/demo.py makes
the projects).

A measure's values run from eight weeks before its project's PDSA cycle to the last whole
week of the project's work (today's for a project in progress), the latest MAX_WEEKS of
them (a year). Some improve after the cycle, and some of those were rebased once the change held.
Targets vary: some measures will meet theirs, some will not, and for some it is a matter of
chance, as the chart's assurance icon says, computed as the portal computes it.
"""

import datetime
import math

from django.utils import timezone

from . import spc
from .measure_services import record_verdict
from .models import DataPoint, Measure, Project, Rebase

BATCH = 2000


# (name, unit, direction, baseline mean, spread, change after the PDSA cycle, target step)
OUTCOME_MEASURES = {
    "falls": ("Falls per 1,000 bed days", "falls", "decrease", 6.5, 0.6, -2.5, 0.5),
    "complaints": ("Complaints per week", "complaints", "decrease", 9.0, 1.2, -4.0, 1.0),
    "morale": ("Staff survey morale score", "out of 10", "increase", 5.8, 0.3, 1.2, 0.5),
    "stay": ("Average length of stay", "days", "decrease", 7.2, 0.4, -1.1, 0.5),
}
PROCESS_MEASURE = ("Patients discharged before noon", "%", "increase", 18.0, 2.5, 12.0, 5.0)
BASELINE_WEEKS = 8
# A project's first PDSA cycle starts this long after the project.
PDSA_AFTER_DAYS = 60
MAX_WEEKS = 52
# How often a measure's target is one it will meet, will not meet, or may or may not meet,
# for measures that improved after their PDSA cycle and for those that did not.
TARGET_ODDS = {True: (6, 1, 3), False: (1, 4, 5)}
# Some measures slip the wrong way over their last weeks, by this many spreads.
WORSE_ODDS, WORSE_BY, WORSE_WEEKS = 0.08, 2.5, 7
REBASE_REASON = "Demo: the change was adopted after its PDSA cycle; new limits from here."


def outcome_for(title):
    lowered = title.lower()
    for word, key in (("fall", "falls"), ("complaint", "complaints"), ("morale", "morale")):
        if word in lowered:
            return OUTCOME_MEASURES[key]
    return OUTCOME_MEASURES["stay"]


def weekly_values(rng, spec, weeks, change_from, worse_from=None):
    """Weekly values around the baseline that move by the spec's change from a given week:
    the kind of improvement a PDSA cycle brings; common cause where it never comes. From
    `worse_from` on they slip the wrong way, a concern for the team to look into."""
    _, _, direction, mean, spread, change, _ = spec
    worse = WORSE_BY * spread * (1 if direction == "decrease" else -1)
    values = []
    for week in range(weeks):
        level = mean + (change if change_from is not None and week >= change_from else 0)
        level += worse if worse_from is not None and week >= worse_from else 0
        values.append(round(max(0.0, rng.gauss(level, spread)), 1))
    return values


def data_weeks(project):
    """The Monday of the project's first week of data (its baseline, eight weeks before its
    PDSA cycle) and how many whole weeks of data it has, up to the day its work stopped."""
    day = project.start_date + datetime.timedelta(days=PDSA_AFTER_DAYS - 7 * BASELINE_WEEKS)
    first = day - datetime.timedelta(days=day.weekday())
    return first, max(0, (project.plan.finished_on - first).days // 7)


def target_for(rng, chart, spec, improves):
    """A round target that the chart's last limits say the measure will meet, will not meet,
    or may or may not meet, in the proportions of TARGET_ODDS."""
    direction, step = spec[2], spec[6]
    last = chart.points[-1]
    margin = (last.upl - last.lpl) / 10
    outcome = rng.choices(["pass", "fail", "inconsistent"], weights=TARGET_ODDS[improves])[0]
    # A target beyond the upper limit is met when lower is better, missed when higher is.
    above = (outcome == "pass") == (direction == "decrease")
    if outcome == "inconsistent" or (not above and last.lpl - margin < step):
        return round(last.mean / step) * step
    if above:
        return math.ceil((last.upl + margin) / step) * step
    return math.floor((last.lpl - margin) / step) * step


def make_measures(rng, projects, today, log):
    """Three charter measures a project. Completed projects and some in progress have a
    visible improvement after their PDSA cycle; the rest show common cause variation."""
    measures, series, rebases = [], [], {}
    for number, project in enumerate(projects):
        outcome, process = outcome_for(project.title), PROCESS_MEASURE
        improves = project.status == Project.Status.COMPLETED or rng.random() < 0.3
        first, weeks = data_weeks(project)
        if project.status == Project.Status.IN_PROGRESS:
            # The latest week or two may not be entered yet.
            weeks = max(0, weeks - rng.choice([0, 0, 0, 1, 2]))
        # The latest MAX_WEEKS weeks of a long project: the chart's window moves on.
        skipped = max(0, weeks - MAX_WEEKS)
        first += datetime.timedelta(weeks=skipped)
        weeks -= skipped
        # The change comes one to six weeks into the PDSA cycle (by the project's place in the
        # list, not its id: the same day gives the same demo in any database).
        change_from = max(0, BASELINE_WEEKS + number % 6 - skipped) if improves else None
        # Leads rebase once the change has held for a quarter.
        rebased = (
            change_from is not None
            and weeks - change_from >= 13
            and (project.status == Project.Status.COMPLETED or rng.random() < 0.5)
        )
        for spec, kind in ((outcome, Measure.Kind.OUTCOME), (process, Measure.Kind.PROCESS)):
            name, unit, direction = spec[:3]
            slips = rng.random() < WORSE_ODDS and weeks >= 3 * WORSE_WEEKS
            values = weekly_values(
                rng, spec, weeks, change_from, weeks - WORSE_WEEKS if slips else None
            )
            rebase_at = [change_from] if rebased and change_from else []
            measure = Measure(
                project=project,
                name=name,
                kind=kind,
                unit=unit,
                direction=direction,
                frequency=Measure.Frequency.WEEKLY,
                definition=f"Demo: {name.lower()}, counted weekly from the ward's records.",
            )
            if values:
                drawn = spc.xmr(values, direction=direction, rebase_at=rebase_at)
                measure.target = target_for(rng, drawn, spec, improves)
                record_verdict(
                    measure,
                    spc.xmr(
                        values, direction=direction, target=measure.target, rebase_at=rebase_at
                    ),
                )
            measure.first_week = first
            measures.append(measure)
            series.append(values)
            if rebase_at:
                rebases[len(measures) - 1] = first + datetime.timedelta(weeks=change_from)
        balancing = Measure(
            project=project,
            name="Readmissions within 30 days",
            kind=Measure.Kind.BALANCING,
            unit="patients",
            direction=Measure.Direction.DECREASE,
            frequency=Measure.Frequency.MONTHLY,
        )
        balancing.first_week = first
        measures.append(balancing)
        series.append([])
    Measure.objects.bulk_create(measures, batch_size=BATCH)
    for measure, values in zip(measures, series, strict=True):
        # Created with its project; changed when its last week's value was entered, in the
        # days after that week.
        measure.created_at = timezone.make_aware(
            datetime.datetime.combine(measure.project.start_date, datetime.time(10))
        )
        last_entry = measure.first_week + datetime.timedelta(weeks=len(values))
        # By yesterday at the latest: the demo's present is the start of today.
        entered = datetime.datetime.combine(
            min(
                last_entry + datetime.timedelta(days=rng.randrange(5)),
                today - datetime.timedelta(days=1),
            ),
            datetime.time(rng.randrange(8, 18), rng.randrange(60)),
        )
        measure.updated_at = timezone.make_aware(entered)
        if not values:
            measure.updated_at = measure.created_at
    Measure.objects.bulk_update(measures, ["created_at", "updated_at"], batch_size=BATCH)
    DataPoint.objects.bulk_create(
        (
            DataPoint(
                measure=measure,
                period=measure.first_week + datetime.timedelta(weeks=week),
                value=value,
            )
            for measure, values in zip(measures, series, strict=True)
            for week, value in enumerate(values)
        ),
        batch_size=BATCH,
    )
    Rebase.objects.bulk_create(
        (
            Rebase(measure=measures[index], period=period, reason=REBASE_REASON)
            for index, period in rebases.items()
        ),
        batch_size=BATCH,
    )
    log(
        f"Demo measures: {len(measures)}, with {sum(map(len, series))} weekly values and "
        f"{len(rebases)} rebases"
    )
