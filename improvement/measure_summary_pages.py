"""What the summary table of measures shows (the reads are measure_summary.py): the count of
measures by variation against assurance, each count a link to the table filtered to it; a
page of the table, each row with its latest value, target, icons, sparkline and a one-line
reading; the column headings that sort it; and the same rows as CSV."""

import functools
from dataclasses import dataclass
from functools import cached_property
from urllib.parse import urlencode

from django.urls import reverse

from core.links import page_url, url_with_key
from core.pagination import paginate
from core.spreadsheets import safe_cell

from .chart_words import assurance_icon, variation_icon, with_unit
from .charts import Sparkline
from .exports import CHUNK_SIZE, csv_response
from .measure_summary import (
    DEFAULT_SORT,
    SummaryFilterForm,
    filtered,
    matrix_counts,
    measures_by_pk,
    sorted_measures,
)
from .models import Measure
from .verdict_groups import ASSURANCE_GROUPS, VARIATION_GROUPS

SCOPE_URLS = {
    "programme": "improvement:measure_summary",
    "project": "improvement:project_measure_summary",
    "objective": "improvement:objective_measure_summary",
    "site": "improvement:site_measure_summary",
}
# The matrix always shows these rows, the others only when a measure is in them.
CORE_VARIATIONS = ["improvement", "concern", "common_cause"]
ALL_MEASURES = "All measures"

VARIATION_READINGS = {
    "common_cause": "Common cause variation: no sign of a change.",
    "improvement_high": "Special cause improvement: values higher than usual.",
    "improvement_low": "Special cause improvement: values lower than usual.",
    "concern_high": "Special cause concern: values higher than usual.",
    "concern_low": "Special cause concern: values lower than usual.",
    "neutral_high": "Special cause variation: values higher than usual.",
    "neutral_low": "Special cause variation: values lower than usual.",
}
KIND_LABELS = dict(Measure.Kind.choices)
CHART_TYPE_LABELS = dict(Measure.ChartType.choices)
DIRECTION_LABELS = dict(Measure.Direction.choices)
SORT_WORDS = {
    "variation": "variation, special cause concerns first",
    "-variation": "variation, measures without data first and special cause concerns last",
    "assurance": "assurance, targets consistently missed first",
    "-assurance": "assurance, measures without a target first and targets consistently missed last",
    "measure": "measure name, A to Z",
    "-measure": "measure name, Z to A",
    "project": "project name, A to Z",
    "-project": "project name, Z to A",
    "latest": "latest value, lowest first and measures without data last",
    "-latest": "latest value, highest first and measures without data last",
    "target": "target, lowest first and measures without a target last",
    "-target": "target, highest first and measures without a target last",
}


def scope_caption(scope):
    """What the summary is of, in words."""
    record = scope.record
    if scope.kind == "project":
        return record.title
    if scope.kind == "objective":
        organisation = record.strategy.organisation.short_name
        return f"{organisation} {record.year_label} objective {record.number}"
    if scope.kind == "site":
        return record.name
    return "The whole improvement programme"


def reading(measure):
    """One line saying what the measure's chart shows, from what the measure keeps of it."""
    if not measure.latest_kind:
        return "No data yet."
    if not measure.variation:
        if measure.chart_type == Measure.ChartType.RUN:
            return "A run chart: its page reads its runs about the median."
        return "No variation icon."
    sentences = [VARIATION_READINGS[measure.variation]]
    target = None if measure.target is None else with_unit(measure.target, measure.unit)
    if measure.assurance == Measure.Assurance.PASS:
        sentences.append(f"The target of {target} will be met consistently.")
    elif measure.assurance == Measure.Assurance.FAIL:
        sentences.append(f"The target of {target} will not be met without a change to the process.")
    elif measure.assurance == Measure.Assurance.INCONSISTENT:
        sentences.append(f"The target of {target} will be met only some of the time.")
    elif target is None:
        sentences.append("No target set.")
    return " ".join(sentences)


def sparkline_words(values, unit):
    """What the sparkline draws, for those who cannot see it."""
    if len(values) == 1:
        return f"One value so far: {with_unit(values[0], unit)}"
    return (
        f"The last {len(values)} values, from {with_unit(min(values), unit)} "
        f"to {with_unit(max(values), unit)}"
    )


