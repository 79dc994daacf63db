"""Signing in, in a real browser: the login page with and without the NHSmail button, the
password reset pages (errors included) and the lockout page all pass axe (WCAG 2.2 AA)."""

import re

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import expect

from tests.factories import UserFactory

from .axe import assert_no_axe_violations

pytestmark = pytest.mark.browser

PASSWORD = "correct horse battery staple"


def heading(page):
    return page.get_by_role("heading", level=1)


def error_summary(page):
    return page.locator(".nhsuk-error-summary")


def test_the_login_page_without_single_sign_on(db, page):
    page.goto("/login/")

    expect(heading(page)).to_have_text("Log in")
    expect(page.get_by_role("button", name="Sign in with NHSmail")).to_have_count(0)
    expect(page.get_by_role("link", name="Forgotten your password?")).to_be_visible()
    assert_no_axe_violations(page)


def test_the_login_page_with_single_sign_on(db, page, settings):
    settings.OIDC_ENABLED = True

    page.goto("/login/?next=/improvement/ideas/")

    button = page.get_by_role("button", name="Sign in with NHSmail")
    expect(button).to_have_attribute("href", "/oidc/authenticate/?next=/improvement/ideas/")
    expect(page.get_by_role("heading", name="Or log in with a portal account")).to_be_visible()
    assert_no_axe_violations(page)

    page.goto("/login/?sso=failed")
    expect(error_summary(page)).to_contain_text("Signing in with NHSmail did not work")
    assert_no_axe_violations(page)


def test_asking_for_a_password_reset(db, page):
    UserFactory(username="staff")
    page.goto("/login/")
    page.get_by_role("link", name="Forgotten your password?").click()

    expect(heading(page)).to_have_text("Reset your password")
    page.get_by_role("button", name="Send reset link").click()
    expect(error_summary(page)).to_contain_text("Enter your email address")
    expect(page).to_have_title(re.compile(r"^Error: Reset your password"))
    assert_no_axe_violations(page)

    page.get_by_label("Email address").fill("staff@nhs.example")
    page.get_by_role("button", name="Send reset link").click()
    expect(heading(page)).to_have_text("Check your email")
    assert_no_axe_violations(page)


def test_choosing_a_new_password_with_mistakes_first(db, page, live_server):
    user = UserFactory(username="staff")
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)

    page.goto(f"/password-reset/{uid}/{token}/")
    expect(heading(page)).to_have_text("Choose a new password")
    assert_no_axe_violations(page)

    page.get_by_label("New password", exact=True).fill("a brand new portal password 2026")
    page.get_by_label("Confirm new password").fill("something else")
    page.get_by_role("button", name="Save new password").click()
    expect(error_summary(page)).to_contain_text(
        "The passwords do not match. Enter the same new password twice."
    )
    assert_no_axe_violations(page)

    page.get_by_role("link", name="The passwords do not match").click()
    expect(page.get_by_label("Confirm new password")).to_be_focused()

    page.get_by_label("New password", exact=True).fill("a brand new portal password 2026")
    page.get_by_label("Confirm new password").fill("a brand new portal password 2026")
    page.get_by_role("button", name="Save new password").click()
    expect(heading(page)).to_have_text("Your password has been changed")
    assert_no_axe_violations(page)


def test_the_lockout_page(db, page, request, live_server):
    UserFactory(username="staff")
    page.goto("/login/")
    for _ in range(5):
        page.get_by_label("Username").fill("staff")
        page.get_by_label("Password").fill("wrong password")
        page.get_by_role("button", name="Log in").click()

    expect(heading(page)).to_have_text("Too many failed attempts to log in")
    expect(page.locator("main")).to_contain_text("try again in 15 minutes")
    assert_no_axe_violations(page)

    # The 429 is the answer this test asked for, not a fault of the page.
    problems = request.node.browser_problems
    login = f"{live_server.url}/login/"
    problems.failed_requests = [
        text for text in problems.failed_requests if text != f"POST {login}: HTTP 429"
    ]
    problems.console_errors = [
        text for text in problems.console_errors if not ("status of 429" in text and login in text)
    ]
