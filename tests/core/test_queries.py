"""Queries built once (core/queries.py): each use reads the database anew, and what one use
adds to its query leaves the others' as they were."""

import pytest

from core.models import TopicChange
from core.queries import built_once

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
