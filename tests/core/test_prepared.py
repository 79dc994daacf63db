"""Queries run as statements prepared once a connection (core/prepared.py): on PostgreSQL
prepared the first time a connection runs them and executed by name, giving the rows the
text gives; elsewhere, or when PostgreSQL cannot prepare one, the text is run as it is."""

import pytest
from django.db import DatabaseError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import Attempt
from core.prepared import fetch_all

pytestmark = pytest.mark.django_db

ON_POSTGRESQL = connection.vendor == "postgresql"
KEYS = 'SELECT "key" FROM "core_attempt" WHERE "kind" = %s AND "key" LIKE \'f%%\' ORDER BY "key"'


@pytest.fixture
def attempts():
    at = timezone.now()
    for key in ["first", "second", "fifth"]:
        Attempt.objects.create(kind="test-prepared", key=key, at=at)


def prepared_names():
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, statement FROM pg_prepared_statements")
        return dict(cursor.fetchall())


def test_a_query_gives_the_rows_its_text_gives_each_time_with_its_own_parameters(attempts):
    with connection.cursor() as cursor:
        cursor.execute(KEYS, ["test-prepared"])
        expected = cursor.fetchall()

    assert fetch_all(connection, KEYS, ["test-prepared"]) == expected == [("fifth",), ("first",)]
    assert fetch_all(connection, KEYS, ["test-prepared"]) == expected
    assert fetch_all(connection, KEYS, ["another kind"]) == []


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL prepares statements")
def test_postgresql_prepares_a_query_once_a_connection_and_runs_it_by_name(attempts):
    with CaptureQueriesContext(connection) as first:
        fetch_all(connection, KEYS, ["test-prepared"])
    with CaptureQueriesContext(connection) as second:
        fetch_all(connection, KEYS, ["test-prepared"])

    # The page's query is the EXECUTE; preparing is not one of its queries.
    assert len(first) == len(second) == 1
    assert second[0]["sql"].startswith("EXECUTE portal_")
    [(name, statement)] = [
        (name, statement)
        for name, statement in prepared_names().items()
        if "core_attempt" in statement and name.startswith("portal_")
    ]
    assert second[0]["sql"].startswith(f"EXECUTE {name}(")
    assert '"kind" = $1 AND "key" LIKE \'f%\'' in statement


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL prepares statements")
@pytest.mark.django_db(transaction=True)
def test_a_new_connection_prepares_its_statements_again(attempts):
    fetch_all(connection, KEYS, ["test-prepared"])
    # As a worker's connection that Django closes when it is too old, and opens anew.
    connection.close()

    assert fetch_all(connection, KEYS, ["test-prepared"]) == [("fifth",), ("first",)]
    assert any("core_attempt" in statement for statement in prepared_names().values())


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL prepares statements")
def test_a_query_postgresql_cannot_prepare_runs_as_it_is_and_the_transaction_goes_on(attempts):
    with transaction.atomic():
        assert fetch_all(connection, "SELECT %s IS NULL", [None]) == [(True,)]
        assert fetch_all(connection, KEYS, ["test-prepared"]) == [("fifth",), ("first",)]

    with CaptureQueriesContext(connection) as again:
        assert fetch_all(connection, "SELECT %s IS NULL", [1]) == [(False,)]
    assert again[0]["sql"] == "SELECT 1 IS NULL"


@pytest.mark.skipif(not ON_POSTGRESQL, reason="PostgreSQL prepares statements")
def test_statements_lost_by_the_connection_are_prepared_anew_after_one_failure(attempts):
    fetch_all(connection, KEYS, ["test-prepared"])
    with connection.cursor() as cursor:
        cursor.execute("DEALLOCATE ALL")

    with pytest.raises(DatabaseError), transaction.atomic():
        fetch_all(connection, KEYS, ["test-prepared"])

    assert fetch_all(connection, KEYS, ["test-prepared"]) == [("fifth",), ("first",)]
