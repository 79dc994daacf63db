"""Shared fixtures: the seeded content, and users and logged-in clients per role."""

import io
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.management import call_command
from django.test import Client

from core.roles import IMPROVEMENT_LEADS
from improvement.models import Measure, Project
from tests.factories import ObjectiveFactory, SiteFactory, UserFactory
from tests.gunicorn_server import gunicorn  # noqa: F401  (fixture)
from tests.improvement.factories import ProjectFactory, measure_keeping
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


@pytest.fixture
def verdicts(db):
    """Measures keeping every kind of verdict, over three projects at two sites serving two
    objectives: what the summary table of measures shows."""
    north, south = SiteFactory(short_name="North"), SiteFactory(short_name="South")
    falls_goal, flow_goal = ObjectiveFactory(number=1), ObjectiveFactory(number=2)
    wards = ProjectFactory(title="Safer wards", site=north, objectives=[falls_goal, flow_goal])
    clinic = ProjectFactory(title="Quicker clinics", site=south, objectives=[flow_goal])
    stopped = ProjectFactory(
        title="Archived audit", site=south, objectives=[], status=Project.Status.STOPPED
    )
    measures = {
        "falls": measure_keeping(
            wards, "Falls", variation="improvement_low", assurance="pass", target=3
        ),
        "harm": measure_keeping(
            wards, "harm from falls", variation="improvement_high", assurance="pass", target=1
        ),
        "waits": measure_keeping(
            clinic, "Waits", variation="concern_high", assurance="fail", target=20
        ),
        "dna": measure_keeping(
            clinic,
            "Did not attend",
            variation="common_cause",
            assurance="inconsistent",
            target=10,
            unit="%",
        ),
        "calls": measure_keeping(
            clinic, "Calls", variation="common_cause", kind=Measure.Kind.PROCESS
        ),
        "beds": measure_keeping(
            stopped, "Beds", variation="neutral_high", kind=Measure.Kind.BALANCING
        ),
        "audits": measure_keeping(stopped, "Audits", chart_type=Measure.ChartType.RUN),
        "new": measure_keeping(wards, "New one", values=()),
    }
    return SimpleNamespace(
        north=north,
        south=south,
        falls_goal=falls_goal,
        flow_goal=flow_goal,
        wards=wards,
        clinic=clinic,
        measures=measures,
    )
