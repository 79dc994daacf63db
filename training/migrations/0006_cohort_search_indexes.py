"""Indexes for finding cohorts in the site search, on PostgreSQL.

With only the kept words (0005) and no index, a search checked the words of all 5,900
cohorts at scale 100, and each one's name and course's name as typed across the join: 12 ms
a search, the most of any kind. The search now looks for words as typed in a cohort's own
name alone (its course's words are in the kept ones: training.selectors.FOUND_COHORTS), so
these two indexes find the cohorts of either condition together (0.6 ms).
"""

from django.db import migrations

FORWARDS = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE INDEX IF NOT EXISTS training_cohort_search_document
    ON training_cohort USING gin (search_document);
CREATE INDEX IF NOT EXISTS training_cohort_name_trgm
    ON training_cohort USING gin ((UPPER(name::text)) gin_trgm_ops);
"""

# The extension stays: improvement's and people's trigram indexes use it.
BACKWARDS = """
DROP INDEX IF EXISTS training_cohort_name_trgm;
DROP INDEX IF EXISTS training_cohort_search_document;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0005_cohort_search_document"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
