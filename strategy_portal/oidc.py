"""Single sign-on through OpenID Connect (mozilla-django-oidc), e.g. Microsoft Entra ID for
NHSmail.

It is on when settings.OIDC_ENABLED is (the client id and secret, and the provider's
discovery document or endpoints, are set). Off, its URLs answer 404 and the login page
offers local sign-in only. A colleague signing in for the first time gets an account named
after their email address; after that their account is found by that address, and their
name and address are kept up to date from the provider's claims.

Logging out of the portal after signing in this way also ends the colleague's session at
the provider, when it has an end-session endpoint (RP-initiated logout): otherwise the next
"Sign in with NHSmail" on a shared ward computer would sign the last colleague in again.

No page but signing in and out depends on reaching the provider: its endpoints, which may
come from its discovery document, are read only then. A provider that cannot be reached
sends the colleague back to the login page, which says so, and a logout that cannot reach
it still ends the portal's session.
"""

import functools
import logging
from urllib.parse import urlencode

import requests
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, resolve_url
from django.urls import path
from django.utils.decorators import method_decorator
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from mozilla_django_oidc.auth import OIDCAuthenticationBackend
from mozilla_django_oidc.utils import import_from_settings
from mozilla_django_oidc.views import (
    OIDCAuthenticationCallbackView,
    OIDCAuthenticationRequestView,
    OIDCLogoutView,
)

# Settings the provider's discovery document fills in when they are not set.
DISCOVERED = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": "authorization_endpoint",
    "OIDC_OP_TOKEN_ENDPOINT": "token_endpoint",
    "OIDC_OP_USER_ENDPOINT": "userinfo_endpoint",
    "OIDC_OP_JWKS_ENDPOINT": "jwks_uri",
    "OIDC_OP_LOGOUT_ENDPOINT": "end_session_endpoint",
}

# Where a sign-in the provider could not serve lands: the login page, which says so.
SIGN_IN_UNAVAILABLE_URL = "/login/?sso=unavailable"

logger = logging.getLogger(__name__)


@functools.cache
def discovery_document(url):
    """The provider's /.well-known/openid-configuration, fetched once per process (a failed
    fetch raises requests' exception, and is tried again the next time)."""
    response = requests.get(url, timeout=import_from_settings("OIDC_TIMEOUT", 10))
    response.raise_for_status()
    return response.json()


def oidc_setting(name, *default):
    """A mozilla-django-oidc setting; an endpoint left unset comes from discovery."""
    value = getattr(settings, name, None)
    if value is None and name in DISCOVERED and getattr(settings, "OIDC_OP_DISCOVERY", None):
        value = discovery_document(settings.OIDC_OP_DISCOVERY).get(DISCOVERED[name])
    if value is None:
        return import_from_settings(name, *default)
    return value


def email_from(claims):
    """The colleague's email address: Entra ID gives `email`, or the UPN as
    `preferred_username` (an NHSmail address)."""
    for claim in ("email", "preferred_username"):
        value = (claims.get(claim) or "").strip()
        if "@" in value:
            return value.lower()
    return ""


def discovered(name):
    """An endpoint of the backend's, read when it is used rather than when the backend is
    built."""
    return property(lambda self: oidc_setting(name, None))


