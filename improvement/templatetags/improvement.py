from django import template
from django.utils.html import format_html, format_html_join
from django.utils.text import capfirst

from core.presenters import nhsuk_tag, person_name

from .. import chart_markup
from ..chart_words import variation_icon
from ..charts import Sparkline
from ..presenters import status_tag_class

register = template.Library()


@register.filter
def status_tag(record):
    """An idea's or project's status as an NHS.UK tag."""
    return nhsuk_tag(status_tag_class(record), record.get_status_display())


register.filter("person", person_name)

# The tags below write the repeated rows of the dashboard's and a measure page's charts and
# tables: written by the template, their thousands of cells cost more than everything else
# on the page.

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


CARD_TABLE_ROW = (
    '<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">'
    '<span class="nhsuk-table-responsive__heading" aria-hidden="true">{} </span>{}</th>{}'
    '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">'
    '<span class="nhsuk-table-responsive__heading" aria-hidden="true">All months </span>{}</td>'
    "</tr>"
)


@register.simple_tag
def card_table_rows(heading, rows):
    """The rows of a thank-you cards table by value, behaviour or site
    (presenters.card_counts): each one's name (a behaviour's linking to its page), its
    count for each recent month and its total."""

    def name(row):
        if row["record"] is not None and heading == "behaviour":
            return format_html('<a href="{}">{}</a>', row["record"].get_page_url(), row["label"])
        return row["label"]

    return format_html_join(
        "",
        CARD_TABLE_ROW,
        (
            (capfirst(heading), name(row), labelled_numeric_cells(row["months"]), row["total"])
            for row in rows
        ),
    )


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


@register.simple_tag
def spc_svg(geometry, measure, sentence):
    """A measure's chart as its page draws it, in one of its layouts (chart_markup.spc_svg)."""
    return chart_markup.spc_svg(geometry, measure=measure, sentence=sentence)


@register.simple_tag
def spc_value_rows(rows, with_denominators):
    """A measure's chart's values as its page's table rows (chart_markup.value_rows)."""
    return chart_markup.value_rows(rows, with_denominators=with_denominators)


@register.inclusion_tag("improvement/includes/sparkline.html")
def measure_sparkline(measure):
    """A measure's latest values as a sparkline with its variation icon, from what the
    measure keeps of its chart."""
    if measure is None:
        return {"measure": None}
    return {
        "measure": measure,
        "sparkline": Sparkline.kept_by(measure),
        "variation_icon": variation_icon(measure.variation),
    }


SPARKLINE_SVG = (
    f'<svg class="portal-sparkline" width="{Sparkline.width}" height="{Sparkline.height}" '
    f'viewBox="0 0 {Sparkline.width} {Sparkline.height}" aria-hidden="true" focusable="false">'
    '<polyline points="{}" fill="none" stroke="#768692" stroke-width="1.5"/>'
    '<circle cx="{}" cy="{}" r="3.5" fill="{}"/></svg>'
)


@register.simple_tag
def sparkline_svg(sparkline):
    """A Sparkline as SVG, hidden from screen readers: the page says what it shows."""
    last = sparkline.last
    return format_html(SPARKLINE_SVG, sparkline.line, last["x"], last["y"], last["colour"])


VARIATION_ICON = (
    '<li class="portal-spc-icon"><svg width="40" height="40" viewBox="0 0 40 40" '
    'aria-hidden="true" focusable="false"><circle cx="20" cy="20" r="17" fill="#fff" '
    'stroke="{}" stroke-width="4"/><text x="20" y="26" text-anchor="middle" font-size="16" '
    'font-weight="bold" fill="#212b32">{}</text></svg><span><span '
    'class="nhsuk-u-visually-hidden">Variation: </span>{}</span></li>'
)
ASSURANCE_ICON = (
    '<li class="portal-spc-icon"><svg width="40" height="40" viewBox="0 0 40 40" '
    'aria-hidden="true" focusable="false"><circle cx="20" cy="20" r="17" fill="{}"/>'
    '<text x="20" y="26" text-anchor="middle" font-size="16" font-weight="bold" '
    'fill="#212b32">{}</text></svg><span><span class="nhsuk-u-visually-hidden">Assurance: '
    "</span>{}</span></li>"
)


@register.simple_tag
def spc_icons(variation_icon=None, assurance_icon=None):
    """The Making Data Count icons (chart_words.variation_icon and assurance_icon) as a list:
    a circled letter hidden from screen readers, and the icon's words."""
    variation = (
        format_html(
            VARIATION_ICON,
            variation_icon["colour"],
            variation_icon["letter"] or "~",
            variation_icon["words"],
        )
        if variation_icon
        else ""
    )
    assurance = (
        format_html(
            ASSURANCE_ICON,
            assurance_icon["colour"],
            assurance_icon["letter"],
            assurance_icon["words"],
        )
        if assurance_icon
        else ""
    )
    return format_html('<ul class="nhsuk-list portal-spc-icons">{}{}</ul>', variation, assurance)
