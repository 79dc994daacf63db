"""What the health endpoint reports: whether the database, the cache and the task queue
answer. Each check raises when its service fails; `report()` runs them all, logs a failure
with its reason and says only "ok" or "failing", which tells a visitor nothing more."""

import datetime
import logging
import secrets

import django_rq
from django.core.cache import caches
from django.core.cache.backends.dummy import DummyCache
from django.db import connection
from django.db.models import Q
from django.tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django.utils import timezone
from django_tasks_db import DatabaseBackend
from django_tasks_db.models import DBTaskResult, get_date_max
from django_tasks_rq import RQBackend
from rq import Worker

logger = logging.getLogger(__name__)

# A job due for this long has found no worker to run it.
QUEUE_STALLED_AFTER = datetime.timedelta(minutes=5)


class Failing(Exception):
    pass


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return "ok"


def check_cache():
    """A cache that cannot be reached loses what is written to it (django-redis ignores
    the error), so a value is written and read back."""
    cache = caches["default"]
    if isinstance(cache, DummyCache):
        return "off"
    token = secrets.token_hex(8)
    cache.set("health", token, timeout=10)
    if cache.get("health") != token:
        raise Failing("a value written to the cache was not read back")
    return "ok"


def check_queue():
    """The queue answers and its jobs are being run: in the database, no job has been due
    for QUEUE_STALLED_AFTER; in Redis, at least one worker is registered."""
    backend = task_backends[DEFAULT_TASK_BACKEND_ALIAS]
    if isinstance(backend, DatabaseBackend):
        cutoff = timezone.now() - QUEUE_STALLED_AFTER
        stalled = (
            DBTaskResult.objects.ready()
            .filter(backend_name=backend.alias, enqueued_at__lt=cutoff)
            .filter(Q(run_after=get_date_max()) | Q(run_after__lt=cutoff))
        )
        if stalled.exists():
            raise Failing(f"a job has waited more than {QUEUE_STALLED_AFTER} for a worker")
    elif isinstance(backend, RQBackend):
        queue = django_rq.get_queue()
        queue.connection.ping()
        if Worker.count(queue=queue) == 0:
            raise Failing("no worker is running")
    return "ok"


CHECKS = {"database": check_database, "cache": check_cache, "queue": check_queue}


def report():
    """{service: "ok", "off" or "failing"}, and whether every service is up."""
    results = {}
    for name, check in CHECKS.items():
        try:
            results[name] = check()
        except Exception:
            # Whatever the failure, the endpoint must answer: the log has the reason.
            logger.exception("Health check of the %s failed", name)
            results[name] = "failing"
    return results, "failing" not in results.values()
