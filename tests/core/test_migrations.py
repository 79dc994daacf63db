"""SeededDocument moved from goals to core with its table: a database migrated under the old
layout keeps its seed markers, and their content type keeps its permissions."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType

from core.models import SeededDocument
from tests.migrations import migrate

BEFORE_THE_MOVE = [("goals", "0003_history_without_links"), ("core", "0002_rollup")]


# The schema changes cannot run inside the test's transaction on SQLite.
@pytest.mark.django_db(transaction=True)
def test_seed_markers_move_to_core_with_their_rows_and_content_type():
    try:
        old_apps = migrate(BEFORE_THE_MOVE)
        OldSeededDocument = old_apps.get_model("goals", "SeededDocument")
        marker = OldSeededDocument.objects.create(key="goals/02_mseft.yaml")
        loaded_at = datetime.datetime(2026, 11, 23, 12, 0, tzinfo=datetime.UTC)
        OldSeededDocument.objects.filter(pk=marker.pk).update(loaded_at=loaded_at)
        # contenttypes and auth are not migrated back: their models are today's.
        content_type, _ = ContentType.objects.get_or_create(
            app_label="goals", model="seededdocument"
        )
        permission, _ = Permission.objects.get_or_create(
            content_type=content_type,
            codename="view_seededdocument",
            defaults={"name": "Can view seeded document"},
        )
    finally:
        migrate()
        ContentType.objects.clear_cache()

    moved = SeededDocument.objects.get()
    assert (moved.pk, moved.key, moved.loaded_at) == (marker.pk, "goals/02_mseft.yaml", loaded_at)
    assert ContentType.objects.get_for_model(SeededDocument).pk == content_type.pk
    assert not ContentType.objects.filter(app_label="goals", model="seededdocument").exists()
    assert Permission.objects.get(pk=permission.pk).content_type.app_label == "core"
