"""The task queue's two backends with their real workers, for the tests of background work:
jobs in the database (django-tasks-db) and jobs in a private redis-server (django-tasks-rq).
The tests' own settings run a task as it is enqueued; these put it in a real queue, where it
waits for `manage.py worker`."""

import time

import pytest
from django.core.management import call_command

from strategy_portal.settings import tasks_from_url
from tests.redis_server import RedisServer, needs_redis_server


@pytest.fixture(params=["database", pytest.param("redis", marks=needs_redis_server)])
def queue(request, settings, tmp_path):
    """The task queue of one backend, emptied with the test."""
    url = ""
    if request.param == "redis":
        server = RedisServer(tmp_path).start()
        request.addfinalizer(server.stop)
        url = server.url
    settings.TASKS, settings.RQ_QUEUES = tasks_from_url(url)
    return request.param


def run_worker_until(done, seconds=20):
    """Run the worker over the jobs waiting, again and again, until `done()`."""
    deadline = time.monotonic() + seconds
    while True:
        call_command("worker", "--burst", verbosity=0)
        if done():
            return
        assert time.monotonic() < deadline, "the worker did not finish in time"
        time.sleep(0.2)
