# A project's QSIR cohort and programme ward (and the history's copies of them) now point at
# training's models, which training's 0001 took over with their tables: a change of state
# only, the database's keys already point at the renamed tables.

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("improvement", "0017_training_tables_to_training"),
        ("training", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveConstraint(
                    model_name="attendance",
                    name="attended_once",
                ),
                migrations.RemoveIndex(
                    model_name="cohort",
                    name="cohort_starts_on",
                ),
                migrations.RemoveConstraint(
                    model_name="cohort",
                    name="cohort_has_places",
                ),
                migrations.AlterField(
                    model_name="historicalproject",
                    name="cohort",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="training.cohort",
                        verbose_name="QSIR cohort it runs during",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="cohort",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="projects",
                        to="training.cohort",
                        verbose_name="QSIR cohort it runs during",
                    ),
                ),
                migrations.RemoveConstraint(
                    model_name="cohortsession",
                    name="session_number_unique",
                ),
                migrations.RemoveConstraint(
                    model_name="course",
                    name="course_has_a_session",
                ),
                migrations.RemoveIndex(
                    model_name="enrolment",
                    name="improvement_complet_56c1c9_idx",
                ),
                migrations.RemoveIndex(
                    model_name="enrolment",
                    name="enrolment_cohort_status",
                ),
                migrations.RemoveConstraint(
                    model_name="enrolment",
                    name="one_enrolment_per_cohort",
                ),
                migrations.RemoveConstraint(
                    model_name="ward",
                    name="ward_name_unique_per_site",
                ),
                migrations.RemoveConstraint(
                    model_name="ward",
                    name="ward_in_programme_has_joined",
                ),
                migrations.AlterField(
                    model_name="historicalproject",
                    name="programme_ward",
                    field=models.ForeignKey(
                        blank=True,
                        db_constraint=False,
                        null=True,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        related_name="+",
                        to="training.ward",
                        verbose_name="Ward in the ward programme",
                    ),
                ),
                migrations.AlterField(
                    model_name="project",
                    name="programme_ward",
                    field=models.ForeignKey(
                        blank=True,
                        null=True,
                        on_delete=django.db.models.deletion.SET_NULL,
                        related_name="projects",
                        to="training.ward",
                        verbose_name="Ward in the ward programme",
                    ),
                ),
                migrations.RemoveField(
                    model_name="cohort",
                    name="course",
                ),
                migrations.RemoveField(
                    model_name="cohort",
                    name="facilitators",
                ),
                migrations.RemoveField(
                    model_name="cohort",
                    name="site",
                ),
                migrations.RemoveField(
                    model_name="cohortsession",
                    name="cohort",
                ),
                migrations.RemoveField(
                    model_name="enrolment",
                    name="cohort",
                ),
                migrations.RemoveField(
                    model_name="enrolment",
                    name="decided_by",
                ),
                migrations.RemoveField(
                    model_name="enrolment",
                    name="person",
                ),
                migrations.RemoveField(
                    model_name="ward",
                    name="site",
                ),
                migrations.RemoveField(
                    model_name="ward",
                    name="wave",
                ),
                migrations.DeleteModel(
                    name="Attendance",
                ),
                migrations.DeleteModel(
                    name="Course",
                ),
                migrations.DeleteModel(
                    name="CohortSession",
                ),
                migrations.DeleteModel(
                    name="Cohort",
                ),
                migrations.DeleteModel(
                    name="Enrolment",
                ),
                migrations.DeleteModel(
                    name="Ward",
                ),
                migrations.DeleteModel(
                    name="Wave",
                ),
            ],
        ),
    ]
