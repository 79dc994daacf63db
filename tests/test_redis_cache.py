"""The shared cache on a real Redis (127.0.0.1:6379 on these machines): what one instance of
the portal writes there, another reads, and the kept clients work as Django's own do."""

import os
import socket

import pytest
from django.core.cache.backends.redis import RedisCache

from strategy_portal.cache_backends import KeptClientRedisCache

REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/9")


def redis_is_up():
    try:
        socket.create_connection(("127.0.0.1", 6379), timeout=1).close()
    except OSError:
        return False
    return True


pytestmark = pytest.mark.skipif(
    not redis_is_up() and os.environ.get("CI") != "true",
    reason="no Redis on 127.0.0.1:6379 (CI requires one)",
)


def instance_cache():
    """The cache as one gunicorn process of one instance sees it."""
    return KeptClientRedisCache(REDIS_URL, {"KEY_PREFIX": "test-portal"})


@pytest.fixture
def shared():
    first, second = instance_cache(), instance_cache()
    first.clear()
    yield first, second
    first.clear()


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


def test_the_client_is_made_once_and_kept(shared):
    first, _ = shared
    first.set("a", 1)
    client = first._cache.get_client(write=True)
    first.get("a")
    assert first._cache.get_client(write=True) is client
    assert isinstance(first, RedisCache)
