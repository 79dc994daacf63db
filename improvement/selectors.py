"""Reads of the improvement programme, each in a fixed number of queries."""

import datetime
from bisect import bisect_left
from collections import Counter

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404

from core.caching import kept_rollup
from core.search import RowSearch
from goals.models import Objective, Site
from people.selectors import people_in_name_order, staff_options
from training.selectors import cohort_search_page, cohorts_for_project, wards_for_project
from values import selectors as values_selectors
from values.models import Behaviour, Value

from . import spc, tallies
from .models import (
    HealthInequalitiesEffect,
    Idea,
    Measure,
    PDSACycle,
    Project,
    Rebase,
)
from .querysets import IDEA_TEXT, MEASURE_TEXT, PROJECT_TEXT, SEARCH_DOCUMENT, idea_number


def idea_for_page(pk):
    queryset = Idea.objects.select_related(
        "site", "submitted_by", "merged_into", "project"
    ).prefetch_related(
        "objectives__strategy__organisation",
        "status_changes__changed_by",
        "merged_ideas",
        "messages__author",
    )
    return get_object_or_404(queryset, pk=pk)


def ideas_for_list():
    """Every idea, with what a list row or a CSV line shows of its site and submitter; the
    lists and their CSVs filter it (filters.IdeaFilter)."""
    return Idea.objects.for_list()


# What a list's row shows of an idea (templatetags/improvement.py's idea_table_rows).
IDEA_ROW_COLUMNS = ("pk", "title", "ward", "status", "created_at", "site__short_name")


def idea_rows(ideas):
    """The ideas' rows in a list, read as named rows of IDEA_ROW_COLUMNS rather than as
    records with their sites and submitters (whom the rows do not show): building the
    records cost more than reading them."""
    return ideas.values_list(*IDEA_ROW_COLUMNS, named=True)


def similar_ideas(*, title, problem):
    """Ideas like the one being submitted, most alike first: shown before it is saved, so
    that a duplicate is spotted."""
    return list(Idea.objects.for_list().similar_to(f"{title} {problem}"))


def get_idea(pk):
    return get_object_or_404(Idea, pk=pk)


def idea_for_triage(pk):
    """The idea a lead triages, with its site (a supported idea's project takes it)."""
    return get_object_or_404(Idea.objects.select_related("site"), pk=pk)


def follows(user, idea):
    return idea.followers.filter(pk=user.pk).exists()


def projects_for_list():
    """Every project, with its site and lead; the lists and their CSVs filter it."""
    return Project.objects.for_list()


# What the project list's row shows of a project (templatetags/improvement.py's
# project_table_rows).
PROJECT_ROW_COLUMNS = (
    "pk",
    "title",
    "ward",
    "phase",
    "progress_score",
    "status",
    "site__short_name",
    "lead__first_name",
    "lead__last_name",
    "lead__username",
)


def project_rows(projects):
    """The projects' rows in the project list, read as named rows of PROJECT_ROW_COLUMNS
    rather than as records, each with its lead measure (lead_measures)."""
    return lead_measures(projects.values_list(*PROJECT_ROW_COLUMNS, named=True))


def get_project(pk):
    """The project, with its site, which its forms name."""
    return get_object_or_404(Project.objects.select_related("site"), pk=pk)


def charter_cohorts(project, *, site=None, start_date=None):
    """The QSIR cohorts a project's charter may name: those at the site, and around the start
    date, given (as the charter form has them before saving) or else saved, with the cohort it
    names already (training.selectors.cohorts_for_project)."""
    return cohorts_for_project(
        site=site or project.site_id,
        start_date=start_date or project.start_date,
        keep=project.cohort_id,
    )


def charter_people(project, *, staff):
    """The people a project's charter shows, its lead, its sponsor and its team, of `staff`
    (the active staff its pickers choose among, people.selectors.active_staff), as its
    pickers show them (people.selectors.staff_options); and the ids of those on its team.
    Two queries: one asking for people by id or by team membership at once has PostgreSQL
    read every member of staff."""
    team = set(project.team.through.objects.filter(project=project).values_list("user", flat=True))
    people = staff_options(staff.filter(pk__in=[project.lead_id, project.sponsor_id, *team]))
    return people, [person["id"] for person in people if person["id"] in team]


def charter_wards(project, *, site):
    """The programme's wards a project's charter may name: those at the site the charter has
    (as the form has it before saving), with the ward it names already while that site is the
    one saved (the form refuses it if it is elsewhere, rather than dropping it unseen)."""
    keep = project.programme_ward_id if site.pk == project.site_id else None
    return wards_for_project(site=site, keep=keep)


