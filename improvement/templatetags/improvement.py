from html import escape

from django import template
from django.template.defaultfilters import linebreaksbr
from django.urls import reverse
from django.utils import dateformat, timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import capfirst

from core.links import url_with_key
from core.presenters import name_from_columns, person_name, summary_row
from goals.periods import year_label

from .. import chart_markup, presenters
from ..chart_words import variation_icon
from ..charts import Sparkline
from ..models import Idea, Measure, PDSACycle, ProgressScore, Project

register = template.Library()


@register.filter
def status_tag(record):
    """An idea's or project's status as an NHS.UK tag."""
    return presenters.status_tag(type(record), record.status)


register.filter("person", person_name)

# The tags below write the repeated rows of the dashboard's and a measure page's charts and
# tables: written by the template, their thousands of cells cost more than everything else
# on the page. Only their texts are escaped (by the standard library's escape, which writes
# what Django's does): their numbers are written as they are, as format_html wrote them.

NUMERIC_CELL = '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">{}</td>'
# A responsive table's cell of a number: on a phone each cell shows its column's heading.
LABELLED_NUMERIC_CELL = (
    '<td class="nhsuk-table__cell nhsuk-table__cell--numeric">'
    '<span class="nhsuk-table-responsive__heading" aria-hidden="true">{} </span>{}</td>'
)
LABELLED_NUMERIC_CELL_START = LABELLED_NUMERIC_CELL.removesuffix("{}</td>")


@register.simple_tag
def numeric_cells(counts):
    """A table row's cells of numbers."""
    return mark_safe("".join(map(NUMERIC_CELL.format, counts)))


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
    column = escape(capfirst(heading))
    # Every row counts the same months: each cell's markup up to its count is written once.
    cell_starts = [
        LABELLED_NUMERIC_CELL_START.format(escape(month))
        for month, _ in (rows[0].months if rows else [])
    ]

    def name(row):
        if row.url is None:
            return escape(row.label)
        return f'<a href="{escape(row.url)}">{escape(row.label)}</a>'

    def cells(row):
        months = zip(cell_starts, row.months, strict=True)
        return "".join([f"{start}{count}</td>" for start, (_, count) in months])

    return mark_safe(
        "".join([CARD_TABLE_ROW.format(column, name(row), cells(row), row.total) for row in rows])
    )


CHART_BAR = (
    '<rect class="portal-chart__bar" x="{}" y="{}" width="{}" height="{}">'
    "<title>{}: {}</title></rect>"
)


@register.simple_tag
def chart_bars(chart):
    """A MonthlyBarChart's bars, each titled with its month and count."""
    return mark_safe(
        "".join(
            [
                CHART_BAR.format(bar.x, bar.y, bar.width, bar.height, escape(bar.label), bar.value)
                for bar in chart.bars
            ]
        )
    )


CHART_TABLE_ROW = (
    f'<tr class="nhsuk-table__row"><td class="nhsuk-table__cell">{{}}</td>{NUMERIC_CELL}</tr>'
)


@register.simple_tag
def chart_table_rows(chart):
    """A MonthlyBarChart's data as table rows: the month and its count."""
    return mark_safe(
        "".join([CHART_TABLE_ROW.format(escape(bar.label), bar.value) for bar in chart.bars])
    )


# The dashboard's charts' gridlines, axis labels, legend and lines, and the cumulative
# chart's table rows, as their templates' loops wrote them (same lines and indents).
GRIDLINE = (
    '\n    <line class="portal-chart__grid" x1="{left}" x2="{right}" y1="{y}" y2="{y}"/>\n'
    '    <text class="portal-chart__axis-label" x="{label_x}" y="{y}" text-anchor="end" '
    'dominant-baseline="middle">{value}</text>\n    '
)


def _gridlines(chart, right):
    return mark_safe(
        "".join(
            [
                GRIDLINE.format(
                    left=chart.left, right=right, label_x=chart.left - 6, y=y, value=value
                )
                for y, value in chart.gridlines
            ]
        )
    )


@register.simple_tag
def month_chart_gridlines(chart):
    """A MonthlyBarChart's gridlines, each labelled with its count."""
    return _gridlines(chart, chart.width - 8)


MONTH_LABEL = '\n    <text class="portal-chart__axis-label" x="{}" y="{}">{}</text>\n    '


@register.simple_tag
def month_chart_labels(chart):
    """The months written under a MonthlyBarChart's axis."""
    y = chart.height - 20
    return mark_safe(
        "".join(
            [MONTH_LABEL.format(bar.x, y, escape(bar.short_label)) for bar in chart.labelled_bars]
        )
    )


