"""/health/ says whether the database, the cache and the task queue answer: 200 when they
all do, 503 naming the one that does not."""

import datetime
from unittest import mock

import django_rq
import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult
from rq import SimpleWorker

from core.emails import send_email
from strategy_portal.settings import tasks_from_url
from tests.redis_server import needs_redis_server, use_redis_at

pytestmark = pytest.mark.django_db


def health(client):
    response = client.get(reverse("health"))
    return response.status_code, response.json()


def test_everything_up_answers_200(client):
    assert health(client) == (200, {"database": "ok", "cache": "ok", "queue": "ok"})


def test_the_answer_is_never_kept_by_a_browser_or_proxy(client):
    assert "no-cache" in client.get(reverse("health"))["Cache-Control"]


def test_a_database_that_does_not_answer_is_a_503(client, caplog):
    with mock.patch.object(connection, "cursor", side_effect=OperationalError("gone")):
        status, report = health(client)

    assert (status, report["database"]) == (503, "failing")
    assert "Health check of the database failed" in caplog.text


def test_a_cache_that_does_not_answer_is_a_503(client, settings, redis_never_started):
    use_redis_at(settings, redis_never_started.url)

    assert health(client) == (503, {"database": "ok", "cache": "failing", "queue": "ok"})


def test_a_portal_run_without_a_cache_says_so_and_is_up(client, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

    assert health(client) == (200, {"database": "ok", "cache": "off", "queue": "ok"})


# The worker commits as it goes, which it cannot inside the test's transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
def test_a_database_queue_whose_jobs_wait_for_no_worker_is_a_503_until_one_runs(client, settings):
    settings.TASKS, settings.RQ_QUEUES = tasks_from_url("")
    send_email.enqueue(subject="Your card", body="Thank you.", to=["rhys@nhs.example"])
    DBTaskResult.objects.update(enqueued_at=timezone.now() - datetime.timedelta(minutes=6))

    assert health(client) == (503, {"database": "ok", "cache": "ok", "queue": "failing"})

    call_command("worker", "--burst", verbosity=0)
    assert health(client)[0] == 200


def test_a_job_due_a_moment_ago_is_no_failure(client, settings):
    settings.TASKS, settings.RQ_QUEUES = tasks_from_url("")
    send_email.enqueue(subject="Your card", body="Thank you.", to=["rhys@nhs.example"])

    assert health(client)[0] == 200


@needs_redis_server
def test_a_redis_queue_answers_only_with_a_worker(client, settings, redis_server):
    settings.TASKS, settings.RQ_QUEUES = tasks_from_url(redis_server.url)
    assert health(client) == (503, {"database": "ok", "cache": "ok", "queue": "failing"})

    queue = django_rq.get_queue()
    worker = SimpleWorker([queue], connection=queue.connection)
    worker.register_birth()
    assert health(client)[0] == 200

    worker.register_death()
    redis_server.kill()
    assert health(client) == (503, {"database": "ok", "cache": "ok", "queue": "failing"})
