"""Reads of the improvement programme, each in a fixed number of queries."""

from bisect import bisect_left

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from goals.models import Objective
from values import selectors as values_selectors
from values.models import Behaviour, Value

from . import spc
from .models import HealthInequalitiesEffect, Idea, Measure, Project, Site


def idea_for_page(pk):
    queryset = Idea.objects.select_related(
        "site", "submitted_by", "merged_into", "project"
    ).prefetch_related(
        "objectives__strategy__organisation",
        "status_changes__changed_by",
        "merged_ideas",
    )
    return get_object_or_404(queryset, pk=pk)


def project_for_page(pk):
    queryset = Project.objects.select_related(
        "site", "lead", "sponsor", "idea", "cohort__course", "programme_ward__site"
    ).prefetch_related(
        "team",
        "objectives__strategy__organisation",
        "measures__data_points",
        "measures__rebases",
        "pdsa_cycles",
        "score_changes__recorded_by",
    )
    return get_object_or_404(queryset, pk=pk)


def ideas_of(user):
    """The ideas a member of staff submitted or follows, newest first."""
    return Idea.objects.for_list().submitted_or_followed_by(user)


def status_counts(queryset, choices):
    """[(value, label, count)] for every status, zero included, in the choices' order."""
    counts = dict(queryset.order_by().values_list("status").annotate(count=Count("pk")))
    return [(value, label, counts.get(value, 0)) for value, label in choices]


def programme_figures(ideas, projects):
    """The programme's headline figures for the given (already filtered) records."""
    idea_totals = ideas.order_by().aggregate(
        received=Count("pk"),
        under_review=Count("pk", filter=Q(status=Idea.Status.UNDER_REVIEW)),
        involving_patients=Count("pk", filter=Q(involves_patients=True)),
        reducing_inequalities=Count(
            "pk", filter=Q(health_inequalities=HealthInequalitiesEffect.REDUCES)
        ),
    )
    project_totals = projects.order_by().aggregate(
        total=Count("pk"),
        in_progress=Count("pk", filter=Q(status=Project.Status.IN_PROGRESS)),
        completed=Count("pk", filter=Q(status=Project.Status.COMPLETED)),
        on_hold=Count("pk", filter=Q(status=Project.Status.ON_HOLD)),
        stopped=Count("pk", filter=Q(status=Project.Status.STOPPED)),
        involving_patients=Count("pk", filter=Q(involves_patients=True)),
        reducing_inequalities=Count(
            "pk", filter=Q(health_inequalities=HealthInequalitiesEffect.REDUCES)
        ),
    )
    return {"ideas": idea_totals, "projects": project_totals}


def inequalities_counts(ideas, projects):
    """[(effect, ideas, projects)] for each expected effect on health inequalities."""

    def by_effect(queryset):
        return dict(
            queryset.order_by().values_list("health_inequalities").annotate(count=Count("pk"))
        )

    idea_counts, project_counts = by_effect(ideas), by_effect(projects)
    return [
        (label, idea_counts.get(value, 0), project_counts.get(value, 0))
        for value, label in HealthInequalitiesEffect.choices
    ]


def figures_by_site(ideas, projects):
    idea_counts = dict(ideas.order_by().values_list("site").annotate(count=Count("pk")))
    project_counts = {
        site: (in_progress, completed)
        for site, in_progress, completed in projects.order_by()
        .values_list("site")
        .annotate(
            in_progress=Count("pk", filter=Q(status=Project.Status.IN_PROGRESS)),
            completed=Count("pk", filter=Q(status=Project.Status.COMPLETED)),
        )
    }
    return [
        {
            "site": site,
            "ideas": idea_counts.get(site.pk, 0),
            "in_progress": project_counts.get(site.pk, (0, 0))[0],
            "completed": project_counts.get(site.pk, (0, 0))[1],
        }
        for site in Site.objects.all()
    ]


def figures_by_objective(ideas, projects):
    idea_counts = dict(
        ideas.order_by().values_list("objectives").annotate(count=Count("pk", distinct=True))
    )
    project_counts = {
        objective: (in_progress, completed)
        for objective, in_progress, completed in projects.order_by()
        .values_list("objectives")
        .annotate(
            in_progress=Count("pk", filter=Q(status=Project.Status.IN_PROGRESS), distinct=True),
            completed=Count("pk", filter=Q(status=Project.Status.COMPLETED), distinct=True),
        )
    }
    return [
        {
            "objective": objective,
            "ideas": idea_counts.get(objective.pk, 0),
            "in_progress": project_counts.get(objective.pk, (0, 0))[0],
            "completed": project_counts.get(objective.pk, (0, 0))[1],
        }
        for objective in Objective.objects.select_related("strategy__organisation").order_by(
            "-year", "strategy__organisation__order", "number"
        )
        if objective.pk in idea_counts or objective.pk in project_counts
    ]


