# Each person's line manager (values.StaffProfile) and site (improvement.StaffSite) become
# one people.StaffProfile row, kept with its timestamps; values' 0007 and improvement's
# 0015 then delete the two old models. Back, each row is split into the two again.

from django.db import migrations


def move_content_type(apps, schema_editor, *, model, from_app, to_app):
    """The model's content type (and the permissions and admin log entries pointing at it)
    follows it, unless the new app already has one."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    content_types = ContentType.objects.db_manager(schema_editor.connection.alias)
    if not content_types.filter(app_label=to_app, model=model).exists():
        content_types.filter(app_label=from_app, model=model).update(app_label=to_app)
    ContentType.objects.clear_cache()


def keeping_timestamps(*models):
    # The copies keep the rows' own created_at and updated_at: these models are this
    # migration's own, so switching off auto_now changes nothing outside it.
    for model in models:
        model._meta.get_field("created_at").auto_now_add = False
        model._meta.get_field("updated_at").auto_now = False


def merge_staff_data(apps, schema_editor):
    database = schema_editor.connection.alias
    OldProfile = apps.get_model("values", "StaffProfile")
    StaffSite = apps.get_model("improvement", "StaffSite")
    StaffProfile = apps.get_model("people", "StaffProfile")
    keeping_timestamps(StaffProfile)
    merged = {}
    for old in OldProfile.objects.using(database).order_by("pk"):
        merged[old.user_id] = StaffProfile(
            user_id=old.user_id,
            line_manager_id=old.line_manager_id,
            created_at=old.created_at,
            updated_at=old.updated_at,
        )
    for staff_site in StaffSite.objects.using(database).order_by("pk"):
        profile = merged.setdefault(
            staff_site.user_id,
            StaffProfile(
                user_id=staff_site.user_id,
                created_at=staff_site.created_at,
                updated_at=staff_site.updated_at,
            ),
        )
        profile.site_id = staff_site.site_id
        profile.created_at = min(profile.created_at, staff_site.created_at)
        profile.updated_at = max(profile.updated_at, staff_site.updated_at)
    StaffProfile.objects.using(database).bulk_create(merged.values(), batch_size=500)
    move_content_type(apps, schema_editor, model="staffprofile", from_app="values", to_app="people")


def split_staff_data(apps, schema_editor):
    database = schema_editor.connection.alias
    OldProfile = apps.get_model("values", "StaffProfile")
    StaffSite = apps.get_model("improvement", "StaffSite")
    StaffProfile = apps.get_model("people", "StaffProfile")
    keeping_timestamps(OldProfile, StaffSite)
    move_content_type(apps, schema_editor, model="staffprofile", from_app="people", to_app="values")
    profiles = list(StaffProfile.objects.using(database).order_by("pk"))
    OldProfile.objects.using(database).bulk_create(
        [
            OldProfile(
                user_id=profile.user_id,
                line_manager_id=profile.line_manager_id,
                created_at=profile.created_at,
                updated_at=profile.updated_at,
            )
            for profile in profiles
            if profile.line_manager_id is not None
        ],
        batch_size=500,
    )
    StaffSite.objects.using(database).bulk_create(
        [
            StaffSite(
                user_id=profile.user_id,
                site_id=profile.site_id,
                created_at=profile.created_at,
                updated_at=profile.updated_at,
            )
            for profile in profiles
            if profile.site_id is not None
        ],
        batch_size=500,
    )
    StaffProfile.objects.using(database).all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("improvement", "0014_site_in_goals"),
        ("people", "0001_initial"),
        ("values", "0006_training_values_indexes"),
    ]

    operations = [
        migrations.RunPython(merge_staff_data, split_staff_data),
    ]
