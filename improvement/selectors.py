"""Reads of the improvement programme, each in a fixed number of queries."""

import datetime
import functools
from bisect import bisect_left
from collections import Counter, defaultdict, namedtuple

from django.db.models import F
from django.shortcuts import get_object_or_404

from core.caching import kept_rollup
from core.pagination import PAGE_SIZE
from core.presenters import name_from_columns
from core.queries import CompiledForKeys, CompiledOnce, built_once
from core.search import SEARCH_DOCUMENT, RowSearch
from goals.models import Objective, Site
from people.selectors import (
    NAME_ORDER,
    OPTION_COLUMNS,
    active_staff,
    staff_option,
)
from training.selectors import cohort_search_page, cohorts_for_project, wards_for_project
from values import selectors as values_selectors

from . import spc, tallies
from .models import (
    DataPoint,
    HealthInequalitiesEffect,
    Idea,
    IdeaMessage,
    IdeaStatusChange,
    Measure,
    PDSACycle,
    ProgressScoreChange,
    Project,
    Rebase,
)
from .querysets import IDEA_TEXT, MEASURE_TEXT, PROJECT_TEXT, idea_number


def idea_for_page(pk):
    """An idea with what its page shows of it, each read by a query compiled once
    (idea_objectives, idea_status_changes, merged_ideas_of, idea_messages)."""
    return _idea_with_links.first_or_404("No such idea.", pk=pk)


_idea_with_links = CompiledOnce(
    lambda pk: Idea.objects.select_related("site", "submitted_by", "merged_into", "project").filter(
        pk=pk
    ),
    "pk",
)


def idea_objectives(idea):
    """The strategic objectives the idea serves, with their strategies' organisations (their
    links name them)."""
    return _idea_objectives(idea=idea.pk)


_idea_objectives = CompiledOnce(
    lambda idea: Objective.objects.filter(ideas=idea).select_related("strategy__organisation"),
    "idea",
)


def idea_status_changes(idea):
    """The idea's timeline: its status changes, with who made them."""
    return _idea_status_changes(idea=idea.pk)


_idea_status_changes = CompiledOnce(
    lambda idea: IdeaStatusChange.objects.filter(idea=idea).select_related("changed_by"), "idea"
)


def merged_ideas_of(idea):
    """The ideas merged into this one."""
    return _merged_ideas(idea=idea.pk)


_merged_ideas = CompiledOnce(lambda idea: Idea.objects.filter(merged_into=idea), "idea")


def idea_messages(idea):
    """The questions and answers on the idea, with their authors."""
    return _idea_messages(idea=idea.pk)


_idea_messages = CompiledOnce(
    lambda idea: IdeaMessage.objects.filter(idea=idea).select_related("author"), "idea"
)


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
    return bool(_following(idea=idea.pk, user=user.pk))


_following = CompiledOnce(
    lambda idea, user: Idea.followers.through.objects.filter(idea=idea, user=user).values_list(
        "pk"
    )[:1],
    "idea",
    "user",
)


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
    return _project_with_site.first_or_404("No such project.", pk=pk)


_project_with_site = CompiledOnce(
    lambda pk: Project.objects.select_related("site").filter(pk=pk), "pk"
)


def charter_cohorts(project, *, site=None, start_date=None):
    """The QSIR cohorts a project's charter may name: those at the site, and around the start
    date, given (as the charter form has them before saving) or else saved, with the cohort it
    names already (training.selectors.cohorts_for_project)."""
    return cohorts_for_project(
        site=site or project.site_id,
        start_date=start_date or project.start_date,
        keep=project.cohort_id,
    )


