"""Reads that the strategy pages share, each in a fixed number of queries."""

from collections import namedtuple

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch
from django.urls import reverse

from core.presenters import name_from_columns
from core.queries import CompiledOnce, keep_as_prefetched
from core.search import SEARCH_DOCUMENT, RowSearch

from .models import (
    Goal,
    Objective,
    Organisation,
    Section,
    SectionItem,
    Strategy,
    current_year_start,
)


def organisations():
    return Organisation.objects.select_related("strategy", "member_of")


def organisations_with_strategies():
    """The organisations whose strategy page exists: one added in the admin before its
    strategy is written has nothing to show yet."""
    return organisations().filter(strategy__isnull=False)


_organisations_with_strategies = CompiledOnce.filtered(organisations_with_strategies, "slug")
_organisations_listed = CompiledOnce(organisations_with_strategies)


def organisations_for_list():
    """The organisations whose strategy page exists, with their strategies and the
    organisations they are part of, for the list of strategies."""
    return _organisations_listed()


def organisation_with_strategy(slug):
    """An organisation and its strategy, or 404. What the page shows of them is read by
    the readers of rows below, when the page renders it rather than serves it from the
    cache."""
    return _organisations_with_strategies.first_or_404("No such strategy.", slug=slug)


# A person's job title is on their staff profile (people, an app above goals), read through
# the user's relation to it.
PROFILE = "staff_profile"


def delivery_leads():
    return Prefetch(
        "delivery_leads",
        queryset=get_user_model().objects.select_related(PROFILE).order_by("last_name", "pk"),
    )


def goals_with_owners():
    return Goal.objects.select_related(f"executive_owner__{PROFILE}").prefetch_related(
        delivery_leads()
    )


# A section of a strategy as its page shows it, with its items (SectionItemRow) in order.
SectionRow = namedtuple("SectionRow", "kind heading introduction items")
SectionItemRow = namedtuple("SectionItemRow", "title summary description")

# One row a section and item (one with None for a section with none).
_section_rows = CompiledOnce.filtered(
    lambda: Section.objects.order_by("order", "pk", "items__order", "items__pk").values_list(
        "pk",
        "kind",
        "heading",
        "introduction",
        "items",
        "items__title",
        "items__summary",
        "items__description",
    ),
    "strategy",
)


def section_rows(strategy):
    """The strategy's sections as SectionRows, with their items, in one query."""
    sections = {}
    for pk, kind, heading, introduction, item, *shown in _section_rows(strategy=strategy.pk):
        if pk not in sections:
            sections[pk] = SectionRow(kind, heading, introduction, [])
        if item is not None:
            sections[pk].items.append(SectionItemRow(*shown))
    return list(sections.values())


# An organisation as another's strategy page links to it.
OrganisationLink = namedtuple("OrganisationLink", "name url")

_member_rows = CompiledOnce.filtered(
    lambda: Organisation.objects.order_by("order").values_list("name", "slug"),
    "member_of",
)


def member_links(organisation):
    """The organisations that are members of this one, in their order, in one query."""
    return [
        OrganisationLink(name, reverse("goals:strategy", kwargs={"slug": slug}))
        for name, slug in _member_rows(member_of=organisation.pk)
    ]


# A guiding principle (of the values app, read through the organisation's relation to it).
PrincipleRow = namedtuple("PrincipleRow", "pk title description")

# An organisation with none gives one row of None.
_principle_rows = CompiledOnce.filtered(
    lambda: Organisation.objects.order_by(
        "guiding_principles__order", "guiding_principles__pk"
    ).values_list(
        "guiding_principles__pk", "guiding_principles__title", "guiding_principles__description"
    ),
    "pk",
)


def principle_rows(organisation):
    """The organisation's guiding principles as PrincipleRows, in their order, in one query."""
    return [PrincipleRow(*row) for row in _principle_rows(pk=organisation.pk) if row[0] is not None]


# A value (of the values app, which builds on goals: read through the organisation's
# relation to it) as the strategy's pages list it, linking to its page.
ValueRow = namedtuple("ValueRow", "name url summary")

# An organisation with none gives one row of None.
_value_rows = CompiledOnce.filtered(
    lambda: Organisation.objects.order_by("values__order", "values__pk").values_list(
        "values__name", "values__slug", "values__summary"
    ),
    "pk",
)


def value_rows(organisation):
    """The organisation's values as ValueRows, in their order, in one query."""
    return [
        ValueRow(
            name,
            reverse("values:value", kwargs={"organisation": organisation.slug, "slug": slug}),
            summary,
        )
        for name, slug, summary in _value_rows(pk=organisation.pk)
        if name is not None
    ]


# A goal as its card shows it: the executive owner's and each delivery lead's name with their
# job title (presenters.with_job_title), and the roll-up of the objectives serving it that
# the page shows (None until the page works it out, or for none).
GoalRow = namedtuple("GoalRow", "pk title description executive_owner delivery_leads rollup")

PERSON_COLUMNS = ("first_name", "last_name", "username", f"{PROFILE}__job_title")


def named_with_job_title(first_name, last_name, username, job_title):
    """presenters.with_job_title of a person read as values (PERSON_COLUMNS)."""
    name = name_from_columns(first_name, last_name, username)
    return f"{name}, {job_title}" if job_title else name


