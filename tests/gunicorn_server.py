"""The portal served as in production, for the tests of faults: gunicorn with two workers,
the production settings read from the environment (tests/served_settings.py), on the test's
PostgreSQL database and on a port of its own (tests/redis_server.py's PortReservation).

The test's database must be one gunicorn can reach: PostgreSQL, with the test's records
committed (`transactional_db`). Sessions made by the test's client (`force_login`) are valid
in gunicorn, which is given the tests' secret key.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import pytest
import requests
from django.conf import settings
from django.db import connection
from django.test import Client

from tests.redis_server import PortReservation

GUNICORN = Path(sys.executable).parent / "gunicorn"
# Variables a developer's shell may set that would change what gunicorn serves.
NOT_PASSED_ON = (
    "DJANGO_",
    "DATABASE_",
    "REDIS_URL",
    "CACHE_URL",
    "TASK_QUEUE_URL",
    "EMAIL_",
    "OIDC_",
    "AXES_",
)

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="gunicorn serves from a database of its own process: the SQLite test database is "
    "in this process's memory (run with DATABASE_URL=postgres://…)",
)


def database_url():
    """The test database, as DATABASE_URL names it."""
    database = connection.settings_dict
    user = quote(database["USER"] or "")
    password = f":{quote(database['PASSWORD'])}" if database["PASSWORD"] else ""
    host = database["HOST"] or "127.0.0.1"
    port = database["PORT"] or "5432"
    return f"postgres://{user}{password}@{host}:{port}/{database['NAME']}"


def served_environment(**environment):
    """The environment of a process of the portal's (gunicorn, the task queue's worker) on the
    test's database, with production's settings and the given variables on top."""
    return {
        **{key: value for key, value in os.environ.items() if not key.startswith(NOT_PASSED_ON)},
        "DJANGO_SETTINGS_MODULE": "tests.served_settings",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": settings.SECRET_KEY,
        # Plain HTTP on 127.0.0.1, as behind a proxy that ends TLS.
        "DJANGO_HTTPS": "false",
        "DATABASE_URL": database_url(),
        # Mail is not the fault under test: it stays in each process's memory.
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "DJANGO_LOG_LEVEL": "WARNING",
        **environment,
    }


class GunicornServer:
    """`gunicorn strategy_portal.wsgi --workers 2`, as README's "Deployment" runs it."""

    def __init__(self, folder, **environment):
        self._reservation = PortReservation()
        self.port = self._reservation.port
        self.log = Path(folder) / "gunicorn.log"
        self.environment = served_environment(DJANGO_ALLOWED_HOSTS="127.0.0.1", **environment)
        self.process = None

    def url(self, path):
        return f"http://127.0.0.1:{self.port}{path}"

    def browser_of(self, user):
        """A browser signed in as the user: their session cookie, made by the test's client."""
        client = Client()
        client.force_login(user)
        browser = requests.Session()
        browser.cookies.set(
            settings.SESSION_COOKIE_NAME, client.cookies[settings.SESSION_COOKIE_NAME].value
        )
        return browser

    def start(self):
        command = [str(GUNICORN), "strategy_portal.wsgi", "--workers", "2"]
        # No control socket: its default path is one for the whole machine.
        command += ["--bind", f"127.0.0.1:{self.port}", "--no-control-socket"]
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                command,
                cwd=settings.BASE_DIR,
                env=self.environment,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.wait_until_serving()
        return self

    def wait_until_serving(self, seconds=90):
        deadline = time.monotonic() + seconds
        while len(self.workers()) < 2 or not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not start: {self.log.read_text()}")
            time.sleep(0.2)

    def answers(self):
        try:
            return requests.get(self.url("/strategies/"), timeout=10).status_code == 200
        except requests.ConnectionError:
            return False

    def workers(self):
        """The process ids of the workers now running."""
        children = Path(f"/proc/{self.process.pid}/task/{self.process.pid}/children")
        return [int(pid) for pid in children.read_text().split()]

    def worker_connected_from(self, port):
        """The worker whose TCP connection has this local port (a database connection's
        client_port, say)."""
        inodes = set()
        for table in ("/proc/net/tcp", "/proc/net/tcp6"):
            for line in Path(table).read_text().splitlines()[1:]:
                fields = line.split()
                if int(fields[1].rsplit(":", 1)[1], 16) == port:
                    inodes.add(f"socket:[{fields[9]}]")
        for pid in self.workers():
            for descriptor in Path(f"/proc/{pid}/fd").iterdir():
                try:
                    if os.readlink(descriptor) in inodes:
                        return pid
                except FileNotFoundError:
                    continue
        raise LookupError(f"no worker has a connection from port {port}")

    def kill_worker(self, pid):
        """SIGKILL, as the out-of-memory killer or a crash ends a worker: no clean-up at all.
        gunicorn starts another in its place."""
        os.kill(pid, signal.SIGKILL)

    def stop(self):
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)
        self._reservation.release()


def portal_connections():
    """The database connections of everyone but the test: [(backend pid, client port, state,
    when its transaction began, what it waits for)]."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid, client_port, state, xact_start, wait_event_type FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
        return cursor.fetchall()


def wait_for(condition, seconds=60, every=0.02):
    """condition()'s first true answer, asked every `every` seconds."""
    deadline = time.monotonic() + seconds
    while not (answer := condition()):
        if time.monotonic() > deadline:
            raise TimeoutError(f"still waiting after {seconds} s")
        time.sleep(every)
    return answer


@pytest.fixture
def gunicorn(tmp_path):
    """Starts the portal under gunicorn with the given environment on top of production's:
    gunicorn(REDIS_URL=...). Stopped at the end of the test."""
    servers = []

    def start(**environment):
        server = GunicornServer(tmp_path, **environment)
        servers.append(server)
        return server.start()

    yield start
    for server in servers:
        server.stop()
        # Shown with a failed test's output: the workers' log lines and gunicorn's own.
        print(server.log.read_text())
