from django.db import migrations, models

from improvement.charts import Sparkline


def keep_sparkline_points(apps, schema_editor):
    """Each measure's sparkline line, from the values it keeps for it."""
    Measure = apps.get_model("improvement", "Measure")
    changed = []
    for measure in Measure.objects.exclude(recent_values=[]).only("recent_values").iterator():
        measure.sparkline_points = Sparkline.line_of(measure.recent_values)
        changed.append(measure)
    Measure.objects.bulk_update(changed, ["sparkline_points"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0029_search_documents"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmeasure",
            name="sparkline_points",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.AddField(
            model_name="measure",
            name="sparkline_points",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(keep_sparkline_points, migrations.RunPython.noop),
    ]
