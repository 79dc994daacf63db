"""Rollup refreshes run as tasks: once a write to what a rollup counts commits, the task
queue's worker works the rollup out again, so the next reader finds it current; through each
of the queue's real backends, one refresh a transaction however many rows it writes."""

import django_rq
import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django_tasks_db.models import DBTaskResult

from core import caching
from core.models import Rollup
from improvement import tallies
from strategy_portal.settings import tasks_from_url
from tests.factories import StrategyFactory
from tests.improvement.factories import IdeaFactory
from tests.task_queues import run_worker_until

pytestmark = pytest.mark.django_db(transaction=True)


def refreshes_waiting(queue):
    """The names each waiting refresh_rollups job was given."""
    if queue == "database":
        results = DBTaskResult.objects.filter(task_path="core.caching.refresh_rollups")
        return [result.args_kwargs["args"][0] for result in results.ready()]
    return [job.args[0] for job in django_rq.get_queue().get_jobs()]


def recent_idea_tallies_current():
    """Whether the recent ideas' tallies, which new ideas are counted in, are current."""
    kept = Rollup.objects.filter(name="recent-idea-tallies").first()
    current = caching.generations(caching.recent_counts_of("ideas"), fresh=True)
    return kept is not None and kept.generation.startswith(f"{current}|")


def ideas_counted():
    return sum(row.count for row in tallies.IdeaTallies().counts)


def test_the_worker_refreshes_a_rollup_after_a_write_so_its_reader_need_not(queue):
    assert ideas_counted() == 0
    with transaction.atomic():
        IdeaFactory.create_batch(3)
    # Their submitters are new people, whose sites the card tallies count by.
    assert refreshes_waiting(queue) == [["card-tallies", "card-totals", "recent-idea-tallies"]]
    assert not recent_idea_tallies_current()

    run_worker_until(recent_idea_tallies_current)

    # The reader finds the rows current: for the older and the recent ideas' tallies, the
    # generations (read once a request, but this is no request) and the kept rows; no counting.
    with CaptureQueriesContext(connection) as queries:
        assert ideas_counted() == 3
    assert len(queries) == 4


def test_a_transaction_of_many_writes_queues_one_refresh_of_the_rollups_they_change(queue):
    with transaction.atomic():
        IdeaFactory.create_batch(20)
        caching.record_change("training")
    assert refreshes_waiting(queue) == [
        ["card-tallies", "card-totals", "recent-idea-tallies", "trained"]
    ]


def test_a_write_that_no_rollup_counts_queues_nothing(queue):
    StrategyFactory()
    assert refreshes_waiting(queue) == []


def test_a_rolled_back_write_queues_nothing(queue):
    with pytest.raises(RuntimeError), transaction.atomic():
        IdeaFactory()
        raise RuntimeError("the request failed")
    assert refreshes_waiting(queue) == []


def test_with_the_queue_unreachable_the_write_is_kept_and_its_reader_counts_it(settings, caplog):
    settings.TASKS, settings.RQ_QUEUES = tasks_from_url("redis://127.0.0.1:9/0")
    with transaction.atomic():
        IdeaFactory()
    assert (
        "Refreshing the rollups card-tallies, card-totals, recent-idea-tallies could not be queued"
        in caplog.text
    )
    assert ideas_counted() == 1
