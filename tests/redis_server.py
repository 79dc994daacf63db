"""A private redis-server for tests that stop, start or empty Redis.

Redis on 127.0.0.1:6379 is shared with others, so tests that kill or empty a Redis start
their own: `redis-server --port <port> --save "" --appendonly no` in a temporary folder, on a
port reserved for it (see PortReservation). Outside CI they are skipped when redis-server is
not installed; under CI=true they fail.
"""

import fcntl
import os
import secrets
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

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


# Below Linux's ephemeral ports (32768 to 60999), so the kernel never hands one of these to a
# connection or to a bind to port 0 while a test's Redis is down.
PORTS = range(21000, 22000)
PORT_LOCKS = Path(tempfile.gettempdir()) / "strategy-portal-test-ports"


class PortReservation:
    """A port that no other test process on this machine uses until it is released.

    pytest-xdist runs the suite in several processes, and other checkouts' suites may run at
    the same time: each holds a lock on a file named after each port it uses, from before its
    redis-server starts until after it is gone for good, through any restarts in between. The
    operating system drops the lock of a process that dies.
    """

    def __init__(self):
        PORT_LOCKS.mkdir(exist_ok=True)
        first = secrets.randbelow(len(PORTS))
        for offset in range(len(PORTS)):
            port = PORTS[(first + offset) % len(PORTS)]
            lock = open(PORT_LOCKS / f"{port}.lock", "w")  # noqa: SIM115 (held till released)
            try:
                fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                lock.close()
                continue
            if nothing_listens_on(port):
                self.port, self._lock = port, lock
                return
            lock.close()
        raise RuntimeError(f"every port from {PORTS.start} to {PORTS.stop - 1} is taken")

    def release(self):
        self._lock.close()


def nothing_listens_on(port):
    with socket.socket() as probe:
        # As redis-server binds: a connection of an earlier server still closing is no obstacle.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
        return True


class RedisServer:
    """One redis-server process on a port of its own, which may be killed and started again.

    Given a port, it is a server started again where another was, on that one's reservation.
    """

    def __init__(self, folder, port=None):
        self.folder = folder
        self._reservation = None if port else PortReservation()
        self.port = port or self._reservation.port
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

    def stop(self):
        """Ends the process for good and gives up its port."""
        self.kill()
        if self._reservation is not None:
            self._reservation.release()
            self._reservation = None

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
    server.stop()


@pytest.fixture
def redis_never_started(tmp_path):
    """A Redis address where nothing answers: its port is reserved, its server never started."""
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def redis_cache(redis_server, settings):
    use_redis_at(settings, redis_server.url)
    return redis_server
