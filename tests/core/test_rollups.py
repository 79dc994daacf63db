"""Rollups: figures worked out by the database once per write to what they count, in a
fixed number of queries however many records they count."""

import threading
import time
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core import caching
from core.models import Rollup
from core.prepared import readable
from improvement import selectors, tallies
from improvement.models import Idea, Project
from tests.factories import ObjectiveFactory, SiteFactory
from tests.improvement.factories import IdeaFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def counted():
    calls = []

    def count():
        calls.append(1)
        return [[len(calls)]]

    return calls, count


def test_a_rollup_is_worked_out_again_only_after_a_write_to_its_topics():
    calls, count = counted()
    assert caching.rollup("test", ["ideas"], count) == [[1]]
    assert caching.rollup("test", ["ideas"], count) == [[1]]
    ProjectFactory()  # projects, people, sites: not ideas
    assert caching.rollup("test", ["ideas"], count) == [[1]]
    IdeaFactory()
    assert caching.rollup("test", ["ideas"], count) == [[2]]
    assert len(calls) == 2


def test_a_rollup_current_with_its_topics_is_read_in_two_queries():
    ProjectFactory.create_batch(3)
    assert tallies.ProjectTallies().counts
    with CaptureQueriesContext(connection) as queries:
        assert sum(row.count for row in tallies.ProjectTallies().counts) == 3
    assert len(queries) == 2


def idea_tallies_worked_out():
    """The parts of the ideas' tallies that are worked out again when next read."""
    generations = dict(Rollup.objects.values_list("name", "generation"))
    since = caching.recent_since()
    return [
        kept.name
        for kept in tallies.IDEA_TALLIES
        if generations.get(kept.name) != caching._generation(kept.topics, since, fresh=True)
    ]


def test_a_new_or_triaged_idea_works_out_only_the_recent_ideas_tallies_again():
    site = SiteFactory()
    older = IdeaFactory(site=site, status=Idea.Status.SUBMITTED)
    older.created_at = timezone.now() - timedelta(days=100)
    older.save(update_fields=["created_at"])
    assert tallies.IdeaTallies().counts
    assert idea_tallies_worked_out() == []

    IdeaFactory(site=site)
    assert idea_tallies_worked_out() == ["recent-idea-tallies"]
    assert tallies.IdeaTallies().totals.received == 2
    newest = Idea.objects.latest("created_at")
    newest.status = Idea.Status.UNDER_REVIEW
    newest.save()
    assert idea_tallies_worked_out() == ["recent-idea-tallies"]
    assert tallies.IdeaTallies(status=Idea.Status.UNDER_REVIEW).totals.received == 1

    older.status = Idea.Status.SUPPORTED
    older.save()
    assert idea_tallies_worked_out() == ["idea-tallies"]
    assert tallies.IdeaTallies(status=Idea.Status.SUPPORTED).totals.received == 1
    assert tallies.IdeaTallies().totals.received == 2


def test_the_ideas_tallies_in_two_parts_add_up_to_every_idea_and_follow_the_month(
    monkeypatch,
):
    objective = ObjectiveFactory()
    for days_ago in [400, 70, 40, 10, 0]:
        idea = IdeaFactory()
        idea.objectives.add(objective)
        Idea.objects.filter(pk=idea.pk).update(created_at=timezone.now() - timedelta(days=days_ago))
    caching.record_change("ideas")
    every_idea = tallies.IdeaTallies(records=Idea.objects.all())

    def as_kept():
        kept = tallies.IdeaTallies()
        return (
            sorted(map(tuple, kept.counts)),
            sorted(map(tuple, kept.objectives)),
        )

    expected = (sorted(map(tuple, every_idea.counts)), sorted(map(tuple, every_idea.objectives)))
    assert sum(row.count for row in every_idea.objectives if row.objective == objective.pk) == 5
    assert as_kept() == expected
    # A month on, the ideas of what was last month are older ideas: both parts are worked
    # out again, and still add up.
    a_month_on = caching.recent_since() + timedelta(days=31)
    monkeypatch.setattr(caching, "recent_since", lambda: a_month_on.replace(day=1))
    assert sorted(idea_tallies_worked_out()) == ["idea-tallies", "recent-idea-tallies"]
    assert as_kept() == expected
    assert idea_tallies_worked_out() == []


