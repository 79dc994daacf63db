"""The migrations making order numbers unique in each list: a database whose lists hold a
number twice is renumbered in the order its pages showed, then refuses duplicates."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from goals.models import Goal, Organisation, SectionItem
from values.models import Behaviour, GuidingPrinciple, Value

BEFORE_UNIQUE_ORDER = [
    ("goals", "0005_site"),
    ("values", "0007_staffprofile_to_people"),
]


def migrate(targets=None):
    """Migrate to the targets (the latest migrations by default); the apps as they stand."""
    executor = MigrationExecutor(connection)
    targets = targets or executor.loader.graph.leaf_nodes()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


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