def ideas_per_month(ideas):
    """[(first day of month, count)] for months with ideas, oldest first."""
    rows = (
        ideas.order_by()
        .annotate(month=TruncMonth("created_at"))
        .values_list("month")
        .annotate(count=Count("pk"))
        .order_by("month")
    )
    return [(month.date() if hasattr(month, "date") else month, count) for month, count in rows]


def objective_programme(objective, *, list_limit):
    """What an objective's page shows of the work serving it: counts by status, and the
    most recent ideas and projects."""
    ideas = Idea.objects.filter(objectives=objective)
    projects = Project.objects.filter(objectives=objective)
    return {
        "idea_counts": status_counts(ideas, Idea.Status.choices),
        "project_counts": status_counts(projects, Project.Status.choices),
        "ideas": list(ideas.for_list()[:list_limit]),
        "projects": lead_measures(projects.for_list()[:list_limit]),
    }


def measure_chart(measure, data_points=None, rebases=None):
    """The measure's XmR chart from its data points, with limits recalculated at rebases."""

    data_points = list(measure.data_points.all()) if data_points is None else data_points
    rebases = list(measure.rebases.all()) if rebases is None else rebases
    periods = [point.period for point in data_points]
    # Each rebase starts a new period at its first data point; one before the first point
    # or after the last changes nothing.
    rebase_at = sorted(
        {bisect_left(periods, rebase.period) for rebase in rebases} - {0, len(periods)}
    )
    return spc.xmr(
        [point.value for point in data_points],
        direction=measure.direction,
        target=measure.target,
        rebase_at=rebase_at,
    )


def measure_for_page(pk):
    queryset = Measure.objects.select_related("project").prefetch_related(
        "data_points", "rebases", "project__pdsa_cycles"
    )
    return get_object_or_404(queryset, pk=pk)


def lead_measures(projects):
    """Each project with the measure its list row shows, its first in QSIR order (an outcome
    measure where it has one), with the data a sparkline needs: two queries for the page."""
    projects = list(projects)
    measures = Measure.objects.filter(project__in=projects).prefetch_related(
        "data_points", "rebases"
    )
    first = {}
    for measure in measures:
        first.setdefault(measure.project_id, measure)
    return [(project, first.get(project.pk)) for project in projects]


def measure_verdict_counts(projects):
    """How many of the projects' measures show each variation and each assurance."""
    measures = Measure.objects.filter(project__in=projects).order_by()
    variation = dict(measures.values_list("variation").annotate(count=Count("pk")))
    assurance = dict(measures.values_list("assurance").annotate(count=Count("pk")))
    return {
        "variation": [
            (value, label, variation.get(value, 0)) for value, label in Measure.Variation.choices
        ],
        "assurance": [
            (value, label, assurance.get(value, 0)) for value, label in Measure.Assurance.choices
        ],
        "without_data": variation.get("", 0),
    }


def recent_signals(projects, *, limit):
    """The measures most recently changed whose charts show special cause variation."""
    return list(
        Measure.objects.filter(project__in=projects)
        .exclude(variation__in=["", Measure.Variation.COMMON_CAUSE])
        .select_related("project")
        .prefetch_related("data_points", "rebases")
        .order_by("-updated_at", "-pk")[:limit]
    )


def thank_you_card_counts():
    """Every card not hidden, counted by month, value, behaviour and the site where its
    recipient works, in a fixed number of queries however many cards there are."""
    rows = values_selectors.cards_per_month(site_field="recipient__work_site__site")
    values = Value.objects.select_related("organisation").in_bulk({row["value"] for row in rows})
    behaviours = Behaviour.objects.select_related("value__organisation").in_bulk(
        {row["behaviour"] for row in rows} - {None}
    )
    sites = Site.objects.in_bulk({row["site"] for row in rows} - {None})
    return {"rows": rows, "values": values, "behaviours": behaviours, "sites": sites}
