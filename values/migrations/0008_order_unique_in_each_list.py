# Each record's order number becomes unique in its list. Lists that hold a number twice are
# renumbered first, keeping the order the pages showed them in (order, then id).

from django.db import migrations, models


def renumber_duplicates(records, parent):
    """Renumbers only the lists holding a number twice, and within them only the records
    from the first repeat on: each takes the number after the one before it if its own is
    not larger. The constraint is not there yet, so the order of the updates is free."""
    changed = []
    previous = {}
    for record in records.order_by(parent, "order", "pk"):
        key = getattr(record, f"{parent}_id")
        if key in previous and record.order <= previous[key]:
            record.order = previous[key] + 1
            changed.append(record)
        previous[key] = record.order
    records.bulk_update(changed, ["order"])


def renumber(apps, schema_editor):
    database = schema_editor.connection.alias

    def records(name):
        return apps.get_model("values", name).objects.using(database)

    renumber_duplicates(records("Value"), "organisation")
    renumber_duplicates(records("Behaviour"), "value")
    renumber_duplicates(records("GuidingPrinciple"), "organisation")


class Migration(migrations.Migration):
    dependencies = [
        ("values", "0007_staffprofile_to_people"),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="value",
            constraint=models.UniqueConstraint(
                fields=("organisation", "order"), name="value_order_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="behaviour",
            constraint=models.UniqueConstraint(
                fields=("value", "order"), name="behaviour_order_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="guidingprinciple",
            constraint=models.UniqueConstraint(
                fields=("organisation", "order"), name="guiding_principle_order_unique"
            ),
        ),
    ]
