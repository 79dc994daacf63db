"""The portal's NHS error pages with debug on as well as off, and Django's technical pages
with debug on only when SHOW_DJANGO_ERROR_PAGES (DJANGO_DEBUG_ERROR_PAGES) asks for them
(strategy_portal/middleware.py's PortalErrorPagesMiddleware)."""

from unittest import mock

import pytest
from django.core.exceptions import BadRequest
from django.db import OperationalError
from django.test import Client

from tests.html import parse

pytestmark = pytest.mark.django_db

FAILING = "goals.views.selectors.home_organisation"


@pytest.fixture(params=["debug on", "debug off"])
def mode(request, settings):
    # Set before the client's first request, when Django builds the middleware chain.
    settings.DEBUG = request.param == "debug on"
    return request.param


def heading(response):
    page = parse(response)
    assert page.find(css_class="nhsuk-header") is not None, "not an NHS page"
    return page.find("h1").text


@pytest.mark.parametrize(
    "path",
    ["/no-such-page/", "/strategies/no-such-organisation/", "/improvement/ideas/999999/"],
)
def test_a_page_not_found_is_the_nhs_page(seeded, mode, path, staff_user):
    client = Client()
    client.force_login(staff_user)

    response = client.get(path)

    assert response.status_code == 404
    assert heading(response) == "Page not found"
    assert "URLconf" not in response.content.decode()


def test_an_address_missing_its_slash_is_still_redirected(seeded, mode):
    response = Client().get("/strategies")

    assert (response.status_code, response["Location"]) == (301, "/strategies/")


def test_an_unexpected_error_is_the_nhs_page_and_is_logged(seeded, mode, caplog):
    client = Client(raise_request_exception=False)
    with mock.patch(FAILING, side_effect=ValueError("boom")):
        response = client.get("/")

    assert response.status_code == 500
    assert heading(response) == "Sorry, there is a problem with the service"
    assert "boom" not in response.content.decode()
    [record] = [r for r in caplog.records if r.name == "django.request"]
    assert (record.levelname, record.status_code) == ("ERROR", 500)
    assert "boom" in str(record.exc_info[1])


def test_the_database_out_of_reach_is_the_503_page(seeded, mode):
    client = Client(raise_request_exception=False)
    down = OperationalError("connection to server failed: Connection refused")
    with mock.patch(FAILING, side_effect=down):
        response = client.get("/")

    assert response.status_code == 503
    assert heading(response) == "Sorry, the service is unavailable"
    assert "Connection refused" not in response.content.decode()


def test_a_bad_request_is_the_nhs_page(seeded, mode):
    with mock.patch(FAILING, side_effect=BadRequest("a malformed request")):
        response = Client(raise_request_exception=False).get("/")

    assert response.status_code == 400
    assert "a malformed request" not in response.content.decode()
    heading(response)


def test_django_technical_pages_are_shown_with_debug_on_when_asked_for(seeded, settings):
    settings.DEBUG = True
    settings.SHOW_DJANGO_ERROR_PAGES = True
    client = Client(raise_request_exception=False)

    missing = client.get("/no-such-page/")
    with mock.patch(FAILING, side_effect=ValueError("boom")):
        failing = client.get("/")

    assert missing.status_code == 404
    assert "Using the URLconf defined in" in missing.content.decode()
    assert failing.status_code == 500
    assert "ValueError at /" in failing.content.decode()
    assert "Traceback" in failing.content.decode()


def test_django_technical_pages_are_never_shown_with_debug_off(seeded, settings):
    settings.DEBUG = False
    settings.SHOW_DJANGO_ERROR_PAGES = True
    client = Client(raise_request_exception=False)

    with mock.patch(FAILING, side_effect=ValueError("boom")):
        failing = client.get("/")

    assert heading(client.get("/no-such-page/")) == "Page not found"
    assert heading(failing) == "Sorry, there is a problem with the service"
    assert "Traceback" not in failing.content.decode()
