"""Display logic for QSIR training and the ward programme."""

from dataclasses import dataclass
from functools import cached_property

from django.utils import timezone

from core.charts import PlotArea, nice_ceiling
from core.dates import add_months
from core.pagination import paginate
from core.presenters import plural

from . import selectors
from .models import Enrolment
from .roles import MANAGE_TRAINING

PLACE_STATUS_TAG = {
    Enrolment.Status.REQUESTED: "nhsuk-tag--grey",
    Enrolment.Status.CONFIRMED: "nhsuk-tag--green",
    Enrolment.Status.WAITING: "nhsuk-tag--yellow",
    Enrolment.Status.WITHDRAWN: "nhsuk-tag--white",
}


# What giving up a place is called at each stage: a colleague waiting for a place has none
# to give up yet.
WITHDRAW_BUTTON = {
    Enrolment.Status.REQUESTED: "Withdraw your request",
    Enrolment.Status.WAITING: "Leave the waiting list",
    Enrolment.Status.CONFIRMED: "Give up your place",
}
WITHDRAWN = {
    Enrolment.Status.REQUESTED: "The request for a place has been withdrawn.",
    Enrolment.Status.WAITING: "The place on the waiting list has been given up.",
    Enrolment.Status.CONFIRMED: "The place has been given up.",
}


def cohort_option(cohort):
    """A cohort as its picker shows it (core/forms.py, PickerChoiceField): its course and
    name, and what tells it from the others of that name, its site and dates. `ends_on` is
    the day of its last session where the selector read it (training.selectors
    cohorts_for_project)."""
    ends_on = getattr(cohort, "ends_on", None)
    dates = f"{cohort.starts_on:%-d %B %Y}" + (f" to {ends_on:%-d %B %Y}" if ends_on else "")
    return {"id": cohort.pk, "name": str(cohort), "details": f"{cohort.site.short_name}, {dates}"}


def cohort_search_results(cohorts, *, more):
    return {"results": [cohort_option(cohort) for cohort in cohorts], "more": more}


def ward_options(wards):
    """Wards as a select's options, for a select whose options follow its form (a charter's
    programme ward follows its site: core.forms.FollowingSelect)."""
    return {"options": [{"value": ward.pk, "label": str(ward)} for ward in wards]}


def place_status_class(enrolment):
    return PLACE_STATUS_TAG.get(enrolment.status, "nhsuk-tag--grey")


def place_asked(cohort):
    """What a colleague is told on asking for a place on the cohort (its places counted)."""
    if cohort.free_places > 0:
        return "You have asked for a place. An improvement lead will confirm it."
    return (
        "You have asked for a place. The cohort is full, so an improvement lead will put you "
        "on its waiting list: you will get a place if one comes free."
    )


def place_withdrawn(status_before):
    """What is said once a place in the given status is withdrawn."""
    return WITHDRAWN.get(status_before, WITHDRAWN[Enrolment.Status.CONFIRMED])


def cohort_created(cohort):
    # The service lays out one session for each of the course's.
    sessions = cohort.course.session_count
    return f"{cohort} created with {sessions} session{plural(sessions)}."


@dataclass
class WaveProgress:
    """A wave of the ward programme, planned against what happened."""

    wave: object
    wards: list
    joined_on_time: int
    joined_late: int
    to_join: int
    planned_by_end: int
    joined_by_end: int
    ends_on: object

    @property
    def joined(self):
        return self.joined_on_time + self.joined_late

    @property
    def last_month(self):
        return add_months(self.wave.planned_start, 2)

    @property
    def status(self):
        """(label, NHS tag colour) for the wave as a whole."""
        all_joined = self.to_join == 0
        if all_joined and self.joined_late == 0:
            return "Joined as planned", "green"
        if all_joined:
            return "Joined, some late", "yellow"
        if self.joined:
            return "Partly joined", "orange"
        return "Not started", "grey"


def wave_progress(waves):
    """WaveProgress for each (wave, its wards) (selectors.ward_programme), with running
    totals."""
    all_wards = [ward for _, wards in waves for ward in wards]
    rows, planned = [], 0
    for wave, wards in waves:
        ends_on = add_months(wave.planned_start, 3)
        joined = [ward for ward in wards if ward.joined_on is not None]
        planned += wave.planned_wards
        rows.append(
            WaveProgress(
                wave=wave,
                wards=wards,
                joined_on_time=sum(1 for ward in joined if ward.joined_on < ends_on),
                joined_late=sum(1 for ward in joined if ward.joined_on >= ends_on),
                # Wards planned but not yet named count as still to join, too.
                to_join=max(len(wards), wave.planned_wards) - len(joined),
                planned_by_end=planned,
                joined_by_end=sum(
                    1 for ward in all_wards if ward.joined_on and ward.joined_on < ends_on
                ),
                ends_on=ends_on,
            )
        )
    return rows


