# Site moves to goals, beside the organisations whose hospital sites it holds: its table is
# renamed for goals here, goals' 0005 takes the model over (and its content type), and
# 0014 points this app's foreign keys at goals.Site. The rows, their ids and the keys to
# them stay as they are.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0012_measure_sparkline"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.AlterModelTable(name="Site", table="goals_site"),
            ],
        ),
    ]
