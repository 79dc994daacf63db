"""A measure's SPC chart as SVG (from charts.ChartGeometry), as its page draws it for a
phone and for a wider screen and its download draws it standing alone, and the chart's
values as the rows of the page's table.

Written in Python rather than as template loops over the chart's points, ticks and lines:
each value the template engine wrote cost a dozen function calls (resolving, localizing,
escaping), and the page's two drawings and table of 52 values cost about 60,000 of its
98,000 calls. The markup is the templates' (whitespace between tags apart). A number is
written as Python writes it ("290", "152.5"), as the templates localized it with no
thousands separator; every text is escaped.
"""

from html import escape

from django.utils.safestring import mark_safe

from .chart_words import POINT_KIND_WORDS, format_number
from .charts import Step

# The page's stylesheet does not travel with a downloaded file: its rules for the chart.
STANDALONE_STYLE = """<style>
    svg { font-family: Arial, Helvetica, sans-serif; background: #fff; }
    .portal-chart__grid { stroke: #d8dde0; stroke-width: 1; }
    .portal-spc__axis-label { fill: #4c6272; }
    .portal-spc__line { fill: none; stroke: #a6a6a6; stroke-width: 1.5; }
    .portal-spc__limit { stroke: #768692; stroke-width: 1.5; stroke-dasharray: 3 3; }
    .portal-spc__break { stroke: #212b32; stroke-width: 1; stroke-dasharray: 2 4; }
    .portal-spc__marker line { stroke: #005eb8; stroke-width: 1.5; }
    .portal-spc__marker text { fill: #005eb8; font-weight: 600; }
    .portal-spc__line-label { font-weight: 600; }
    .portal-spc__note { fill: #212b32; font-weight: 700; }
  </style>"""


def spc_svg(g, *, measure, sentence, standalone=False):
    """The chart a ChartGeometry lays out, titled with the measure's name and the sentence
    that says what it shows. On the page it takes its size and styles from the stylesheet;
    `standalone`, it carries them itself."""
    label_id = f"{g.title_id}-{measure.pk}"
    if standalone:
        opening = f'<svg xmlns="http://www.w3.org/2000/svg" width="{g.width}" height="{g.height}" '
        told = ""
    else:
        opening = f'<svg class="portal-spc__svg portal-spc__svg--{g.layout.name}" '
        told = " The values are in the table below."
    parts = [
        f'{opening}viewBox="0 0 {g.width} {g.height}" font-size="{g.font}" role="img" '
        f'aria-labelledby="{label_id}" preserveAspectRatio="xMinYMin meet">',
        f'<title id="{label_id}">{escape(measure.name)}: {escape(sentence)}{told}</title>',
    ]
    if standalone:
        parts += [STANDALONE_STYLE, f'<rect width="{g.width}" height="{g.height}" fill="#fff"/>']
    left, right, top, baseline = g.left, g.plot_right, g.top, g.baseline
    for y, label in g.y_ticks:
        parts.append(
            f'<line class="portal-chart__grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}"/>'
            f'<text class="portal-spc__axis-label" x="{left - 6}" y="{y}" text-anchor="end" '
            f'dominant-baseline="middle">{escape(label)}</text>'
        )
    date_y = baseline + g.font + 6
    for x, label in g.x_ticks:
        parts.append(
            f'<text class="portal-spc__axis-label" x="{x}" y="{date_y}" '
            f'text-anchor="middle">{escape(label)}</text>'
        )
    if measure.unit:
        parts.append(
            f'<text class="portal-spc__axis-label" x="4" y="{g.font}">{escape(measure.unit)}</text>'
        )
    for x in g.breaks:
        parts.append(
            f'<line class="portal-spc__break" x1="{x}" x2="{x}" y1="{top}" y2="{baseline}"/>'
        )
    for marker in g.markers:
        x = marker.x
        label = (
            f'<text x="{x}" y="{top - 6}" text-anchor="middle">{escape(marker.label)}</text>'
            if marker.label
            else ""
        )
        parts.append(
            f'<g class="portal-spc__marker"><title>{escape(marker.title)}</title>'
            f'<line x1="{x}" x2="{x}" y1="{top}" y2="{baseline}"/>{label}</g>'
        )
    for level in g.upper_limits + g.lower_limits:
        parts.append(_limit(level))
    for segment in g.means:
        parts.append(
            f'<line x1="{segment.x1}" x2="{segment.x2}" y1="{segment.y}" y2="{segment.y}" '
            f'stroke="{g.mean_colour}" stroke-width="1.5"/>'
        )
    target_y = g.target_y
    if target_y is not None:
        parts.append(
            f'<line x1="{left}" x2="{right}" y1="{target_y}" y2="{target_y}" '
            f'stroke="{g.target_colour}" stroke-width="1.5" stroke-dasharray="6 4"/>'
        )
    for label in g.line_labels:
        parts.append(
            f'<text class="portal-spc__line-label" x="{right + 4}" y="{label.y}" '
            f'dominant-baseline="middle" fill="{label.colour}">{escape(label.text)}</text>'
        )
    parts.append(f'<polyline class="portal-spc__line" points="{g.line}"/>')
    for point in g.points:
        parts.append(
            f'<circle cx="{point.x}" cy="{point.y}" r="4" fill="{point.colour}">'
            f"<title>{escape(point.label)}</title></circle>"
        )
        if point.noted:
            parts.append(
                f'<text class="portal-spc__note" x="{point.x}" y="{point.y}" dy="-9" '
                'text-anchor="middle" aria-hidden="true">*</text>'
            )
    return mark_safe("\n  ".join(parts) + "\n</svg>")


def _limit(level):
    """A process limit: a level line, or steps where it varies from point to point."""
    if isinstance(level, Step):
        return f'<path class="portal-spc__limit" d="{level.path}" fill="none"/>'
    return (
        f'<line class="portal-spc__limit" x1="{level.x1}" x2="{level.x2}" y1="{level.y}" '
        f'y2="{level.y}"/>'
    )


CELL = '<td class="nhsuk-table__cell">'
NUMERIC_CELL = '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">'


def value_rows(rows, *, with_denominators):
    """The chart's values as table rows (record_pages.measure_chart_page's `rows`): each
    period's value (with its denominator and the plotted proportion or rate for a chart
    that has them), centre line, limits, signal, and its note with what the chart marks
    from it (row_annotations)."""
    written = []
    for data_point, point, annotations in rows:
        period = data_point.period
        given = (
            f"{NUMERIC_CELL}{format_number(data_point.value)}</td>"
            f"{NUMERIC_CELL}{format_number(data_point.denominator)}</td>"
            if with_denominators
            else ""
        )
        if point.upl is None and point.lpl is None:
            limits = "None"
        else:
            limits = f"{format_number(point.lpl)} to {format_number(point.upl)}"
        notes = [data_point.note, *annotations] if data_point.note else annotations
        written.append(
            f'<tr class="nhsuk-table__row">{CELL}{period.day} {period:%b %Y}</td>{given}'
            f"{NUMERIC_CELL}{format_number(point.value)}</td>"
            f"{NUMERIC_CELL}{format_number(point.mean)}</td>"
            f"{NUMERIC_CELL}{limits}</td>"
            f"{CELL}{POINT_KIND_WORDS[point.kind]}</td>"
            f"{CELL}{'<br>'.join(map(escape, notes))}</td></tr>"
        )
    return mark_safe("\n".join(written))
