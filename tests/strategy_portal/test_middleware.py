"""What an operator needs after a fault, and what a browser must not keep: every log line is
one JSON object naming its request; a 500 leaves a traceback in the log and in the admins'
mail; a restarted database is reconnected; signed-in pages and exports are never stored; a
view that may write keeps all of its writes or none."""

import io
import json
import logging
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils.module_loading import import_string

from core.prepared import readable
from goals import selectors as goals_selectors
from strategy_portal.middleware import AtomicWritesMiddleware, PrivatePagesMiddleware

pytestmark = pytest.mark.django_db


@pytest.fixture
def log_lines():
    """What the portal's standard-error handler writes during the test, line by line."""
    handler = next(
        handler
        for handler in logging.getLogger("django.request").handlers
        if handler.name == "stderr"
    )
    buffer = io.StringIO()
    previous = handler.setStream(buffer)
    yield lambda: [json.loads(line) for line in buffer.getvalue().splitlines()]
    handler.setStream(previous)


@pytest.fixture
def failing_page(monkeypatch):
    def fail():
        raise RuntimeError("the strategies could not be listed")

    monkeypatch.setattr(goals_selectors, "organisations_for_list", fail)
    return "/strategies/"


def test_every_response_names_its_request():
    first, second = Client().get("/strategies/"), Client().get("/strategies/")

    assert len(first["X-Request-ID"]) == 32
    assert first["X-Request-ID"] != second["X-Request-ID"]


def test_an_unexpected_error_is_logged_as_one_json_line_with_its_request_and_traceback(
    failing_page, log_lines
):
    response = Client(raise_request_exception=False).get(failing_page)

    assert response.status_code == 500
    errors = [line for line in log_lines() if line["level"] == "ERROR"]
    assert len(errors) == 1
    error = errors[0]
    assert error["logger"] == "django.request"
    assert error["request_id"] == response["X-Request-ID"]
    assert error["status"] == 500
    assert "RuntimeError: the strategies could not be listed" in error["exception"]


def test_an_unexpected_error_is_mailed_to_the_admins(failing_page, mailoutbox, settings):
    settings.ADMINS = ["portal-support@example.nhs.uk"]

    Client(raise_request_exception=False).get(failing_page)

    assert [message.to for message in mailoutbox] == [["portal-support@example.nhs.uk"]]
    assert "RuntimeError" in mailoutbox[0].body


def test_a_page_not_found_is_a_warning_not_an_error(log_lines):
    response = Client().get("/strategies/no-such-organisation/")

    assert response.status_code == 404
    assert [line["level"] for line in log_lines()] == ["WARNING"]


def test_a_connection_is_checked_before_it_is_reused():
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True


def test_admins_come_from_the_environment():
    show = "import django; django.setup(); from django.conf import settings; print(settings.ADMINS)"
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "strategy_portal.settings",
        "DJANGO_ADMINS": "ops@example.nhs.uk, qi-team@example.nhs.uk",
    }
    result = subprocess.run(
        [sys.executable, "-c", show],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "['ops@example.nhs.uk', 'qi-team@example.nhs.uk']"


def directives(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


@pytest.mark.parametrize(
    "path", ["/strategies/", "/improvement/", "/improvement/ideas/export.csv", "/admin/"]
)
def test_signed_in_pages_and_exports_are_not_stored(editor_client, path):
    response = editor_client.get(path)

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_public_pages_seen_signed_out_may_be_stored():
    response = Client().get("/strategies/")

    assert "no-store" not in directives(response)


def test_a_response_is_kept_private_without_reading_who_is_signed_in(editor_client):
    """The health check shows no one: serving it to a signed-in browser reads neither the
    session nor the user, and it is still not stored."""
    with CaptureQueriesContext(connection) as queries:
        response = editor_client.get("/health/")

    assert {"private", "no-store"} <= directives(response)
    read = " ".join(readable(query["sql"]) for query in queries.captured_queries)
    assert "django_session" not in read
    assert "auth_user" not in read


def test_a_response_that_starts_a_session_is_not_stored(rf):
    """Signing in answers a request that had no session cookie with one: no proxy may keep
    that response for the next visitor."""

    def sign_in(request):
        response = HttpResponse(status=302)
        response.set_cookie(settings.SESSION_COOKIE_NAME, "new-session-key")
        return response

    response = PrivatePagesMiddleware(sign_in)(rf.post("/oidc/callback/"))

    assert {"private", "no-store"} <= directives(response)


def test_a_response_to_a_visitor_without_a_session_may_be_stored(rf):
    response = PrivatePagesMiddleware(lambda request: HttpResponse("public"))(rf.get("/"))

    assert "no-store" not in directives(response)


def write_then_fail(request):
    get_user_model().objects.create(username="half-written")
    raise RuntimeError("the second write failed")


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_a_view_that_may_write_keeps_nothing_when_it_fails_part_way(rf, method):
    with pytest.raises(RuntimeError):
        AtomicWritesMiddleware(None).process_view(getattr(rf, method)("/"), write_then_fail, (), {})

    assert not get_user_model().objects.filter(username="half-written").exists()


@pytest.mark.django_db(transaction=True)
def test_a_view_marked_non_atomic_is_left_to_keep_its_own_writes(rf):
    view = transaction.non_atomic_requests(write_then_fail)

    assert AtomicWritesMiddleware(None).process_view(rf.post("/"), view, (), {}) is None


@pytest.mark.django_db(transaction=True)
def test_a_page_read_runs_outside_a_transaction(monkeypatch):
    """No BEGIN and COMMIT for a page that only reads, and no database at all for one that
    reads nothing."""
    listed = goals_selectors.organisations_for_list
    in_transaction = []

    def organisations_for_list():
        in_transaction.append(connection.in_atomic_block)
        return listed()

    monkeypatch.setattr(goals_selectors, "organisations_for_list", organisations_for_list)
    assert Client().get("/strategies/").status_code == 200
    assert in_transaction == [False]


def test_every_check_of_a_view_runs_before_the_transaction_calls_it():
    """It calls the view itself: a middleware after it would have no process_view run."""
    after = settings.MIDDLEWARE[
        settings.MIDDLEWARE.index("strategy_portal.middleware.AtomicWritesMiddleware") + 1 :
    ]
    assert after
    assert not [path for path in after if hasattr(import_string(path), "process_view")]
