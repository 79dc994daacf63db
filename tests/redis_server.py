"""A private redis-server for tests that stop, start or empty Redis.

Redis on 127.0.0.1:6379 is shared with others, so tests that kill or empty a Redis start
their own: `redis-server --port <free port> --save "" --appendonly no` in a temporary folder.
Outside CI they are skipped when redis-server is not installed; under CI=true they fail.
"""

import os
import shutil
import socket
import subprocess
import time

import pytest
import redis
from django.core.cache import caches
from django_redis.cache import RedisCache

from strategy_portal.settings import cache_from_url

REDIS_SERVER = shutil.which("redis-server")

needs_redis_server = pytest.mark.skipif(
    REDIS_SERVER is None and os.environ.get("CI") != "true",
    reason="redis-server is not installed (CI requires it)",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class RedisServer:
    """One redis-server process on its own port, which may be killed and started again."""

    def __init__(self, folder, port=None):
        self.folder = folder
        self.port = port or free_port()
        self.process = None

    @property
    def url(self):
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self):
        if REDIS_SERVER is None:
            pytest.fail("redis-server is not installed, and CI requires it")
        self.process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.folder),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port, socket_connect_timeout=0.2)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError as error:
                if self.process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"redis-server did not start on port {self.port}") from error
                time.sleep(0.05)
            finally:
                client.close()
        return self

    def kill(self):
        """Ends the process at once, as a crash would: it saves nothing."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)
        self.process = None

    def client(self):
        return redis.Redis(port=self.port)

    def keys(self):
        with self.client() as client:
            return client.keys("*")

    def snapshot(self):
        """Every key as DUMP gives it, with its time to live: what a backup would hold."""
        with self.client() as client:
            return {key: (client.dump(key), max(client.pttl(key), 0)) for key in client.keys("*")}

    def restore(self, snapshot):
        """Loads a snapshot back, as a Redis restored from a backup starts."""
        with self.client() as client:
            for key, (dumped, ttl) in snapshot.items():
                client.restore(key, ttl, dumped, replace=True)


def use_redis_at(settings, url):
    """Points the default cache at `url` through the real settings' cache_from_url.

    Changing CACHES makes Django close the cached backends and build fresh ones (the
    setting_changed handler replaces caches._connections), which is checked here.
    """
    settings.CACHES = {"default": {**cache_from_url(url), "KEY_PREFIX": "portal"}}
    backend = caches["default"]
    assert isinstance(backend, RedisCache)
    assert backend._server == url
    assert backend._ignore_exceptions


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.kill()


@pytest.fixture
def redis_cache(redis_server, settings):
    use_redis_at(settings, redis_server.url)
    return redis_server
