"""The summary table of measures' rows and its matrix's cells, written here rather than by
the template for the same reason as the dashboard's cells (improvement.py): a page of them
cost more than everything else on it. Each row and cell is one format, its texts escaped by
the standard library's escape (what format_html's does, without its checks for lazy
translations and safe strings, which a row holds none of: those cost a dozen function calls a
value, and a page writes hundreds)."""

import functools
from html import escape

from django import template
from django.utils.safestring import mark_safe

from ..chart_words import assurance_icon, variation_icon
from .improvement import LABELLED_NUMERIC_CELL, SPARKLINE_SVG, responsive_cell, spc_icons

register = template.Library()


def _row_format(shows_project):
    link_and_detail = '<a href="{%s_url}">{%s}</a><br><span class="nhsuk-body-s">{%s}</span>'
    project = responsive_cell("Project", link_and_detail % ("project", "project", "site"))
    return (
        '<tr class="nhsuk-table__row">'
        + responsive_cell("Measure", link_and_detail % ("measure", "measure", "about"))
        + (project if shows_project else "")
        + responsive_cell("Latest value", "{latest}")
        + responsive_cell("Target", "{target}")
        + responsive_cell("Variation", "{variation}")
        + responsive_cell("Assurance", "{assurance}")
        + responsive_cell("Recent values", "{sparkline}")
        + responsive_cell("Reading", "{reading}")
        + "</tr>"
    )


ROW = {shows_project: _row_format(shows_project) for shows_project in (True, False)}
SPARKLINE_AND_WORDS = SPARKLINE_SVG + '<span class="nhsuk-u-visually-hidden">{}</span>'


# A page shows a few icons many times: each is written once.
@functools.cache
def _variation_icon_list(variation):
    icon = variation_icon(variation)
    return spc_icons(variation_icon=icon) if icon else "No icon"


@functools.cache
def _assurance_icon_list(assurance):
    icon = assurance_icon(assurance)
    return spc_icons(assurance_icon=icon) if icon else "No icon"


@register.simple_tag
def measure_summary_rows(rows, shows_project):
    """The table's rows (measure_summary_pages.SummaryRow), in one tag rather than a loop of
    the template's: the loop's context and its arguments looked up again for each row cost a
    third of writing the rows."""
    row_format = ROW[shows_project]
    return mark_safe("".join(_row(row, row_format) for row in rows))


def _row(row, row_format):
    """A row: its texts escaped, its numbers, icons and the sparkline's colour written as
    they are."""
    measure = row.measure
    sparkline = row.sparkline
    if sparkline:
        last = sparkline.last
        drawn = SPARKLINE_AND_WORDS.format(
            escape(sparkline.line),
            last["x"],
            last["y"],
            last["colour"],
            escape(row.sparkline_words),
        )
    else:
        drawn = "No data yet"
    return row_format.format(
        measure_url=escape(row.measure_url),
        measure=escape(measure.name),
        about=escape(row.about),
        project_url=escape(row.project_url),
        project=escape(measure.project_title),
        site=escape(measure.site),
        latest=escape(row.latest),
        target=escape(row.target),
        variation=_variation_icon_list(measure.variation),
        assurance=_assurance_icon_list(measure.assurance),
        sparkline=drawn,
        reading=escape(row.reading),
    )


COUNT_LINK = '<a href="{}"{}>{}<span class="nhsuk-u-visually-hidden"> measure{}: {}, {}</span></a>'
CURRENT = ' aria-current="true"'


@register.simple_tag
def matrix_cells(row):
    """A row of the count of variation against assurance (measure_summary_pages.MatrixRow):
    each count but 0 links to the measures it counts."""
    heading = escape(row.heading)
    cells = []
    for cell in row.cells:
        column = escape(cell.column)
        count = cell.count
        content = (
            COUNT_LINK.format(
                escape(cell.url),
                CURRENT if cell.current else "",
                count,
                "" if count == 1 else "s",
                heading,
                column,
            )
            if count
            else 0
        )
        cells.append(LABELLED_NUMERIC_CELL.format(column, content))
    return mark_safe("".join(cells))