LEGEND_ITEM = (
    '<li><svg width="32" height="12" focusable="false"><line class="portal-line {}" x1="0" '
    'x2="32" y1="6" y2="6"/></svg> {}: {}</li>'
)


@register.simple_tag
def cumulative_chart_legend(chart):
    """A CumulativeChart's legend: each line's name and its last value."""
    return mark_safe(
        "".join(
            [
                LEGEND_ITEM.format(escape(line.css_class), escape(line.name), line.last_value)
                for line in chart.lines
            ]
        )
    )


@register.simple_tag
def cumulative_chart_gridlines(chart):
    """A CumulativeChart's gridlines, each labelled with its count."""
    return _gridlines(chart, chart.plot_right)


CUMULATIVE_LINE = '\n    <polyline class="portal-line {}" points="{}" fill="none"/>\n    '


@register.simple_tag
def cumulative_chart_lines(chart):
    """A CumulativeChart's lines."""
    return mark_safe(
        "".join(
            [
                CUMULATIVE_LINE.format(escape(line.css_class), escape(line.points))
                for line in chart.lines
            ]
        )
    )


QUARTER_LABEL = (
    '\n    <text class="portal-chart__axis-label" x="{}" y="{}" text-anchor="middle">{}</text>'
    "\n    "
)


@register.simple_tag
def cumulative_chart_labels(chart):
    """The quarters written under a CumulativeChart's axis."""
    y = chart.height - 12
    return mark_safe(
        "".join([QUARTER_LABEL.format(x, y, escape(label)) for x, label in chart.axis_labels])
    )


NUMERIC_HEADER = '<th scope="col" class="nhsuk-table__header nhsuk-table__header--numeric">{}</th>'


@register.simple_tag
def numeric_headers(names):
    """A table's headers of columns of numbers."""
    return mark_safe("".join([NUMERIC_HEADER.format(escape(name)) for name in names]))


QUARTER_ROW = (
    '\n          <tr class="nhsuk-table__row">\n'
    '            <th scope="row" class="nhsuk-table__header">{}</th>\n'
    "            {}{}\n"
    f"            {NUMERIC_CELL}\n"
    "          </tr>\n          "
)


@register.simple_tag
def trained_quarter_rows(quarters):
    """The rows of the table of colleagues trained (training.selectors.TrainedQuarter): by
    course, by site and in all at the end of each quarter."""
    return mark_safe(
        "".join(
            [
                QUARTER_ROW.format(
                    escape(quarter.label),
                    numeric_cells(quarter.by_course),
                    numeric_cells(quarter.by_site),
                    quarter.colleagues,
                )
                for quarter in quarters
            ]
        )
    )


SIGNAL_ITEM = '\n      <li><a href="{}">{}</a><br>{}</li>\n      '


@register.simple_tag
def signal_items(signals):
    """The dashboard's latest special cause signals (selectors.SIGNAL_COLUMNS): each
    measure's project, linking to the measure, and its sparkline."""
    measure_url = url_with_key("improvement:measure")
    return mark_safe(
        "".join(
            [
                SIGNAL_ITEM.format(
                    measure_url(measure.pk),
                    escape(measure.project_title),
                    measure_sparkline(measure),
                )
                for measure in signals
            ]
        )
    )


LABELLED_COUNT_ROW = (
    '<tr class="nhsuk-table__row"><th scope="row" class="nhsuk-table__header">{}</th>'
    f"{NUMERIC_CELL}</tr>"
)


@register.simple_tag
def labelled_count_rows(rows):
    """Rows of a table of counts from (value, label, count): the dashboard's measures by
    variation and by assurance."""
    return mark_safe(
        "".join([LABELLED_COUNT_ROW.format(escape(label), count) for _, label, count in rows])
    )


INEQUALITIES_ROW = (
    '\n        <tr class="nhsuk-table__row">\n'
    '          <th scope="row" class="nhsuk-table__header">{}</th>\n'
    f"          {NUMERIC_CELL}\n          {NUMERIC_CELL}\n"
    "        </tr>\n        "
)


@register.simple_tag
def inequalities_rows(rows):
    """The dashboard's rows of ideas and projects by their expected effect on health
    inequalities (selectors.inequalities_counts)."""
    return mark_safe(
        "".join(
            [
                INEQUALITIES_ROW.format(escape(label), ideas, projects)
                for label, ideas, projects in rows
            ]
        )
    )


COHORT_ITEM = (
    '\n    <li><a href="{url}">{course}: {name}</a><br>{site}, starts {starts}: {free} of '
    "{capacity} place{plural} free</li>\n    "
)


