# SeededDocument belongs to the seed framework in core: its table is renamed for core and
# core's 0003 takes the model over, rows and all.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0003_history_without_links"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="SeededDocument", table="core_seededdocument"),
            ],
            state_operations=[
                migrations.DeleteModel(name="SeededDocument"),
            ],
        ),
    ]
