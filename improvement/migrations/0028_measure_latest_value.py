from django.db import migrations, models


def keep_latest_values(apps, schema_editor):
    """Each measure's latest value, the last of the values its sparkline keeps."""
    Measure = apps.get_model("improvement", "Measure")
    changed = []
    for measure in Measure.objects.exclude(recent_values=[]).only("recent_values").iterator():
        measure.latest_value = measure.recent_values[-1]
        changed.append(measure)
    Measure.objects.bulk_update(changed, ["latest_value"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0027_import_reads_its_file_in_the_worker"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalmeasure",
            name="latest_value",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name="measure",
            name="latest_value",
            field=models.FloatField(blank=True, editable=False, null=True),
        ),
        migrations.RunPython(keep_latest_values, migrations.RunPython.noop),
    ]