@register.simple_tag
def cohort_items(cohorts):
    """The dashboard's next cohorts with free places
    (training.selectors.upcoming_cohorts_with_free_places): each one's course and name,
    linking to its page, its site, when it starts and its places free."""
    cohort_url = url_with_key("training:cohort")
    return mark_safe(
        "".join(
            [
                COHORT_ITEM.format(
                    url=cohort_url(cohort.pk),
                    course=escape(cohort.course_name),
                    name=escape(cohort.name),
                    site=escape(cohort.site_name),
                    starts=dateformat.format(cohort.starts_on, "j F Y"),
                    free=cohort.free_places,
                    capacity=cohort.capacity,
                    plural="" if cohort.capacity == 1 else "s",
                )
                for cohort in cohorts
            ]
        )
    )


# The dashboard's tables of figures by site and by objective: a linked name and three
# counts a row, indented as the template's loop wrote them.
FIGURES_ROW = (
    '\n        <tr class="nhsuk-table__row">\n'
    '          <th scope="row" class="nhsuk-table__header"><a href="{}">{}</a></th>\n'
    f"          {NUMERIC_CELL}\n          {NUMERIC_CELL}\n          {NUMERIC_CELL}\n"
    "        </tr>\n        "
)


@register.simple_tag
def site_figure_rows(rows):
    """The dashboard's rows of figures by site (selectors.SiteFigures), each site's name
    leading to the summary of its measures."""
    summary_url = url_with_key("improvement:site_measure_summary")
    return mark_safe(
        "".join(
            [
                FIGURES_ROW.format(
                    summary_url(row.pk), escape(row.name), row.ideas, row.in_progress, row.completed
                )
                for row in rows
            ]
        )
    )


@register.simple_tag
def objective_figure_rows(rows):
    """The dashboard's rows of figures by objective (selectors.ObjectiveFigures), each
    objective's name leading to its page."""

    def page_url(row):
        # Its year is a financial year in the URL: reversed for each of the few shown.
        arguments = {"slug": row.organisation_slug, "year": row.year, "number": row.number}
        return reverse("goals:objective", kwargs=arguments)

    def name(row):
        return f"{row.organisation_short_name} {year_label(row.year)} objective {row.number}"

    return mark_safe(
        "".join(
            [
                FIGURES_ROW.format(
                    escape(page_url(row)),
                    escape(name(row)),
                    row.ideas,
                    row.in_progress,
                    row.completed,
                )
                for row in rows
            ]
        )
    )


@register.simple_tag
def spc_svg(geometry, measure, sentence):
    """A measure's chart as its page draws it, in one of its layouts (chart_markup.spc_svg)."""
    return chart_markup.spc_svg(geometry, measure=measure, sentence=sentence)


@register.simple_tag
def spc_value_rows(rows, with_denominators):
    """A measure's chart's values as its page's table rows (chart_markup.value_rows)."""
    return chart_markup.value_rows(rows, with_denominators=with_denominators)


SPARKLINE_SVG = (
    f'<svg class="portal-sparkline" width="{Sparkline.width}" height="{Sparkline.height}" '
    f'viewBox="0 0 {Sparkline.width} {Sparkline.height}" aria-hidden="true" focusable="false">'
    '<polyline points="{}" fill="none" stroke="#768692" stroke-width="1.5"/>'
    '<circle cx="{}" cy="{}" r="3.5" fill="{}"/></svg>'
)


def sparkline_svg(sparkline):
    """A Sparkline as SVG, hidden from screen readers: the page says what it shows. Its
    numbers and colour are written as they are (format_html's checks cost a list of
    projects some 1,800 function calls)."""
    last = sparkline.last
    return SPARKLINE_SVG.format(escape(sparkline.line), last["x"], last["y"], last["colour"])


SPARKLINE_GROUP = (
    '\n<span class="portal-sparkline-group">\n  {}\n  <span class="nhsuk-body-s">{}: {}</span>\n'
    "</span>\n\n"
)
MEASURE_WITHOUT_DATA = '\n<span class="nhsuk-body-s">{}: no data yet</span>\n\n'
NO_MEASURES = mark_safe('\n<span class="nhsuk-body-s">No measures yet</span>\n\n')


@register.simple_tag
def measure_sparkline(measure):
    """A measure's latest values as a sparkline with its variation's words, from what the
    measure keeps of its chart (a Measure, or a row of selectors.SPARKLINE_COLUMNS); or
    that it has no data yet, or that there is no measure (None)."""
    if measure is None:
        return NO_MEASURES
    sparkline = Sparkline.kept_by(measure)
    if sparkline is None:
        return mark_safe(MEASURE_WITHOUT_DATA.format(escape(measure.name)))
    icon = variation_icon(measure.variation)
    return mark_safe(
        SPARKLINE_GROUP.format(
            sparkline_svg(sparkline), escape(measure.name), escape(icon["words"]) if icon else ""
        )
    )


