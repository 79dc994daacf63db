"""The improvement programme's answers to goals' questions about work continuing across
years (goals/carried_work.py): which projects and ideas serving an objective go on, and
linking them to the objective's copy for the next year."""

from django.db.models import Count

from core.caching import record_change
from core.history import made_by, record_versions
from core.presenters import plural
from goals import carried_work

from .models import Idea, Project

# Work that goes on: not finished, stopped, declined, merged or withdrawn.
CONTINUING = [
    (Project, "project", [Project.Status.IN_PROGRESS, Project.Status.ON_HOLD], "projects"),
    (
        Idea,
        "idea",
        [Idea.Status.SUBMITTED, Idea.Status.UNDER_REVIEW, Idea.Status.SUPPORTED],
        "ideas",
    ),
]


def _links(model, name, statuses, objective_ids):
    return model.objectives.through.objects.filter(
        objective_id__in=objective_ids, **{f"{name}__status__in": statuses}
    )


def continuing(objective_ids):
    work = {}
    for model, name, statuses, _ in CONTINUING:
        counts = (
            _links(model, name, statuses, objective_ids)
            .values("objective_id")
            .annotate(count=Count("pk"))
            .order_by()
        )
        for row in counts:
            work.setdefault(row["objective_id"], []).append(
                f"{row['count']} {name}{plural(row['count'])}"
            )
    return work


def carry(copies_of, *, carried_by):
    """Each continuing project and idea of an objective serves its copy too: links written
    in bulk (no signals), so each record's history entry, naming the editor, and the cache
    topics are written here."""
    added = 0
    for model, name, statuses, topic in CONTINUING:
        through = model.objectives.through
        links = list(
            _links(model, name, statuses, list(copies_of)).values_list(f"{name}_id", "objective_id")
        )
        if not links:
            continue
        through.objects.bulk_create(
            [
                through(**{f"{name}_id": record_id, "objective_id": copies_of[objective_id]})
                for record_id, objective_id in links
            ],
            ignore_conflicts=True,
        )
        records = list(model.objects.filter(pk__in={record_id for record_id, _ in links}))
        made_by(carried_by, *records)
        record_versions(model, records, changed=True)
        record_change(topic)
        added += len(links)
    return added


def register():
    carried_work.register(carried_work.Carrier(continuing=continuing, carry=carry))
