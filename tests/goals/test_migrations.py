"""The migrations making order numbers unique in each list: a database whose lists hold a
number twice is renumbered in the order its pages showed, then refuses duplicates."""

import pytest

from goals.models import Goal, Objective, Organisation, SectionItem, Site
from tests.migrations import migrate
from training.models import Course
from values.models import Behaviour, GuidingPrinciple, Value

BEFORE_UNIQUE_ORDER = [
    ("goals", "0005_site"),
    ("values", "0007_staffprofile_to_people"),
]


def build_lists_with_duplicates(apps):
    """Lists as editors could leave them: numbers given twice, and a number shared across
    lists, which is allowed."""

    def model(name):
        label, _, model_name = name.partition(".")
        return apps.get_model(label, model_name)

    organisation = model("goals.Organisation")
    objects = {}
    # Shown as: Beta (1), Alpha (2, by name), Gamma (2), Delta (3).
    for name, order in [("Gamma", 2), ("Beta", 1), ("Delta", 3), ("Alpha", 2)]:
        objects[name] = organisation.objects.create(
            name=name, short_name=name, slug=name.lower(), kind="foundation_trust", order=order
        )
    strategy = model("goals.Strategy").objects.create(organisation=objects["Beta"], title="S")
    for title, order in [("First", 0), ("Second", 0), ("Third", 0)]:
        model("goals.Goal").objects.create(
            strategy=strategy, title=title, description="x", order=order
        )
    section = model("goals.Section").objects.create(
        strategy=strategy, kind="places", heading="Places", order=1
    )
    for title, order in [("One", 1), ("Two", 5), ("Three", 5), ("Four", 6)]:
        model("goals.SectionItem").objects.create(section=section, title=title, order=order)
    value = model("values.Value").objects.create(
        organisation=objects["Beta"], name="Kind", slug="kind", summary="x", order=1
    )
    model("values.Value").objects.create(
        organisation=objects["Beta"], name="Brave", slug="brave", summary="x", order=1
    )
    for statement, order in [("I listen", 1), ("I help", 1), ("I care", 2)]:
        model("values.Behaviour").objects.create(value=value, statement=statement, order=order)
    for title, order in [("Share", 3), ("Learn", 3)]:
        model("values.GuidingPrinciple").objects.create(
            organisation=objects["Alpha"], title=title, description="x", order=order
        )
    model("values.GuidingPrinciple").objects.create(
        organisation=objects["Gamma"], title="Share", description="x", order=3
    )


def numbered(queryset, field):
    return list(queryset.values_list(field, "order"))


# The schema changes cannot run inside the test's transaction on SQLite.
@pytest.mark.django_db(transaction=True)
def test_duplicate_numbers_are_renumbered_in_the_order_the_pages_showed():
    try:
        build_lists_with_duplicates(migrate(BEFORE_UNIQUE_ORDER))
    finally:
        migrate()

    assert numbered(Organisation.objects.all(), "name") == [
        ("Beta", 1),
        ("Alpha", 2),
        ("Gamma", 3),
        ("Delta", 4),
    ]
    assert numbered(Goal.objects.all(), "title") == [("First", 0), ("Second", 1), ("Third", 2)]
    assert numbered(SectionItem.objects.all(), "title") == [
        ("One", 1),
        ("Two", 5),
        ("Three", 6),
        ("Four", 7),
    ]
    assert numbered(Value.objects.all(), "name") == [("Kind", 1), ("Brave", 2)]
    assert numbered(Behaviour.objects.all(), "statement") == [
        ("I listen", 1),
        ("I help", 2),
        ("I care", 3),
    ]
    principles = GuidingPrinciple.objects.order_by("organisation__name", "order")
    assert numbered(principles, "title") == [("Share", 3), ("Learn", 4), ("Share", 3)]


BEFORE_SITE_AND_COURSE_HISTORY = [
    ("goals", "0006_order_unique_in_each_list"),
    ("training", "0001_initial"),
]


@pytest.mark.django_db(transaction=True)
def test_sites_and_courses_are_renumbered_and_start_their_history():
    try:
        apps = migrate(BEFORE_SITE_AND_COURSE_HISTORY)
        organisation = apps.get_model("goals", "Organisation").objects.create(
            name="Trust", short_name="T", slug="t", kind="foundation_trust", order=1
        )
        for name, order in [("Basildon", 1), ("Southend", 2), ("Broomfield", 1)]:
            apps.get_model("goals", "Site").objects.create(
                organisation=organisation, name=name, short_name=name, slug=name, order=order
            )
        for name, order in [("One day", 1), ("Five week", 1)]:
            apps.get_model("training", "Course").objects.create(
                name=name, slug=name[:4], description="x", session_count=1, order=order
            )
        strategy = apps.get_model("goals", "Strategy").objects.create(
            organisation=organisation, title="S"
        )
        goal = apps.get_model("goals", "Goal").objects.create(
            strategy=strategy, title="G", description="x", order=1
        )
        objective = apps.get_model("goals", "Objective").objects.create(
            strategy=strategy, year=2023, number=1, statement="x"
        )
        objective.goals.add(goal)
        apps.get_model("goals", "HistoricalObjective").objects.create(
            id=objective.pk,
            strategy_id=strategy.pk,
            year=2023,
            number=1,
            statement="x",
            created_at=objective.created_at,
            updated_at=objective.updated_at,
            history_date=objective.created_at,
            history_type="+",
        )
    finally:
        migrate()

    assert numbered(Site.objects.all(), "name") == [
        ("Basildon", 1),
        ("Broomfield", 2),
        ("Southend", 3),
    ]
    assert numbered(Course.objects.all(), "name") == [("Five week", 1), ("One day", 2)]
    # Their first history entries, with the numbers they had then.
    assert sorted(Site.history.values_list("name", "history_type")) == [
        ("Basildon", "+"),
        ("Broomfield", "+"),
        ("Southend", "+"),
    ]
    assert Course.history.count() == 2
    # The objective's earlier entry knows its goal: putting it back keeps the link.
    [entry] = Objective.history.all()
    assert [link.goal.title for link in entry.goals.all()] == ["G"]
