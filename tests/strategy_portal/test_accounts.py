"""Signing in: password reset and change, login throttling (django-axes, switched on here as
in production) and single sign-on through OpenID Connect against a fake provider (no
network: tests/oidc_provider.py)."""

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone

from strategy_portal import oidc
from tests.factories import UserFactory
from tests.html import error_summary, main, parse
from tests.oidc_provider import (
    CLIENT_ID,
    CLIENT_SECRET,
    DISCOVERY,
    END_SESSION,
    ENDPOINTS,
    ISSUER,
    NHSMAIL_CLAIMS,
    end_session_query,
    sign_in_with_sso,
)

# Signing in, out and changing passwords all read and write the database.
pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
NEW_PASSWORD = "a brand new portal password 2026"
PROJECT = Path(__file__).resolve().parents[2]


def log_in(client, username, password, ip="10.0.0.1"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def logged_in_user_id(client):
    return client.session.get("_auth_user_id")


# The login page


def test_the_login_page_links_to_password_reset_and_offers_no_sso_unconfigured(client):
    response = client.get(reverse("login"))

    page = main(response)
    link = page.find("a", href=reverse("password_reset"))
    assert link is not None and link.text == "Forgotten your password?"
    assert "NHSmail" not in page.text
    assert page.find("a", css_class="nhsuk-button") is None


@pytest.mark.parametrize("path", ["/oidc/authenticate/", "/oidc/callback/?code=c&state=s"])
def test_the_sso_urls_answer_404_unconfigured(client, path):
    assert client.get(path).status_code == 404


# Password reset


def reset_link(message):
    match = re.search(r"https?://[^/\s]+(/password-reset/[^\s]+/)", message.body)
    assert match, message.body
    return match.group(1)


def test_a_reset_request_emails_a_link_that_sets_a_new_password(
    client, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "STAFF@nhs.example"})

    assert response.status_code == 302
    assert response["Location"] == reverse("password_reset_done")
    done = client.get(response["Location"])
    assert main(done).find("h1").text == "Check your email"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["staff@nhs.example"]
    assert message.subject == "Reset your Strategy Portal password"
    assert message.from_email == settings.DEFAULT_FROM_EMAIL
    assert "(staff)" in message.body

    form_page = client.get(reset_link(message), follow=True)
    assert main(form_page).find("h1").text == "Choose a new password"
    form = main(form_page).find("form")
    mismatch = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": "something else entirely"},
    )
    assert mismatch.status_code == 200
    assert error_summary(mismatch) == [
        ("The passwords do not match. Enter the same new password twice.", "#id_new_password2")
    ]
    assert form.find("input", name="new_password1", type="password") is not None

    saved = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert saved["Location"] == reverse("password_reset_complete")
    complete = client.get(saved["Location"])
    assert main(complete).find("h1").text == "Your password has been changed"

    assert log_in(Client(), "staff", PASSWORD).status_code == 200  # the old one is refused
    assert log_in(client, "staff", NEW_PASSWORD)["Location"] == reverse("improvement:dashboard")


def test_a_reset_link_works_once(client, staff_user, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("password_reset"), {"email": "staff@nhs.example"})
    link = reset_link(mail.outbox[0])
    set_password = client.get(link, follow=True).redirect_chain[-1][0]
    client.post(set_password, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})

    again = client.get(link, follow=True)

    assert main(again).find("h1").text == "The reset link has expired"
    assert main(again).find("a", href=reverse("password_reset")) is not None


def test_an_unknown_address_gets_the_same_answer_and_no_email(
    client, staff_user, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("password_reset"), {"email": "nobody@nhs.example"})

    assert response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("", "Enter your email address"),
        ("not an address", "Enter an email address in the correct format, like name@nhs.net"),
    ],
)
def test_a_reset_request_says_what_is_wrong(client, email, message):
    response = client.post(reverse("password_reset"), {"email": email})

    assert response.status_code == 200
    assert error_summary(response) == [(message, "#id_email")]
    assert parse(response).find("title").text.startswith("Error: ")


# Changing one's password


