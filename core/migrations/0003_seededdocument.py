# SeededDocument moves here from goals, whose 0004 renamed its table to core's: only the
# model state and its content type (with the permissions pointing at it) move.

from django.db import migrations, models


def move_content_type(from_app, to_app):
    def move(apps, schema_editor):
        ContentType = apps.get_model("contenttypes", "ContentType")
        database = schema_editor.connection.alias
        content_types = ContentType.objects.db_manager(database)
        if not content_types.filter(app_label=to_app, model="seededdocument").exists():
            content_types.filter(app_label=from_app, model="seededdocument").update(
                app_label=to_app
            )
        ContentType.objects.clear_cache()

    return move


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0002_rollup"),
        ("goals", "0004_seededdocument_to_core"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="SeededDocument",
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
                        ("key", models.CharField(max_length=200, unique=True)),
                        ("loaded_at", models.DateTimeField(auto_now_add=True)),
                    ],
                ),
            ],
        ),
        migrations.RunPython(
            move_content_type("goals", "core"), move_content_type("core", "goals")
        ),
    ]
