"""Settings for the test suite: the real settings as a developer's machine has them, made fast,
and the same whatever the environment says.

Only DATABASE_URL is read, to choose the database (SQLite, or PostgreSQL in CI). A developer's
DJANGO_DEBUG, REDIS_URL, CACHE_URL or EMAIL_* must not quietly test another set-up, nor reach
their Redis or mail server: the real settings are read with every other variable hidden.
"""

import os
from unittest import mock

_database = {"DATABASE_URL": os.environ["DATABASE_URL"]} if "DATABASE_URL" in os.environ else {}
with mock.patch.dict(os.environ, _database, clear=True):
    from .settings import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-secret-key-not-for-production"

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

# Tests render templates without running collectstatic first.
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Each test process keeps its own cache; the tests that need a real Redis start their own
# (tests/redis_server.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": "portal"}
}

# Mail stays in django.core.mail.outbox.
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}

# A task runs as soon as it is enqueued, after its transaction commits. The tests of the queue
# itself run the real backends' workers (tests/core/test_emails.py).
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
