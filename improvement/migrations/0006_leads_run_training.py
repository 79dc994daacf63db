from django.contrib.auth.management import create_permissions
from django.db import migrations

IMPROVEMENT_LEADS = "Improvement leads"
PERMISSIONS = ["manage_training", "view_cohort", "view_enrolment", "view_ward"]


def let_leads_run_training(apps, schema_editor):
    # Permissions are normally made after all migrations run; the group needs them now.
    app_config = apps.get_app_config("improvement")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=IMPROVEMENT_LEADS)
    group.permissions.add(
        *Permission.objects.filter(content_type__app_label="improvement", codename__in=PERMISSIONS)
    )


def stop_leads_running_training(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name=IMPROVEMENT_LEADS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="improvement", codename__in=PERMISSIONS
            )
        )


class Migration(migrations.Migration):
    dependencies = [("improvement", "0005_training_and_ward_programme")]

    operations = [migrations.RunPython(let_leads_run_training, stop_leads_running_training)]
