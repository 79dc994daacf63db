"""Which year's objectives count as "this year's", and how search matches words."""

import datetime

import pytest

from goals.selectors import displayed_year, search_strategy
from tests.factories import GoalFactory, ObjectiveFactory, StrategyFactory

IN_2025_26 = datetime.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("years", "shown"),
    [
        ([2025], 2025),  # the current financial year
        ([2026, 2025, 2024], 2025),  # the current one, even when the next is planned
        ([2026, 2023, 2022], 2023),  # none this year: the latest before it
        ([2028, 2027], 2027),  # all ahead: the earliest planned
        ([], None),
    ],
)
def test_displayed_year(years, shown):
    assert displayed_year(years, today=IN_2025_26) == shown


def test_displayed_year_moves_on_in_april():
    assert displayed_year([2025, 2026], today=datetime.date(2026, 4, 1)) == 2026


@pytest.mark.django_db
def test_search_needs_every_word_in_any_field():
    strategy = StrategyFactory(title="Plan", summary="Care closer to home", vision="")
    GoalFactory(strategy=strategy, title="Digital first", description="For every patient")
    GoalFactory(strategy=strategy, title="Digital records", description="For staff")
    found = search_strategy("digital patient", limit=10)
    assert [goal.title for goal in found["goals"]] == ["Digital first"]
    assert [s.title for s in search_strategy("CLOSER home", limit=10)["strategies"]] == ["Plan"]


@pytest.mark.django_db
def test_search_caps_each_kind_at_the_limit():
    strategy = StrategyFactory()
    for number in range(1, 6):
        ObjectiveFactory(strategy=strategy, number=number, statement=f"Digital step {number}")
    assert len(search_strategy("digital", limit=3)["objectives"]) == 3


@pytest.mark.django_db
@pytest.mark.parametrize("query", ["%", "_", "100%"])
def test_search_treats_wildcards_as_text(query):
    GoalFactory(title="Access", description="Equity for all")
    found = search_strategy(query, limit=10)
    assert not any(found.values())
