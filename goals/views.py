from django.http import Http404
from django.shortcuts import redirect, render

from core import caching, panels

from . import selectors
from .presenters import StrategyPage

# What the cached part of each page shows (core/caching.py), with what other apps show on
# the home page and an objective's page (core/panels.py).
STRATEGY_TOPICS = ["strategy", "values", "people"]


def home(request):
    organisation = selectors.home_organisation()
    signed_in = request.user.is_authenticated
    return render(
        request,
        "goals/home.html",
        {
            "organisation": organisation,
            "page": StrategyPage(organisation),
            "fragment_key": caching.fragment_key(
                "home", [*STRATEGY_TOPICS, *panels.topics("home")], signed_in
            ),
        },
    )


def strategy_list(request):
    return render(
        request,
        "goals/strategy_list.html",
        {"organisations": selectors.organisations_with_strategies()},
    )


def strategy_detail(request, slug):
    organisation = selectors.organisation_with_strategy(slug)
    signed_in = request.user.is_authenticated
    return render(
        request,
        "goals/strategy_detail.html",
        {
            "organisation": organisation,
            "page": StrategyPage(organisation),
            "fragment_key": caching.fragment_key(
                "strategy", STRATEGY_TOPICS, organisation.pk, signed_in
            ),
        },
    )


def objectives_current(request, slug):
    organisation = selectors.organisation_with_strategy(slug)
    page = StrategyPage(organisation)
    if page.year is None:
        raise Http404("This strategy has no objectives.")
    return redirect("goals:objectives", slug=slug, year=page.year)


def objectives_for_year(request, slug, year):
    organisation = selectors.organisation_with_strategy(slug)
    page = StrategyPage(organisation, year=year)
    if not page.objectives:
        raise Http404("No objectives for that year.")
    return render(
        request, "goals/objective_list.html", {"organisation": organisation, "page": page}
    )


def objective_detail(request, slug, year, number):
    objective = selectors.objective(slug, year, number)
    return render(
        request,
        "goals/objective_detail.html",
        {
            "objective": objective,
            "organisation": objective.strategy.organisation,
            "fragment_key": caching.fragment_key(
                "objective",
                ["strategy", "people", *panels.topics("objective")],
                objective.pk,
                request.user.is_authenticated,
            ),
        },
    )
