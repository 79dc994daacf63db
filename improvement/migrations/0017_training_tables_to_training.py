# QSIR training and the ward programme move to an app of their own, training. Here their
# tables take training's names; training's 0001 takes the models over (with their content
# types, so the permissions granted on them stay granted), and 0018 points the projects'
# links at training's models. The rows, their ids and the keys to them stay as they are.

from django.db import migrations

MOVED = ["course", "cohort", "cohortsession", "enrolment", "attendance", "wave", "ward"]


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0016_search_trigram_indexes"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            # The cohort's facilitators' table is renamed with the cohort's.
            database_operations=[
                migrations.AlterModelTable(name=model, table=f"training_{model}") for model in MOVED
            ],
        ),
    ]
