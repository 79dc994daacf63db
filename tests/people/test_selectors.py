"""The staff search reads the trigram indexes on PostgreSQL (people 0004), for the columns
of both the account and the profile; pickers' options of staff read as values."""

import pytest
from django.db import connection

from core.forms import person_option
from people.selectors import active_staff, staff_matching, staff_options
from tests.factories import SiteFactory, StaffProfileFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.skipif(connection.vendor != "postgresql", reason="trigram indexes are PostgreSQL's")
def test_on_postgresql_the_staff_search_reads_the_trigram_indexes():
    with connection.cursor() as cursor:
        # A test database is too small for the planner to prefer an index on its own.
        cursor.execute("SET LOCAL enable_seqscan = off")
        plan = staff_matching("alex morr").explain()

    for column in ["first_name", "last_name", "username", "email", "job_title", "department"]:
        assert f"staff_{column}_trgm" in plan


def test_staff_options_read_as_values_are_what_a_picker_shows_of_each_record():
    """What the charter's pickers show of its people, read as values, is what
    core.forms.person_option shows of each person read as a record: with and without a
    profile, a profile with and without a site, a person with no name but a username."""
    site = SiteFactory(short_name="Basildon")
    StaffProfileFactory(job_title="Matron", department="Emergency department", site=site)
    StaffProfileFactory(job_title="", department="Theatres", site=None)
    UserFactory(first_name="", last_name="", username="no.name")
    UserFactory(first_name="Alex", last_name="")

    options = staff_options(active_staff())

    assert options == [person_option(user) for user in active_staff()]
    assert len(options) == 4
