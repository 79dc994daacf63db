"""Reads that the strategy pages share, each in a fixed number of queries."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Prefetch, prefetch_related_objects
from django.shortcuts import get_object_or_404

from core.search import RowSearch

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


def organisation_with_strategy(slug):
    """An organisation and its strategy, or 404. What the page shows of them is read by
    with_strategy_content, when the page renders it rather than serves it from the cache."""
    return get_object_or_404(organisations(), slug=slug, strategy__isnull=False)


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


def with_goals_and_values(organisation):
    """The organisation with what the home page shows of it: its strategy's goals and its
    values (not the strategy's sections, its members or its guiding principles)."""
    prefetch_related_objects(
        [organisation], Prefetch("strategy__goals", queryset=goals_with_owners()), "values"
    )
    return organisation


def with_strategy_content(organisation):
    """The organisation with everything its strategy page shows, in a fixed number of queries:
    the home page's part, and the strategy's sections, its members and guiding principles."""
    prefetch_related_objects(
        [with_goals_and_values(organisation)],
        Prefetch("strategy__sections", queryset=Section.objects.prefetch_related("items")),
        "members",
        "guiding_principles",
    )
    return organisation


def home_organisation():
    return organisation_with_strategy(settings.PORTAL_HOME_ORGANISATION)


def objective_years(strategy):
    return strategy.objectives.years()


def displayed_year(years, today=None):
    """The year whose objectives are "this year's": the current financial year or, when it
    has none yet, the latest year before it (or the earliest planned, if all are ahead)."""
    current = current_year_start(today)
    past_or_current = [year for year in years if year <= current]
    if past_or_current:
        return max(past_or_current)
    return min(years) if years else None


def objectives_for_year(strategy, year):
    return list(strategy.objectives.for_year(year).with_goals().with_latest_status())


def objective(slug, year, number):
    queryset = (
        Objective.objects.with_goals()
        .select_related("strategy__organisation", f"executive_owner__{PROFILE}")
        .prefetch_related(delivery_leads())
    )
    return get_object_or_404(queryset, strategy__organisation__slug=slug, year=year, number=number)


# The site search's kinds here, as named rows of what its results show (the tags of
# strategy_portal's search_results), each found by the words of its fields.
FOUND_STRATEGY = {
    "strategies": RowSearch(
        Strategy.objects.all,
        ["title", "summary", "vision", "aim", "mission"],
        ("title", "organisation__short_name", "organisation__slug"),
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
    ),
}


def search_strategy(query, limit):
    """Strategy text holding every word of the query, each kind capped at `limit`."""
    return {kind: search(query, limit) for kind, search in FOUND_STRATEGY.items()}