def charter_cohort_search(project, query, *, site=None, start_date=None):
    """The first few of the cohorts a project's charter may name that the query finds, and
    whether more do: its cohort picker's suggestions."""
    return cohort_search_page(query, charter_cohorts(project, site=site, start_date=start_date))


def get_pdsa_cycle(project, pk):
    """One of the project's PDSA cycles (404 for another project's)."""
    return get_object_or_404(PDSACycle, pk=pk, project=project)


def get_measure(project, pk):
    """One of the project's measures (404 for another project's)."""
    return get_object_or_404(Measure, pk=pk, project=project)


def get_rebase(*, measure_pk, pk):
    """One of the measure's rebases, with the measure (404 for another measure's)."""
    return get_object_or_404(Rebase.objects.select_related("measure"), pk=pk, measure=measure_pk)


def projects_linked(**link):
    """The projects linked to a QSIR cohort (`cohort=`) or a programme ward
    (`programme_ward=`), with what their lists show."""
    return list(Project.objects.filter(**link).select_related("site", "lead"))


def project_heading(pk):
    """What a project's page shows outside its cached part: it exists, its title, its phase."""
    return get_object_or_404(Project.objects.only("pk", "title", "phase"), pk=pk)


def project_for_page(pk):
    queryset = Project.objects.select_related(
        "site", "lead", "sponsor", "idea", "cohort__course", "programme_ward__site"
    ).prefetch_related(
        Prefetch("team", queryset=people_in_name_order()),
        "objectives__strategy__organisation",
        "measures",
        "pdsa_cycles",
        "score_changes__recorded_by",
    )
    return get_object_or_404(queryset, pk=pk)


# What the site search shows of an idea, a project and a measure (the tags of
# strategy_portal's search_results). Each table keeps its searched columns' words in
# SEARCH_DOCUMENT on PostgreSQL.
FOUND_IDEA_COLUMNS = ("pk", "title", "ward", "status", "site__short_name")
FOUND_PROJECT_COLUMNS = ("pk", "title", "ward", "status", "site__short_name")
FOUND_PROGRAMME = {
    "ideas": RowSearch(
        Idea.objects.all, IDEA_TEXT, FOUND_IDEA_COLUMNS, stored_document=SEARCH_DOCUMENT
    ),
    "projects": RowSearch(
        Project.objects.all, PROJECT_TEXT, FOUND_PROJECT_COLUMNS, stored_document=SEARCH_DOCUMENT
    ),
    "measures": RowSearch(
        Measure.objects.all,
        MEASURE_TEXT,
        ("pk", "name", "kind", "project__title"),
        stored_document=SEARCH_DOCUMENT,
    ),
}


def search_programme(query, limit):
    """Ideas, projects and measures for the site search: an idea's reference finds the idea
    and its project; otherwise those holding every word of the query, best first."""
    if idea_number(query) is not None:
        return {
            "ideas": list(Idea.objects.search(query).values_list(*FOUND_IDEA_COLUMNS, named=True)),
            "projects": list(
                Project.objects.search(query).values_list(*FOUND_PROJECT_COLUMNS, named=True)
            ),
            "measures": [],
        }
    return {kind: search(query, limit) for kind, search in FOUND_PROGRAMME.items()}


def ideas_of(user):
    """The ideas a member of staff submitted or follows, newest first."""
    return Idea.objects.for_list().submitted_or_followed_by(user)


def totals_by(rows, key):
    """The tallies' counts added up for each value of key(row)."""
    totals = Counter()
    for row in rows:
        totals[key(row)] += row.count
    return totals


def status_counts(rows, choices):
    """[(value, label, count)] for every status, zero included, in the choices' order."""
    counts = totals_by(rows, lambda row: row.status)
    return [(value, label, counts[value]) for value, label in choices]


def programme_figures(idea_rows, project_rows):
    """The programme's headline figures from the tallies of (already filtered) records."""
    reducing = tallies.EFFECTS.index(HealthInequalitiesEffect.REDUCES)

    def total(rows, condition=lambda row: True):
        return sum(row.count for row in rows if condition(row))

    def projects_in(status):
        return total(project_rows, lambda row: row.status == status)

    return {
        "ideas": {
            "received": total(idea_rows),
            "under_review": total(idea_rows, lambda row: row.status == Idea.Status.UNDER_REVIEW),
            "involving_patients": sum(row.involving_patients for row in idea_rows),
            "reducing_inequalities": sum(row.by_effect[reducing] for row in idea_rows),
        },
        "projects": {
            "total": total(project_rows),
            "in_progress": projects_in(Project.Status.IN_PROGRESS),
            "completed": projects_in(Project.Status.COMPLETED),
            "on_hold": projects_in(Project.Status.ON_HOLD),
            "stopped": projects_in(Project.Status.STOPPED),
            "involving_patients": sum(row.involving_patients for row in project_rows),
            "reducing_inequalities": sum(row.by_effect[reducing] for row in project_rows),
        },
    }


