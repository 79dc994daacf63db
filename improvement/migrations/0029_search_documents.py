"""Each idea's, project's and measure's searchable words kept in a column, on PostgreSQL.

The site search ranks the rows matching a query by `ts_rank` (core.search.matching). With
only an index on the expression (0019), PostgreSQL turned every matching row into its
words again to rank it: at scale 100 a common word ("patients", in a third of 47,000 ideas)
took 560 ms for the ideas alone, and the search page 6 s under load. A generated column
keeps the words as each row is written, so matching and ranking read them (55 ms), and a
GIN index on it finds the rows of a rarer word at once. Like the indexes of 0016 and 0019
the column is not in the models: SQLite could not make it, and no model code writes it.
"""

from django.db import migrations

# The columns improvement.querysets searches (IDEA_TEXT, PROJECT_TEXT), and a measure's
# name and unit, in their order.
SEARCHED = {
    "improvement_idea": ["title", "problem", "proposed_change", "ward"],
    "improvement_project": ["title", "problem_statement", "aim", "ward"],
    "improvement_measure": ["name", "unit"],
}
COLUMN = "search_document"


def document(columns):
    joined = " || ' ' || ".join(f"COALESCE({column}, '')" for column in columns)
    return f"to_tsvector('english'::regconfig, {joined})"


def add_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, columns in SEARCHED.items():
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS {COLUMN} tsvector "
            f"GENERATED ALWAYS AS ({document(columns)}) STORED"
        )
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{COLUMN} ON {table} USING gin ({COLUMN})"
        )
        # The index on the expression (0019) is read no more.
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_full_text")
    # A row holding the words as typed is found too (core.search.contains_every_word): a
    # measure's columns get the trigram indexes 0016 gave ideas' and projects', so a word in
    # no measure is known at once rather than after reading all 47,000.
    for column in SEARCHED["improvement_measure"]:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS improvement_measure_{column}_trgm ON "
            f"improvement_measure USING gin ((UPPER({column}::text)) gin_trgm_ops)"
        )


def drop_columns(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for column in SEARCHED["improvement_measure"]:
        schema_editor.execute(f"DROP INDEX IF EXISTS improvement_measure_{column}_trgm")
    for table, columns in SEARCHED.items():
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS {COLUMN}")
        if table != "improvement_measure":
            schema_editor.execute(
                f"CREATE INDEX IF NOT EXISTS {table}_full_text ON {table} "
                f"USING gin (({document(columns)}))"
            )


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0028_measure_latest_value"),
    ]

    operations = [migrations.RunPython(add_columns, drop_columns)]
