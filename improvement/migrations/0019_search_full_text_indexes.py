"""Full-text indexes for the site search of ideas and projects, on PostgreSQL only.

The site search matches `to_tsvector('english', <the columns joined by spaces>)` against
the query (core.search.matching). A GIN index on exactly that expression lets PostgreSQL
find the matching rows without turning every idea into its words. Like the trigram
indexes of 0016 they are not in the models' Meta: SQLite could not create them.
"""

from django.db import migrations

# The columns improvement.querysets searches (IDEA_TEXT, PROJECT_TEXT), in their order: the
# tests check that the search reads these indexes.
SEARCHED = {
    "improvement_idea": ["title", "problem", "proposed_change", "ward"],
    "improvement_project": ["title", "problem_statement", "aim", "ward"],
}


def index_name(table):
    return f"{table}_full_text"


def document(columns):
    # As Django writes SearchVector(*columns, config="english"), so the planner matches it.
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('english'::regconfig, {joined})"


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {index_name(table)} ON {table} "
            f"USING gin (({document(columns)}))"
        )


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in SEARCHED:
        schema_editor.execute(f"DROP INDEX IF EXISTS {index_name(table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0018_training_models_in_training"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