@functools.cache
def query_pair(name, value):
    """name=value in a query string. The filters' and sort's values are the form's choices,
    so there are few pairs, each encoded once."""
    return urlencode([(name, value)])


def scope_url(viewname, scope):
    """The address of the view for the scope: the programme's (reversed once a process), or
    its record's."""
    if scope.record is None:
        return page_url(viewname)
    return reverse(viewname, kwargs={"pk": scope.record.pk})


@dataclass(frozen=True)
class SummaryRow:
    # The measure as measure_summary.measures_by_pk reads it.
    measure: tuple
    measure_url: str
    project_url: str
    # Its kind and chart type, for example "Outcome measure, XmR chart".
    about: str
    latest: str
    target: str
    sparkline: Sparkline | None
    sparkline_words: str
    reading: str


def summary_row(measure, *, measure_url, project_url):
    """The row of a measure (as measures_by_pk reads it), given its page's and its project's
    URLs."""
    values = measure.recent_values
    return SummaryRow(
        measure=measure,
        measure_url=measure_url,
        project_url=project_url,
        about=f"{KIND_LABELS[measure.kind]} measure, {CHART_TYPE_LABELS[measure.chart_type]}",
        latest=with_unit(values[-1], measure.unit) if values else "No data yet",
        target="None set" if measure.target is None else with_unit(measure.target, measure.unit),
        sparkline=Sparkline.kept_by(measure),
        sparkline_words=sparkline_words(values, measure.unit) if values else "",
        reading=reading(measure),
    )


@dataclass(frozen=True)
class MatrixCell:
    column: str
    count: int
    url: str
    # The table below is filtered to this cell's measures.
    current: bool


@dataclass(frozen=True)
class MatrixRow:
    heading: str
    # One cell an assurance group, then the row's total.
    cells: list


@dataclass(frozen=True)
class Column:
    label: str
    url: str | None = None
    aria_sort: str | None = None


