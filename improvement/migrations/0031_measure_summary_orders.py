"""The summary table of measures sorts, filters and counts by plain columns its indexes hold:
each measure keeps its verdict's groups as ranks (filled here for existing measures), and
each of the table's orders has an index. Sorted by latest value or target highest first,
the measures without one still come last (DESC NULLS LAST), an order an index holds only on
PostgreSQL: SQLite cannot create it, so it is made here rather than in Measure.Meta, and
other databases sort those measures."""

import django.db.models.functions.text
from django.conf import settings
from django.db import migrations, models

from improvement.verdict_groups import (
    BY_LATEST,
    BY_TARGET,
    assurance_rank,
    directed,
    variation_rank,
)

HIGHEST_FIRST = {
    "measure_by_latest_descending": BY_LATEST,
    "measure_by_target_descending": BY_TARGET,
}


def keep_ranks(apps, schema_editor):
    """Each measure's ranks, from the verdict it keeps: one update for each verdict kept."""
    Measure = apps.get_model("improvement", "Measure")
    verdicts = Measure.objects.values_list("variation", "assurance", "latest_kind").distinct()
    for variation, assurance, latest_kind in list(verdicts.order_by()):
        Measure.objects.filter(
            variation=variation, assurance=assurance, latest_kind=latest_kind
        ).update(
            variation_rank=variation_rank(variation, latest_kind),
            assurance_rank=assurance_rank(assurance),
        )


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
        migrations.RemoveIndex(
            model_name="measure",
            name="measure_verdict",
        ),
        migrations.RemoveIndex(
            model_name="measure",
            name="measure_concerns_first",
        ),
        migrations.AddField(
            model_name="historicalmeasure",
            name="assurance_rank",
            field=models.PositiveSmallIntegerField(default=3, editable=False),
        ),
        migrations.AddField(
            model_name="historicalmeasure",
            name="variation_rank",
            field=models.PositiveSmallIntegerField(default=5, editable=False),
        ),
        migrations.AddField(
            model_name="measure",
            name="assurance_rank",
            field=models.PositiveSmallIntegerField(default=3, editable=False),
        ),
        migrations.AddField(
            model_name="measure",
            name="variation_rank",
            field=models.PositiveSmallIntegerField(default=5, editable=False),
        ),
        migrations.RunPython(keep_ranks, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                models.F("variation_rank"),
                models.F("assurance_rank"),
                django.db.models.functions.text.Lower("name"),
                models.F("id"),
                name="measure_concerns_first",
            ),
        ),
        migrations.AddIndex(
            model_name="measure",
            index=models.Index(
                models.F("assurance_rank"),
                models.F("variation_rank"),
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
