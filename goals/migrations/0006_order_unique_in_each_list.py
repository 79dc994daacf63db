# Each record's order number becomes unique in its list. Lists that hold a number twice are
# renumbered first, keeping the order the pages showed them in (order, then the tie-break).

from django.db import migrations, models


def renumber_duplicates(records, parent, tie_break):
    """Renumbers only the lists holding a number twice, and within them only the records
    from the first repeat on: each takes the number after the one before it if its own is
    not larger. The constraint is not there yet, so the order of the updates is free."""
    changed = []
    previous = {}
    display_order = [parent, "order", tie_break] if parent else ["order", tie_break]
    for record in records.order_by(*display_order):
        key = getattr(record, f"{parent}_id") if parent else None
        if key in previous and record.order <= previous[key]:
            record.order = previous[key] + 1
            changed.append(record)
        previous[key] = record.order
    records.bulk_update(changed, ["order"])


def renumber(apps, schema_editor):
    database = schema_editor.connection.alias

    def records(name):
        return apps.get_model("goals", name).objects.using(database)

    renumber_duplicates(records("Organisation"), None, "name")
    renumber_duplicates(records("Goal"), "strategy", "pk")
    renumber_duplicates(records("Section"), "strategy", "pk")
    renumber_duplicates(records("SectionItem"), "section", "pk")


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0005_site"),
    ]

    operations = [
        migrations.RunPython(renumber, migrations.RunPython.noop),
        migrations.AlterModelOptions(
            name="organisation",
            options={"ordering": ["order"]},
        ),
        migrations.AddConstraint(
            model_name="organisation",
            constraint=models.UniqueConstraint(fields=("order",), name="organisation_order_unique"),
        ),
        migrations.AddConstraint(
            model_name="goal",
            constraint=models.UniqueConstraint(
                fields=("strategy", "order"), name="goal_order_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="section",
            constraint=models.UniqueConstraint(
                fields=("strategy", "order"), name="section_order_unique"
            ),
        ),
        migrations.AddConstraint(
            model_name="sectionitem",
            constraint=models.UniqueConstraint(
                fields=("section", "order"), name="section_item_order_unique"
            ),
        ),
    ]