@dataclass
class Line:
    name: str
    css_class: str
    points: str
    last_x: float
    last_y: float
    last_value: int


class CumulativeChart(PlotArea):
    """A server-rendered line chart of counts that only grow, one line per series, over
    quarters; the page shows the same figures as a table."""

    width, height = 640, 300
    left, right, top, bottom = 48, 24, 16, 36

    def __init__(self, quarters, series):
        """quarters: [(label, short_label)]; series: [(name, css class, [value per quarter])]"""
        self.quarters = quarters
        self.series = series
        self.scale_top = nice_ceiling(max((max(v) for _, _, v in series if v), default=0))

    def x(self, index):
        if len(self.quarters) < 2:
            return self.left + self.plot_width / 2
        return round(self.left + self.plot_width * index / (len(self.quarters) - 1), 1)

    def y(self, value):
        if not self.scale_top:
            return self.baseline
        return round(self.baseline - self.plot_height * value / self.scale_top, 1)

    @cached_property
    def lines(self):
        lines = []
        for name, css_class, values in self.series:
            points = [(self.x(index), self.y(value)) for index, value in enumerate(values)]
            lines.append(
                Line(
                    name=name,
                    css_class=css_class,
                    points=" ".join(f"{x},{y}" for x, y in points),
                    last_x=points[-1][0],
                    last_y=points[-1][1],
                    last_value=values[-1],
                )
            )
        return lines

    @property
    def gridlines(self):
        steps = 4
        return [
            (self.y(self.scale_top * step // steps), self.scale_top * step // steps)
            for step in range(steps + 1)
        ]

    @property
    def axis_labels(self):
        """(x, short label) for about eight quarters along the axis."""
        step = max(1, -(-len(self.quarters) // 8))
        return [
            (self.x(index), short_label)
            for index, (_label, short_label) in enumerate(self.quarters)
            if index % step == 0
        ]


def trained_chart(courses, quarters):
    """The chart of colleagues trained: all colleagues, and each course."""
    series = [("All colleagues", "portal-line--total", [q.colleagues for q in quarters])]
    series += [
        (course.name, f"portal-line--series-{index + 1}", [q.by_course[index] for q in quarters])
        for index, course in enumerate(courses)
    ]
    return CumulativeChart([(q.label, q.short_label) for q in quarters], series)


def trained_summary(courses, quarters):
    """One sentence saying what the chart of colleagues trained shows."""
    if not quarters:
        return "No colleagues have completed QSIR training yet."
    last = quarters[-1]
    parts = ", ".join(
        f"{count} in the {course.name}"
        for course, count in zip(courses, last.by_course, strict=True)
    )
    return (
        f"{last.colleagues} colleague{plural(last.colleagues)} trained from "
        f"{quarters[0].start:%B %Y} to the end of {last.last_month:%B %Y}: {parts}."
    )


def ward_totals(rows):
    """(planned, joined, still to join) across the whole ward programme."""
    return (
        sum(row.wave.planned_wards for row in rows),
        sum(row.joined for row in rows),
        sum(row.to_join for row in rows),
    )


def training_page(request):
    """Cohorts to come, the user's own training and, for a lead, a page of the cohorts that
    have started."""
    manager = MANAGE_TRAINING.allows(request.user)
    return {
        "upcoming": list(selectors.upcoming_cohort_rows()),
        "record": selectors.training_record(request.user),
        "past": (
            paginate(request, selectors.past_cohort_rows(), count=selectors.past_cohort_count())
            if manager
            else None
        ),
        "can_manage": manager,
    }


def session_changed(session):
    if session.cancelled_on is not None:
        done = "is cancelled"
    else:
        done = f"is now on {session.date:%A %-d %B %Y}"
    return f"Session {session.number} {done}. Everyone with a place has been told."


def cohort_page(page, user):
    """A cohort (selectors.cohort_for_page): the user's own place and, for a lead,
    everyone's."""
    manager = MANAGE_TRAINING.allows(user)
    return {
        "cohort": page.cohort,
        "facilitators": page.facilitators,
        "sessions": page.sessions,
        "held_sessions": sum(session.cancelled_on is None for session in page.sessions),
        "mine": next((place for place in page.places if place.person_id == user.pk), None),
        "enrolments": page.places if manager else None,
        "can_manage": manager,
        "today": timezone.localdate(),
    }


def ward_programme_page():
    """The waves planned against what happened, their totals, and each site's wards."""
    waves = wave_progress(selectors.ward_programme())
    return {"waves": waves, "totals": ward_totals(waves), "by_site": selectors.wards_by_site()}