def charter_people(project):
    """The people a project's charter shows, its lead, its sponsor and its team, of the
    active staff its pickers choose among (people.selectors.active_staff), as its pickers
    show them (people.selectors.staff_option), the team's in name order; and the ids of
    those on its team. Two queries: one asking for people by id or by team membership at
    once has PostgreSQL read every member of staff."""
    team = [staff_option(row) for row in _team_options(project=project.pk)]
    on_team = {person["id"] for person in team}
    others = _lead_and_sponsor_options(lead=project.lead_id, sponsor=project.sponsor_id)
    people = team + [staff_option(row) for row in others if row[0] not in on_team]
    return people, [person["id"] for person in team]


_team_options = CompiledOnce(
    lambda project: active_staff().filter(project_teams=project).values_list(*OPTION_COLUMNS),
    "project",
)
_lead_and_sponsor_options = CompiledOnce(
    lambda lead, sponsor: (
        active_staff().filter(pk__in=[lead, sponsor]).values_list(*OPTION_COLUMNS)
    ),
    "lead",
    "sponsor",
)


def charter_objective_ids(project):
    """The ids of the objectives a project's charter names: from the links alone, with no
    join to the objectives, in no order (the charter's checkboxes have their own)."""
    return _objective_ids(project=project.pk)


_objective_ids = CompiledOnce(
    lambda project: (
        Project.objectives.through.objects.filter(project=project)
        .order_by()
        .values_list("objective", flat=True)
    ),
    "project",
)


# The QSIR order of measures (Measure.Meta.ordering's): outcome, process, then the rest.
MEASURE_KIND_ORDER = {kind: place for place, kind in enumerate(Measure.Kind.values)}


def charter_measures(project):
    """A project's measures as (kind, name), in the QSIR order of Measure.Meta.ordering:
    that order is a CASE expression, which costs more to build than the rest of the query,
    so the measures are put in it here, by name within a kind as the database collates
    names."""
    return sorted(
        _measures_by_name(project=project.pk),
        key=lambda measure: MEASURE_KIND_ORDER.get(measure[0], len(MEASURE_KIND_ORDER)),
    )


_measures_by_name = CompiledOnce(
    lambda project: (
        Measure.objects.filter(project=project).order_by("name").values_list("kind", "name")
    ),
    "project",
)


def charter_wards(project, *, site):
    """The programme's wards a project's charter may name: those at the site the charter has
    (as the form has it before saving), with the ward it names already while that site is the
    one saved (the form refuses it if it is elsewhere, rather than dropping it unseen)."""
    return wards_for_project(site=site, keep=charter_kept_ward(project, site=site))


def charter_kept_ward(project, *, site):
    """The ward a project's charter names, offered while the site on the form is the one
    saved, else None."""
    return project.programme_ward_id if site.pk == project.site_id else None


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
    return _project_heading.first_or_404("No such project.", pk=pk)


_project_heading = CompiledOnce.filtered(lambda: Project.objects.only("pk", "title", "phase"), "pk")


# What a project's page shows of the project and its site, people and idea (as
# presenters.ShownProject). Its cohort and ward in the ward programme are read apart
# (project_cohort_and_ward): joined here too, they made the query join nine tables, which
# PostgreSQL took several milliseconds to plan.
PROJECT_PAGE_COLUMNS = (
    "pk",
    "title",
    "problem_statement",
    "aim",
    "lead__first_name",
    "lead__last_name",
    "lead__username",
    "sponsor",
    "sponsor__first_name",
    "sponsor__last_name",
    "sponsor__username",
    "site__name",
    "ward",
    "start_date",
    "target_date",
    "phase",
    "status",
    "progress_score",
    "closing_summary",
    "involves_patients",
    "health_inequalities",
    "health_inequalities_notes",
    "idea",
    "idea__title",
    "cohort",
    "programme_ward",
)
_projects_for_page = CompiledOnce(
    lambda pk: (
        Project.objects.filter(pk=pk).order_by().values_list(*PROJECT_PAGE_COLUMNS, named=True)
    ),
    "pk",
)


