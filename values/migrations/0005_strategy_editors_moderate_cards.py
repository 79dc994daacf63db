from django.contrib.auth.management import create_permissions
from django.db import migrations

STRATEGY_EDITORS = "Strategy editors"
CODENAMES = ["moderate_thankyoucard", "view_thankyoucard"]


def let_editors_moderate(apps, schema_editor):
    # Permissions are normally made after all migrations run; the group needs them now.
    app_config = apps.get_app_config("values")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STRATEGY_EDITORS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="values", codename__in=CODENAMES)
    )


def stop_editors_moderating(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=STRATEGY_EDITORS):
        group.permissions.remove(
            *Permission.objects.filter(content_type__app_label="values", codename__in=CODENAMES)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("values", "0004_staffprofile_thankyoucard"),
    ]

    operations = [migrations.RunPython(let_editors_moderate, stop_editors_moderating)]
