"""The indexes of the summary table of measures' orders. Sorted by latest value or target
highest first, the measures without one still come last (DESC NULLS LAST), an order an
index holds only on PostgreSQL: SQLite cannot create it, so it is made here, not in
Measure.Meta, and other databases sort those few measures."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from improvement.verdict_groups import BY_LATEST, BY_TARGET, directed

HIGHEST_FIRST = {
    "measure_by_latest_descending": BY_LATEST,
    "measure_by_target_descending": BY_TARGET,
}


def create_descending_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    Measure = apps.get_model("improvement", "Measure")
    for name, order in HIGHEST_FIRST.items():
        schema_editor.add_index(Measure, models.Index(*directed(order, descending=True), name=name))


def drop_descending_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in HIGHEST_FIRST:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0014_returned_updates"),
        ("improvement", "0030_measure_sparkline_points"),
        ("training", "0004_session_cancelled"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                models.Case(
                    models.When(models.Q(("assurance", "fail")), then=models.Value(0)),
                    models.When(models.Q(("assurance", "inconsistent")), then=models.Value(1)),
                    models.When(models.Q(("assurance", "pass")), then=models.Value(2)),
                    default=models.Value(3),
                ),
                models.Case(
                    models.When(
                        models.Q(("variation__in", ["concern_high", "concern_low"])),
                        then=models.Value(0),
                    ),
                    models.When(
                        models.Q(("variation__in", ["improvement_high", "improvement_low"])),
                        then=models.Value(1),
                    ),
                    models.When(
                        models.Q(("variation__in", ["neutral_high", "neutral_low"])),
                        then=models.Value(2),
                    ),
                    models.When(
                        models.Q(("variation__in", ["common_cause"])), then=models.Value(3)
                    ),
                    models.When(
                        models.Q(("variation", ""), models.Q(("latest_kind", ""), _negated=True)),
                        then=models.Value(4),
                    ),
                    default=models.Value(5),
                ),
                django.db.models.functions.text.Lower("name"),
                models.F("id"),
                name="measure_assurance_first",
            ),
        ),
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                models.F("latest_value"),
                django.db.models.functions.text.Lower("name"),
                models.F("id"),
                name="measure_by_latest",
            ),
        ),
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                models.F("target"),
                django.db.models.functions.text.Lower("name"),
                models.F("id"),
                name="measure_by_target",
            ),
        ),
        migrations.AddIndex(
            model_name="project",
            index=models.Index(
                django.db.models.functions.text.Lower("title"),
                models.F("id"),
                name="project_by_title",
            ),
        ),
        migrations.RunPython(create_descending_indexes, drop_descending_indexes),
    ]
