"""Queries built once (core/queries.py): each use reads the database anew, and what one use
adds to its query leaves the others' as they were."""

import re

import pytest
from django.db import connection
from django.http import Http404
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Attempt, Rollup, TopicChange
from core.queries import CompiledForKeys, CompiledOnce, built_once, keep_as_prefetched
from goals.models import Objective, Organisation, Site
from tests.factories import GoalFactory, ObjectiveFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_query_built_once_is_built_once_and_read_anew_each_time():
    builds = []

    def build():
        builds.append(1)
        return (
            TopicChange.objects.filter(topic__startswith="test-")
            .order_by("pk")
            .values_list("topic", flat=True)
        )

    changes = built_once(build)
    TopicChange.objects.create(topic="test-ideas")
    first = changes()
    assert list(first) == ["test-ideas"]

    TopicChange.objects.create(topic="test-projects")

    assert changes() is not first
    assert list(changes()) == ["test-ideas", "test-projects"]
    assert list(changes().filter(topic="test-projects")) == ["test-projects"]
    assert list(changes()) == ["test-ideas", "test-projects"]
    assert len(builds) == 1


def test_a_query_compiled_once_reads_anew_with_each_calls_arguments():
    builds = []

    def build(pk):
        builds.append(pk)
        return Attempt.objects.filter(pk=pk).values_list("key", "at")

    attempt = CompiledOnce(build, "pk")
    # Times come back as the ORM gives them (aware datetimes on SQLite too: a converter's).
    at = timezone.now()
    first = Attempt.objects.create(kind="test", key="first", at=at)
    second = Attempt.objects.create(kind="test", key="second", at=at)

    assert attempt(pk=first.pk) == [("first", at)]
    assert attempt(pk=second.pk) == [("second", at)]
    Attempt.objects.filter(pk=first.pk).update(key="changed")
    assert attempt(pk=first.pk) == [("changed", at)]
    # Built twice on the first call, to tell its arguments' parameters, and never again.
    assert len(builds) == 2


def test_first_or_404_gives_the_first_row_or_a_not_found_with_its_message():
    attempt = CompiledOnce(
        lambda pk: Attempt.objects.filter(pk=pk).values_list("key", flat=True), "pk"
    )
    kept = Attempt.objects.create(kind="test", key="kept", at=timezone.now())

    assert attempt.first_or_404("No such attempt.", pk=kept.pk) == "kept"
    with pytest.raises(Http404, match="No such attempt."):
        attempt.first_or_404("No such attempt.", pk=kept.pk + 1)


def test_a_query_compiled_once_gives_its_rows_as_its_queryset_would():
    Rollup.objects.create(name="test", generation="1", rows=[{"site": 1, "count": 2}])
    flat = CompiledOnce(
        lambda name: Rollup.objects.filter(name=name).values_list("rows", flat=True), "name"
    )
    named = CompiledOnce(
        lambda name: Rollup.objects.filter(name=name).values_list("name", "rows", named=True),
        "name",
    )
    as_dicts = CompiledOnce(lambda name: Rollup.objects.filter(name=name).values("rows"), "name")

    # The JSON is decoded by the field's converter, as the ORM does.
    assert flat(name="test") == [[{"site": 1, "count": 2}]]
    assert named(name="test")[0].rows == [{"site": 1, "count": 2}]
    assert named(name="test")[0].name == "test"
    assert as_dicts(name="test") == [{"rows": [{"site": 1, "count": 2}]}]
    assert flat(name="none") == []


def test_a_query_compiled_once_refuses_an_argument_its_sql_would_not_take_as_it_is():
    pattern = CompiledOnce(
        lambda topic: TopicChange.objects.filter(topic__startswith=topic).values("pk"), "topic"
    )
    unused = CompiledOnce(lambda topic: TopicChange.objects.values("pk"), "topic")
    prefetching = CompiledOnce(
        lambda topic: TopicChange.objects.filter(topic=topic).prefetch_related("x"), "topic"
    )

    sliced = CompiledOnce(lambda count: TopicChange.objects.values("pk")[:count], "count")

    for query in (pattern, unused):
        with pytest.raises(ValueError, match="does not take topic"):
            query(topic="test-ideas")
    with pytest.raises(ValueError, match="changes with its arguments"):
        sliced(count=3)
    with pytest.raises(ValueError, match="prefetches nothing"):
        prefetching(topic="test-ideas")


def test_a_query_compiled_once_gives_records_with_those_it_selects_related():
    organisation = Organisation.objects.create(
        name="Test trust", short_name="Test", slug="test-trust", kind=Organisation.Kind.values[0]
    )
    site = Site.objects.create(
        organisation=organisation, name="Test Hospital", short_name="Test", slug="test"
    )
    site_with_trust = CompiledOnce(
        lambda pk: Site.objects.select_related("organisation").filter(pk=pk), "pk"
    )

    [found] = site_with_trust(pk=site.pk)

    assert found == site and found.short_name == "Test"
    with CaptureQueriesContext(connection) as queries:
        assert found.organisation.name == "Test trust"
    assert not queries
    assert site_with_trust(pk=-1) == []


def test_related_records_kept_as_prefetched_are_read_without_a_query():
    goal = GoalFactory()
    objective = ObjectiveFactory(strategy=goal.strategy, goals=[goal])
    lead, other = UserFactory.create_batch(2)
    objective.delivery_leads.set([lead])
    found = Objective.objects.get(pk=objective.pk)

    keep_as_prefetched(found, "goals", [goal])
    keep_as_prefetched(found, "delivery_leads", [lead])

    with CaptureQueriesContext(connection) as queries:
        assert list(found.goals.all()) == [goal]
        assert found.is_delivered_by(lead) and not found.is_delivered_by(other)
    assert not queries


def test_a_number_its_field_cannot_hold_matches_nothing_as_through_the_orm():
    """An id typed into an address can be any length: the ORM finds nothing for it, where
    the database would refuse the query."""
    attempt = CompiledOnce(lambda pk: Attempt.objects.filter(pk=pk).values("pk"), "pk")
    Attempt.objects.create(kind="test", key="first", at=timezone.now())

    for pk in (99999999999999999999, -99999999999999999999):
        assert list(Attempt.objects.filter(pk=pk).values("pk")) == []
        assert attempt(pk=pk) == []


def test_a_read_for_keys_takes_any_number_of_keys_by_the_same_sql():
    at = timezone.now()
    attempts = [Attempt.objects.create(kind="test", key=f"key {n}", at=at) for n in range(5)]
    keys = CompiledForKeys(
        lambda: Attempt.objects.order_by("key").values_list("key", flat=True), "pk", 3
    )
    ids = [attempt.pk for attempt in attempts]

    with CaptureQueriesContext(connection) as one:
        assert keys([ids[2]]) == ["key 2"]
    with CaptureQueriesContext(connection) as three:
        assert keys([ids[4], ids[0], ids[1]]) == ["key 0", "key 1", "key 4"]
    # The same text, with three keys (as the database was sent it: its parameters in it).
    assert re.sub(r"\d+", "N", one[0]["sql"]) == re.sub(r"\d+", "N", three[0]["sql"])
    # More keys than it takes: read three at a time, each part in the query's order.
    with CaptureQueriesContext(connection) as five:
        assert keys(ids) == ["key 0", "key 1", "key 2", "key 3", "key 4"]
    assert len(five) == 2
    with CaptureQueriesContext(connection) as none:
        assert keys([]) == []
    assert len(none) == 0
