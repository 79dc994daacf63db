"""Each public page reads the database a fixed number of times, however much content
there is: adding many more goals, objectives, sections, values and organisations must not
add a single query."""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from goals.models import Section
from tests.factories import (
    BehaviourFactory,
    GoalFactory,
    GuidingPrincipleFactory,
    ObjectiveFactory,
    SectionFactory,
    SectionItemFactory,
    StrategyFactory,
    ValueFactory,
    staff_with_job_title,
)

pytestmark = pytest.mark.django_db

WORD = "findme"

# The pages, the most queries each may make, and a text that only shows once the extra
# content is there (so the test knows the page really renders it). A page with a cached
# part reads its topics' generations for the key (one query); one showing the improvement
# programme's figures reads their rollups (two queries each).
PAGES = {
    "home": ("/", 10, "Goal findme extra 19"),
    "strategies": ("/strategies/", 1, "Extra organisation 19"),
    "strategy": ("/strategies/home/", 12, "Item findme extra"),
    "objectives": ("/strategies/home/objectives/2023-24/", 10, "Objective findme extra 19"),
    "objective": ("/strategies/home/objectives/2023-24/1/", 9, "Goal findme extra 19"),
    "values": ("/values/", 5, "I findme extra behaviour"),
    "value": ("/values/home/value-0/", 3, "I findme extra behaviour"),
    "search": ("/search/?q=findme", 8, "Goal findme extra"),
}


def small_dataset():
    """One of everything the pages show, so that every query a page can make is made."""
    system = StrategyFactory(organisation__slug="system", organisation__order=0).organisation
    home = StrategyFactory(
        organisation__slug="home",
        organisation__member_of=system,
        organisation__order=1,
        summary=f"About {WORD}.",
    )
    StrategyFactory(organisation__member_of=home.organisation, organisation__order=2)
    owner = staff_with_job_title("Chief nurse")
    lead = staff_with_job_title("Matron")
    goal = GoalFactory(strategy=home, title=f"Goal {WORD} 0", executive_owner=owner)
    goal.delivery_leads.add(lead)
    objective = ObjectiveFactory(
        strategy=home,
        year=2023,
        number=1,
        statement=f"Objective {WORD} 0",
        goals=[goal],
        executive_owner=owner,
    )
    objective.delivery_leads.add(lead)
    ObjectiveFactory(strategy=home, year=2022, number=1, goals=[goal])
    section = SectionFactory(strategy=home, kind=Section.Kind.PRIORITIES, introduction=WORD)
    SectionItemFactory(section=section, title=f"Item {WORD} 0")
    value = ValueFactory(organisation=home.organisation, slug="value-0", summary=WORD)
    BehaviourFactory(value=value, statement=f"I {WORD} 0")
    GuidingPrincipleFactory(organisation=home.organisation, description=WORD)
    return home


def add_much_more(home, count=20):
    """Many more of everything, on the home organisation and on new organisations."""
    organisation = home.organisation
    goals = [GoalFactory(strategy=home, title=f"Goal {WORD} extra {n}") for n in range(count)]
    objective_one = home.objectives.get(year=2023, number=1)
    objective_one.goals.add(*goals)
    leads = [staff_with_job_title(f"Lead {n}") for n in range(count)]
    objective_one.delivery_leads.add(*leads)
    for goal in goals:
        goal.executive_owner = leads[0]
        goal.save()
        goal.delivery_leads.add(*leads[:3])
    for n in range(count):
        ObjectiveFactory(
            strategy=home,
            year=2023,
            number=n + 2,
            statement=f"Objective {WORD} extra {n}",
            goals=goals[n : n + 3],
        )
    for year in [2019, 2020, 2021, 2024]:
        ObjectiveFactory(strategy=home, year=year, number=1, goals=goals[:2])
    for kind in [Section.Kind.AMBITIONS, Section.Kind.PLACES, Section.Kind.COMMITMENTS]:
        section = SectionFactory(strategy=home, kind=kind, heading=f"{kind} heading")
        for n in range(5):
            SectionItemFactory(section=section, title=f"Item {WORD} extra {kind} {n}")
    for n in range(10):
        value = ValueFactory(organisation=organisation, name=f"Value {WORD} extra {n}")
        for m in range(8):
            BehaviourFactory(value=value, statement=f"I {WORD} extra behaviour {n}.{m}")
        GuidingPrincipleFactory(organisation=organisation, title=f"Principle {WORD} extra {n}")
    first_value = organisation.values.get(slug="value-0")
    for m in range(count):
        BehaviourFactory(value=first_value, statement=f"I {WORD} extra behaviour on 0.{m}")
    for n in range(count):
        strategy = StrategyFactory(
            organisation__name=f"Extra organisation {n}",
            organisation__member_of=organisation if n % 2 else None,
            organisation__order=10 + n,
        )
        GoalFactory(strategy=strategy, title=f"Goal {WORD} elsewhere {n}")
        ObjectiveFactory(strategy=strategy, year=2023, number=1, goals=[])
        section = SectionFactory(strategy=strategy)
        SectionItemFactory(section=section)
        value = ValueFactory(organisation=strategy.organisation)
        BehaviourFactory(value=value)
        GuidingPrincipleFactory(organisation=strategy.organisation)


def count_queries(client, url):
    """The queries of rendering the page, not of serving its cached fragment."""
    client.get(url)  # Warm any per-process caches first.
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries), response


@pytest.mark.parametrize("page", list(PAGES))
def test_page_makes_the_same_queries_however_much_content_there_is(client, settings, page):
    url, budget, extra_text = PAGES[page]
    settings.PORTAL_HOME_ORGANISATION = "home"
    home = small_dataset()

    small, response = count_queries(client, url)
    assert extra_text not in response.content.decode()
    assert small <= budget, f"{url} makes {small} queries; its budget is {budget}"

    add_much_more(home)
    large, response = count_queries(client, url)
    assert extra_text in response.content.decode(), f"{url} does not show the added content"
    assert large == small, f"{url}: {small} queries with little content, {large} with more"
