from django.contrib.auth.management import create_permissions
from django.db import migrations

STRATEGY_EDITORS = "Strategy editors"
CODENAMES = ["add_progressupdate", "approve_progressupdate"]


def let_editors_write_and_approve(apps, schema_editor):
    # Permissions are normally made after all migrations run; the group needs them now.
    app_config = apps.get_app_config("goals")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STRATEGY_EDITORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="goals", codename__in=CODENAMES)
    )


def stop_editors_writing_and_approving(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=STRATEGY_EDITORS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="goals", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("goals", "0011_progress_updates"),
        # That migration makes the group and sets its permissions, replacing any given here.
        ("values", "0002_strategy_editors_group"),
    ]

    operations = [
        migrations.RunPython(let_editors_write_and_approve, stop_editors_writing_and_approving)
    ]
