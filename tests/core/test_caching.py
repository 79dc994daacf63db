"""Generations: every write moves on its own topic, in its own transaction, and no other."""

import datetime
from unittest import mock

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.test import Client
from django.utils import timezone

from core import caching
from core.models import TopicChange
from tests.factories import GoalFactory, ObjectiveFactory, UserFactory
from tests.improvement.factories import (
    IdeaFactory,
    ProgressScoreChangeFactory,
    ProjectFactory,
)

pytestmark = pytest.mark.django_db


# Records no cached page shows: an import's progress is read in the admin, never cached, and
# the reminders sent only stop a reminder going out twice.
NOT_ON_CACHED_PAGES = {"improvement.ideaimport", "improvement.ideaimportrow", "goals.remindersent"}


@pytest.mark.slow
def test_every_model_a_page_shows_has_a_topic():
    topics = caching.model_topics()
    missing = [
        model._meta.label_lower
        for app in ("goals", "values", "improvement")
        for model in apps.get_app_config(app).get_models()
        if not model._meta.label.split(".")[1].startswith("Historical")
        and model._meta.label_lower not in topics
        and model._meta.label_lower not in NOT_ON_CACHED_PAGES
    ]
    assert missing == []


def test_a_write_moves_on_its_topic_and_leaves_the_others_alone():
    idea = IdeaFactory()
    before = caching.generations("ideas", "projects", "strategy")
    idea.title = "A better title"
    idea.save()
    after = caching.generations("ideas", "projects", "strategy")
    moved = {
        part.split(".")[0]
        for part, earlier in zip(after.split("-"), before.split("-"), strict=True)
        if part != earlier
    }
    assert moved == {"ideas"}


def test_a_delete_and_a_link_move_the_topic_on():
    project = ProjectFactory()
    objective = ObjectiveFactory()
    before = caching.generations("projects")
    project.objectives.add(objective)
    linked = caching.generations("projects")
    project.delete()
    assert len({before, linked, caching.generations("projects")}) == 3


def moved_on(write, *topics):
    """Which of the topics a write moves on."""
    before = dict(part.rsplit(".", 1) for part in caching.generations(*topics).split("-"))
    write()
    after = dict(part.rsplit(".", 1) for part in caching.generations(*topics).split("-"))
    return {topic for topic in topics if after[topic] != before[topic]}


def test_only_a_write_that_may_change_what_rollups_count_moves_the_counts_on():
    project = ProjectFactory(status="in_progress")
    topics = ("projects", caching.counts_of("projects"))

    def progress():
        project.progress_score = "2.0"
        project.save(update_fields=["progress_score", "updated_at"])

    def status():
        project.status = "on_hold"
        project.save(update_fields=["status", "updated_at"])

    assert moved_on(progress, *topics) == {"projects"}
    assert moved_on(lambda: ProgressScoreChangeFactory(project=project), *topics) == {"projects"}
    assert moved_on(status, *topics) == set(topics)
    # A save naming no fields may have changed any: the admin's, a form's.
    assert moved_on(project.save, *topics) == set(topics)
    assert moved_on(lambda: project.objectives.add(ObjectiveFactory()), *topics) == set(topics)
    assert moved_on(lambda: caching.record_change("projects"), *topics) == set(topics)
    assert moved_on(project.delete, *topics) == set(topics)


def test_a_link_belongs_to_the_model_declaring_it():
    objective, goal = ObjectiveFactory(), GoalFactory()
    ideas = caching.generations("ideas")
    objective.goals.add(goal)
    assert caching.generations("ideas") == ideas


def test_signing_in_changes_nothing_pages_show():
    user = UserFactory()
    before = caching.generations("people")
    client = Client()
    response = client.post("/login/", {"username": user.username, "password": "x"})
    assert response.status_code == 200  # a wrong password writes no user
    user.set_password("a good long password")
    user.save()
    moved = caching.generations("people")
    assert moved != before
    client.post("/login/", {"username": user.username, "password": "a good long password"})
    assert get_user_model().objects.get(pk=user.pk).last_login is not None
    assert caching.generations("people") == moved


def test_a_topic_never_written_has_generation_zero():
    assert caching.generations("no such topic") == "no such topic.0"


def test_a_release_moves_every_topic_on():
    before = caching.generations(*caching.all_topics())
    call_command("migrate", verbosity=0)
    after = caching.generations(*caching.all_topics())
    assert all(old != new for old, new in zip(before.split("-"), after.split("-"), strict=True))


def test_pruning_keeps_each_topics_newest_change():
    for _ in range(3):
        caching.record_change("ideas", "projects")
    newest = caching.generations("ideas", "projects")
    caching.prune()
    assert TopicChange.objects.count() == TopicChange.objects.values("topic").distinct().count()
    assert caching.generations("ideas", "projects") == newest


def test_the_generation_is_recorded_with_the_write_and_rolled_back_with_it():
    before = caching.generations("ideas")
    with pytest.raises(RuntimeError), transaction.atomic():
        IdeaFactory.create()
        assert caching.generations("ideas") != before
        raise RuntimeError("the request failed")
    assert caching.generations("ideas") == before


def test_a_write_moves_its_topic_on_again_once_it_is_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        caching.record_change("ideas")
    during = caching.generations("ideas")
    for callback in callbacks:
        callback()
    # Whatever a reader kept before this write committed is under an older generation.
    assert caching.generations("ideas") != during


def test_a_fragment_is_kept_for_its_day_only():
    today = caching.fragment_key("home", ["strategy"])
    assert caching.fragment_key("home", ["strategy"]) == today
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with mock.patch("core.caching.timezone.localdate", return_value=tomorrow):
        assert caching.fragment_key("home", ["strategy"]) != today
