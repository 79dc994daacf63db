from django import template
from django.utils.html import format_html

from strategy_portal.presenters import person_name

from .. import selectors, tallies
from ..charts import POINT_KIND_WORDS, Sparkline, format_number, variation_icon
from ..presenters import status_tag_class

register = template.Library()

OBJECTIVE_LIST_LIMIT = 10


@register.filter
def status_tag(record):
    """An idea's, project's or training place's status as an NHS.UK tag."""
    return format_html(
        '<strong class="nhsuk-tag {}">{}</strong>',
        status_tag_class(record),
        record.get_status_display(),
    )


register.filter("person", person_name)
register.filter("spc_number", format_number)


@register.filter
def point_kind(kind):
    """What an SPC point signals, in words."""
    return POINT_KIND_WORDS[kind]


@register.inclusion_tag("improvement/includes/programme_headline.html", takes_context=True)
def programme_headline(context):
    """The improvement programme's headline figures, for the trust's home page."""
    return {
        "figures": selectors.programme_figures(
            tallies.IdeaTallies().counts, tallies.ProjectTallies().counts
        ),
        "user": context.get("user"),
    }


@register.inclusion_tag("improvement/includes/objective_programme.html", takes_context=True)
def objective_programme(context, objective):
    """The ideas and projects serving a strategic objective: the golden thread."""
    return {
        "objective": objective,
        "user": context.get("user"),
        "limit": OBJECTIVE_LIST_LIMIT,
        **selectors.objective_programme(objective, list_limit=OBJECTIVE_LIST_LIMIT),
    }


@register.inclusion_tag("improvement/includes/sparkline.html")
def measure_sparkline(measure):
    """A measure's values as a sparkline with its variation icon, from prefetched data."""
    if measure is None:
        return {"measure": None}
    chart = selectors.measure_chart(measure)
    return {
        "measure": measure,
        "sparkline": Sparkline(chart) if chart.points else None,
        "variation_icon": variation_icon(chart.variation),
    }
