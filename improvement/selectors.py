"""Reads of the improvement programme, each in a fixed number of queries."""

from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404

from goals.models import Objective

from .models import HealthInequalitiesEffect, Idea, Project, Site


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
    queryset = Project.objects.select_related("site", "lead", "sponsor", "idea").prefetch_related(
        "team",
        "objectives__strategy__organisation",
        "measures",
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
        "projects": list(projects.for_list()[:list_limit]),
    }
