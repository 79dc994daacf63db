"""The production settings as a test's gunicorn serves them (tests/gunicorn_server.py): read
from the environment as a deployment's are, but for static files, which the tests do not
collect: pages name them unhashed, and nothing is served from STATIC_ROOT."""

from strategy_portal.settings import *  # noqa: F403

STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT = None