def rebuild_queries():
    caching.record_change("ideas")
    with CaptureQueriesContext(connection) as queries:
        rows = tallies.IdeaTallies().counts
    return len(queries), sum(row.count for row in rows)


def test_working_a_rollup_out_again_takes_the_same_queries_however_many_records():
    site = SiteFactory()
    IdeaFactory(site=site)
    assert tallies.IdeaTallies().counts  # the first time, its row is made too
    few, counted_few = rebuild_queries()
    statuses = [Idea.Status.SUBMITTED, Idea.Status.UNDER_REVIEW, Idea.Status.SUPPORTED]
    for status in statuses:
        IdeaFactory.create_batch(4, site=SiteFactory(), status=status)
    many, counted_many = rebuild_queries()
    assert (counted_few, counted_many) == (1, 1 + 4 * len(statuses))
    assert few == many


def test_the_tallies_add_up_to_the_records_for_a_site_and_a_status():
    north, south = SiteFactory(), SiteFactory()
    IdeaFactory.create_batch(2, site=north, status=Idea.Status.SUBMITTED, involves_patients=True)
    IdeaFactory(site=south, status=Idea.Status.UNDER_REVIEW, involves_patients=False)
    assert sum(row.count for row in tallies.IdeaTallies(site=north).counts) == 2
    under_review = tallies.IdeaTallies(status=Idea.Status.UNDER_REVIEW).counts
    assert [(row.site, row.count) for row in under_review] == [(south.pk, 1)]
    assert sum(row.involving_patients for row in tallies.IdeaTallies().counts) == 2


def test_the_ideas_totals_add_up_the_tallies_of_a_site_and_a_status():
    north, south = SiteFactory(), SiteFactory()
    IdeaFactory.create_batch(2, site=north, status=Idea.Status.SUBMITTED, involves_patients=True)
    IdeaFactory(site=south, status=Idea.Status.UNDER_REVIEW, involves_patients=False)
    for counted in [
        tallies.IdeaTallies(),
        tallies.IdeaTallies(site=north),
        tallies.IdeaTallies(status=Idea.Status.UNDER_REVIEW),
        tallies.IdeaTallies(site=north, status=Idea.Status.UNDER_REVIEW),
        tallies.IdeaTallies(records=Idea.objects.filter(site=south)),
    ]:
        rows, totals = counted.counts, counted.totals
        assert totals.received == sum(row.count for row in rows)
        assert totals.involving_patients == sum(row.involving_patients for row in rows)
        assert totals.by_effect == [
            sum(row.by_effect[index] for row in rows) for index in range(len(tallies.EFFECTS))
        ]
        for key, field in [("by_status", "status"), ("by_site", "site"), ("by_month", "month")]:
            expected = {}
            for row in rows:
                expected[getattr(row, field)] = expected.get(getattr(row, field), 0) + row.count
            assert getattr(totals, key) == expected
    assert tallies.IdeaTallies(site=north).totals.by_site == {north.pk: 2}


def test_rollups_read_together_are_read_in_one_query_in_a_request():
    calls, count = counted()
    caching.rollup("first", ["ideas"], count)
    caching.rollup("second", ["ideas"], count)
    caching._request_started()
    try:
        with CaptureQueriesContext(connection) as queries:
            caching.read_together(
                caching.KeptRollup("first", ("ideas",), count),
                caching.KeptRollup("second", ("ideas",), count),
            )
            assert caching.rollup("first", ["ideas"], count) == [[1]]
            assert caching.rollup("second", ["ideas"], count) == [[2]]
        # The generations and the two rollups' rows.
        assert len(queries) == 2
        # Each is taken once: read again, it is read anew.
        with CaptureQueriesContext(connection) as queries:
            assert caching.rollup("first", ["ideas"], count) == [[1]]
        assert len(queries) == 1
    finally:
        caching._request_finished()
    assert len(calls) == 2


def test_no_rollups_read_together_is_no_query():
    """A dashboard filtered so that it reads no rollup (by dates) reads nothing together."""
    caching._request_started()
    try:
        with CaptureQueriesContext(connection) as queries:
            caching.read_together()
    finally:
        caching._request_finished()
    assert len(queries) == 0