# One row a goal and delivery lead (one with None for a goal led by nobody), goals in their
# order and each one's leads by last name, as the goals' pages list them.
_goal_rows = CompiledOnce.filtered(
    lambda: Goal.objects.order_by(
        "order", "pk", "delivery_leads__last_name", "delivery_leads__pk"
    ).values_list(
        "pk",
        "title",
        "description",
        "executive_owner",
        *(f"executive_owner__{column}" for column in PERSON_COLUMNS),
        "delivery_leads",
        *(f"delivery_leads__{column}" for column in PERSON_COLUMNS),
    ),
    "strategy",
)


def goal_rows(strategy):
    """The strategy's goals as GoalRows, with their owners and leads, in one query."""
    goals = {}
    for pk, title, description, owner_pk, *people in _goal_rows(strategy=strategy.pk):
        owner, lead_pk, lead = people[:4], people[4], people[5:]
        if pk not in goals:
            owner_name = named_with_job_title(*owner) if owner_pk is not None else ""
            goals[pk] = GoalRow(pk, title, description, owner_name, [], None)
        if lead_pk is not None:
            goals[pk].delivery_leads.append(named_with_job_title(*lead))
    return list(goals.values())


# An objective as a strategy's lists show it: its latest published update's status and
# period (None for none: querysets.with_latest_status), and the (pk, title) of each goal it
# serves.
ObjectiveRow = namedtuple(
    "ObjectiveRow", "pk number statement latest_status latest_period_start latest_period_end goals"
)

# One row an objective and goal it serves (one with None for an objective serving none),
# objectives by number and each one's goals in their order.
_objective_rows = CompiledOnce.filtered(
    lambda: (
        Objective.objects.with_latest_status()
        .order_by("number", "goals__order", "goals__pk")
        .values_list(
            "pk",
            "number",
            "statement",
            "latest_status",
            "latest_period_start",
            "latest_period_end",
            "goals",
            "goals__title",
        )
    ),
    "strategy",
    "year",
)


def objective_rows(strategy, year):
    """The strategy's objectives of the year as ObjectiveRows, by number, in one query."""
    objectives = {}
    for *objective, goal, goal_title in _objective_rows(strategy=strategy.pk, year=year):
        pk = objective[0]
        if pk not in objectives:
            objectives[pk] = ObjectiveRow(*objective, [])
        if goal is not None:
            objectives[pk].goals.append((goal, goal_title))
    return list(objectives.values())


def home_organisation():
    return organisation_with_strategy(settings.PORTAL_HOME_ORGANISATION)


_objective_years = CompiledOnce.filtered(
    lambda: Objective.objects.order_by("-year").values_list("year", flat=True).distinct(),
    "strategy",
)


def objective_years(strategy):
    """The years the strategy has objectives for, latest first."""
    return _objective_years(strategy=strategy.pk)


def displayed_year(years, today=None):
    """The year whose objectives are "this year's": the current financial year or, when it
    has none yet, the latest year before it (or the earliest planned, if all are ahead)."""
    current = current_year_start(today)
    past_or_current = [year for year in years if year <= current]
    if past_or_current:
        return max(past_or_current)
    return min(years) if years else None


def objective(slug, year, number):
    """The objective with its strategy's organisation, its owner, its goals and its
    delivery leads (in their order), or 404: three queries compiled once."""
    found = _objective.first_or_404("No such objective.", slug=slug, year=year, number=number)
    keep_as_prefetched(found, "goals", _objective_goals(objectives=found.pk))
    keep_as_prefetched(found, "delivery_leads", _objective_leads(objectives_led=found.pk))
    return found


_objective = CompiledOnce(
    lambda slug, year, number: Objective.objects.select_related(
        "strategy__organisation", f"executive_owner__{PROFILE}"
    ).filter(strategy__organisation__slug=slug, year=year, number=number),
    "slug",
    "year",
    "number",
)
_objective_goals = CompiledOnce.filtered(lambda: Goal.objects.all(), "objectives")
_objective_leads = CompiledOnce.filtered(lambda: delivery_leads().queryset, "objectives_led")


# The site search's kinds here, as named rows of what its results show (the tags of
# strategy_portal's search_results), each found by the words of its fields, which each
# table keeps on PostgreSQL (migration 0015).
FOUND_STRATEGY = {
    "strategies": RowSearch(
        Strategy.objects.all,
        ["title", "summary", "vision", "aim", "mission"],
        ("title", "organisation__short_name", "organisation__slug"),
        stored_document=SEARCH_DOCUMENT,
    ),
    "goals": RowSearch(
        Goal.objects.all,
        ["title", "description"],
        (
            "pk",
            "title",
            "description",
            "strategy__organisation__short_name",
            "strategy__organisation__slug",
        ),
        stored_document=SEARCH_DOCUMENT,
    ),
    "objectives": RowSearch(
        Objective.objects.all,
        ["statement"],
        (
            "year",
            "number",
            "statement",
            "strategy__organisation__short_name",
            "strategy__organisation__slug",
        ),
        stored_document=SEARCH_DOCUMENT,
    ),
    "sections": RowSearch(
        Section.objects.all,
        ["heading", "introduction"],
        (
            "kind",
            "heading",
            "introduction",
            "strategy__organisation__short_name",
            "strategy__organisation__slug",
        ),
        stored_document=SEARCH_DOCUMENT,
    ),
    "section_items": RowSearch(
        SectionItem.objects.all,
        ["title", "summary", "description"],
        (
            "title",
            "summary",
            "section__kind",
            "section__heading",
            "section__strategy__organisation__short_name",
            "section__strategy__organisation__slug",
        ),
        stored_document=SEARCH_DOCUMENT,
    ),
}


def search_strategy(query, limit):
    """Strategy text holding every word of the query, each kind capped at `limit`."""
    return {kind: search(query, limit) for kind, search in FOUND_STRATEGY.items()}