def inequalities_counts(idea_rows, project_rows):
    """[(effect, ideas, projects)] for each expected effect on health inequalities."""

    def by_effect(rows):
        totals = [0] * len(tallies.EFFECTS)
        for row in rows:
            totals = [total + count for total, count in zip(totals, row.by_effect, strict=True)]
        return totals

    return list(
        zip(
            HealthInequalitiesEffect.labels,
            by_effect(idea_rows),
            by_effect(project_rows),
            strict=True,
        )
    )


def _in_progress_and_completed(rows, key):
    counts = {}
    for row in rows:
        in_progress, completed = counts.get(key(row), (0, 0))
        counts[key(row)] = (
            in_progress + (row.count if row.status == Project.Status.IN_PROGRESS else 0),
            completed + (row.count if row.status == Project.Status.COMPLETED else 0),
        )
    return counts


def figures_by_site(idea_rows, project_rows):
    ideas = totals_by(idea_rows, lambda row: row.site)
    projects = _in_progress_and_completed(project_rows, lambda row: row.site)
    return [
        {
            "site": site,
            "ideas": ideas[site.pk],
            "in_progress": projects.get(site.pk, (0, 0))[0],
            "completed": projects.get(site.pk, (0, 0))[1],
        }
        for site in Site.objects.all()
    ]


def figures_by_objective(idea_objective_rows, project_objective_rows):
    ideas = totals_by(idea_objective_rows, lambda row: row.objective)
    projects = _in_progress_and_completed(project_objective_rows, lambda row: row.objective)
    shown = set(ideas) | set(projects)
    return [
        {
            "objective": objective,
            "ideas": ideas[objective.pk],
            "in_progress": projects.get(objective.pk, (0, 0))[0],
            "completed": projects.get(objective.pk, (0, 0))[1],
        }
        for objective in Objective.objects.filter(pk__in=shown).select_related(
            "strategy__organisation"
        )
    ]


def ideas_per_month(idea_rows):
    """[(first day of month, count)] for months with ideas, oldest first."""
    months = totals_by(idea_rows, lambda row: row.month)
    return [(datetime.date.fromisoformat(month), count) for month, count in sorted(months.items())]


def objective_programme(objective, *, list_limit):
    """What an objective's page shows of the work serving it: counts by status, and the
    most recent ideas and projects, read as the lists read their rows (idea_rows,
    project_rows) rather than as records with their sites and people."""
    ideas = Idea.objects.filter(objectives=objective)
    projects = Project.objects.filter(objectives=objective)

    def serving(rows):
        return [row for row in rows if row.objective == objective.pk]

    return {
        "idea_counts": status_counts(
            serving(tallies.IdeaTallies().objectives), Idea.Status.choices
        ),
        "project_counts": status_counts(
            serving(tallies.ProjectTallies().objectives), Project.Status.choices
        ),
        "ideas": list(idea_rows(ideas[:list_limit])),
        "projects": project_rows(projects[:list_limit]),
    }


def rebase_indices(data_points, rebases):
    """Where each rebase starts a new phase: at its first data point. One before the first
    point or after the last changes nothing."""
    periods = [point.period for point in data_points]
    return sorted({bisect_left(periods, rebase.period) for rebase in rebases} - {0, len(periods)})


def measure_chart(measure, data_points=None, rebases=None):
    """The measure's chart of its chart type from its data points, with limits recalculated
    at rebases."""
    data_points = list(measure.data_points.all()) if data_points is None else data_points
    rebases = list(measure.rebases.all()) if rebases is None else rebases
    values = [point.value for point in data_points]
    rebase_at = rebase_indices(data_points, rebases)
    if measure.chart_type == Measure.ChartType.XMR:
        # Making Data Count's XmR chart, which measures have always drawn: spc.chart("i")
        # is qicharts2's, whose limits differ in the third decimal place.
        return spc.xmr(
            values, direction=measure.direction, target=measure.target, rebase_at=rebase_at
        )
    return spc.chart(
        measure.chart_type,
        values,
        [point.denominator for point in data_points] if measure.needs_denominators else None,
        rebase_at=rebase_at,
        direction=measure.direction,
        target=measure.target,
    )


