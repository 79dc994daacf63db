"""Shared fixtures: the seeded content, and users and logged-in clients per role."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from core.roles import IMPROVEMENT_LEADS
from tests.factories import ObjectiveFactory, SiteFactory, UserFactory
from tests.gunicorn_server import gunicorn  # noqa: F401  (fixture)
from tests.oidc_provider import provider  # noqa: F401  (fixture)
from tests.redis_server import (  # noqa: F401  (fixtures)
    redis_cache,
    redis_never_started,
    redis_server,
)
from tests.task_queues import queue  # noqa: F401  (fixture)

STRATEGY_EDITORS = "Strategy editors"


@pytest.hookimpl(wrapper=True)
def pytest_collection_modifyitems(items):
    """The slow tests first: pytest-django then sorts the tests into the order they must run in
    (those using the database, then those emptying it after them, then those using none),
    keeping the slow ones first within each, so that under pytest-xdist a long test starts
    early instead of keeping one worker busy alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
    return (yield)


def pytest_terminal_summary(terminalreporter):
    from tests.browser.conftest import report_browser_tests_not_run

    report_browser_tests_not_run(terminalreporter)


def logged_in(user):
    """A client of its own, logged in as the user."""
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached fragments, as its database starts empty."""
    cache.clear()


@pytest.fixture
def seeded(db):
    """The seed documents' content, loaded as `manage.py seed` loads it."""
    call_command("seed", stdout=io.StringIO())


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff")


@pytest.fixture
def editor_user(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name=STRATEGY_EDITORS))
    return user


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


@pytest.fixture
def editor_client(client, editor_user):
    client.force_login(editor_user)
    return client


# Improvement leads, other staff and the records most tests of improvement and training use.


@pytest.fixture
def lead_user(db):
    user = UserFactory(username="lead", first_name="Lena", last_name="Lead")
    user.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return user


@pytest.fixture
def lead_client(lead_user):
    return logged_in(lead_user)


@pytest.fixture
def other_staff_user(db):
    return UserFactory(username="other.staff", first_name="Olu", last_name="Other")


@pytest.fixture
def other_staff_client(other_staff_user):
    return logged_in(other_staff_user)


@pytest.fixture
def anonymous_client(db):
    return Client()


@pytest.fixture
def site(db):
    return SiteFactory(name="Basildon University Hospital", short_name="Basildon")


@pytest.fixture
def objective(db):
    return ObjectiveFactory(statement="We will reduce falls.")
