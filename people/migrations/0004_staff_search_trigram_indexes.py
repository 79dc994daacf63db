"""Trigram indexes for the staff search behind the people pickers, on PostgreSQL only.

people.selectors.staff_matching looks for each word typed in six columns, as Django's
icontains: `UPPER(column::text) LIKE UPPER('%word%')`. A B-tree index cannot serve that, so
every keystroke in a picker read every member of staff; a GIN trigram index on the same
expression finds the rows holding the word from the index. They are written as SQL, like
improvement 0016's: Django's GinIndex(OpClass(...)) renders only with django.contrib.postgres
installed, auth's table is not a model of this app to declare them on, and undoing this
migration must leave the extension, which 0016's indexes use (TrigramExtension's undoing
drops it). SQLite has no such index and keeps scanning, which at its sizes is quick.
"""

from django.db import migrations

SEARCHED = {
    "auth_user": ["first_name", "last_name", "username", "email"],
    "people_staffprofile": ["job_title", "department"],
}


def index_name(column):
    return f"staff_{column}_trgm"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for table, columns in SEARCHED.items():
        for column in columns:
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {index_name(column)} ON {table} "
                f"USING gin ((UPPER({column}::text)) gin_trgm_ops)"
            )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for columns in SEARCHED.values():
        for column in columns:
            schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(column)}")


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("people", "0003_staff_profile_history"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
