from django import template
from django.utils.html import format_html_join

from core.presenters import nhsuk_tag, person_name

from ..chart_words import POINT_KIND_WORDS, format_number, variation_icon
from ..charts import Sparkline
from ..presenters import status_tag_class

register = template.Library()


@register.filter
def status_tag(record):
    """An idea's or project's status as an NHS.UK tag."""
    return nhsuk_tag(status_tag_class(record), record.get_status_display())


register.filter("person", person_name)
register.filter("spc_number", format_number)

# The tags below write the repeated rows of the dashboard's charts and tables: written by the
# template, their few thousand cells cost more than everything else on the page.

NUMERIC_CELL = '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">{}</td>'
LABELLED_NUMERIC_CELL = (
    '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">'
    '<span class="nhsuk-table-responsive__heading" aria-hidden="true">{} </span>{}</td>'
)


@register.simple_tag
def numeric_cells(counts):
    """A table row's cells of numbers."""
    return format_html_join("", NUMERIC_CELL, ((count,) for count in counts))


@register.simple_tag
def labelled_numeric_cells(cells):
    """A responsive table row's cells of numbers from (heading, number) pairs: on a phone
    each cell shows its column's heading."""
    return format_html_join("", LABELLED_NUMERIC_CELL, cells)


@register.simple_tag
def chart_bars(chart):
    """A MonthlyBarChart's bars, each titled with its month and count."""
    return format_html_join(
        "",
        '<rect class="portal-chart__bar" x="{}" y="{}" width="{}" height="{}">'
        "<title>{}: {}</title></rect>",
        ((bar.x, bar.y, bar.width, bar.height, bar.label, bar.value) for bar in chart.bars),
    )


@register.simple_tag
def chart_table_rows(chart):
    """A MonthlyBarChart's data as table rows: the month and its count."""
    return format_html_join(
        "",
        f'<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">{{}}</td>{NUMERIC_CELL}</tr>',
        ((bar.label, bar.value) for bar in chart.bars),
    )


@register.filter
def point_kind(kind):
    """What an SPC point signals, in words."""
    return POINT_KIND_WORDS[kind]


@register.inclusion_tag("improvement/includes/sparkline.html")
def measure_sparkline(measure):
    """A measure's latest values as a sparkline with its variation icon, from what the
    measure keeps of its chart."""
    if measure is None:
        return {"measure": None}
    return {
        "measure": measure,
        "sparkline": (
            Sparkline(measure.recent_values, measure.latest_kind) if measure.recent_values else None
        ),
        "variation_icon": variation_icon(measure.variation),
    }
