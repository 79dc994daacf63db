"""What the pages of one idea, project or measure show a user: presenters that turn the
record a selector read into the page's context (the lists' are in list_pages.py)."""

from bisect import bisect_left

from django.urls import reverse

from core import caching

from . import selectors, services
from .chart_types import centre_label, chart_type_sentence
from .chart_words import assurance_icon, chart_sentence, variation_icon
from .charts import COMPACT, WIDE, ChartGeometry
from .forms import IdeaMessageForm
from .measure_data import unfit_values
from .measure_forms import (
    DataPointDeletionForm,
    DataPointForm,
    DataUploadForm,
    RebaseForm,
    RebaseRemovalForm,
)
from .presenters import ProjectPage, phase_steps
from .roles import MANAGE_PROJECTS, TRIAGE_IDEAS

# What a project page's cached part shows (core/caching.py).
# A measure's page draws at most this many of its latest values: two years of weekly data.
DRAWN_VALUES = 104

PROJECT_TOPICS = ["projects", "sites", "strategy", "people", "ideas", "training", "wards"]


def idea_page(idea, user, message_form=None):
    """An idea (selectors.idea_for_page) with, for a lead, the triage steps open to it. Its
    decline reason is for leads and its submitter. Its questions and answers are read by all
    staff; those who may join in get the form (`message_form` when theirs just failed)."""
    is_lead = TRIAGE_IDEAS.allows(user)
    is_following = selectors.follows(user, idea)
    can_discuss = services.can_discuss(idea, user, following=is_following)
    if can_discuss and message_form is None:
        message_form = IdeaMessageForm(
            action=reverse("improvement:idea_message", args=[idea.pk]) + "#questions"
        )
    return {
        "messages_on_idea": selectors.idea_messages(idea),
        "objectives": selectors.idea_objectives(idea),
        "status_changes": selectors.idea_status_changes(idea),
        "merged_ideas": selectors.merged_ideas_of(idea),
        "message_form": message_form if can_discuss else None,
        "idea": idea,
        "is_lead": is_lead,
        "next_statuses": services.allowed_next_statuses(idea) if is_lead else set(),
        "can_see_reason": is_lead or idea.submitted_by_id == user.pk,
        "is_following": is_following,
        "can_edit": idea.is_editable_by(user),
        "can_withdraw": idea.is_withdrawable_by(user),
    }


def project_page(heading, user):
    """A project (selectors.project_heading): its heading and phases, and its cached part
    read only when the cache does not hold it."""
    can_manage = MANAGE_PROJECTS.allows(user)
    return {
        "heading": heading,
        "page": ProjectPage(heading.pk),
        "phases": phase_steps(heading),
        "can_manage": can_manage,
        "fragment_key": caching.fragment_key("project", PROJECT_TOPICS, heading.pk, can_manage),
    }


def measure_page(measure, user, **failed_forms):
    """A measure (selectors.measure_for_page): its chart, icons, sentence and data, and a
    lead's forms, bound when one of them just failed."""
    page = measure_chart_page(measure)
    can_manage = MANAGE_PROJECTS.allows(user)
    page["can_manage"] = can_manage
    if can_manage:
        # Each form is shown blank unless it just failed.
        page["value_form"] = failed_forms.get("value_form") or DataPointForm(measure=measure)
        page["upload_form"] = failed_forms.get("upload_form") or DataUploadForm(measure=measure)
        page["deletion_form"] = failed_forms.get("deletion_form") or DataPointDeletionForm()
        page["rebase_form"] = failed_forms.get("rebase_form") or RebaseForm()
        failed_removal = failed_forms.get("removal_form")
        page["removal_form"] = failed_removal
        page["removal_forms"] = [
            failed_removal
            if failed_removal and failed_removal.rebase.pk == rebase.pk
            else RebaseRemovalForm(rebase=rebase)
            for rebase in page["rebases"]
        ]
    return page


def measure_chart_page(measure):
    """A measure's chart (selectors.measure_for_page): what its page and its SVG and PNG
    downloads draw, and the words that say what it shows. A long series is drawn and
    tabled from its latest DRAWN_VALUES periods (its limits are still the whole series');
    the CSV download has every value."""
    data_points = selectors.data_points_of(measure)
    rebases = selectors.rebases_of(measure)
    rebase_at = selectors.rebase_indices(data_points, rebases)
    try:
        chart = selectors.measure_chart(measure, data_points, rebases)
    except ValueError:
        # Values stored before the rules of measure_data.py, or written around them: the
        # page says what is wrong instead of failing.
        return unfit_chart_page(measure, data_points, rebases)
    periods = [point.period for point in data_points]
    first = max(0, len(data_points) - DRAWN_VALUES)
    cycles = list(enumerate(selectors.pdsa_cycles_of(measure.project), start=1))
    markers = [
        (f"PDSA {number}", f"PDSA cycle {number}: {cycle.change_idea}", cycle.start_date)
        for number, cycle in cycles
    ]
    centre = centre_label(measure.chart_type)
    drawing = {
        "rebase_at": rebase_at,
        "target": measure.target,
        "markers": markers,
        "notes": [point.note for point in data_points],
        "centre_label": centre,
        "first": first,
    }
    annotations = row_annotations(periods, rebases, cycles)
    rows = list(zip(data_points, chart.points, annotations, strict=True))
    return {
        "measure": measure,
        "project": measure.project,
        "rows": rows[first:],
        "drawn_from": data_points[first].period if first else None,
        "value_count": len(data_points),
        "rebases": rebases,
        "chart": chart,
        "geometry": ChartGeometry(chart, periods, layout=WIDE, **drawing),
        "compact_geometry": ChartGeometry(chart, periods, layout=COMPACT, **drawing),
        "chart_type_sentence": chart_type_sentence(
            measure.chart_type, measure.get_chart_type_display()
        ),
        "centre_label": centre,
        "sentence": chart_sentence(
            chart,
            unit=measure.unit,
            target=measure.target,
            phase_start=rebase_at[-1] if rebase_at else 0,
        ),
        "variation_icon": variation_icon(chart.variation),
        "assurance_icon": assurance_icon(chart.assurance),
    }


def unfit_chart_page(measure, data_points, rebases):
    values = [(point.period, point.value, point.denominator) for point in data_points]
    unfit = unfit_values(measure.chart_type, values, unit=measure.unit)
    return {
        "measure": measure,
        "project": measure.project,
        "rebases": rebases,
        "value_count": len(data_points),
        "chart": None,
        "chart_type_sentence": chart_type_sentence(
            measure.chart_type, measure.get_chart_type_display()
        ),
        "chart_problem": f"The {measure.get_chart_type_display()} cannot draw "
        + (unfit or "this measure's values")
        + ". A project lead can give them again with 'Replace values already given' ticked, "
        "or choose another chart type.",
    }


def row_annotations(periods, rebases, cycles):
    """For each period, what the chart marks from it besides its own note: a PDSA cycle
    starting (at the first period on or after its start, as the chart draws it) or the
    limits recalculated, so the table says in words what the chart's lines show."""
    annotations = [[] for _ in periods]
    for number, cycle in cycles:
        index = bisect_left(periods, cycle.start_date)
        if index < len(periods):
            annotations[index].append(f"PDSA cycle {number} starts: {cycle.change_idea}")
    for rebase in rebases:
        index = bisect_left(periods, rebase.period)
        if 0 < index < len(periods):
            annotations[index].append(f"Limits recalculated from here: {rebase.reason}")
    return annotations
