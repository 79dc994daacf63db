"""A fake OpenID Connect provider for the single sign-on tests: its token, userinfo, JWKS and
discovery answers are made in process (no network), and it can be made unreachable."""

import base64
import hashlib
import json
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
import requests
from cryptography.hazmat.primitives.asymmetric import rsa
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from strategy_portal import oidc

ISSUER = "https://login.fake-entra.example/tenant/v2.0"
DISCOVERY = f"{ISSUER}/.well-known/openid-configuration"
CLIENT_ID = "portal-client-id"
CLIENT_SECRET = "portal-client-secret"
ENDPOINTS = {
    "OIDC_OP_AUTHORIZATION_ENDPOINT": f"{ISSUER}/authorize",
    "OIDC_OP_TOKEN_ENDPOINT": f"{ISSUER}/token",
    "OIDC_OP_USER_ENDPOINT": f"{ISSUER}/userinfo",
    "OIDC_OP_JWKS_ENDPOINT": f"{ISSUER}/keys",
}
SSO_SETTINGS = {
    "OIDC_ENABLED": True,
    "OIDC_RP_CLIENT_ID": CLIENT_ID,
    "OIDC_RP_CLIENT_SECRET": CLIENT_SECRET,
    "OIDC_RP_SIGN_ALGO": "RS256",
    "AUTHENTICATION_BACKENDS": [
        "axes.backends.AxesStandaloneBackend",
        "core.auth_backends.OneQueryModelBackend",
        "strategy_portal.oidc.PortalOIDCBackend",
    ],
}


def fake_response(url, payload, status=200):
    response = requests.Response()
    response.status_code = status
    response.url = url
    response.headers["content-type"] = "application/json"
    response._content = json.dumps(payload).encode()
    return response


class FakeProvider:
    """An OpenID Connect provider in process: it hands out one authorisation code, checks
    what the portal sends back for it, and signs ID tokens with its own RSA key."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes = {}
        self.calls = []
        self.id_tokens = []
        # Set to publish an end-session endpoint in the discovery document.
        self.end_session_endpoint = None
        # Cleared to answer every request as a provider out of reach does.
        self.reachable = True

    def check_reachable(self, url):
        if not self.reachable:
            raise requests.ConnectionError(f"Failed to establish a new connection to {url}")

    def jwks(self):
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": "fake-key", "alg": "RS256", "use": "sig"}]}

    def authorise(self, authorize_url, claims, nonce=None):
        """What the provider does when the colleague signs in: remember the request and
        return the code for the portal's callback."""
        query = {key: values[0] for key, values in parse_qs(urlsplit(authorize_url).query).items()}
        code = f"code-{len(self.codes) + 1}"
        self.codes[code] = {"request": query, "claims": claims, "nonce": nonce or query["nonce"]}
        return code, query["state"]

    def post(self, url, data=None, **kwargs):
        self.calls.append(("POST", url))
        self.check_reachable(url)
        assert url == ENDPOINTS["OIDC_OP_TOKEN_ENDPOINT"]
        grant = self.codes.pop(data["code"], None)
        if grant is None or data["client_secret"] != CLIENT_SECRET:
            return fake_response(url, {"error": "invalid_grant"}, status=400)
        request = grant["request"]
        assert data["client_id"] == CLIENT_ID
        assert data["redirect_uri"] == request["redirect_uri"]
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(data["code_verifier"].encode()).digest()
        ).rstrip(b"=")
        assert challenge.decode() == request["code_challenge"]
        now = int(timezone.now().timestamp())
        id_token = jwt.encode(
            {
                "iss": ISSUER,
                "aud": CLIENT_ID,
                "iat": now,
                "exp": now + 600,
                "nonce": grant["nonce"],
                **grant["claims"],
            },
            self.key,
            algorithm="RS256",
            headers={"kid": "fake-key"},
        )
        self.id_tokens.append(id_token)
        self.userinfo = {
            key: value for key, value in grant["claims"].items() if key != "preferred_username"
        }
        return fake_response(url, {"id_token": id_token, "access_token": "access-token-1"})

    def get(self, url, headers=None, **kwargs):
        self.calls.append(("GET", url))
        self.check_reachable(url)
        if url == ENDPOINTS["OIDC_OP_JWKS_ENDPOINT"]:
            return fake_response(url, self.jwks())
        if url == ENDPOINTS["OIDC_OP_USER_ENDPOINT"]:
            assert headers["Authorization"] == "Bearer access-token-1"
            return fake_response(url, self.userinfo)
        if url == DISCOVERY:
            document = {
                "issuer": ISSUER,
                "authorization_endpoint": ENDPOINTS["OIDC_OP_AUTHORIZATION_ENDPOINT"],
                "token_endpoint": ENDPOINTS["OIDC_OP_TOKEN_ENDPOINT"],
                "userinfo_endpoint": ENDPOINTS["OIDC_OP_USER_ENDPOINT"],
                "jwks_uri": ENDPOINTS["OIDC_OP_JWKS_ENDPOINT"],
            }
            if self.end_session_endpoint:
                document["end_session_endpoint"] = self.end_session_endpoint
            return fake_response(url, document)
        raise AssertionError(f"unexpected request to {url}")


@pytest.fixture
def provider(monkeypatch):
    fake = FakeProvider()
    # mozilla-django-oidc and the discovery helper call requests.post and requests.get.
    monkeypatch.setattr(requests, "post", fake.post)
    monkeypatch.setattr(requests, "get", fake.get)
    oidc.discovery_document.cache_clear()
    with override_settings(**SSO_SETTINGS, **ENDPOINTS):
        yield fake
    oidc.discovery_document.cache_clear()


NHSMAIL_CLAIMS = {
    "sub": "entra-subject-1",
    "preferred_username": "Ada.Lovelace@nhs.net",
    "given_name": "Ada",
    "family_name": "Lovelace",
}


def sign_in_with_sso(client, provider, claims, next_url=None):
    start = client.get(reverse("oidc_authentication_init"), {"next": next_url} if next_url else {})
    assert start.status_code == 302
    assert start["Location"].startswith(ENDPOINTS["OIDC_OP_AUTHORIZATION_ENDPOINT"] + "?")
    code, state = provider.authorise(start["Location"], claims)
    return client.get(reverse("oidc_authentication_callback"), {"code": code, "state": state})


END_SESSION = f"{ISSUER}/logout"


def end_session_query(location):
    assert location.startswith(END_SESSION + "?"), location
    return {key: values[0] for key, values in parse_qs(urlsplit(location).query).items()}
