"""The shared cache on a real Redis (a private redis-server, see tests/redis_server.py): what
one instance of the portal writes there through django-redis, another reads."""

import pytest
from django_redis.cache import RedisCache

from strategy_portal.settings import cache_from_url
from tests.redis_server import needs_redis_server

pytestmark = needs_redis_server


def instance_cache(url):
    """The cache as one gunicorn process of one instance sees it, from the real settings."""
    return RedisCache(url, {**cache_from_url(url), "KEY_PREFIX": "test-portal"})


@pytest.fixture
def shared(redis_server):
    return instance_cache(redis_server.url), instance_cache(redis_server.url)


def test_what_one_instance_stores_the_other_reads(shared):
    first, second = shared
    first.set("page", {"html": "<p>Hello</p>"}, 60)
    assert second.get("page") == {"html": "<p>Hello</p>"}
    second.delete("page")
    assert first.get("page") is None


def test_a_version_moved_on_by_one_instance_is_the_others_version(shared):
    first, second = shared
    first.add("data-version", 10, timeout=None)
    second.incr("data-version")
    assert first.get("data-version") == 11


def test_a_redis_that_is_gone_answers_as_an_empty_cache(shared, redis_server):
    first, _ = shared
    first.set("page", "<p>Hello</p>", 60)
    redis_server.kill()

    assert first.get("page") is None
    assert first.get("page", "default") == "default"
    first.set("page", "<p>Again</p>", 60)  # ignored, and logged
    assert first.add("other", 1) is None
