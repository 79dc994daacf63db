from django.contrib.auth.management import create_permissions
from django.db import migrations

STRATEGY_EDITORS = "Strategy editors"
CONTENT_MODELS = {
    "goals": ["organisation", "strategy", "goal", "objective", "section", "sectionitem"],
    "values": ["value", "behaviour", "guidingprinciple"],
}
ACTIONS = ["add", "change", "delete", "view"]


def create_strategy_editors(apps, schema_editor):
    # Permissions are normally made after all migrations run; the group needs them now.
    for label in CONTENT_MODELS:
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=STRATEGY_EDITORS)
    codenames = [
        f"{action}_{model}"
        for models in CONTENT_MODELS.values()
        for model in models
        for action in ACTIONS
    ]
    permissions = Permission.objects.filter(
        content_type__app_label__in=CONTENT_MODELS, codename__in=codenames
    )
    group.permissions.set(permissions)


def remove_strategy_editors(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=STRATEGY_EDITORS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("goals", "0001_initial"),
        ("values", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_strategy_editors, remove_strategy_editors)]