def project_for_page(pk):
    """A row of what a project's page shows of it (PROJECT_PAGE_COLUMNS), or 404."""
    return _projects_for_page.first_or_404("No such project.", pk=pk)


_cohort_and_ward_names = CompiledOnce(
    lambda pk: Project.objects.filter(pk=pk).values_list(
        "cohort",
        "cohort__name",
        "cohort__course__name",
        "programme_ward",
        "programme_ward__name",
        "programme_ward__site__short_name",
    ),
    "pk",
)


def project_cohort_and_ward(pk):
    """((id, name, course's name) of the project's cohort, (id, name, site's short name) of
    its ward in the ward programme), either None when it has none: what their links and
    str() are made of. One query whether it has them or not, so a project's page reads as
    many queries for each."""
    row = _cohort_and_ward_names.first(pk=pk)
    cohort, ward = row[:3], row[3:]
    return (cohort if cohort[0] is not None else None), (ward if ward[0] is not None else None)


_team_names = CompiledOnce(
    lambda project: (
        Project.team.through.objects.filter(project=project)
        .order_by(*(f"user__{field}" for field in NAME_ORDER))
        .values_list("user__first_name", "user__last_name", "user__username")
    ),
    "project",
)


def team_names(project_pk):
    """The names of a project's team, in name order (core.presenters.person_name's)."""
    return [name_from_columns(*columns) for columns in _team_names(project=project_pk)]


_project_objectives = CompiledOnce(
    lambda project: Objective.objects.filter(projects=project).values_list(
        "year", "number", "statement", "strategy__organisation__slug", named=True
    ),
    "project",
)


def project_objectives(project_pk):
    """Rows of the objectives a project serves (year, number, statement and organisation's
    slug), in their order."""
    return _project_objectives(project=project_pk)


# A project's page's measures: their sparklines (SPARKLINE_COLUMNS) and what else it shows.
_project_measures = CompiledOnce(
    lambda project: (
        Measure.objects.filter(project=project)
        .order_by("name", "pk")
        .values_list("pk", "kind", *SPARKLINE_COLUMNS, named=True)
    ),
    "project",
)


def project_measures(project_pk):
    """A project's measures as rows, in the QSIR order (Measure.Meta.ordering's): put in it
    here, as its CASE expression is compiled again on every read."""
    return sorted(
        _project_measures(project=project_pk),
        key=lambda measure: MEASURE_KIND_ORDER.get(measure.kind, len(MEASURE_KIND_ORDER)),
    )


def project_pdsa_cycles(project_pk):
    return _pdsa_cycles(project=project_pk)


_score_changes = CompiledOnce(
    lambda project: ProgressScoreChange.objects.filter(project=project).values_list(
        "created_at",
        "score",
        "note",
        "recorded_by__first_name",
        "recorded_by__last_name",
        "recorded_by__username",
        named=True,
    ),
    "project",
)


def project_score_changes(project_pk):
    """Rows of a project's progress scores, oldest first, with who recorded them."""
    return _score_changes(project=project_pk)


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


