"""The improvement programme's answers to goals' questions about an objective's delivery
(goals/evidence.py): which measures may evidence its progress, their SPC verdicts now, and
the projects serving it."""

from goals import evidence

from .chart_words import assurance_icon, variation_icon
from .models import Measure, Project


def measures_for(objective):
    """The measures of the projects serving the objective (its golden thread)."""
    measures = (
        Measure.objects.filter(project__objectives=objective)
        .select_related("project")
        .order_by("project__title", "name", "pk")
    )
    return [(measure.pk, f"{measure.name} ({measure.project.title})") for measure in measures]


def verdicts(measure_ids):
    measures = Measure.objects.filter(pk__in=measure_ids).select_related("project")
    return [
        evidence.Verdict(
            measure_id=measure.pk,
            name=measure.name,
            project=measure.project.title,
            url=measure.get_absolute_url(),
            variation=measure.variation,
            assurance=measure.assurance,
            variation_icon=variation_icon(measure.variation),
            assurance_icon=assurance_icon(measure.assurance),
        )
        for measure in measures.order_by("project__title", "name", "pk")
    ]


def work_serving(objective_ids):
    links = (
        Project.objectives.through.objects.filter(objective_id__in=objective_ids)
        .select_related("project")
        .order_by("project__title", "project__pk")
    )
    work = {}
    for link in links:
        project = link.project
        work.setdefault(link.objective_id, []).append(
            evidence.Work(
                title=project.title,
                url=project.get_absolute_url(),
                status=project.get_status_display(),
            )
        )
    return work


def register():
    evidence.register(
        evidence.Source(measures_for=measures_for, verdicts=verdicts, work_serving=work_serving)
    )