# The idea and project lists' rows, written here rather than by the template's loop for the
# same reason as the charts' rows above; their texts escaped by the standard library's
# escape, as in measure_summary.py. The spaces between them are the loop's that wrote them.


def responsive_cell(heading, content):
    """A table cell that shows its column's heading on a phone."""
    return (
        '<td class="nhsuk-table__cell"><span class="nhsuk-table-responsive__heading" '
        f'aria-hidden="true">{heading} </span>{content}</td>'
    )


def _row_format(indent, cells):
    """A row of the given cells, its lines indented as the template's were."""
    inner = "".join(f"\n{indent}  {cell}" for cell in cells)
    return f'\n{indent}<tr class="nhsuk-table__row">{inner}\n{indent}</tr>\n{indent}'


IDEA_ROW = _row_format(
    "    ",
    [
        responsive_cell(
            "Idea",
            '<a href="{url}">{title}</a><br><span class="nhsuk-body-s">'
            '<span class="portal-reference">IDEA-{pk:05d}</span></span>',
        ),
        responsive_cell("Site", "{site}, {ward}"),
        responsive_cell("Submitted", "{submitted}"),
        responsive_cell("Status", "{status}"),
    ],
)


@register.simple_tag
def idea_table_rows(ideas):
    """The rows of a table of ideas (selectors.idea_rows)."""
    idea_url = url_with_key("improvement:idea")
    return mark_safe(
        "".join(
            IDEA_ROW.format(
                url=idea_url(idea.pk),
                title=escape(idea.title),
                pk=idea.pk,
                site=escape(idea.site__short_name),
                ward=escape(idea.ward),
                submitted=dateformat.format(timezone.localtime(idea.created_at), "j M Y"),
                status=presenters.status_tag(Idea, idea.status),
            )
            for idea in ideas
        )
    )


PROJECT_ROW = _row_format(
    "        ",
    [
        responsive_cell(
            "Project",
            '<a href="{url}">{title}</a><br><span class="nhsuk-body-s">{site}, {ward}. '
            "Lead: {lead}</span>",
        ),
        responsive_cell("Phase", "{phase}"),
        responsive_cell("Progress score", "{score}"),
        responsive_cell("Main measure", "{measure}"),
        responsive_cell("Status", "{status}"),
    ],
)
PHASE_LABELS = dict(Project.Phase.choices)


@register.simple_tag
def project_table_rows(rows):
    """The project list's rows (selectors.project_rows): each project with its lead measure."""
    project_url = url_with_key("improvement:project")
    return mark_safe(
        "".join(
            PROJECT_ROW.format(
                url=project_url(project.pk),
                title=escape(project.title),
                site=escape(project.site__short_name),
                ward=escape(project.ward),
                lead=escape(
                    name_from_columns(
                        project.lead__first_name, project.lead__last_name, project.lead__username
                    )
                ),
                phase=escape(PHASE_LABELS.get(project.phase, project.phase)),
                score=escape(project.progress_score),
                measure=measure_sparkline(measure),
                status=presenters.status_tag(Project, project.status),
            )
            for project, measure in rows
        )
    )


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


# The ideas and projects serving an objective, on its page (selectors.objective_programme):
# its lists' items, written here as the lists' rows are above.

OBJECTIVE_IDEA_ITEM = (
    '\n    <li><a href="{url}">{title}</a> {status}<br><span class="nhsuk-body-s">'
    '<span class="portal-reference">IDEA-{pk:05d}</span>, {site}</span></li>\n    '
)


@register.simple_tag
def objective_idea_items(ideas):
    """The items of an objective's list of ideas (selectors.idea_rows)."""
    idea_url = url_with_key("improvement:idea")
    return mark_safe(
        "".join(
            OBJECTIVE_IDEA_ITEM.format(
                url=idea_url(idea.pk),
                title=escape(idea.title),
                status=presenters.status_tag(Idea, idea.status),
                pk=idea.pk,
                site=escape(idea.site__short_name),
            )
            for idea in ideas
        )
    )


OBJECTIVE_PROJECT_ITEM = (
    '\n    <li><a href="{url}">{title}</a> {status}<br><span class="nhsuk-body-s">{site}, '
    "{ward}</span><br>{measure}</li>\n    "
)


