"""CSV exports of ideas and projects, safe to open in a spreadsheet."""

import csv

from django.http import StreamingHttpResponse
from django.utils import timezone

from core.presenters import person_name
from core.spreadsheets import safe_cell, spreadsheet_safe

CHUNK_SIZE = 500


def objective_labels(record):
    return "; ".join(
        f"{objective.year_label} objective {objective.number}"
        for objective in record.objectives.all()
    )


class Echo:
    """A file-like object that hands back what is written, for streaming rows."""

    def write(self, value):
        return value


def csv_response(filename, header, rows, *, cell=spreadsheet_safe):
    """`cell` makes each value safe to open: spreadsheet_safe writes everything as text, and
    safe_cell keeps numbers as numbers (a negative one is data, not a formula)."""
    writer = csv.writer(Echo())

    def lines():
        # A byte-order mark, so spreadsheet programs read the file as UTF-8.
        yield "\ufeff"
        yield writer.writerow(header)
        for row in rows:
            yield writer.writerow([cell(value) for value in row])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="{filename}-{stamp}.csv"'
    return response


IDEA_HEADER = [
    "Reference",
    "Title",
    "Status",
    "Submitted on",
    "Submitted by",
    "Site",
    "Ward or department",
    "Strategic objectives",
    "Patients or carers involved",
    "Effect on health inequalities",
    "Problem",
    "Proposed change",
    "Merged into",
]


def ideas_csv_response(ideas):
    records = (
        ideas.select_related("site", "submitted_by", "merged_into")
        .prefetch_related("objectives")
        .order_by("created_at", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    rows = (
        [
            idea.reference,
            idea.title,
            idea.get_status_display(),
            timezone.localtime(idea.created_at).date().isoformat(),
            person_name(idea.submitted_by),
            idea.site.short_name,
            idea.ward,
            objective_labels(idea),
            "Yes" if idea.involves_patients else "No",
            idea.get_health_inequalities_display(),
            idea.problem,
            idea.proposed_change,
            idea.merged_into.reference if idea.merged_into else "",
        ]
        for idea in records
    )
    return csv_response("ideas", IDEA_HEADER, rows)


PROJECT_HEADER = [
    "Title",
    "Status",
    "QSIR phase",
    "IHI progress score",
    "Project lead",
    "Sponsor",
    "Site",
    "Ward or department",
    "Strategic objectives",
    "Start date",
    "Target date",
    "Patients or carers involved",
    "Effect on health inequalities",
    "SMART aim",
    "Outcomes achieved",
    "From idea",
]


def projects_csv_response(projects):
    records = (
        projects.select_related("site", "lead", "sponsor", "idea")
        .prefetch_related("objectives")
        .order_by("start_date", "pk")
        .iterator(chunk_size=CHUNK_SIZE)
    )
    rows = (
        [
            project.title,
            project.get_status_display(),
            project.get_phase_display(),
            project.progress_score,
            person_name(project.lead),
            person_name(project.sponsor),
            project.site.short_name,
            project.ward,
            objective_labels(project),
            project.start_date.isoformat(),
            project.target_date.isoformat(),
            "Yes" if project.involves_patients else "No",
            project.get_health_inequalities_display(),
            project.aim,
            project.closing_summary,
            project.idea.reference if project.idea else "",
        ]
        for project in records
    )
    return csv_response("projects", PROJECT_HEADER, rows)


MEASURE_HEADER = ["Period", "Value", "Denominator", "Note"]


def measure_csv_response(measure, data_points):
    """A measure's data in the columns its upload takes back: period, value, denominator
    (blank where there is none) and note."""
    rows = (
        [point.period.isoformat(), point.value, point.denominator, point.note]
        for point in data_points
    )
    return csv_response(f"measure-{measure.pk}", MEASURE_HEADER, rows, cell=safe_cell)