def measure_for_page(pk):
    """A measure with its project. Its page reads its data points (data_points_of), its
    rebases and its project's PDSA cycles once each (record_pages.measure_chart_page): for
    one measure, prefetching them cost more Python than asking for them."""
    return get_object_or_404(Measure.objects.select_related("project"), pk=pk)


# What a measure's page, its chart's downloads and its CSV show of each data point.
DATA_POINT_COLUMNS = ("period", "value", "denominator", "note")


def data_points_of(measure):
    """The measure's data points, oldest first, as named rows of DATA_POINT_COLUMNS rather
    than as records: a measure's page reads up to some hundreds, each built as a record for
    the four columns its chart and table show."""
    return list(measure.data_points.values_list(*DATA_POINT_COLUMNS, named=True))


# What a list shows of a project's lead measure: its sparkline (templatetags/improvement.py's
# measure_sparkline).
SPARKLINE_COLUMNS = ("project", "name", "variation", "sparkline_points", "latest_kind")


def lead_measures(projects):
    """Each project (a record, or a row with its pk) with the measure its list row shows,
    its first in QSIR order (an outcome measure where it has one), as a named row of
    SPARKLINE_COLUMNS: what it keeps of its sparkline. Read as records, each measure's
    recent values were decoded from JSON for nothing."""
    projects = list(projects)
    measures = Measure.objects.filter(project__in=[project.pk for project in projects])
    first = {}
    for measure in measures.values_list(*SPARKLINE_COLUMNS, named=True):
        first.setdefault(measure.project, measure)
    return [(project, first.get(project.pk)) for project in projects]


def measure_verdict_counts(measure_rows):
    """How many measures show each variation and each assurance, from their tallies."""
    variation = totals_by(measure_rows, lambda row: row.variation)
    assurance = totals_by(measure_rows, lambda row: row.assurance)
    return {
        "variation": [
            (value, label, variation[value]) for value, label in Measure.Variation.choices
        ],
        "assurance": [
            (value, label, assurance[value]) for value, label in Measure.Assurance.choices
        ],
        "without_data": variation[""],
    }


def recent_signals(projects, *, limit):
    """The measures most recently changed whose charts show special cause variation."""
    return list(
        Measure.objects.filter(project__in=projects)
        .exclude(variation__in=["", Measure.Variation.COMMON_CAUSE])
        .select_related("project")
        .order_by("-updated_at", "-pk")[:limit]
    )


CARD_COUNT_KEYS = ["value", "behaviour", "site"]


def count_thank_you_cards(*, sent_from=None, sent_to=None):
    """[month, value id, behaviour id, site id, cards] for every card not hidden (sent on or
    between the days given), the ids None for a card with no behaviour or to someone whose
    site is not recorded."""
    rows = values_selectors.cards_per_month(
        site_field="recipient__staff_profile__site", sent_from=sent_from, sent_to=sent_to
    )
    return [
        [tallies.month_iso(row["month"]), row["value"], row["behaviour"], row["site"], row["count"]]
        for row in rows
    ]


CARD_TALLIES = kept_rollup("card-tallies", ["cards", "people"], count_thank_you_cards)


def thank_you_card_counts(*, site=None, sent_from=None, sent_to=None):
    """The cards not hidden to someone working at the site (None: anywhere), counted by month
    and by value, behaviour and site. For every date, a rollup worked out again after a card
    is sent or moderated or someone's site changes; between dates, counted from the cards."""
    if sent_from or sent_to:
        kept = count_thank_you_cards(sent_from=sent_from, sent_to=sent_to)
    else:
        kept = CARD_TALLIES.rows()
    # Some two thousand rows at NHS scale over a few dozen months: each month's date is
    # read once, and each row goes straight into its three lists.
    days = {}
    counts = {key: [] for key in CARD_COUNT_KEYS}
    by_value, by_behaviour, by_site = (counts[key] for key in CARD_COUNT_KEYS)
    for month, value, behaviour, site_pk, count in kept:
        if site is not None and site_pk != site.pk:
            continue
        day = days.get(month) or days.setdefault(month, datetime.date.fromisoformat(month))
        by_value.append((day, value, count))
        by_behaviour.append((day, behaviour, count))
        by_site.append((day, site_pk, count))

    def ids(key):
        return {pk for _, pk, _ in counts[key]} - {None}

    return {
        "counts": counts,
        "values": Value.objects.select_related("organisation").in_bulk(ids("value")),
        "behaviours": Behaviour.objects.select_related("value__organisation").in_bulk(
            ids("behaviour")
        ),
        "sites": Site.objects.in_bulk(ids("site")),
    }