@register.simple_tag
def objective_project_items(rows):
    """The items of an objective's list of projects (selectors.project_rows): each project
    with its lead measure's sparkline."""
    project_url = url_with_key("improvement:project")
    return mark_safe(
        "".join(
            OBJECTIVE_PROJECT_ITEM.format(
                url=project_url(project.pk),
                title=escape(project.title),
                status=presenters.status_tag(Project, project.status),
                site=escape(project.site__short_name),
                ward=escape(project.ward),
                measure=measure_sparkline(measure),
            )
            for project, measure in rows
        )
    )


# A project's page's repeated parts: its measures, PDSA cycles and progress scores, written
# here for the same reason as the lists' rows above.

PROJECT_MEASURE_ROW = _row_format(
    "    ",
    [
        responsive_cell("Measure", '<a href="{url}">{name}</a>'),
        responsive_cell("Type", "{kind}"),
        responsive_cell("Chart", "{sparkline}"),
    ],
)
MEASURE_KIND_LABELS = dict(Measure.Kind.choices)


@register.simple_tag
def project_measure_rows(measures):
    """The rows of a project's table of measures (selectors.project_measures)."""
    measure_url = url_with_key("improvement:measure")
    return mark_safe(
        "".join(
            PROJECT_MEASURE_ROW.format(
                url=measure_url(measure.pk),
                name=escape(measure.name),
                kind=escape(MEASURE_KIND_LABELS.get(measure.kind, measure.kind)),
                sparkline=measure_sparkline(measure),
            )
            for measure in measures
        )
    )


ACT_LABELS = dict(PDSACycle.Act.choices)


def pdsa_dates(cycle):
    """When a PDSA cycle ran, and what was decided."""
    ended = (
        f" to {dateformat.format(cycle.end_date, 'j F Y')}" if cycle.end_date else ", in progress"
    )
    act = (
        f". Decision: <strong>{escape(ACT_LABELS.get(cycle.act, cycle.act))}</strong>"
        if cycle.act
        else ""
    )
    return f"{dateformat.format(cycle.start_date, 'j F Y')}{ended}{act}"


@register.simple_tag
def pdsa_cycle_cards(cycles, project_pk, can_manage):
    """A project's PDSA cycles (selectors.project_pdsa_cycles), numbered in order; a lead
    (`can_manage`) is offered to change each."""
    cards = []
    for number, cycle in enumerate(cycles, start=1):
        change_idea = escape(cycle.change_idea)
        rows = "\n      ".join(
            summary_row(key, value)
            for key, value in [
                ("Plan", cycle.plan),
                ("Prediction", cycle.prediction),
                ("Do", cycle.do),
                ("Study", cycle.study),
            ]
        )
        change = (
            '<p class="nhsuk-body-s"><a href="'
            f'{reverse("improvement:pdsa_edit", args=[project_pk, cycle.pk])}">Change this cycle'
            f'<span class="nhsuk-u-visually-hidden">: {change_idea}</span></a></p>'
            if can_manage
            else ""
        )
        cards.append(
            f'\n<div class="nhsuk-card" id="pdsa-{cycle.pk}">\n'
            '  <div class="nhsuk-card__content">\n'
            '    <h3 class="nhsuk-card__heading nhsuk-heading-s">'
            f"Cycle {number}: {change_idea}</h3>\n"
            f'    <p class="nhsuk-body-s">{pdsa_dates(cycle)}</p>\n'
            '    <dl class="nhsuk-summary-list nhsuk-summary-list--no-border">\n'
            f"      {rows}\n"
            "    </dl>\n"
            f"    {change}\n"
            "  </div>\n"
            "</div>\n"
        )
    return mark_safe("".join(cards))


SCORE_LABELS = dict(ProgressScore.choices)


@register.simple_tag
def score_change_rows(changes):
    """The rows of a project's history of progress scores (selectors.project_score_changes)."""
    return mark_safe(
        "".join(
            '\n    <tr class="nhsuk-table__row">\n'
            '      <td class="nhsuk-table__cell">'
            f"{dateformat.format(timezone.localtime(change.created_at), 'j M Y')}</td>\n"
            '      <td class="nhsuk-table__cell">'
            f"{escape(SCORE_LABELS.get(change.score, change.score))}</td>\n"
            '      <td class="nhsuk-table__cell">'
            + escape(
                name_from_columns(
                    change.recorded_by__first_name,
                    change.recorded_by__last_name,
                    change.recorded_by__username,
                )
            )
            + "</td>\n"
            f'      <td class="nhsuk-table__cell">{linebreaksbr(change.note)}</td>\n'
            "    </tr>\n"
            "    "
            for change in changes
        )
    )
