"""The staff search reads the trigram indexes on PostgreSQL (people 0004), for the columns
of both the account and the profile."""

import pytest
from django.db import connection

from people.selectors import staff_matching

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_on_postgresql_the_staff_search_reads_the_trigram_indexes():
    with connection.cursor() as cursor:
        # A test database is too small for the planner to prefer an index on its own.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = staff_matching("alex morr").explain()

    for column in ["first_name", "last_name", "username", "email", "job_title", "department"]:
        assert f"staff_{column}_trgm" in plan