def test_staff_change_their_password_from_the_header(staff_client):
    home = staff_client.get(reverse("goals:home"))
    link = parse(home).find("a", href=reverse("password_change"))
    assert link is not None and link.text == "Change password"

    wrong = staff_client.post(
        reverse("password_change"),
        {"old_password": "not it", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert error_summary(wrong) == [
        ("Your current password is not correct. Enter it again.", "#id_old_password")
    ]

    changed = staff_client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed["Location"] == reverse("password_change_done")
    assert get_user_model().objects.get(username="staff").check_password(NEW_PASSWORD)
    # Still logged in: changing the password keeps this session.
    assert staff_client.get(reverse("improvement:dashboard")).status_code == 200


def test_changing_a_password_needs_a_login(client):
    response = client.get(reverse("password_change"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Login throttling


def test_five_wrong_passwords_lock_the_username_out_for_15_minutes(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = log_in(client, "staff", "wrong password")
        assert response.status_code == 200
        assert "Enter a correct username and password" in main(response).text

    locked = log_in(client, "staff", "wrong password")

    assert locked.status_code == 429
    assert main(locked).find("h1").text == "Too many failed attempts to log in"
    assert "try again in 15 minutes" in main(locked).text
    # Even the right password is refused while the lockout lasts.
    right = log_in(client, "staff", PASSWORD)
    assert right.status_code == 429
    assert logged_in_user_id(client) is None


def test_the_lockout_is_for_that_username_from_that_address(client, staff_user):
    UserFactory(username="colleague")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "staff", "wrong password")
    assert log_in(Client(), "staff", PASSWORD).status_code == 429

    assert log_in(Client(), "colleague", PASSWORD).status_code == 302
    assert log_in(Client(), "staff", PASSWORD, ip="10.0.0.2").status_code == 302


def test_the_lockout_ends_after_15_minutes(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in(client, "staff", "wrong password")
    assert log_in(client, "staff", PASSWORD).status_code == 429

    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))

    response = log_in(client, "staff", PASSWORD)
    assert response.status_code == 302
    assert logged_in_user_id(client) == str(staff_user.pk)


def test_a_successful_login_clears_the_failures(client, staff_user):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(client, "staff", "wrong password")
    assert log_in(Client(), "staff", PASSWORD).status_code == 302

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "staff", "wrong password").status_code == 200


@override_settings(AXES_FAILURE_LIMIT=2, AXES_COOLOFF_TIME=timedelta(minutes=1))
def test_the_lockout_page_names_the_configured_wait(client, staff_user):
    log_in(client, "staff", "wrong password")
    locked = log_in(client, "staff", "wrong password")

    assert locked.status_code == 429
    assert "try again in 1 minute." in main(locked).text


# Single sign-on against a fake OpenID Connect provider (tests/oidc_provider.py)


def test_the_login_page_offers_nhsmail_when_configured(client, provider):
    response = client.get(reverse("login"), {"next": "/improvement/ideas/"})

    button = main(response).find("a", css_class="nhsuk-button")
    assert button.text == "Sign in with NHSmail"
    assert button.attrs["href"] == "/oidc/authenticate/?next=/improvement/ideas/"
    # Local sign-in is still there beside it.
    assert main(response).find("input", name="password") is not None


def test_the_authorisation_request_asks_for_the_colleagues_email_and_name(client, provider):
    start = client.get(reverse("oidc_authentication_init"))

    query = parse_qs(urlsplit(start["Location"]).query)
    assert query["client_id"] == [CLIENT_ID]
    assert query["scope"] == ["openid email profile"]
    assert query["redirect_uri"] == ["http://testserver/oidc/callback/"]
    assert query["code_challenge_method"] == ["S256"]


def test_a_first_sso_sign_in_creates_the_account_and_logs_in(client, provider):
    response = sign_in_with_sso(client, provider, NHSMAIL_CLAIMS, next_url="/improvement/ideas/")

    assert response.status_code == 302
    assert response["Location"] == "/improvement/ideas/"
    user = get_user_model().objects.get(email="ada.lovelace@nhs.net")
    assert user.username == "ada.lovelace@nhs.net"
    assert (user.first_name, user.last_name) == ("Ada", "Lovelace")
    assert not user.has_usable_password()
    assert logged_in_user_id(client) == str(user.pk)
    dashboard = client.get(reverse("improvement:dashboard"))
    assert dashboard.status_code == 200
    assert "Ada Lovelace" in parse(dashboard).find("header").text
    # An SSO account has no portal password to change.
    assert parse(dashboard).find("a", href=reverse("password_change")) is None
    assert ("POST", ENDPOINTS["OIDC_OP_TOKEN_ENDPOINT"]) in provider.calls


def test_an_sso_sign_in_finds_the_existing_account_by_email(client, provider):
    existing = UserFactory(
        username="alovelace", email="ADA.LOVELACE@nhs.net", first_name="A", last_name="L"
    )
    claims = {**NHSMAIL_CLAIMS, "email": "ada.lovelace@nhs.net", "family_name": "King"}

    response = sign_in_with_sso(client, provider, claims)

    assert response["Location"] == reverse("improvement:dashboard")
    assert get_user_model().objects.count() == 1
    existing.refresh_from_db()
    assert logged_in_user_id(client) == str(existing.pk)
    assert (existing.first_name, existing.last_name) == ("Ada", "King")
    assert existing.check_password(PASSWORD)  # the local password still works too


def test_a_callback_with_an_unknown_state_is_refused(client, provider):
    start = client.get(reverse("oidc_authentication_init"))
    code, _state = provider.authorise(start["Location"], NHSMAIL_CLAIMS)

    response = client.get(
        reverse("oidc_authentication_callback"), {"code": code, "state": "forged-state"}
    )

    assert response.status_code == 400
    assert logged_in_user_id(client) is None
    assert not get_user_model().objects.exists()
    assert ("POST", ENDPOINTS["OIDC_OP_TOKEN_ENDPOINT"]) not in provider.calls


def test_a_callback_without_a_started_sign_in_goes_back_to_the_login_page(client, provider):
    response = client.get(
        reverse("oidc_authentication_callback"), {"code": "code-1", "state": "anything"}
    )

    assert response["Location"] == "/login/?sso=failed"
    page = client.get(response["Location"])
    assert "Signing in with NHSmail did not work" in main(page).text
    assert logged_in_user_id(client) is None


def test_an_id_token_for_another_sign_in_is_refused(client, provider):
    start = client.get(reverse("oidc_authentication_init"))
    code, state = provider.authorise(start["Location"], NHSMAIL_CLAIMS, nonce="someone-elses")

    response = client.get(reverse("oidc_authentication_callback"), {"code": code, "state": state})

    assert response.status_code == 400
    assert logged_in_user_id(client) is None
    assert not get_user_model().objects.exists()


def test_a_provider_error_goes_back_to_the_login_page(client, provider):
    start = client.get(reverse("oidc_authentication_init"))
    _code, state = provider.authorise(start["Location"], NHSMAIL_CLAIMS)

    response = client.get(
        reverse("oidc_authentication_callback"), {"error": "access_denied", "state": state}
    )

    assert response["Location"] == "/login/?sso=failed"
    assert logged_in_user_id(client) is None


def test_claims_without_an_email_address_do_not_sign_in(client, provider):
    response = sign_in_with_sso(client, provider, {"sub": "x", "given_name": "No"})

    assert response["Location"] == "/login/?sso=failed"
    assert logged_in_user_id(client) is None
    assert not get_user_model().objects.exists()


def test_the_endpoints_can_come_from_the_discovery_document(client, provider):
    unset = dict.fromkeys(ENDPOINTS)
    with override_settings(OIDC_OP_DISCOVERY=DISCOVERY, **unset):
        response = sign_in_with_sso(client, provider, NHSMAIL_CLAIMS)

    assert response["Location"] == reverse("improvement:dashboard")
    assert get_user_model().objects.get().email == "ada.lovelace@nhs.net"
    assert provider.calls[0] == ("GET", DISCOVERY)


# A provider out of reach: only signing in and out need it

DISCOVERY_ONLY = {"OIDC_OP_DISCOVERY": DISCOVERY, **dict.fromkeys(ENDPOINTS)}
UNAVAILABLE = "Signing in with NHSmail is not possible at the moment: the portal cannot reach"


def lose_the_provider(provider):
    """As a process started while the provider is out of reach finds it: no discovery
    document kept from earlier, and none to fetch."""
    provider.reachable = False
    oidc.discovery_document.cache_clear()


def test_pages_answer_a_colleague_signed_in_through_the_provider_when_it_is_out_of_reach(
    client, provider
):
    with override_settings(**DISCOVERY_ONLY):
        sign_in_with_sso(client, provider, NHSMAIL_CLAIMS)
        lose_the_provider(provider)

        for path in [
            reverse("goals:strategies"),
            reverse("improvement:dashboard"),
            reverse("improvement:ideas"),
            reverse("training:training"),
        ]:
            response = client.get(path)

            assert response.status_code == 200, path
            assert "Ada Lovelace" in parse(response).find("header").text


def test_password_logins_and_the_admin_answer_when_the_provider_is_out_of_reach(
    client, provider, editor_user
):
    with override_settings(**DISCOVERY_ONLY):
        lose_the_provider(provider)

        assert log_in(client, "editor", PASSWORD)["Location"] == reverse("improvement:dashboard")
        # The admin checks the editor's permissions, which asks every sign-in backend.
        assert client.get(reverse("admin:index")).status_code == 200
        assert log_in(Client(), "editor", "wrong password").status_code == 200

    assert provider.calls == []


def test_signing_in_while_the_provider_is_out_of_reach_says_so_and_works_once_it_is_back(
    client, provider
):
    with override_settings(**DISCOVERY_ONLY):
        lose_the_provider(provider)

        start = client.get(reverse("oidc_authentication_init"))

        assert start["Location"] == "/login/?sso=unavailable"
        page = client.get(start["Location"])
        assert UNAVAILABLE in main(page).text
        assert main(page).find("input", name="password") is not None
        assert logged_in_user_id(client) is None

        provider.reachable = True
        response = sign_in_with_sso(client, provider, NHSMAIL_CLAIMS)

    assert response["Location"] == reverse("improvement:dashboard")


def test_a_provider_lost_during_the_sign_in_sends_the_colleague_back_to_say_so(client, provider):
    with override_settings(**DISCOVERY_ONLY):
        start = client.get(reverse("oidc_authentication_init"))
        code, state = provider.authorise(start["Location"], NHSMAIL_CLAIMS)
        lose_the_provider(provider)

        response = client.get(
            reverse("oidc_authentication_callback"), {"code": code, "state": state}
        )

    assert response["Location"] == "/login/?sso=unavailable"
    assert logged_in_user_id(client) is None
    assert not get_user_model().objects.exists()


def test_a_code_the_provider_refuses_goes_back_to_the_login_page(client, provider):
    start = client.get(reverse("oidc_authentication_init"))
    _code, state = provider.authorise(start["Location"], NHSMAIL_CLAIMS)

    response = client.get(
        reverse("oidc_authentication_callback"), {"code": "not-the-code", "state": state}
    )

    assert response["Location"] == "/login/?sso=failed"
    assert logged_in_user_id(client) is None


# Logging out of the portal after single sign-on


def log_out(client):
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert logged_in_user_id(client) is None
    assert client.get(reverse("improvement:dashboard"))["Location"].startswith(reverse("login"))
    return response["Location"]


def test_logging_out_ends_the_providers_session_from_discovery(client, provider):
    provider.end_session_endpoint = END_SESSION
    unset = dict.fromkeys(ENDPOINTS)
    with override_settings(OIDC_OP_DISCOVERY=DISCOVERY, **unset):
        sign_in_with_sso(client, provider, NHSMAIL_CLAIMS)

        location = log_out(client)

    assert end_session_query(location) == {
        "id_token_hint": provider.id_tokens[-1],
        "client_id": CLIENT_ID,
        "post_logout_redirect_uri": "http://testserver/",
    }


def test_logging_out_while_the_provider_is_out_of_reach_ends_the_portals_session(client, provider):
    provider.end_session_endpoint = END_SESSION
    with override_settings(**DISCOVERY_ONLY):
        sign_in_with_sso(client, provider, NHSMAIL_CLAIMS)
        lose_the_provider(provider)

        location = log_out(client)

    assert location == "/"
    home = client.get(location)
    assert "NHSmail could not be reached to sign you out of it too" in parse(home).text


def test_logging_out_ends_the_providers_session_at_a_configured_endpoint(client, provider):
    with override_settings(OIDC_OP_LOGOUT_ENDPOINT=END_SESSION):
        sign_in_with_sso(client, provider, NHSMAIL_CLAIMS)

        location = log_out(client)

    assert end_session_query(location)["id_token_hint"] == provider.id_tokens[-1]


def test_without_an_end_session_endpoint_logging_out_stays_in_the_portal(client, provider):
    unset = dict.fromkeys(ENDPOINTS)
    with override_settings(OIDC_OP_DISCOVERY=DISCOVERY, **unset):
        sign_in_with_sso(client, provider, NHSMAIL_CLAIMS)

        assert log_out(client) == "/"


def test_a_local_sign_in_logs_out_without_visiting_the_provider(client, provider, staff_user):
    with override_settings(OIDC_OP_LOGOUT_ENDPOINT=END_SESSION):
        log_in(client, staff_user.username, PASSWORD)
        assert logged_in_user_id(client) == str(staff_user.pk)

        assert log_out(client) == "/"


def test_logging_out_with_sso_off_stays_in_the_portal(client, staff_user):
    log_in(client, staff_user.username, PASSWORD)

    assert log_out(client) == "/"
    assert client.get(reverse("logout")).status_code == 405


# Settings from the environment

SHOW_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "OIDC_ENABLED": settings.OIDC_ENABLED,
    "backends": settings.AUTHENTICATION_BACKENDS,
    "oidc_app": "mozilla_django_oidc" in settings.INSTALLED_APPS,
    "mailer": settings.MAILERS["default"],
    "from": settings.DEFAULT_FROM_EMAIL,
    "middleware_last": settings.MIDDLEWARE[-1],
    "limit": settings.AXES_FAILURE_LIMIT,
    "cooloff": settings.AXES_COOLOFF_TIME.total_seconds(),
    "logout_endpoint": settings.OIDC_OP_LOGOUT_ENDPOINT,
}))
"""
ENV_NAMES = [
    "DJANGO_DEBUG",
    "DJANGO_SECRET_KEY",
    "DJANGO_EMAIL_BACKEND",
    "DEFAULT_FROM_EMAIL",
    "EMAIL_HOST",
    "AXES_FAILURE_LIMIT",
    "AXES_COOLOFF_MINUTES",
    "OIDC_RP_CLIENT_ID",
    "OIDC_RP_CLIENT_SECRET",
    "OIDC_OP_DISCOVERY",
    "OIDC_OP_LOGOUT_ENDPOINT",
    *ENDPOINTS,
]


def settings_with(**env):
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in ENV_NAMES and key != "DJANGO_SETTINGS_MODULE"
    }
    environment["DJANGO_SETTINGS_MODULE"] = "strategy_portal.settings"
    environment.update(env)
    result = subprocess.run(
        [sys.executable, "-c", SHOW_SETTINGS],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_by_default_sso_is_off_and_email_goes_to_the_console():
    found = settings_with()

    assert found["OIDC_ENABLED"] is False
    assert found["backends"] == [
        "axes.backends.AxesStandaloneBackend",
        "core.auth_backends.OneQueryModelBackend",
    ]
    assert found["oidc_app"] is False
    assert found["mailer"] == {"BACKEND": "django.core.mail.backends.console.EmailBackend"}
    assert found["middleware_last"] == "axes.middleware.AxesMiddleware"
    assert (found["limit"], found["cooloff"]) == (5, 15 * 60)


def test_the_environment_configures_email_throttling_and_sso():
    found = settings_with(
        DJANGO_EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="smtp.nhs.example",
        DEFAULT_FROM_EMAIL="portal@nhs.example",
        AXES_FAILURE_LIMIT="3",
        AXES_COOLOFF_MINUTES="30",
        OIDC_RP_CLIENT_ID=CLIENT_ID,
        OIDC_RP_CLIENT_SECRET=CLIENT_SECRET,
        OIDC_OP_DISCOVERY=DISCOVERY,
        OIDC_OP_LOGOUT_ENDPOINT=f"{ISSUER}/logout",
    )

    assert found["mailer"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["mailer"]["OPTIONS"]["host"] == "smtp.nhs.example"
    assert found["from"] == "portal@nhs.example"
    assert (found["limit"], found["cooloff"]) == (3, 30 * 60)
    assert found["OIDC_ENABLED"] is True
    assert found["oidc_app"] is True
    assert found["backends"][-1] == "strategy_portal.oidc.PortalOIDCBackend"
    assert found["logout_endpoint"] == f"{ISSUER}/logout"


def test_with_debug_off_email_goes_by_smtp():
    found = settings_with(
        DJANGO_DEBUG="false", DJANGO_SECRET_KEY="k3y-for-tests-only-9d1f0c2e7b5a4f8e8c6d"
    )

    assert found["mailer"]["BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert found["mailer"]["OPTIONS"]["host"] == "localhost"


def test_sso_needs_the_client_secret_as_well_as_the_endpoints():
    found = settings_with(OIDC_RP_CLIENT_ID=CLIENT_ID, **ENDPOINTS)

    assert found["OIDC_ENABLED"] is False


def test_an_over_long_username_is_refused_before_anyone_is_looked_up(db, client):
    # On PostgreSQL the failure log's username column holds 255 characters: this used to
    # reach it and fail with a 500.
    response = client.post(reverse("login"), {"username": "a" * 10_000, "password": "x"})
    assert response.status_code == 200
    assert "Enter a username of 150 characters or fewer" in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_a_colleague_s_first_single_sign_on_that_fails_part_way_leaves_no_account(monkeypatch):
    """The provider's callback is a GET, outside any transaction: the account and its
    names are written together or not at all."""

    def names_refused(self, user, claims):
        raise RuntimeError("the names could not be saved")

    monkeypatch.setattr(oidc.PortalOIDCBackend, "update_user", names_refused)
    claims = {"email": "new.colleague@nhs.net", "given_name": "New", "family_name": "Colleague"}

    with pytest.raises(RuntimeError):
        oidc.PortalOIDCBackend().create_user(claims)

    assert not get_user_model().objects.filter(email="new.colleague@nhs.net").exists()
