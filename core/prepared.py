"""Queries of fixed text run as statements PostgreSQL has prepared: planned once a
connection, not on every request.

PostgreSQL plans each query it is sent afresh, and for the small queries a page runs by key
planning costs more than running: a project charter's twelve queries took 1.4 ms to plan
and 0.7 ms to run, the dashboard's fifteen 1.7 ms and 0.8 ms, on the database server that
shares the portal's cores. The queries compiled once (core.queries) and the few of fixed
text every page runs are prepared the first time a connection runs them and executed by
name after (PREPARE and EXECUTE, which psycopg2 leaves to SQL), with the same parameters and
the same rows. Django's psycopg 3 support could prepare them by itself (server-side
binding), but the portal's driver is psycopg2.

A prepared statement belongs to the connection: when Django connects anew the statements
are prepared again. A statement's columns are fixed when it is prepared, so only queries
that name their columns (never `SELECT *`) are prepared: a column added by a migration
while a connection lives leaves them as they were. If running one fails (a column it reads
was changed under it), the connection's statements are forgotten and prepared anew under
new names on next use. On other databases, and for a query PostgreSQL cannot prepare (a
parameter whose type it cannot tell), the text is run as it is.
"""

import itertools
import re

from django.db import DatabaseError

# The statements' numbers, one a query text, for the life of the process.
STATEMENT_NUMBERS = {}
# Query texts PostgreSQL refused to prepare: they are run as they are.
NOT_PREPARED = set()
PLACEHOLDER = re.compile(r"%[s%]")
EXECUTED = re.compile(r"EXECUTE portal_\d+_(\d+)\b")
GENERATIONS = itertools.count(1)


class PreparedOnConnection:
    """The statements prepared on one database connection (Django's `connection.connection`),
    named with a generation of their own, so that a connection whose statements were
    forgotten prepares them again under other names."""

    def __init__(self, raw):
        self.raw = raw
        self.generation = next(GENERATIONS)
        self.names = set()


def fetch_all(connection, sql, params):
    """The rows of the query, as cursor.execute(sql, params) then fetchall() give them."""
    with connection.cursor() as cursor:
        preparing = connection.vendor == "postgresql" and sql not in NOT_PREPARED
        name = _prepared(connection, cursor, sql) if preparing else None
        if name is None:
            cursor.execute(sql, params)
            return cursor.fetchall()
        arguments = f"({', '.join(['%s'] * len(params))})" if params else ""
        try:
            cursor.execute(f"EXECUTE {name}{arguments}", params or None)
        except DatabaseError:
            connection._portal_prepared = None
            raise
        return cursor.fetchall()


def _prepared(connection, cursor, sql):
    """The name of the statement prepared for the query on this connection, prepared now if
    it has not been; None if PostgreSQL cannot prepare it."""
    raw = connection.connection
    prepared = getattr(connection, "_portal_prepared", None)
    if prepared is None or prepared.raw is not raw:
        prepared = connection._portal_prepared = PreparedOnConnection(raw)
    number = STATEMENT_NUMBERS.setdefault(sql, len(STATEMENT_NUMBERS) + 1)
    name = f"portal_{prepared.generation}_{number}"
    if name in prepared.names:
        return name
    # Through the driver's own cursor: preparing is not one of the page's queries (the
    # query counts see the EXECUTE that runs it). In a transaction, a refusal would end the
    # transaction, so it is tried in a savepoint.
    driver = cursor.cursor
    numbers = itertools.count(1)
    statement = PLACEHOLDER.sub(
        lambda found: "%" if found.group() == "%%" else f"${next(numbers)}", sql
    )
    in_transaction = connection.in_atomic_block
    try:
        if in_transaction:
            driver.execute("SAVEPOINT portal_prepare")
        driver.execute(f"PREPARE {name} AS {statement}")
    except connection.Database.Error:
        if in_transaction:
            driver.execute("ROLLBACK TO SAVEPOINT portal_prepare")
        NOT_PREPARED.add(sql)
        return None
    if in_transaction:
        driver.execute("RELEASE SAVEPOINT portal_prepare")
    prepared.names.add(name)
    return name


def readable(sql):
    """The text of the query that SQL executing a prepared statement runs (as the query log
    and CaptureQueriesContext record it: `EXECUTE portal_1_4(24, 1)`); other SQL as it is."""
    executed = EXECUTED.match(sql)
    if executed is None:
        return sql
    number = int(executed.group(1))
    return next(text for text, kept in STATEMENT_NUMBERS.items() if kept == number)