def programme_figures(ideas, project_rows):
    """The programme's headline figures from the ideas' totals (tallies.IdeaTotals) and the
    tallies of projects (already filtered)."""
    reducing = tallies.EFFECTS.index(HealthInequalitiesEffect.REDUCES)

    def total(rows, condition=lambda row: True):
        return sum(row.count for row in rows if condition(row))

    def projects_in(status):
        return total(project_rows, lambda row: row.status == status)

    return {
        "ideas": {
            "received": ideas.received,
            "under_review": ideas.by_status.get(Idea.Status.UNDER_REVIEW, 0),
            "involving_patients": ideas.involving_patients,
            "reducing_inequalities": ideas.by_effect[reducing],
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


def inequalities_counts(ideas, project_rows):
    """[(effect, ideas, projects)] for each expected effect on health inequalities, from the
    ideas' totals (tallies.IdeaTotals) and the tallies of projects."""
    projects = [0] * len(tallies.EFFECTS)
    for row in project_rows:
        projects = [total + count for total, count in zip(projects, row.by_effect, strict=True)]
    return list(zip(HealthInequalitiesEffect.labels, ideas.by_effect, projects, strict=True))


def _in_progress_and_completed(rows, key):
    counts = {}
    for row in rows:
        in_progress, completed = counts.get(key(row), (0, 0))
        counts[key(row)] = (
            in_progress + (row.count if row.status == Project.Status.IN_PROGRESS else 0),
            completed + (row.count if row.status == Project.Status.COMPLETED else 0),
        )
    return counts


# A row of the dashboard's figures by site, and by objective (with what its link and name
# need): read as values, as the dashboard shows every site and objective with work.
SiteFigures = namedtuple("SiteFigures", "pk name ideas in_progress completed")
ObjectiveFigures = namedtuple(
    "ObjectiveFigures",
    "pk year number organisation_short_name organisation_slug ideas in_progress completed",
)
_site_names = CompiledOnce(lambda: Site.objects.values_list("pk", "name", "short_name", named=True))


def site_names():
    """Every site as a named row of its key, name and short name, in the sites' order: what
    the dashboard's tables by site show, read once for them all."""
    return _site_names()


# Every objective: a strategy's few a year, picked from in Python.
_objectives_named = CompiledOnce(
    lambda: Objective.objects.values_list(
        "pk", "year", "number", "strategy__organisation__short_name", "strategy__organisation__slug"
    )
)


def figures_by_site(ideas, project_rows, sites):
    """SiteFigures for each of the sites (site_names), from the ideas' totals
    (tallies.IdeaTotals) and the tallies of projects."""
    projects = _in_progress_and_completed(project_rows, lambda row: row.site)
    return [
        SiteFigures(
            site.pk, site.name, ideas.by_site.get(site.pk, 0), *projects.get(site.pk, (0, 0))
        )
        for site in sites
    ]


def figures_by_objective(idea_objective_rows, project_objective_rows):
    ideas = totals_by(idea_objective_rows, lambda row: row.objective)
    projects = _in_progress_and_completed(project_objective_rows, lambda row: row.objective)
    shown = set(ideas) | set(projects)
    return [
        ObjectiveFigures(*objective, ideas[objective[0]], *projects.get(objective[0], (0, 0)))
        for objective in _objectives_named()
        if objective[0] in shown
    ]


def ideas_per_month(ideas):
    """[(first day of month, count)] for months with ideas, oldest first, from their totals
    (tallies.IdeaTotals)."""
    return [
        (datetime.date.fromisoformat(month), count)
        for month, count in sorted(ideas.by_month.items())
    ]


def objective_programme(objective, *, list_limit):
    """What an objective's page shows of the work serving it: counts by status, and the
    most recent ideas and projects, read as the lists read their rows (idea_rows,
    project_rows) rather than as records with their sites and people."""
    newest_ideas, newest_projects = _newest_serving(list_limit)

    def serving(rows):
        return [row for row in rows if row.objective == objective.pk]

    return {
        "idea_counts": status_counts(
            serving(tallies.IdeaTallies().objectives), Idea.Status.choices
        ),
        "project_counts": status_counts(
            serving(tallies.ProjectTallies().objectives), Project.Status.choices
        ),
        "ideas": newest_ideas(objective=objective.pk),
        "projects": lead_measures(newest_projects(objective=objective.pk)),
    }


@functools.cache
def _newest_serving(limit):
    """The reads of an objective's newest ideas and projects (as idea_rows and project_rows
    read them), compiled once for the number shown."""
    return (
        CompiledOnce(
            lambda objective: idea_rows(Idea.objects.filter(objectives=objective)[:limit]),
            "objective",
        ),
        CompiledOnce(
            lambda objective: Project.objects.filter(objectives=objective).values_list(
                *PROJECT_ROW_COLUMNS, named=True
            )[:limit],
            "objective",
        ),
    )


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
    return _measure_with_project.first_or_404("No such measure.", pk=pk)


_measure_with_project = CompiledOnce(
    lambda pk: Measure.objects.select_related("project").filter(pk=pk), "pk"
)


# What a measure's page, its chart's downloads and its CSV show of each data point.
DATA_POINT_COLUMNS = ("period", "value", "denominator", "note")


def data_points_of(measure):
    """The measure's data points, oldest first, as named rows of DATA_POINT_COLUMNS rather
    than as records: a measure's page reads up to some hundreds, each built as a record for
    the four columns its chart and table show."""
    return _data_points(measure=measure.pk)


_data_points = CompiledOnce(
    lambda measure: DataPoint.objects.filter(measure=measure).values_list(
        *DATA_POINT_COLUMNS, named=True
    ),
    "measure",
)


def rebases_of(measure):
    """The measure's rebases, oldest first."""
    return _rebases(measure=measure.pk)


_rebases = CompiledOnce(lambda measure: Rebase.objects.filter(measure=measure), "measure")


def pdsa_cycles_of(project):
    """The project's PDSA cycles, in the order they are numbered."""
    return project_pdsa_cycles(project.pk)


_pdsa_cycles = CompiledOnce(lambda project: PDSACycle.objects.filter(project=project), "project")


# What a list shows of a project's lead measure: its sparkline (templatetags/improvement.py's
# measure_sparkline).
SPARKLINE_COLUMNS = ("project", "name", "variation", "sparkline_points", "latest_kind")
# The QSIR order of measures (Measure.Meta.ordering's): outcome, process, then the rest.
MEASURE_KIND_ORDER = {kind: place for place, kind in enumerate(Measure.Kind.values)}


def lead_measures(projects):
    """Each project (a record, or a row with its pk) with the measure its list row shows,
    its first in QSIR order (an outcome measure where it has one), as a named row of
    SPARKLINE_COLUMNS: what it keeps of its sparkline. Read as records, each measure's
    recent values were decoded from JSON for nothing."""
    projects = list(projects)
    first = {}
    for measure in _sparkline_measures(project.pk for project in projects):
        first.setdefault(measure.project, measure)
    return [(project, first.get(project.pk)) for project in projects]


# A page's worth of projects' measures at a time (the lists', an objective's page's).
_sparkline_measures = CompiledForKeys(
    lambda: Measure.objects.values_list(*SPARKLINE_COLUMNS, named=True), "project", PAGE_SIZE
)


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


# What the dashboard shows of a measure signalling special cause variation: its project's
# title, linking to the measure, and its sparkline (SPARKLINE_COLUMNS).
SIGNAL_COLUMNS = ("pk", "project", "project_title", *SPARKLINE_COLUMNS[1:])


_signals = built_once(
    lambda: (
        Measure.objects.exclude(variation__in=["", Measure.Variation.COMMON_CAUSE])
        .annotate(project_title=F("project__title"))
        .order_by("-updated_at", "-pk")
        .values_list(*SIGNAL_COLUMNS, named=True)
    )
)


def recent_signals(projects, *, limit):
    """The measures (of the projects; None: of every project) most recently changed whose
    charts show special cause variation, as named rows of SIGNAL_COLUMNS rather than
    measures with their projects."""
    if projects is None:
        return _newest_signals(limit)()
    return list(_signals().filter(project__in=projects)[:limit])


@functools.cache
def _newest_signals(limit):
    return CompiledOnce(lambda: _signals()[:limit])


CARD_COUNT_KEYS = ["value", "behaviour", "site"]
# The card tallies' columns: what they count by, and how many.
CARD_COLUMNS = ("month", "value", "behaviour", "site", "count")


def count_thank_you_cards(*, sent_from=None, sent_to=None):
    """The cards not hidden (sent on or between the days given) counted per month, value,
    behaviour and site, as columns: {name: [...]} for each of CARD_COLUMNS, a row's values at
    one place in each, the ids None for a card with no behaviour or to someone whose site is
    not recorded. Some two thousand rows at NHS scale: kept as columns, the dashboard reads
    them about four times faster than as lists of five (2.2 ms to 0.6 at scale 100)."""
    rows = values_selectors.cards_per_month(
        site_field="recipient__staff_profile__site", sent_from=sent_from, sent_to=sent_to
    )
    columns = {name: [row[name] for row in rows] for name in CARD_COLUMNS}
    columns["month"] = [tallies.month_iso(month) for month in columns["month"]]
    return columns


CARD_TALLIES = kept_rollup("card-tallies", ["cards", "people"], count_thank_you_cards)


def _added_up_cards(kept, site=None):
    """The card tallies' columns (count_thank_you_cards) of the cards to someone working at
    the site (None: anywhere) added up: ({ISO month: cards}, {key: {id: {ISO month:
    cards}}} for each of CARD_COUNT_KEYS)."""
    # One pass, each row added to the counts of its month and of its value, behaviour and
    # site by month, with no function called for a row (a month stays the ISO text it is
    # kept as).
    per_month = defaultdict(int)
    by = {key: defaultdict(lambda: defaultdict(int)) for key in CARD_COUNT_KEYS}
    by_value, by_behaviour, by_site = (by[key] for key in CARD_COUNT_KEYS)
    rows = zip(*(kept[name] for name in CARD_COLUMNS), strict=True)
    for month, value, behaviour, site_pk, count in rows:
        if site is not None and site_pk != site.pk:
            continue
        per_month[month] += count
        by_value[value][month] += count
        by_behaviour[behaviour][month] += count
        by_site[site_pk][month] += count
    return per_month, by


def add_up_every_card():
    """Every card not hidden added up (_added_up_cards), as JSON keeps it: each key's counts
    as [id, {ISO month: cards}] pairs, since an id may be None and a JSON object's keys are
    text."""
    per_month, by = _added_up_cards(CARD_TALLIES.rows())
    return {
        "per_month": per_month,
        "by": {
            key: [[pk, by_month] for pk, by_month in counted.items()] for key, counted in by.items()
        },
    }


# The cards added up for the dashboard with no filter, its commonest visit: adding up the
# tallies' 2,000 rows at scale 100 cost each visit 1 ms of its 12.
CARD_TOTALS = kept_rollup("card-totals", ["cards", "people"], add_up_every_card)


def thank_you_card_counts(*, sites, site=None, sent_from=None, sent_to=None):
    """The cards not hidden to someone working at the site (None: anywhere), counted by month
    ({ISO month: cards}) and by value, behaviour and site ({key: {id: {ISO month: cards}}},
    the id None for cards with no behaviour or to someone whose site is not recorded), with
    the names of what they count (presenters.card_counts), sites' from `sites` (every site:
    site_names). For every date, rollups worked out again after a card is sent or moderated
    or someone's site changes (already added up for every site); between dates, counted from
    the cards."""
    if sent_from or sent_to:
        kept = count_thank_you_cards(sent_from=sent_from, sent_to=sent_to)
        per_month, by = _added_up_cards(kept, site)
    elif site is None:
        totals = CARD_TOTALS.rows()
        per_month = totals["per_month"]
        by = {key: dict(pairs) for key, pairs in totals["by"].items()}
    else:
        per_month, by = _added_up_cards(CARD_TALLIES.rows(), site)

    def ids(key):
        return set(by[key]) - {None}

    return {
        "per_month": per_month,
        "by": by,
        "values": values_selectors.value_names(ids("value")),
        "behaviours": values_selectors.behaviour_links(ids("behaviour")),
        "sites": {each.pk: each.short_name for each in sites if each.pk in by["site"]},
    }
