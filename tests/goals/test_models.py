"""Strategy models: the database refuses duplicates and implausible years, records sort as
the pages show them, and each record's URL opens a page that holds it."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from goals.converters import FinancialYearConverter
from goals.models import (
    Goal,
    Objective,
    Organisation,
    Section,
    Strategy,
    current_year_start,
    year_label,
)
from tests.factories import (
    GoalFactory,
    ObjectiveFactory,
    OrganisationFactory,
    SectionFactory,
    SectionItemFactory,
    StrategyFactory,
)

pytestmark = pytest.mark.django_db


def assert_refused(create):
    """The database refuses the row; the atomic block keeps PostgreSQL's transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def fetch_fragment_target(client, url):
    """GET a URL that may end in #fragment; the page must answer 200 and hold the fragment's id."""
    parts = urlsplit(url)
    response = client.get(parts.path)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    if parts.fragment:
        assert f'id="{parts.fragment}"' in response.content.decode(), (
            f"{url}: no element with id {parts.fragment!r} on the page"
        )
    return response


# Unique and check constraints


def test_objective_number_is_unique_per_strategy_and_year():
    objective = ObjectiveFactory(year=2023, number=1)
    assert_refused(
        lambda: Objective.objects.create(
            strategy=objective.strategy, year=2023, number=1, statement="A second objective one."
        )
    )


def test_same_objective_number_is_allowed_in_another_year_or_strategy():
    objective = ObjectiveFactory(year=2023, number=1)
    Objective.objects.create(strategy=objective.strategy, year=2024, number=1, statement="Next.")
    Objective.objects.create(strategy=StrategyFactory(), year=2023, number=1, statement="Other.")
    assert Objective.objects.filter(number=1).count() == 3


@pytest.mark.parametrize("year", [1999, 2101])
def test_objective_year_outside_2000_to_2100_is_refused(year):
    strategy = StrategyFactory()
    assert_refused(
        lambda: Objective.objects.create(strategy=strategy, year=year, number=1, statement="x")
    )


@pytest.mark.parametrize("year", [2000, 2100])
def test_objective_year_at_the_bounds_is_accepted(year):
    objective = Objective.objects.create(
        strategy=StrategyFactory(), year=year, number=1, statement="x"
    )
    assert Objective.objects.get(pk=objective.pk).year == year


def test_objective_number_zero_is_refused():
    strategy = StrategyFactory()
    assert_refused(
        lambda: Objective.objects.create(strategy=strategy, year=2023, number=0, statement="x")
    )


def test_goal_title_is_unique_per_strategy():
    goal = GoalFactory(title="Equitable access")
    assert_refused(
        lambda: Goal.objects.create(
            strategy=goal.strategy, title="Equitable access", description="Again."
        )
    )
    # Another strategy may use the same title.
    Goal.objects.create(strategy=StrategyFactory(), title="Equitable access", description="x")


def test_section_kind_is_unique_per_strategy():
    section = SectionFactory(kind=Section.Kind.PLACES)
    assert_refused(
        lambda: Section.objects.create(
            strategy=section.strategy, kind=Section.Kind.PLACES, heading="More places"
        )
    )
    Section.objects.create(strategy=StrategyFactory(), kind=Section.Kind.PLACES, heading="x")


def test_organisation_slug_and_name_are_unique():
    OrganisationFactory(name="Thurrock Council", slug="thurrock")
    assert_refused(lambda: OrganisationFactory(name="Another name", slug="thurrock"))
    assert_refused(lambda: OrganisationFactory(name="Thurrock Council", slug="another-slug"))


def test_an_organisation_has_one_strategy():
    strategy = StrategyFactory()
    assert_refused(lambda: Strategy.objects.create(organisation=strategy.organisation, title="x"))


# Ordering


def test_organisations_sort_by_order():
    OrganisationFactory(name="Alpha", order=3)
    OrganisationFactory(name="Zeta", order=1)
    OrganisationFactory(name="Beta", order=2)
    assert [o.name for o in Organisation.objects.all()] == ["Zeta", "Beta", "Alpha"]


def test_goals_sort_by_order():
    strategy = StrategyFactory()
    GoalFactory(strategy=strategy, title="Third", order=3)
    GoalFactory(strategy=strategy, title="First", order=1)
    GoalFactory(strategy=strategy, title="Second", order=2)
    assert [g.title for g in strategy.goals.all()] == ["First", "Second", "Third"]


def test_objectives_sort_by_latest_year_then_number():
    strategy = StrategyFactory()
    for year, number in [(2022, 2), (2023, 2), (2022, 1), (2023, 1), (2024, 3)]:
        ObjectiveFactory(strategy=strategy, year=year, number=number)
    assert [(o.year, o.number) for o in strategy.objectives.all()] == [
        (2024, 3),
        (2023, 1),
        (2023, 2),
        (2022, 1),
        (2022, 2),
    ]


