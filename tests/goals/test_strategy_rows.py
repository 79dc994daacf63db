"""The strategy pages' goals, objectives, values, sections, members and principles are read
as rows (goals.selectors) and the goals and objectives written in Python (goals.markup):
the markup is what the templates it replaced wrote from the records, byte for byte."""

from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch
from django.template import Context, Template

from goals import markup, selectors
from goals.models import Goal, Objective, Section
from goals.periods import Period
from goals.presenters import StrategyPage
from goals.services import write_update
from tests.factories import (
    GoalFactory,
    GuidingPrincipleFactory,
    ObjectiveFactory,
    OrganisationFactory,
    SectionFactory,
    SectionItemFactory,
    StrategyFactory,
    UserFactory,
    ValueFactory,
    staff_with_job_title,
)

from .delivery_world import QUARTERS, update_fields

pytestmark = pytest.mark.django_db


def replaced(name):
    """A template goals.markup replaced, as it was, to render here from the records (the
    objective list's latest period given by the test rather than its dropped filter)."""
    return Template((Path(__file__).parent / "replaced_templates" / name).read_text())


@pytest.fixture
def strategy():
    strategy = StrategyFactory(organisation__slug="trust")
    chief = staff_with_job_title("Chief <nurse>", first_name="Nia", last_name="O'Wen")
    safe = GoalFactory(strategy=strategy, title="Safe & sound", executive_owner=chief)
    safe.delivery_leads.add(
        staff_with_job_title("Matron", first_name="Zed", last_name="Zulu"),
        UserFactory(first_name="", last_name="", username="abi.able"),
        staff_with_job_title("", first_name="Ben", last_name="Bold"),
    )
    kind = GoalFactory(strategy=strategy, title="Kind", executive_owner=UserFactory())
    kind.delivery_leads.add(UserFactory(first_name="Cy", last_name="Cole"))
    GoalFactory(strategy=strategy, title="Led by nobody")
    GoalFactory(strategy=StrategyFactory(), title="Another strategy's")
    writer = UserFactory(is_superuser=True)
    for number, goals, status in [
        (1, [kind, safe], "on_track"),
        (2, [safe], "off_track"),
        (3, [], None),
        (4, [kind], "at_risk"),
    ]:
        objective = ObjectiveFactory(
            strategy=strategy, year=2023, number=number, goals=goals, statement=f"<Do> {number}"
        )
        if status:
            write_update(
                objective=objective,
                written_by=writer,
                **update_fields(status=status, recovery_actions="Act."),
            )
            write_update(
                objective=objective,
                written_by=writer,
                **update_fields(period=QUARTERS[1], status=status, recovery_actions="Act."),
            )
    ObjectiveFactory(strategy=strategy, year=2024, number=1, goals=[safe])
    return strategy


def goal_records(strategy, page):
    leads = Prefetch(
        "delivery_leads", queryset=UserFactory._meta.model.objects.order_by("last_name", "pk")
    )
    goals = list(Goal.objects.filter(strategy=strategy).prefetch_related(leads))
    for goal, row in zip(goals, page.goals, strict=True):
        goal.rollup = row.rollup
    return goals


@pytest.mark.parametrize("signed_in", [True, False])
def test_the_goal_cards_are_the_templates(strategy, signed_in):
    page = StrategyPage(strategy.organisation)
    user = UserFactory() if signed_in else AnonymousUser()
    expected = replaced("goal_cards.html").render(
        Context({"goals": goal_records(strategy, page), "user": user})
    )

    assert markup.goal_cards(page.goals, signed_in=signed_in) == expected
    # By last name, as the goals' pages list them: a name known only by its username first.
    assert page.goals[0].delivery_leads == ["abi.able", "Ben Bold", "Zed Zulu, Matron"]


@pytest.mark.parametrize("signed_in", [True, False])
def test_a_years_objectives_are_the_templates(strategy, signed_in):
    page = StrategyPage(strategy.organisation, year=2023)
    records = list(
        Objective.objects.filter(strategy=strategy, year=2023).with_goals().with_latest_status()
    )
    for objective in records:
        objective.latest_period_label = (
            Period(objective.latest_period_start, objective.latest_period_end).label
            if objective.latest_status
            else ""
        )
    user = UserFactory() if signed_in else AnonymousUser()
    expected = replaced("objective_list.html").render(
        Context({"objectives": records, "user": user})
    )

    assert markup.objective_list(page.objectives, year_url=page.year_url, signed_in=signed_in) == (
        expected
    )
    assert [len(objective.goals) for objective in page.objectives] == [2, 1, 0, 1]


def test_an_organisation_without_values_sections_members_or_principles_has_no_rows(strategy):
    page = StrategyPage(strategy.organisation)

    assert (page.values, page.sections, page.members, page.principles) == ([], [], [], [])


def test_values_sections_members_and_principles_in_their_order(strategy):
    organisation = strategy.organisation
    for name in ["Kindness", "Courage"]:
        ValueFactory(organisation=organisation, name=name, slug=name.lower())
    first = SectionFactory(strategy=strategy, heading="Ambitions", kind=Section.Kind.AMBITIONS)
    SectionFactory(strategy=strategy, heading="Places", kind=Section.Kind.PLACES)
    for title in ["One", "Two"]:
        SectionItemFactory(section=first, title=title)
    OrganisationFactory(member_of=organisation, name="Member", slug="member")
    GuidingPrincipleFactory(organisation=organisation, title="Listen")
    page = StrategyPage(organisation)

    assert [value.name for value in page.values] == ["Kindness", "Courage"]
    assert page.values[0].url == "/values/trust/kindness/"
    assert [
        (section.heading, [item.title for item in section.items]) for section in page.sections
    ] == [
        ("Ambitions", ["One", "Two"]),
        ("Places", []),
    ]
    assert page.members == [selectors.OrganisationLink("Member", "/strategies/member/")]
    assert [principle.title for principle in page.principles] == ["Listen"]
