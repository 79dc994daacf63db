"""Trigram indexes for the idea and project searches, on PostgreSQL only.

A search word is `UPPER(column::text) LIKE UPPER('%word%')` on each searched column
(Django's icontains). A GIN trigram index on that expression lets PostgreSQL find the rows
holding the word without reading every idea. Other databases have no such index and keep
scanning, which at their sizes is quick. The indexes are not in the models' Meta: SQLite
could not create them.
"""

from django.db import migrations

SEARCHED = {
    "improvement_idea": ["title", "problem", "proposed_change", "ward"],
    "improvement_project": ["title", "problem_statement", "aim", "ward"],
}


def index_name(table, column):
    return f"{table}_{column}_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index_name(table, column)} ON {table} "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(table, column)}")


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0015_staffsite_to_people"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
