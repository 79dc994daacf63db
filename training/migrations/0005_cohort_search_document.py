"""Each cohort's searchable words (its name and its course's) kept in a column, on PostgreSQL.

The site search found cohorts by turning every cohort's name and its course's into words
again: at scale 100 a word in no cohort read all 5,900 of them, 40 ms a search (3 ms
reading the kept words; no index, since the search also matches the names as typed, which
an index on the words cannot answer across the join with the course). Unlike
ideas' (improvement 0029) the words join another table, which a generated column cannot
read, so triggers keep them: a cohort's when it is written, its course's cohorts' when the
course is renamed. Like improvement's, the column is not in the model: SQLite could not
keep it, and no model code writes it.
"""

from django.db import migrations

WORDS = "to_tsvector('english'::regconfig, COALESCE({cohort}, '') || ' ' || COALESCE({course}, ''))"

FORWARDS = f"""
ALTER TABLE training_cohort ADD COLUMN IF NOT EXISTS search_document tsvector;

CREATE OR REPLACE FUNCTION training_cohort_search_document() RETURNS trigger AS $$
BEGIN
    NEW.search_document := {
    WORDS.format(
        cohort="NEW.name", course="(SELECT name FROM training_course WHERE id = NEW.course_id)"
    )
};
    RETURN NEW;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER training_cohort_search_document
    BEFORE INSERT OR UPDATE OF name, course_id ON training_cohort
    FOR EACH ROW EXECUTE FUNCTION training_cohort_search_document();

CREATE OR REPLACE FUNCTION training_course_search_documents() RETURNS trigger AS $$
BEGIN
    UPDATE training_cohort SET search_document = {WORDS.format(cohort="name", course="NEW.name")}
        WHERE course_id = NEW.id;
    RETURN NULL;
END
$$ LANGUAGE plpgsql;

CREATE TRIGGER training_course_search_documents
    AFTER UPDATE OF name ON training_course
    FOR EACH ROW WHEN (OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION training_course_search_documents();

UPDATE training_cohort SET search_document = {
    WORDS.format(cohort="training_cohort.name", course="training_course.name")
} FROM training_course WHERE training_course.id = training_cohort.course_id;
"""

BACKWARDS = """
DROP TRIGGER IF EXISTS training_course_search_documents ON training_course;
DROP FUNCTION IF EXISTS training_course_search_documents();
DROP TRIGGER IF EXISTS training_cohort_search_document ON training_cohort;
DROP FUNCTION IF EXISTS training_cohort_search_document();
ALTER TABLE training_cohort DROP COLUMN IF EXISTS search_document;
"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARDS)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARDS)


class Migration(migrations.Migration):
    dependencies = [
        ("training", "0004_session_cancelled"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
