"""The summary table of measures' rows and its matrix's cells, written here rather than by
the template for the same reason as the dashboard's cells (improvement.py): a page of them
cost more than everything else on it. Each row is one format, its values escaped as
format_html escapes them, without its check for lazy translations (a row holds none): that
check and Django's escape cost a dozen function calls a value, and a page writes hundreds."""

import functools
from html import escape

from django import template
from django.template.defaultfilters import pluralize
from django.utils.safestring import SafeData, mark_safe

from ..chart_words import assurance_icon, variation_icon
from .improvement import LABELLED_NUMERIC_CELL, SPARKLINE_SVG, spc_icons

register = template.Library()


def _html(format_string, *args, **kwargs):
    """format_html for values that are text, numbers or safe HTML."""
    return mark_safe(
        format_string.format(
            *map(_escaped, args), **{name: _escaped(value) for name, value in kwargs.items()}
        )
    )


def _escaped(value):
    return value if isinstance(value, SafeData) else escape(str(value))


def _cell(heading, content):
    """A table cell that shows its column's heading on a phone."""
    return (
        '<td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
        f'aria-hidden="true">{heading} </span>{content}</td>'
    )


def _row_format(shows_project):
    link_and_detail = '<a href="{%s_url}">{%s}</a><br><span class="nhsuk-body-s">{%s}</span>'
    project = _cell("Project", link_and_detail % ("project", "project", "site"))
    return (
        '<tr class="nhsuk-table__row">'
        + _cell("Measure", link_and_detail % ("measure", "measure", "about"))
        + (project if shows_project else "")
        + _cell("Latest value", "{latest}")
        + _cell("Target", "{target}")
        + _cell("Variation", "{variation}")
        + _cell("Assurance", "{assurance}")
        + _cell("Recent values", "{sparkline}")
        + _cell("Reading", "{reading}")
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
def measure_summary_row(row, shows_project):
    """A row of the table (measure_summary_pages.SummaryRow)."""
    measure = row.measure
    sparkline = row.sparkline
    if sparkline:
        last = sparkline.last
        drawn = _html(
            SPARKLINE_AND_WORDS,
            sparkline.line,
            last["x"],
            last["y"],
            last["colour"],
            row.sparkline_words,
        )
    else:
        drawn = "No data yet"
    return _html(
        ROW[shows_project],
        measure_url=row.measure_url,
        measure=measure.name,
        about=row.about,
        project_url=row.project_url,
        project=measure.project_title,
        site=measure.site,
        latest=row.latest,
        target=row.target,
        variation=_variation_icon_list(measure.variation),
        assurance=_assurance_icon_list(measure.assurance),
        sparkline=drawn,
        reading=row.reading,
    )


COUNT_LINK = '<a href="{}"{}>{}<span class="nhsuk-u-visually-hidden"> measure{}: {}, {}</span></a>'
CURRENT = mark_safe(' aria-current="true"')


@register.simple_tag
def matrix_cells(row):
    """A row of the count of variation against assurance (measure_summary_pages.MatrixRow):
    each count but 0 links to the measures it counts."""
    return mark_safe(
        "".join(
            _html(
                LABELLED_NUMERIC_CELL,
                cell.column,
                _html(
                    COUNT_LINK,
                    cell.url,
                    CURRENT if cell.current else "",
                    cell.count,
                    pluralize(cell.count),
                    row.heading,
                    cell.column,
                )
                if cell.count
                else 0,
            )
            for cell in row.cells
        )
    )