class PortalOIDCBackend(OIDCAuthenticationBackend):
    """Finds or creates the portal account of a colleague the provider signed in."""

    get_settings = staticmethod(oidc_setting)
    OIDC_OP_TOKEN_ENDPOINT = discovered("OIDC_OP_TOKEN_ENDPOINT")
    OIDC_OP_USER_ENDPOINT = discovered("OIDC_OP_USER_ENDPOINT")
    OIDC_OP_JWKS_ENDPOINT = discovered("OIDC_OP_JWKS_ENDPOINT")

    def __init__(self, *args, **kwargs):
        # Django builds every backend each time it finds the signed-in user or checks a
        # permission, on nearly every request; the base class reads the endpoints here,
        # fetching the discovery document, so a provider out of reach failed every page.
        # Only the settings are read here; the endpoints when signing in.
        self.OIDC_RP_CLIENT_ID = oidc_setting("OIDC_RP_CLIENT_ID")
        self.OIDC_RP_CLIENT_SECRET = oidc_setting("OIDC_RP_CLIENT_SECRET")
        self.OIDC_RP_SIGN_ALGO = oidc_setting("OIDC_RP_SIGN_ALGO", "HS256")
        self.OIDC_RP_IDP_SIGN_KEY = oidc_setting("OIDC_RP_IDP_SIGN_KEY", None)
        self.UserModel = get_user_model()

    def get_userinfo(self, access_token, id_token, payload):
        # The ID token carries preferred_username; Entra ID's userinfo endpoint does not.
        return {**payload, **super().get_userinfo(access_token, id_token, payload)}

    def verify_claims(self, claims):
        return bool(email_from(claims))

    def filter_users_by_claims(self, claims):
        email = email_from(claims)
        if not email:
            return self.UserModel.objects.none()
        return self.UserModel.objects.filter(email__iexact=email)

    # The provider's callback is a GET, which runs outside a transaction: the account and
    # its names are written together or not at all.
    @transaction.atomic
    def create_user(self, claims):
        email = email_from(claims)
        username = email
        if self.UserModel.objects.filter(username__iexact=username).exists():
            # A local account already has that name: keep it apart.
            username = self.get_username({**claims, "email": email})
        user = self.UserModel.objects.create_user(username, email=email)
        return self.update_user(user, claims)

    def update_user(self, user, claims):
        names = {
            "email": email_from(claims),
            "first_name": (claims.get("given_name") or "").strip()[:150],
            "last_name": (claims.get("family_name") or "").strip()[:150],
        }
        changed = [
            field for field, value in names.items() if value and getattr(user, field) != value
        ]
        for field in changed:
            setattr(user, field, names[field])
        if changed:
            user.save(update_fields=changed)
        return user


class PortalAuthenticationRequestView(OIDCAuthenticationRequestView):
    get_settings = staticmethod(oidc_setting)


class PortalCallbackView(OIDCAuthenticationCallbackView):
    get_settings = staticmethod(oidc_setting)


PROVIDER_SESSION_KEPT = (
    "You have logged out of the portal, but NHSmail could not be reached to sign you out "
    "of it too: close every browser window to end your NHSmail session."
)


def provider_logout_url(request):
    """Where logging out leads (settings.OIDC_OP_LOGOUT_URL_METHOD, called before the
    portal's session ends): the provider's end-session endpoint, which sends the colleague
    back to the portal, when they signed in through the provider and it has one; else the
    portal's page after logout."""
    after_logout = resolve_url(settings.LOGOUT_REDIRECT_URL)
    id_token = request.session.get("oidc_id_token")
    if not (settings.OIDC_ENABLED and id_token):
        return after_logout
    try:
        endpoint = oidc_setting("OIDC_OP_LOGOUT_ENDPOINT", None)
    except requests.RequestException as error:
        # The portal's session ends all the same; the colleague is told to end the other.
        logger.warning("The single sign-on provider's end-session endpoint is unknown: %s", error)
        messages.warning(request, PROVIDER_SESSION_KEPT)
        return after_logout
    if not endpoint:
        return after_logout
    query = urlencode(
        {
            "id_token_hint": id_token,
            "client_id": oidc_setting("OIDC_RP_CLIENT_ID"),
            "post_logout_redirect_uri": request.build_absolute_uri(after_logout),
        }
    )
    return f"{endpoint}{'&' if '?' in endpoint else '?'}{query}"


@method_decorator([csrf_protect, never_cache], name="dispatch")
class PortalLogoutView(OIDCLogoutView):
    """The portal's logout, whether or not single sign-on is on: POST only, as Django's."""

    get_settings = staticmethod(oidc_setting)


def when_enabled(view_class):
    """The view, answering 404 while single sign-on is not configured, and sending the
    colleague back to the login page, which says why, when the provider cannot be reached
    or answers with an error."""
    view = view_class.as_view()

    @functools.wraps(view)
    def enabled_view(request, *args, **kwargs):
        if not getattr(settings, "OIDC_ENABLED", False):
            raise Http404("Single sign-on is not configured.")
        try:
            return view(request, *args, **kwargs)
        except requests.HTTPError as error:
            logger.warning("The single sign-on provider answered with an error: %s", error)
            return redirect(settings.LOGIN_REDIRECT_URL_FAILURE)
        except requests.RequestException as error:
            logger.warning("The single sign-on provider cannot be reached: %s", error)
            return redirect(SIGN_IN_UNAVAILABLE_URL)

    return enabled_view


urlpatterns = [
    path(
        "authenticate/",
        when_enabled(PortalAuthenticationRequestView),
        name="oidc_authentication_init",
    ),
    path("callback/", when_enabled(PortalCallbackView), name="oidc_authentication_callback"),
]
