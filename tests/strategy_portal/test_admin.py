"""The portal's admin site (strategy_portal/admin.py): its "Log out" is the portal's, so it
ends the single sign-on provider's session too (the fake provider of tests/oidc_provider.py)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client, override_settings
from django.urls import reverse

from tests.conftest import STRATEGY_EDITORS
from tests.factories import UserFactory
from tests.html import parse
from tests.oidc_provider import END_SESSION, NHSMAIL_CLAIMS, end_session_query, sign_in_with_sso

pytestmark = pytest.mark.django_db


def admin_client():
    """A browser's client: a POST without the page's CSRF token is refused."""
    return Client(enforce_csrf_checks=True)


def log_out_form(client):
    page = client.get(reverse("admin:index"))
    assert page.status_code == 200
    form = parse(page).find("form", id="logout-form")
    assert form is not None, "the admin page has no Log out"
    token = form.find("input", name="csrfmiddlewaretoken").attrs["value"]
    return form.attrs["action"], {"csrfmiddlewaretoken": token}


def press_log_out(client):
    action, data = log_out_form(client)
    return client.post(action, data)


def signed_in(client):
    return "_auth_user_id" in client.session


@pytest.fixture
def nhsmail_editor(db):
    """A strategy editor whose portal account has their NHSmail address."""
    editor = UserFactory(username="ada", email="ada.lovelace@nhs.net", is_staff=True)
    editor.groups.add(Group.objects.get(name=STRATEGY_EDITORS))
    return editor


def test_the_admins_log_out_ends_the_providers_session_after_single_sign_on(
    provider, nhsmail_editor
):
    client = admin_client()
    with override_settings(OIDC_OP_LOGOUT_ENDPOINT=END_SESSION):
        sign_in_with_sso(client, provider, NHSMAIL_CLAIMS)
        assert signed_in(client)

        response = press_log_out(client)

    assert response.status_code == 302
    assert end_session_query(response["Location"])["id_token_hint"] == provider.id_tokens[-1]
    assert not signed_in(client)
    assert client.get(reverse("admin:index"))["Location"].startswith(reverse("admin:login"))


def test_the_admins_log_out_after_a_password_login_stays_in_the_portal(editor_user):
    client = admin_client()
    client.force_login(editor_user)

    response = press_log_out(client)

    assert response["Location"] == reverse("goals:home")
    assert not signed_in(client)


def test_the_admins_log_out_keeps_its_csrf_check_and_is_post_only(editor_user):
    client = admin_client()
    client.force_login(editor_user)
    action, _ = log_out_form(client)

    assert client.post(action).status_code == 403
    assert client.get(action).status_code == 405
    assert signed_in(client)
