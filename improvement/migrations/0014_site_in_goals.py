# The foreign keys to Site (and the history's copies of them) now point at goals.Site,
# which goals' 0005 took over with its table: a change of state only, the database's keys
# already point at the renamed table.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0005_site"),
        ("improvement", "0013_site_table_to_goals"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="cohort",
                    name="site",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cohorts",
                        to="goals.site",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalidea",
                    name="site",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.site",
                    ),
                ),
                migrations.AlterField(
                    model_name="idea",
                    name="site",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="ideas",
                        to="goals.site",
                    ),
                ),
                migrations.AlterField(
                    model_name="historicalproject",
                    name="site",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="goals.site",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="site",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="projects",
                        to="goals.site",
                    ),
                ),
                migrations.AlterField(
                    model_name="staffsite",
                    name="site",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="staff",
                        to="goals.site",
                    ),
                ),
                migrations.AlterField(
                    model_name="ward",
                    name="site",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="wards",
                        to="goals.site",
                    ),
                ),
                migrations.DeleteModel(name="Site"),
            ],
        ),
    ]
