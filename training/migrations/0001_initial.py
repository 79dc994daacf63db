# The models of QSIR training and the ward programme, taken over from improvement, whose
# 0017 renamed their tables for this app: the models' state and their content types move
# here, and the enrolments' completion index takes a name that says what it is.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def move_content_types(from_app, to_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        content_types = ContentType.objects.db_manager(schema_editor.connection.alias)
        for model in MOVED:
            if not content_types.filter(app_label=to_app, model=model).exists():
                content_types.filter(app_label=from_app, model=model).update(app_label=to_app)
        ContentType.objects.clear_cache()

    return move


MOVED = ["course", "cohort", "cohortsession", "enrolment", "attendance", "wave", "ward"]


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("goals", "0005_site"),
        ("improvement", "0017_training_tables_to_training"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Wave",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("number", models.PositiveSmallIntegerField(unique=True)),
                        ("planned_start", models.DateField()),
                        ("planned_wards", models.PositiveSmallIntegerField(default=5)),
                    ],
                    options={
                        "ordering": ["number"],
                    },
                ),
                migrations.CreateModel(
                    name="Cohort",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "name",
                            models.CharField(help_text="For example, Spring 2025.", max_length=100),
                        ),
                        ("capacity", models.PositiveSmallIntegerField(verbose_name="Places")),
                        ("starts_on", models.DateField()),
                        (
                            "facilitators",
                            models.ManyToManyField(
                                blank=True,
                                related_name="facilitated_cohorts",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "site",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="cohorts",
                                to="goals.site",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["starts_on", "pk"],
                        "permissions": [
                            ("manage_training", "Can run QSIR training and the ward programme")
                        ],
                    },
                ),
                migrations.CreateModel(
                    name="CohortSession",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("number", models.PositiveSmallIntegerField()),
                        ("date", models.DateField()),
                        (
                            "cohort",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sessions",
                                to="training.cohort",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["cohort", "number"],
                    },
                ),
                migrations.CreateModel(
                    name="Course",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("name", models.CharField(max_length=200)),
                        ("slug", models.SlugField(max_length=60, unique=True)),
                        ("description", models.TextField()),
                        (
                            "session_count",
                            models.PositiveSmallIntegerField(
                                help_text="A colleague who attends every session is trained.",
                                verbose_name="Sessions",
                            ),
                        ),
                        (
                            "days_between_sessions",
                            models.PositiveSmallIntegerField(
                                default=7, help_text="When a cohort's sessions are first laid out."
                            ),
                        ),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                    ],
                    options={
                        "ordering": ["order", "name"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("session_count__gte", 1)),
                                name="course_has_a_session",
                            )
                        ],
                    },
                ),
                migrations.AddField(
                    model_name="cohort",
                    name="course",
                    field=models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="cohorts",
                        to="training.course",
                    ),
                ),
                migrations.CreateModel(
                    name="Enrolment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "status",
                            models.CharField(
                                choices=[
                                    ("requested", "Asked for a place"),
                                    ("confirmed", "Place confirmed"),
                                    ("waiting", "On the waiting list"),
                                    ("withdrawn", "Withdrawn"),
                                ],
                                default="requested",
                                max_length=20,
                            ),
                        ),
                        ("completed_on", models.DateField(blank=True, null=True)),
                        (
                            "cohort",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="enrolments",
                                to="training.cohort",
                            ),
                        ),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="enrolments",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["created_at", "pk"],
                    },
                ),
                migrations.CreateModel(
                    name="Attendance",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        (
                            "recorded_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "session",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attendance",
                                to="training.cohortsession",
                            ),
                        ),
                        (
                            "enrolment",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="attendance",
                                to="training.enrolment",
                            ),
                        ),
                    ],
                ),
                migrations.CreateModel(
                    name="Ward",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("name", models.CharField(max_length=200)),
                        (
                            "joined_on",
                            models.DateField(
                                blank=True,
                                help_text="Blank until the ward starts.",
                                null=True,
                                verbose_name="Joined the programme",
                            ),
                        ),
                        (
                            "stage",
                            models.CharField(
                                choices=[
                                    ("planned", "Planned"),
                                    ("diagnostic", "Understanding the ward"),
                                    ("testing", "Testing changes"),
                                    ("embedding", "Embedding changes"),
                                    ("sustaining", "Sustaining"),
                                ],
                                default="planned",
                                max_length=20,
                            ),
                        ),
                        (
                            "site",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="wards",
                                to="goals.site",
                            ),
                        ),
                        (
                            "wave",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="wards",
                                to="training.wave",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["site", "name"],
                    },
                ),
                migrations.AddConstraint(
                    model_name="cohortsession",
                    constraint=models.UniqueConstraint(
                        fields=("cohort", "number"), name="session_number_unique"
                    ),
                ),
                migrations.AddIndex(
                    model_name="cohort",
                    index=models.Index(fields=["starts_on", "id"], name="cohort_starts_on"),
                ),
                migrations.AddConstraint(
                    model_name="cohort",
                    constraint=models.CheckConstraint(
                        condition=models.Q(("capacity__gte", 1)), name="cohort_has_places"
                    ),
                ),
                migrations.AddIndex(
                    model_name="enrolment",
                    index=models.Index(
                        fields=["completed_on"], name="improvement_complet_56c1c9_idx"
                    ),
                ),
                migrations.AddIndex(
                    model_name="enrolment",
                    index=models.Index(fields=["cohort", "status"], name="enrolment_cohort_status"),
                ),
                migrations.AddConstraint(
                    model_name="enrolment",
                    constraint=models.UniqueConstraint(
                        fields=("cohort", "person"), name="one_enrolment_per_cohort"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="attendance",
                    constraint=models.UniqueConstraint(
                        fields=("session", "enrolment"), name="attended_once"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="ward",
                    constraint=models.UniqueConstraint(
                        fields=("site", "name"), name="ward_name_unique_per_site"
                    ),
                ),
                migrations.AddConstraint(
                    model_name="ward",
                    constraint=models.CheckConstraint(
                        condition=models.Q(
                            ("stage", "planned"), ("joined_on__isnull", False), _connector="OR"
                        ),
                        name="ward_in_programme_has_joined",
                    ),
                ),
            ],
        ),
        migrations.RunPython(
            move_content_types("improvement", "training"),
            move_content_types("training", "improvement"),
        ),
        migrations.RenameIndex(
            model_name="enrolment",
            new_name="enrolment_completed_on",
            old_name="improvement_complet_56c1c9_idx",
        ),
    ]
