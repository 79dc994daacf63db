"""Hardening: the deploy checklist, the Content Security Policy, cookies, and the error pages
a user sees when something fails."""

import os
import subprocess
import sys
from unittest import mock

import pytest
from django.db import OperationalError

from tests.html import parse
from tests.strategy_portal.test_settings import PROJECT, REAL_KEY, VARIABLES

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": REAL_KEY + "-and-long-enough-for-the-deploy-check-1234567890",
    "DJANGO_ALLOWED_HOSTS": "portal.example.nhs.uk",
}


def manage(*args, **env):
    # The browser tests allow async-unsafe ORM use in this process; a deployment never does.
    hidden = [*VARIABLES, "DJANGO_ALLOW_ASYNC_UNSAFE"]
    environment = {key: value for key, value in os.environ.items() if key not in hidden}
    environment["DJANGO_SETTINGS_MODULE"] = "strategy_portal.settings"
    environment.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check_with_no_warnings():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


@pytest.mark.slow
def test_turning_https_off_in_production_is_reported_by_the_deploy_check():
    result = manage("check", "--deploy", **PRODUCTION, DJANGO_HTTPS="false")
    assert "security.W008" in result.stderr + result.stdout  # no SSL redirect
    assert "security.W012" in result.stderr + result.stdout  # session cookie not secure


PAGES = ["/", "/strategies/mseft/", "/values/", "/values/mseft/compassionate/", "/search/?q=x"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_content_security_policy(seeded, client, path):
    response = client.get(path)
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_error_pages_and_redirects_have_the_same_policy_as_pages(seeded, client):
    page = client.get("/").headers["Content-Security-Policy"]

    assert client.get("/no-such-page/").headers["Content-Security-Policy"] == page
    assert client.get("/improvement/ideas/mine/").headers["Content-Security-Policy"] == page


def assert_nothing_inline(html, where):
    page = parse(html)
    inline_scripts = [node for node in page.find_all("script") if "src" not in node.attrs]
    assert not inline_scripts, f"{where} has an inline script"
    assert page.find("style") is None, f"{where} has a <style> element"
    styled = [node.tag for node in page.descendants() if "style" in node.attrs]
    assert not styled, f"{where} has style attributes on {styled}"
    handlers = [
        (node.tag, name) for node in page.descendants() for name in node.attrs if name[:2] == "on"
    ]
    assert not handlers, f"{where} has inline event handlers {handlers}"


@pytest.mark.slow
def test_no_page_needs_inline_script_or_style(seeded, client, django_user_model):
    from django.core.management import call_command

    call_command("seed", "--demo", stdout=open(os.devnull, "w"))  # noqa: SIM115
    from improvement.models import Measure, Project
    from training.models import Cohort, Ward

    lead = django_user_model.objects.filter(groups__name="Improvement leads").first()
    client.force_login(lead)
    project = Project.objects.filter(measures__isnull=False).first()
    paths = PAGES + [
        "/improvement/",
        "/improvement/ideas/",
        "/improvement/ideas/new/",
        "/improvement/projects/",
        project.get_absolute_url(),
        f"/improvement/projects/{project.pk}/charter/",
        Measure.objects.filter(data_points__isnull=False).first().get_absolute_url(),
        "/training/",
        Cohort.objects.first().get_absolute_url(),
        "/training/wards/",
        Ward.objects.first().get_absolute_url(),
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert_nothing_inline(response.content.decode(), path)


def test_cookies_are_http_only(seeded, client, django_user_model):
    django_user_model.objects.create_user("sam", password="a long password for sam")
    form = client.get("/login/")
    assert form.cookies["csrftoken"]["httponly"]
    response = client.post("/login/", {"username": "sam", "password": "a long password for sam"})
    assert response.status_code == 302
    assert response.cookies["sessionid"]["httponly"]


def test_an_unreachable_database_gives_the_503_page_and_no_traceback(seeded, client):
    client.raise_request_exception = False
    down = OperationalError('connection to server at "db" failed: Connection refused')
    with mock.patch("goals.views.selectors.home_organisation", side_effect=down):
        response = client.get("/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    text = response.content.decode()
    assert "Sorry, the service is unavailable" in text
    assert "Nothing you sent has been saved." in text
    assert "Traceback" not in text and "Connection refused" not in text


def test_an_unexpected_error_gives_the_nhs_500_page(seeded, client):
    client.raise_request_exception = False
    with mock.patch("goals.views.selectors.home_organisation", side_effect=ValueError("boom")):
        response = client.get("/")
    assert response.status_code == 500
    text = response.content.decode()
    assert "Sorry, there is a problem with the service" in text
    assert "nhsuk-header" in text
    assert "boom" not in text


def test_a_request_for_an_unknown_host_gives_the_nhs_400_page(client):
    client.raise_request_exception = False
    response = client.get("/", HTTP_HOST="attacker.example")
    assert response.status_code == 400
    assert "Sorry, there is a problem with your request" in response.content.decode()