class SummaryPage:
    """A summary of the scope's measures (measure_summary.Scope) for the request's filters,
    sort and page, each part read when the page shows it."""

    def __init__(self, request, scope):
        self.request = request
        self.scope = scope
        self.form = SummaryFilterForm(request.GET or None)
        applied = self.form.applied()
        self.sort = applied.pop("sort", DEFAULT_SORT)
        self.filters = applied
        self.url = scope_url(SCOPE_URLS[scope.kind], scope)
        self.csv_url = self.link(scope_url(f"{SCOPE_URLS[scope.kind]}_csv", scope))

    @property
    def caption(self):
        return scope_caption(self.scope)

    @property
    def shows_project(self):
        return self.scope.kind != "project"

    def link(self, base=None, *, filters=None, sort=None):
        """The address of the summary (or of `base`) with these filters and sort, the
        current ones where None."""
        query = self._query(self.filters if filters is None else filters, sort or self.sort)
        return f"{base or self.url}{'?' if query else ''}{query}"

    def _query(self, filters, sort):
        # In the form's order, so one table has one address.
        pairs = [query_pair(name, filters[name]) for name in self.form.fields if filters.get(name)]
        if sort != DEFAULT_SORT:
            pairs.append(query_pair("sort", sort))
        return "&".join(pairs)

    @property
    def clear_url(self):
        """The summary without filters, in the same order."""
        return self.link(filters={})

    @property
    def sort_words(self):
        return SORT_WORDS[self.sort]

    @property
    def query(self):
        """The filters and sort as a query string, for the pagination's links."""
        return self._query(self.filters, self.sort)

    # The matrix ------------------------------------------------------------------------

    @cached_property
    def counts(self):
        return matrix_counts(self.scope, self.filters)

    @property
    def matrix_columns(self):
        return [group.heading for group in ASSURANCE_GROUPS.values()] + [ALL_MEASURES]

    @cached_property
    def matrix(self):
        """A row a variation group, with a count a group of assurance and the row's total;
        the last row totals each column."""
        totals = self._totals
        shown = [
            name for name in VARIATION_GROUPS if name in CORE_VARIATIONS or (name, None) in totals
        ]
        rows = [
            MatrixRow(VARIATION_GROUPS[variation].heading, self._matrix_cells(variation))
            for variation in shown
        ]
        rows.append(MatrixRow(ALL_MEASURES, self._matrix_cells(None)))
        return rows

    @cached_property
    def _totals(self):
        """{(variation group or None, assurance group or None): measures}: each count, each
        row's and column's total (None for any) and the total of all."""
        totals = {}
        for (variation, assurance), number in self.counts.items():
            for key in [
                (variation, assurance),
                (variation, None),
                (None, assurance),
                (None, None),
            ]:
                totals[key] = totals.get(key, 0) + number
        return totals

    def count_of(self, variation, assurance):
        """How many measures the table lists filtered to this variation group and assurance
        group (None for any)."""
        return self._totals.get((variation, assurance), 0)

    def _matrix_cells(self, variation):
        cells = []
        for assurance, column in zip([*ASSURANCE_GROUPS, None], self.matrix_columns, strict=True):
            filters = {**self.filters, "variation": variation, "assurance": assurance}
            cells.append(
                MatrixCell(
                    column=column,
                    count=self.count_of(variation, assurance),
                    url=self.link(filters=filters),
                    current=(self.filters.get("variation"), self.filters.get("assurance"))
                    == (variation, assurance),
                )
            )
        return cells

    # The table -------------------------------------------------------------------------

    @cached_property
    def page_obj(self):
        """The page of the measures' keys: the rows are read for them alone, and their
        number is the matrix's, which counts them already."""
        measures = sorted_measures(filtered(self.scope.measures, self.filters), self.sort)
        count = self.count_of(self.filters.get("variation"), self.filters.get("assurance"))
        return paginate(self.request, measures.values_list("pk", flat=True), count=count)

    @cached_property
    def rows(self):
        measure_url = url_with_key("improvement:measure")
        project_url = url_with_key("improvement:project")
        return [
            summary_row(
                measure,
                measure_url=measure_url(measure.pk),
                project_url=project_url(measure.project_id),
            )
            for measure in measures_by_pk(list(self.page_obj))
        ]

    @property
    def columns(self):
        columns = [self._sortable("Measure", "measure")]
        if self.shows_project:
            columns.append(self._sortable("Project", "project"))
        columns += [
            self._sortable("Latest value", "latest"),
            self._sortable("Target", "target"),
            self._sortable("Variation", "variation"),
            self._sortable("Assurance", "assurance"),
            Column("Recent values"),
            Column("Reading"),
        ]
        return columns

    def _sortable(self, label, name):
        """A heading whose link sorts by its column: ascending first, then the other way."""
        if self.sort == name:
            return Column(label, self.link(sort=f"-{name}"), "ascending")
        if self.sort == f"-{name}":
            return Column(label, self.link(sort=name), "descending")
        return Column(label, self.link(sort=name))


CSV_HEADER = [
    "Measure",
    "Measure type",
    "Project",
    "Site",
    "Chart type",
    "Improvement is",
    "Unit",
    "Latest value",
    "Target",
    "Variation",
    "Assurance",
    "Reading",
]


# What each CSV line reads, as plain values: thousands of measures are written without
# making a model of each.
CSV_FIELDS = [
    "name",
    "kind",
    "project__title",
    "project__site__short_name",
    "chart_type",
    "direction",
    "unit",
    "recent_values",
    "target",
    "variation",
    "assurance",
    "latest_kind",
]


def _words(icon):
    return icon["words"] if icon else ""


def summary_csv_response(request, scope):
    """The rows the summary's filters and sort give, every page of them, as CSV."""
    page = SummaryPage(request, scope)
    measures = sorted_measures(filtered(scope.measures, page.filters), page.sort)
    rows = (
        [
            measure.name,
            KIND_LABELS[measure.kind],
            measure.project__title,
            measure.project__site__short_name,
            CHART_TYPE_LABELS[measure.chart_type],
            DIRECTION_LABELS[measure.direction],
            measure.unit,
            measure.recent_values[-1] if measure.recent_values else None,
            measure.target,
            _words(variation_icon(measure.variation)),
            _words(assurance_icon(measure.assurance)),
            reading(measure),
        ]
        for measure in measures.values_list(*CSV_FIELDS, named=True).iterator(chunk_size=CHUNK_SIZE)
    )
    name = "measures" if scope.record is None else f"measures-{scope.kind}-{scope.record.pk}"
    return csv_response(name, CSV_HEADER, rows, cell=safe_cell)
