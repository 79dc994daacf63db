"""Settings come from the environment: a server with debug off refuses to start without
its own secret key, and DATABASE_URL and DJANGO_ALLOWED_HOSTS are honoured."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parents[2]
DEVELOPMENT_KEY = "development-only-secret-key-not-for-production"
REAL_KEY = "k3y-for-tests-only-9d1f0c2e7b5a4f8e8c6d2a1b0e9f7c3d"
VARIABLES = [
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_ALLOWED_HOSTS",
    "DATABASE_URL",
    "DATABASE_CONN_MAX_AGE",
    "PORTAL_HOME_ORGANISATION",
    "CACHE_URL",
    "REDIS_URL",
    "TASK_QUEUE_URL",
    "DJANGO_DEBUG_ERROR_PAGES",
    "DJANGO_DEMO_PASSWORD",
]
SHOW_SETTINGS = """
import json, django
from importlib import import_module
django.setup()
from django.conf import settings
db = settings.DATABASES["default"]
print(json.dumps({
    "DEBUG": settings.DEBUG,
    "SECRET_KEY": settings.SECRET_KEY,
    "ALLOWED_HOSTS": settings.ALLOWED_HOSTS,
    "ENGINE": db["ENGINE"],
    "NAME": str(db["NAME"]),
    "HOST": db.get("HOST", ""),
    "PORT": db.get("PORT", ""),
    "USER": db.get("USER", ""),
    "CACHE": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1],
    "CACHE_LOCATION": settings.CACHES["default"].get("LOCATION", ""),
    # The Django backend the session store is (core.sessions' is the database's).
    "SESSION_ENGINE": next(
        store.__module__ for store in import_module(settings.SESSION_ENGINE).SessionStore.__mro__
        if store.__module__.startswith("django.contrib.sessions.backends.")
    ).rsplit(".", 1)[-1],
    "CACHE_MODULE": settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[0],
    "CACHE_OPTIONS": settings.CACHES["default"].get("OPTIONS", {}),
    "LOG_IGNORED": getattr(settings, "DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS", False),
    "TASKS": settings.TASKS["default"]["BACKEND"],
    "RQ_QUEUES": settings.RQ_QUEUES,
    "SHOW_DJANGO_ERROR_PAGES": settings.SHOW_DJANGO_ERROR_PAGES,
    "DEMO_PASSWORD": settings.DEMO_PASSWORD,
}))
"""


def start_django(**env):
    """Run django.setup() with the real settings in a fresh interpreter."""
    environment = {key: value for key, value in os.environ.items() if key not in VARIABLES}
    environment["DJANGO_SETTINGS_MODULE"] = "strategy_portal.settings"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_of(**env):
    result = start_django(**env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    "key", [None, "", DEVELOPMENT_KEY], ids=["missing", "empty", "development-key"]
)
def test_debug_off_without_a_real_secret_key_refuses_to_start(key):
    env = {"DJANGO_DEBUG": "false"}
    if key is not None:
        env["DJANGO_SECRET_KEY"] = key
    result = start_django(**env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_debug_off_with_a_real_secret_key_starts():
    settings = settings_of(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=REAL_KEY)
    assert settings["DEBUG"] is False
    assert settings["SECRET_KEY"] == REAL_KEY


@pytest.mark.parametrize(
    ("value", "debug"),
    [("false", False), ("0", False), ("no", False), ("true", True), ("1", True), ("On", True)],
)
def test_django_debug_is_read_as_a_boolean(value, debug):
    assert settings_of(DJANGO_DEBUG=value, DJANGO_SECRET_KEY=REAL_KEY)["DEBUG"] is debug


def test_developer_defaults_need_no_environment():
    settings = settings_of()
    assert settings["DEBUG"] is True
    assert settings["SECRET_KEY"] == DEVELOPMENT_KEY
    assert settings["ENGINE"] == "django.db.backends.sqlite3"
    assert settings["NAME"] == str(PROJECT / "db.sqlite3")
    assert settings["ALLOWED_HOSTS"] == ["127.0.0.1", "localhost", "[::1]"]


def test_error_pages_are_the_portals_and_the_demo_has_no_password_unless_asked():
    assert settings_of()["SHOW_DJANGO_ERROR_PAGES"] is False
    assert settings_of()["DEMO_PASSWORD"] == ""
    chosen = settings_of(DJANGO_DEBUG_ERROR_PAGES="true", DJANGO_DEMO_PASSWORD="try-the-portal")
    assert chosen["SHOW_DJANGO_ERROR_PAGES"] is True
    assert chosen["DEMO_PASSWORD"] == "try-the-portal"


def test_database_url_is_honoured():
    settings = settings_of(DATABASE_URL="postgres://portal:secret@db.example.org:5433/strategy")
    assert settings["ENGINE"] == "django.db.backends.postgresql"
    assert settings["NAME"] == "strategy"
    assert settings["HOST"] == "db.example.org"
    assert settings["PORT"] == 5433
    assert settings["USER"] == "portal"


def test_allowed_hosts_split_on_commas():
    settings = settings_of(DJANGO_ALLOWED_HOSTS=" portal.nhs.example , www.portal.nhs.example,,")
    assert settings["ALLOWED_HOSTS"] == ["portal.nhs.example", "www.portal.nhs.example"]


def test_a_development_server_caches_in_its_own_process():
    found = settings_of()
    assert (found["CACHE"], found["SESSION_ENGINE"]) == ("LocMemCache", "db")


def test_a_production_server_without_a_shared_cache_caches_in_each_process():
    # Safe because cached fragments are keyed by generations read from the database: another
    # worker's write moves them on for every process (tests/core/test_fragment_cache.py).
    found = settings_of(DJANGO_DEBUG="false", DJANGO_SECRET_KEY=REAL_KEY)
    assert (found["CACHE"], found["SESSION_ENGINE"]) == ("LocMemCache", "db")


@pytest.mark.parametrize("variable", ["REDIS_URL", "CACHE_URL"])
def test_redis_shares_the_cache_between_instances_and_its_outage_costs_only_speed(variable):
    found = settings_of(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY=REAL_KEY, **{variable: "redis://cache:6379/2"}
    )
    assert found["CACHE"] == "RedisCache"
    assert found["CACHE_MODULE"] == "django_redis.cache"
    assert found["CACHE_LOCATION"] == "redis://cache:6379/2"
    assert found["CACHE_OPTIONS"]["IGNORE_EXCEPTIONS"] is True
    assert 0 < found["CACHE_OPTIONS"]["SOCKET_CONNECT_TIMEOUT"] <= 1
    assert 0 < found["CACHE_OPTIONS"]["SOCKET_TIMEOUT"] <= 1
    assert found["LOG_IGNORED"] is True
    # A cache restored from an old snapshot must never bring back a signed-out session.
    assert found["SESSION_ENGINE"] == "db"


@pytest.mark.parametrize("url", ["locmem://", "dummy://"])
def test_the_cache_may_be_named_in_cache_url(url):
    found = settings_of(CACHE_URL=url)
    expected = {"locmem://": "LocMemCache", "dummy://": "DummyCache"}[url]
    assert (found["CACHE"], found["SESSION_ENGINE"]) == (expected, "db")


def test_an_unknown_cache_is_refused_with_a_clear_message():
    result = start_django(CACHE_URL="memcached://cache:11211")
    assert result.returncode != 0
    assert "CACHE_URL must start with redis://" in result.stderr


def test_the_task_queue_waits_in_the_database_unless_redis_is_named():
    assert settings_of()["TASKS"] == "django_tasks_db.DatabaseBackend"

    found = settings_of(TASK_QUEUE_URL="redis://queue:6379/1")

    assert found["TASKS"] == "django_tasks_rq.RQBackend"
    assert found["RQ_QUEUES"] == {"default": {"URL": "redis://queue:6379/1"}}


def test_an_unknown_task_queue_is_refused_with_a_clear_message():
    result = start_django(TASK_QUEUE_URL="amqp://queue:5672")
    assert result.returncode != 0
    assert "TASK_QUEUE_URL must be empty or start with database://" in result.stderr


# The tests' own settings ---------------------------------------------------------------------

SHOW_ALL_SETTINGS = """
import importlib, json, sys
module = importlib.import_module(sys.argv[1])
print(json.dumps({name: repr(getattr(module, name)) for name in dir(module) if name.isupper()}))
"""
# What a developer's shell or a server might have set, none of which may reach the tests.
HOSTILE_ENVIRONMENTS = {
    "debug on, a Redis and SMTP": {
        "DJANGO_DEBUG": "true",
        "REDIS_URL": "redis://nowhere:6379/0",
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "EMAIL_HOST": "smtp.nowhere.example",
        "EMAIL_PORT": "2525",
        "EMAIL_HOST_USER": "someone",
        "EMAIL_HOST_PASSWORD": "secret",
        "EMAIL_USE_TLS": "true",
        "EMAIL_TIMEOUT": "1",
        "DEFAULT_FROM_EMAIL": "someone@nowhere.example",
        "TASK_QUEUE_URL": "redis://nowhere:6379/1",
        "DJANGO_DEBUG_ERROR_PAGES": "true",
        "DJANGO_DEMO_PASSWORD": "a-demo-password",
    },
    "production": {
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": REAL_KEY,
        "DJANGO_ALLOWED_HOSTS": "portal.nhs.example",
        "CACHE_URL": "dummy://",
        "DATABASE_CONN_MAX_AGE": "0",
        "FRAGMENT_CACHE_SECONDS": "1",
        "AXES_FAILURE_LIMIT": "1",
        "PORTAL_HOME_ORGANISATION": "esmsk",
        "OIDC_RP_CLIENT_ID": "portal",
        "OIDC_RP_CLIENT_SECRET": "secret",
        "OIDC_OP_DISCOVERY": "https://login.nowhere.example/.well-known/openid-configuration",
    },
    # The real settings refuse to start like this; the tests' settings do not read it.
    "debug off without a secret key": {"DJANGO_DEBUG": "false"},
}
SET_BY_ANY = {name for environment in HOSTILE_ENVIRONMENTS.values() for name in environment}


def settings_of_the_tests(**env):
    """Every setting of strategy_portal.test_settings, as repr, imported in a fresh interpreter
    whose environment has none of the portal's variables but these."""
    hidden = {*VARIABLES, *SET_BY_ANY}
    environment = {key: value for key, value in os.environ.items() if key not in hidden}
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", SHOW_ALL_SETTINGS, "strategy_portal.test_settings"],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.fixture(scope="module")
def plain_test_settings():
    return settings_of_the_tests()


def test_the_tests_run_with_debug_off_local_cache_email_and_tasks(plain_test_settings):
    found = plain_test_settings
    assert found["DEBUG"] == "False"
    assert found["SECRET_KEY"] == repr("test-only-secret-key-not-for-production")
    assert "LocMemCache" in found["CACHES"]
    assert "redis" not in found["CACHES"].lower()
    assert found["MAILERS"] == repr(
        {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
    )
    assert "sqlite3" in found["DATABASES"]
    assert found["TASKS"] == repr(
        {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    )


@pytest.mark.parametrize("environment", HOSTILE_ENVIRONMENTS.values(), ids=HOSTILE_ENVIRONMENTS)
def test_the_environment_changes_no_test_setting(plain_test_settings, environment):
    assert settings_of_the_tests(**environment) == plain_test_settings


def test_database_url_still_chooses_the_tests_database(plain_test_settings):
    found = settings_of_the_tests(DATABASE_URL="postgres://portal@db.example.org:5433/strategy")

    assert "django.db.backends.postgresql" in found["DATABASES"]
    assert "db.example.org" in found["DATABASES"]
    changed = {name for name in found if found[name] != plain_test_settings[name]}
    assert changed == {"DATABASES"}
