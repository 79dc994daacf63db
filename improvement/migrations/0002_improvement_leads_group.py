from django.contrib.auth.management import create_permissions
from django.db import migrations

IMPROVEMENT_LEADS = "Improvement leads"
PERMISSIONS = [
    "triage_idea",
    "manage_project",
    "view_idea",
    "view_project",
    "view_pdsacycle",
    "view_measure",
]


def create_improvement_leads(apps, schema_editor):
    # Permissions are normally made after all migrations run; the group needs them now.
    app_config = apps.get_app_config("improvement")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=IMPROVEMENT_LEADS)
    group.permissions.set(
        Permission.objects.filter(content_type__app_label="improvement", codename__in=PERMISSIONS)
    )


def remove_improvement_leads(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=IMPROVEMENT_LEADS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("improvement", "0001_initial"),
    ]

    operations = [migrations.RunPython(create_improvement_leads, remove_improvement_leads)]
