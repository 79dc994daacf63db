# Site moves here from improvement, whose 0013 renamed its table to goals': only the model
# state and its content type (with the permissions pointing at it) move. improvement's 0014
# then points its foreign keys here.

import django.db.models.deletion
from django.db import migrations, models


def move_content_type(from_app, to_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        database = schema_editor.connection.alias
        content_types = ContentType.objects.db_manager(database)
        if not content_types.filter(app_label=to_app, model="site").exists():
            content_types.filter(app_label=from_app, model="site").update(app_label=to_app)
        ContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("goals", "0004_seededdocument_to_core"),
        ("improvement", "0013_site_table_to_goals"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Site",
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
                        ("short_name", models.CharField(max_length=60)),
                        ("slug", models.SlugField(max_length=60, unique=True)),
                        ("order", models.PositiveSmallIntegerField(default=0)),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="sites",
                                to="goals.organisation",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["order", "name"],
                    },
                ),
            ],
        ),
        migrations.RunPython(
            move_content_type("improvement", "goals"), move_content_type("goals", "improvement")
        ),
    ]