def test_rollups_read_together_outside_a_request_are_not_kept():
    calls, count = counted()
    caching.rollup("first", ["ideas"], count)
    with CaptureQueriesContext(connection) as queries:
        caching.read_together(caching.KeptRollup("first", ("ideas",), count))
    assert len(queries) == 0


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite has no row locks")
def test_a_request_arriving_while_another_works_a_rollup_out_counts_for_itself():
    from django.db import connections, transaction

    caching.rollup("test", ["ideas"], lambda: [["first"]])
    caching.record_change("ideas")
    holding, release = threading.Event(), threading.Event()

    def another_request():
        # As a request that is working the rollup out holds its row till it ends.
        with transaction.atomic():
            Rollup.objects.select_for_update().get(name="test")
            holding.set()
            release.wait(10)
        connections.close_all()

    thread = threading.Thread(target=another_request)
    thread.start()
    try:
        assert holding.wait(10)
        started = time.monotonic()
        assert caching.rollup("test", ["ideas"], lambda: [["counted here"]]) == [["counted here"]]
        assert time.monotonic() - started < 2
    finally:
        release.set()
        thread.join()
    # Once the other request ended, the kept rows are worked out and kept as usual.
    assert caching.rollup("test", ["ideas"], lambda: [["kept"]]) == [["kept"]]
    assert caching.rollup("test", ["ideas"], lambda: [["not again"]]) == [["kept"]]


def test_a_part_of_a_rollup_is_read_alone_and_worked_out_again_like_the_whole():
    calls = []

    def count():
        calls.append(1)
        return {"counts": [[len(calls)]], "objectives": [["not read"]]}

    assert caching.rollup("test", ["ideas"], count, part="counts") == [[1]]
    with CaptureQueriesContext(connection) as queries:
        assert caching.rollup("test", ["ideas"], count, part="counts") == [[1]]
    assert "objectives" not in readable(queries[-1]["sql"])
    assert caching.rollup("test", ["ideas"], count)["objectives"] == [["not read"]]
    IdeaFactory()
    assert caching.rollup("test", ["ideas"], count, part="counts") == [[2]]
    assert len(calls) == 2


def test_the_programme_headline_is_the_dashboards_figures():
    site, other = SiteFactory.create_batch(2)
    IdeaFactory.create_batch(3, site=site)
    IdeaFactory(site=other, status=Idea.Status.UNDER_REVIEW)
    for status, sites in [
        (Project.Status.COMPLETED, [site, other]),
        (Project.Status.IN_PROGRESS, [site, site, other]),
        (Project.Status.ON_HOLD, [other]),
    ]:
        for on in sites:
            ProjectFactory(site=on, status=status)
    figures = selectors.programme_figures(
        tallies.IdeaTallies().totals, tallies.ProjectTallies().counts
    )

    assert tallies.programme_headline() == {
        "ideas": {"received": 4},
        "projects": {"completed": 2, "in_progress": 3},
    }
    assert figures["ideas"]["received"] == 4
    assert (figures["projects"]["completed"], figures["projects"]["in_progress"]) == (2, 3)


def test_counts_kept_as_columns_read_back_as_the_rows_they_were_made_from():
    effects = len(tallies.EFFECTS)
    rows = [
        ["2025-04-01", 1, "submitted", 3, 2, list(range(effects))],
        ["2025-05-01", None, "supported", 1, 0, [1] + [0] * (effects - 1)],
    ]
    columns = tallies.as_columns(rows, tallies.IdeaCount)
    empty = tallies.as_columns([], tallies.IdeaCount)

    assert [
        list(row[:-1]) + [list(row[-1])] for row in tallies.column_rows(columns, tallies.IdeaCount)
    ] == rows
    joined = tallies.joined_columns(columns, tallies.as_columns(rows[:1], tallies.IdeaCount))
    assert len(list(tallies.column_rows(joined, tallies.IdeaCount))) == 3
    assert list(tallies.column_rows(empty, tallies.IdeaCount)) == []
    assert tallies.joined_columns(empty, columns) == columns
