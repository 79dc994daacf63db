"""Backup and restore, as the README's "Backup and restore" section does it: dumpdata of
the seeded content and the demo programme, flush, loaddata, and every record is back."""

import io
import json

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from goals.models import Objective
from improvement.models import DataPoint, Idea, Project
from tests.browser.improvement_world import improvement_leads_group
from training.models import Enrolment, Ward
from values.models import Behaviour

pytestmark = pytest.mark.django_db

# The README's command: content types, permissions and sessions are rebuilt by migrate, or
# are not worth keeping.
DUMP_OPTIONS = {
    "natural_foreign": True,
    "natural_primary": True,
    # Generations and rollups are worked out from the records; they are not records.
    "exclude": ["contenttypes", "auth.permission", "sessions", "core.TopicChange", "core.Rollup"],
    "indent": None,
}
NOT_DUMPED = {
    "contenttypes.ContentType",
    "auth.Permission",
    "sessions.Session",
    "core.TopicChange",
    "core.Rollup",
}


@pytest.fixture(autouse=True)
def fresh_content_type_cache():
    """flush recreates content types with new ids; the test's rollback brings the old ones
    back, so the cache of them must not outlive the test."""
    yield
    ContentType.objects.clear_cache()


def counts():
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label not in NOT_DUMPED
        and not (model._meta.auto_created and model._meta.auto_created._meta.label in NOT_DUMPED)
    }


def is_history(label):
    return label.split(".")[1].startswith("Historical")


def history_ids():
    return {
        model._meta.label: set(model._base_manager.values_list("pk", flat=True))
        for model in apps.get_models(include_auto_created=True)
        if is_history(model._meta.label)
    }


def sample():
    """Field values, with foreign keys by natural values, as pks may change on restore."""
    return {
        "ideas": list(
            Idea.objects.order_by("submission_token").values_list(
                "title",
                "status",
                "submitted_by__username",
                "site__slug",
                "created_at",
                "decline_reason",
                "merged_into__submission_token",
            )
        ),
        "idea objectives": sorted(
            Idea.objects.values_list("submission_token", "objectives__statement")
        ),
        "followers": sorted(Idea.objects.values_list("submission_token", "followers__username")),
        "projects": sorted(
            Project.objects.values_list(
                "title", "lead__username", "status", "phase", "progress_score", "start_date"
            )
        ),
        "data points": sorted(
            DataPoint.objects.values_list("measure__project__title", "measure__name", "period")
        )[:500],
        "values": sorted(DataPoint.objects.values_list("measure__name", "period", "value", "note"))[
            :500
        ],
        "enrolments": sorted(
            Enrolment.objects.values_list(
                "cohort__name", "person__username", "status", "completed_on"
            ),
            key=repr,
        ),
        "wards": sorted(
            Ward.objects.values_list("name", "site__slug", "stage", "joined_on"), key=repr
        ),
        "objectives": sorted(
            Objective.objects.values_list(
                "strategy__organisation__slug", "year", "number", "statement"
            )
        ),
        "goals of objectives": sorted(
            Objective.objects.values_list("number", "year", "goals__title"), key=repr
        ),
        "behaviours": sorted(Behaviour.objects.values_list("value__slug", "statement", "order")),
        "groups": sorted(
            (group, permission)
            for group, permission in apps.get_model("auth", "Group").objects.values_list(
                "name", "permissions__codename"
            )
        ),
        "users": sorted(
            apps.get_model("auth", "User").objects.values_list(
                "username", "is_active", "is_staff", "password", "groups__name"
            ),
            key=repr,
        ),
    }


# flush cannot run inside the test's transaction on PostgreSQL (pending trigger events).
@pytest.mark.django_db(transaction=True)
@pytest.mark.slow
def test_dumpdata_flush_loaddata_keeps_every_record(tmp_path):
    # Transactional tests empty the database after them, so the group a migration made may
    # be gone: the demo puts its leads in it.
    improvement_leads_group()
    call_command("seed", stdout=io.StringIO())
    call_command("seed", demo=True, stdout=io.StringIO())
    before_counts, before_sample, before_history = counts(), sample(), history_ids()
    assert before_counts["improvement.Idea"] > 400
    assert before_counts["improvement.DataPoint"] > 0
    backup = tmp_path / "backup.json"

    call_command("dumpdata", output=str(backup), **DUMP_OPTIONS)
    call_command("flush", interactive=False, verbosity=0)
    assert Idea.objects.count() == 0
    call_command("loaddata", str(backup), verbosity=0)

    after_counts = counts()
    records = {label: count for label, count in before_counts.items() if not is_history(label)}
    assert {label: after_counts[label] for label in records} == records
    assert sample() == before_sample
    # Every history record comes back with its id, and restoring adds none.
    assert history_ids() == before_history
    assert json.loads(backup.read_text())  # a real, non-empty JSON backup

    # New records continue after the restored ones (PostgreSQL needs the sequence reset
    # loaddata does).
    highest = max(Idea.objects.values_list("pk", flat=True))
    idea = Idea.objects.first()
    idea.pk = None
    idea.submission_token = "00000000-0000-0000-0000-000000000001"
    idea.save()
    assert idea.pk > highest