def test_sections_and_their_items_sort_by_order():
    strategy = StrategyFactory()
    places = SectionFactory(strategy=strategy, kind=Section.Kind.PLACES, heading="Places", order=2)
    SectionFactory(strategy=strategy, kind=Section.Kind.AMBITIONS, heading="Ambitions", order=1)
    SectionItemFactory(section=places, title="Mid-Essex", order=3)
    SectionItemFactory(section=places, title="Thurrock", order=1)
    SectionItemFactory(section=places, title="Basildon and Brentwood", order=2)
    assert [s.heading for s in strategy.sections.all()] == ["Ambitions", "Places"]
    assert [i.title for i in places.items.all()] == [
        "Thurrock",
        "Basildon and Brentwood",
        "Mid-Essex",
    ]


# __str__


def test_str_of_each_model():
    organisation = OrganisationFactory(name="Mid and South Essex NHS Foundation Trust")
    organisation.short_name = "MSEFT"
    organisation.save()
    strategy = StrategyFactory(organisation=organisation, title="MSEFT strategy")
    goal = GoalFactory(strategy=strategy, title="Equitable access")
    objective = ObjectiveFactory(strategy=strategy, year=2023, number=4)
    section = SectionFactory(strategy=strategy, heading="Our priorities")
    item = SectionItemFactory(section=section, title="Stewardship")
    assert str(organisation) == "Mid and South Essex NHS Foundation Trust"
    assert str(strategy) == "MSEFT strategy"
    assert str(goal) == "Equitable access"
    assert str(objective) == "2023-24: strategic objective 4"
    assert str(section) == "MSEFT: Our priorities"
    assert str(item) == "Stewardship"


# URLs


def test_each_records_url_opens_a_page_showing_it(client):
    strategy = StrategyFactory()
    goal = GoalFactory(strategy=strategy, title="Equitable access")
    objective = ObjectiveFactory(strategy=strategy, year=2023, number=2, goals=[goal])
    section = SectionFactory(strategy=strategy, kind=Section.Kind.PLACES, heading="Our places")
    item = SectionItemFactory(section=section, title="Thurrock")

    assert strategy.organisation.get_absolute_url() == f"/strategies/{strategy.organisation.slug}/"
    assert strategy.get_absolute_url() == strategy.organisation.get_absolute_url()
    assert objective.get_absolute_url() == (
        f"/strategies/{strategy.organisation.slug}/objectives/2023-24/2/"
    )
    assert item.get_absolute_url() == section.get_absolute_url()
    assert section.get_absolute_url().endswith("#places")

    expectations = [
        (strategy.organisation, strategy.title),
        (strategy, strategy.title),
        (goal, "Equitable access"),
        (objective, objective.statement),
        (section, "Our places"),
        (item, "Thurrock"),
    ]
    for record, text in expectations:
        response = fetch_fragment_target(client, record.get_absolute_url())
        assert text in response.content.decode(), f"{record!r}'s page does not show {text!r}"


# Financial years


@pytest.mark.parametrize(
    ("start", "label"),
    [(2023, "2023-24"), (2009, "2009-10"), (2099, "2099-00"), (2000, "2000-01")],
)
def test_year_label(start, label):
    assert year_label(start) == label
    assert Objective(year=start).year_label == label


@pytest.mark.parametrize(
    ("today", "start"),
    [
        (datetime.date(2026, 3, 31), 2025),
        (datetime.date(2026, 4, 1), 2026),
        (datetime.date(2026, 1, 1), 2025),
        (datetime.date(2025, 12, 31), 2025),
    ],
)
def test_current_year_start_follows_the_nhs_financial_year(today, start):
    assert current_year_start(today) == start


def test_current_year_start_uses_the_london_date_not_utc(monkeypatch):
    # 23:30 UTC on 31 March 2026 is 00:30 on 1 April in London (BST): the new year.
    late_utc = datetime.datetime(2026, 3, 31, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr("django.utils.timezone.now", lambda: late_utc)
    assert current_year_start() == 2026


def test_financial_year_converter():
    converter = FinancialYearConverter()
    assert converter.to_python("2023-24") == 2023
    assert converter.to_python("2099-00") == 2099
    assert converter.to_url(2023) == "2023-24"
    for wrong in ["2023-25", "2023-23", "2099-01"]:
        with pytest.raises(ValueError):
            converter.to_python(wrong)


def test_objective_urls_use_the_financial_year_label():
    assert reverse("goals:objectives", kwargs={"slug": "mseft", "year": 2023}) == (
        "/strategies/mseft/objectives/2023-24/"
    )


@pytest.mark.parametrize("year", ["2023-25", "2023-2024", "23-24", "2023"])
def test_a_year_that_is_not_a_financial_year_is_not_found(client, year):
    ObjectiveFactory(strategy=StrategyFactory(organisation__slug="trust"), year=2023, number=1)
    assert client.get("/strategies/trust/objectives/2023-24/").status_code == 200
    assert client.get(f"/strategies/trust/objectives/{year}/").status_code == 404
    assert client.get(f"/strategies/trust/objectives/{year}/1/").status_code == 404
