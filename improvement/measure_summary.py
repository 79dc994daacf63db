"""Reads of the summary table of measures (the integrated performance report's matrix): the
measures of a project, a strategic objective, a site or the whole programme, filtered,
sorted and counted by variation against assurance.

Everything here reads what each measure keeps of its chart (Measure.variation, assurance,
recent_values and latest_kind, kept by measure_services), never its data points, so a page
takes the same few queries however many measures there are. The presenter is
measure_summary_pages.py."""

from dataclasses import dataclass

from django import forms
from django.db.models import Case, Count, F, Q, QuerySet, Value, When
from django.db.models.functions import Lower
from django.shortcuts import get_object_or_404

from goals.models import Objective, Site

from .filters import filter_helper
from .models import Measure, Project


@dataclass(frozen=True)
class Group:
    """Icon values counted together: the matrix's row or column heading, and the words a
    filter offers for it."""

    heading: str
    option: str
    condition: Q


V = Measure.Variation
# A measure with no data yet keeps no last point: its latest_kind is blank.
NO_DATA = Q(latest_kind="")
VARIATION_GROUPS = {
    "improvement": Group(
        "Special cause improvement",
        "Special cause improvement",
        Q(variation__in=[V.IMPROVEMENT_HIGH, V.IMPROVEMENT_LOW]),
    ),
    "concern": Group(
        "Special cause concern",
        "Special cause concern",
        Q(variation__in=[V.CONCERN_HIGH, V.CONCERN_LOW]),
    ),
    "common_cause": Group(
        "Common cause variation", "Common cause variation", Q(variation=V.COMMON_CAUSE)
    ),
    "neutral": Group(
        "Special cause, neither better nor worse",
        "Special cause, neither better nor worse (no direction of improvement)",
        Q(variation__in=[V.NEUTRAL_HIGH, V.NEUTRAL_LOW]),
    ),
    # A run chart has no limits, so no variation icon: its runs are read on its page.
    "none": Group(
        "No variation icon (run chart)",
        "No variation icon: a run chart, read by its runs",
        Q(variation="") & ~NO_DATA,
    ),
    "no_data": Group("No data yet", "No data yet", NO_DATA),
}
ASSURANCE_GROUPS = {
    "pass": Group(
        "Target consistently met", "Target consistently met", Q(assurance=Measure.Assurance.PASS)
    ),
    "fail": Group(
        "Target consistently missed",
        "Target consistently missed",
        Q(assurance=Measure.Assurance.FAIL),
    ),
    "inconsistent": Group(
        "Target met only some of the time",
        "Target met only some of the time (hit and miss)",
        Q(assurance=Measure.Assurance.INCONSISTENT),
    ),
    "none": Group(
        "No assurance icon",
        "No assurance icon: no target, no data or no direction of improvement",
        Q(assurance=""),
    ),
}


def _rank(groups, order, last):
    """A number for each measure: its group's place in `order`, `last` for any other."""
    return Case(
        *(When(groups[name].condition, then=Value(place)) for place, name in enumerate(order)),
        default=Value(last),
    )


# Concerns first: what a board reads the report for.
VARIATION_RANK = _rank(
    VARIATION_GROUPS, ["concern", "improvement", "neutral", "common_cause", "none"], 5
)
# Targets consistently missed first, then hit and miss.
ASSURANCE_RANK = _rank(ASSURANCE_GROUPS, ["fail", "inconsistent", "pass"], 3)

# Each sort's order, ascending; a descending sort reverses every part of it. The primary
# key last, so that pages never share or skip a measure.
SORTS = {
    "variation": [VARIATION_RANK, ASSURANCE_RANK, Lower("name"), F("pk")],
    "assurance": [ASSURANCE_RANK, VARIATION_RANK, Lower("name"), F("pk")],
    "measure": [Lower("name"), F("pk")],
    "project": [Lower("project__title"), Lower("name"), F("pk")],
}
DEFAULT_SORT = "variation"
SORT_CHOICES = [(name, name) for name in SORTS] + [(f"-{name}", f"-{name}") for name in SORTS]


class SummaryFilterForm(forms.Form):
    """The table's filters, sent by GET; the sort the headings chose rides along hidden."""

    variation = forms.ChoiceField(
        choices=[("", "Any variation")]
        + [(name, group.option) for name, group in VARIATION_GROUPS.items()],
        required=False,
    )
    assurance = forms.ChoiceField(
        choices=[("", "Any assurance")]
        + [(name, group.option) for name, group in ASSURANCE_GROUPS.items()],
        required=False,
    )
    chart_type = forms.ChoiceField(
        choices=[("", "Any chart type"), *Measure.ChartType.choices],
        required=False,
        label="Chart type",
    )
    kind = forms.ChoiceField(
        choices=[("", "Any type"), *Measure.Kind.choices], required=False, label="Measure type"
    )
    project_status = forms.ChoiceField(
        choices=[("", "Any status"), *Project.Status.choices],
        required=False,
        label="Project status",
    )
    sort = forms.ChoiceField(choices=SORT_CHOICES, required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = filter_helper()

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
    """The measures in the sort's order ("-name" for descending), with what a row shows."""
    name = sort.removeprefix("-")
    order = [part.desc() if sort.startswith("-") else part.asc() for part in SORTS[name]]
    return (
        measures.select_related("project__site")
        .only(
            "name",
            "kind",
            "unit",
            "direction",
            "target",
            "chart_type",
            "variation",
            "assurance",
            "recent_values",
            "latest_kind",
            "project__title",
            "project__site__short_name",
        )
        .order_by(*order)
    )


def icon_counts(measures):
    """{(variation group, assurance group): measures} over the measures, in one query."""
    # Every measure is in one group of each: the last group takes what the others do not.
    variation_names, assurance_names = list(VARIATION_GROUPS), list(ASSURANCE_GROUPS)
    variation = _rank(VARIATION_GROUPS, variation_names[:-1], len(variation_names) - 1)
    assurance = _rank(ASSURANCE_GROUPS, assurance_names[:-1], len(assurance_names) - 1)
    rows = (
        measures.order_by()
        .annotate(variation_group=variation, assurance_group=assurance)
        .values("variation_group", "assurance_group")
        .annotate(count=Count("pk"))
    )
    return {
        (variation_names[row["variation_group"]], assurance_names[row["assurance_group"]]): row[
            "count"
        ]
        for row in rows
    }
