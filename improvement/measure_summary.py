"""Reads of the summary table of measures (the integrated performance report's matrix): the
measures of a project, a strategic objective, a site or the whole programme, filtered,
sorted and counted by variation against assurance.

Everything here reads what each measure keeps of its chart (Measure.variation, assurance,
their ranks, recent_values, latest_kind and sparkline_points, kept by measure_services),
never its data points, so a page takes the same few queries however many measures there
are. The presenter is measure_summary_pages.py."""

from dataclasses import dataclass

from django import forms
from django.db.models import Count, F, QuerySet
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from core.forms import FixedChoiceField
from core.pagination import PAGE_SIZE
from core.queries import CompiledForKeys
from goals.models import Objective, Site

from .filters import filter_helper
from .models import Measure, Project
from .tallies import VerdictTallies
from .verdict_groups import (
    ASSURANCE_FIRST,
    ASSURANCE_GROUPS,
    ASSURANCE_ORDER,
    BY_LATEST,
    BY_NAME,
    BY_TARGET,
    CONCERNS_FIRST,
    VARIATION_GROUPS,
    VARIATION_ORDER,
    directed,
)

# Each sort's order, ascending; a descending sort reverses every part of it. The primary
# key last, so that pages never share or skip a measure.
SORTS = {
    "variation": CONCERNS_FIRST,
    "assurance": ASSURANCE_FIRST,
    "measure": BY_NAME,
    "project": [Lower("project__title"), Lower("name"), F("pk")],
    "latest": BY_LATEST,
    "target": BY_TARGET,
}
DEFAULT_SORT = "variation"
SORT_CHOICES = [(name, name) for name in SORTS] + [(f"-{name}", f"-{name}") for name in SORTS]


class SummaryFilterForm(forms.Form):
    """The table's filters, sent by GET; the sort the headings chose rides along hidden."""

    variation = FixedChoiceField(
        choices=[("", "Any variation")]
        + [(name, group.option) for name, group in VARIATION_GROUPS.items()],
        required=False,
    )
    assurance = FixedChoiceField(
        choices=[("", "Any assurance")]
        + [(name, group.option) for name, group in ASSURANCE_GROUPS.items()],
        required=False,
    )
    chart_type = FixedChoiceField(
        choices=[("", "Any chart type"), *Measure.ChartType.choices],
        required=False,
        label="Chart type",
    )
    kind = FixedChoiceField(
        choices=[("", "Any type"), *Measure.Kind.choices], required=False, label="Measure type"
    )
    project_status = FixedChoiceField(
        choices=[("", "Any status"), *Project.Status.choices],
        required=False,
        label="Project status",
    )
    sort = FixedChoiceField(choices=SORT_CHOICES, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = filter_helper()
        # Its selects need no scripts: their (empty) media was worked out on every visit.
        self.helper.include_media = False

    def applied(self):
        """The filters and sort whose values are valid: a value typed into the address that
        the form does not offer is left out and named in the error summary."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


@dataclass(frozen=True)
class Scope:
    """Whose measures a summary shows: `kind` is programme, project, objective or site, and
    `record` the project, objective or site (None for the programme)."""

    kind: str
    record: object
    measures: QuerySet


def programme_scope():
    return Scope("programme", None, Measure.objects.all())


def project_scope(pk):
    project = get_object_or_404(Project.objects.only("pk", "title"), pk=pk)
    return Scope("project", project, Measure.objects.filter(project=project))


def objective_scope(pk):
    """The measures of the projects serving the objective."""
    objective = get_object_or_404(Objective.objects.select_related("strategy__organisation"), pk=pk)
    # Through the links, so each measure is read once without a DISTINCT.
    serving = Project.objectives.through.objects.filter(objective=objective).values("project")
    return Scope("objective", objective, Measure.objects.filter(project__in=serving))


def site_scope(pk):
    """The measures of the projects run at the site."""
    site = get_object_or_404(Site, pk=pk)
    return Scope("site", site, Measure.objects.filter(project__site=site))


def filtered(measures, filters, *, icons=True):
    """The measures matching the filters; without `icons`, the variation and assurance
    filters are left out (the matrix counts across them)."""
    if icons and (variation := filters.get("variation")):
        measures = measures.filter(VARIATION_GROUPS[variation].condition)
    if icons and (assurance := filters.get("assurance")):
        measures = measures.filter(ASSURANCE_GROUPS[assurance].condition)
    if chart_type := filters.get("chart_type"):
        measures = measures.filter(chart_type=chart_type)
    if kind := filters.get("kind"):
        measures = measures.filter(kind=kind)
    if status := filters.get("project_status"):
        measures = measures.filter(project__status=status)
    return measures


def sorted_measures(measures, sort):
    """The measures in the sort's order ("-name" for descending)."""
    return measures.order_by(
        *directed(SORTS[sort.removeprefix("-")], descending=sort.startswith("-"))
    )


# What a row of the table shows of its measure, and nothing more: not the fields a measure's
# own page reads.
ROW_FIELDS = [
    "pk",
    "name",
    "kind",
    "unit",
    "target",
    "chart_type",
    "variation",
    "assurance",
    "recent_values",
    "latest_kind",
    "sparkline_points",
    "project_id",
    "project_title",
    "site",
]


# Compiled once for a page's keys (core.queries): resolving its fourteen fields and two joins
# cost a third of reading a page's rows.
_rows = CompiledForKeys(
    lambda: (
        Measure.objects.order_by()
        .annotate(project_title=F("project__title"), site=F("project__site__short_name"))
        .values_list(*ROW_FIELDS, named=True)
    ),
    "pk",
    PAGE_SIZE,
)


def measures_by_pk(pks):
    """What the rows of a page show of its measures, whose keys were sorted and paginated
    alone (the database sorts thousands of keys faster than thousands of rows), in the keys'
    order: plain values, a named tuple each, rather than a measure, its project and its
    site made for each row."""
    found = {row.pk: row for row in _rows(pks)}
    return [found[pk] for pk in pks if pk in found]


def icon_counts(measures):
    """{(variation group, assurance group): measures} over the measures, in one query."""
    return _grouped(
        measures.order_by()
        .values_list("variation_rank", "assurance_rank")
        .annotate(count=Count("*"))
    )


def tallied_icon_counts(filters, *, site=None):
    """icon_counts of the programme's measures (or a site's) with the filters but the icon
    ones, from the tallies the database keeps of every measure's verdict: a visit reads a
    few hundred rows instead of counting thousands of measures."""
    tallies = VerdictTallies(site=site, status=filters.get("project_status"))
    counts = tallies.rank_counts(chart_type=filters.get("chart_type"), kind=filters.get("kind"))
    return _grouped(
        (variation, assurance, count) for (variation, assurance), count in counts.items()
    )


def matrix_counts(scope, filters):
    """{(variation group, assurance group): measures} in the scope with the filters but the
    icon ones (the matrix counts across those): for the programme and a site from the kept
    tallies, for a project's or an objective's few measures counted from them."""
    if scope.kind == "programme":
        return tallied_icon_counts(filters)
    if scope.kind == "site":
        return tallied_icon_counts(filters, site=scope.record)
    return icon_counts(filtered(scope.measures, filters, icons=False))


def _grouped(rows):
    counts = {}
    for variation_rank, assurance_rank, count in rows:
        key = (VARIATION_ORDER[variation_rank], ASSURANCE_ORDER[assurance_rank])
        counts[key] = counts.get(key, 0) + count
    return counts
