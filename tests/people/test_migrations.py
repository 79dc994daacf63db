"""Staff data moved into people.StaffProfile, and Site from improvement to goals: a database
migrated under the old layout keeps each person's site and line manager in one row, its
sites keep their ids and the records pointing at them, and the moved models' content types
keep their permissions."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction

from goals.models import Site
from improvement.models import Idea
from people.models import StaffProfile
from tests.migrations import migrate

BEFORE_THE_MOVE = [
    ("goals", "0004_seededdocument_to_core"),
    ("values", "0006_training_values_indexes"),
    ("improvement", "0012_measure_sparkline"),
]
LONG_AGO = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)


def content_type_with_permission(app_label, model):
    # contenttypes and auth are not migrated back: their models are today's.
    content_type, _ = ContentType.objects.get_or_create(app_label=app_label, model=model)
    permission, _ = Permission.objects.get_or_create(
        content_type=content_type,
        codename=f"view_{model}",
        defaults={"name": f"Can view {model}"},
    )
    return content_type, permission


def build_old_layout(apps):
    """People as the old layout kept them: a line manager in values, a site in improvement,
    or both, or neither; and an idea at a site."""
    User = apps.get_model("auth", "User")
    Organisation = apps.get_model("goals", "Organisation")
    OldSite = apps.get_model("improvement", "Site")
    StaffSite = apps.get_model("improvement", "StaffSite")
    OldProfile = apps.get_model("values", "StaffProfile")
    Idea = apps.get_model("improvement", "Idea")

    people = {
        name: User.objects.create(username=name)
        for name in ["manager", "both", "managed", "placed", "neither"]
    }
    trust = Organisation.objects.create(
        name="Trust", short_name="T", slug="trust", kind="foundation_trust"
    )
    north = OldSite.objects.create(organisation=trust, name="North", short_name="N", slug="n")
    OldProfile.objects.create(user=people["both"], line_manager=people["manager"])
    OldProfile.objects.create(user=people["managed"], line_manager=people["manager"])
    StaffSite.objects.create(user=people["both"], site=north)
    StaffSite.objects.create(user=people["placed"], site=north)
    StaffSite.objects.create(user=people["manager"], site=north)
    OldProfile.objects.update(created_at=LONG_AGO)
    idea = Idea.objects.create(
        title="Fewer falls",
        problem="Falls.",
        proposed_change="Check.",
        site=north,
        ward="Ward 1",
        submitted_by=people["placed"],
    )
    return {name: user.pk for name, user in people.items()}, north.pk, idea.pk


# The schema changes cannot run inside the test's transaction on SQLite.
@pytest.mark.django_db(transaction=True)
def test_each_persons_site_and_line_manager_become_one_staff_profile():
    try:
        old_apps = migrate(BEFORE_THE_MOVE)
        people, north, idea = build_old_layout(old_apps)
        site_type, site_permission = content_type_with_permission("improvement", "site")
        profile_type, profile_permission = content_type_with_permission("values", "staffprofile")
    finally:
        migrate()
        ContentType.objects.clear_cache()

    profiles = {
        profile.user.username: (profile.site_id, profile.line_manager_id)
        for profile in StaffProfile.objects.select_related("user")
    }
    assert profiles == {
        "manager": (north, None),
        "both": (north, people["manager"]),
        "managed": (None, people["manager"]),
        "placed": (north, None),
    }
    assert StaffProfile.objects.get(user_id=people["both"]).created_at == LONG_AGO
    assert Idea.objects.get(pk=idea).site == Site.objects.get(pk=north)
    assert get_user_model().objects.filter(staff_profile__site=north).count() == 3

    assert ContentType.objects.get_for_model(Site).pk == site_type.pk
    assert ContentType.objects.get_for_model(StaffProfile).pk == profile_type.pk
    assert Permission.objects.get(pk=site_permission.pk).content_type.app_label == "goals"
    assert Permission.objects.get(pk=profile_permission.pk).content_type.app_label == "people"


@pytest.mark.django_db
def test_nobody_is_their_own_line_manager():
    person = get_user_model().objects.create(username="person")
    with pytest.raises(IntegrityError), transaction.atomic():
        StaffProfile.objects.create(user=person, line_manager=person)
