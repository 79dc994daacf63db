"""Behind the README's TLS proxy, failed logins lock a username out for the client's
address, not the proxy's, and only the trusted proxy is believed about that address."""

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from strategy_portal.client_address import client_ip

pytestmark = pytest.mark.django_db

PROXY = "10.0.0.1"
PASSWORD = "correct horse battery staple"


def log_in(password, *, remote=PROXY, forwarded_for=None):
    headers = {"REMOTE_ADDR": remote}
    if forwarded_for:
        headers["HTTP_X_FORWARDED_FOR"] = forwarded_for
    return Client().post(reverse("login"), {"username": "staff", "password": password}, **headers)


def fail_until_locked(**addresses):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        log_in("wrong password", **addresses)


@pytest.fixture
def behind_the_proxy(settings):
    settings.TRUSTED_PROXIES = [PROXY]


def test_behind_the_proxy_one_clients_failures_do_not_lock_out_another(
    behind_the_proxy, staff_user
):
    fail_until_locked(forwarded_for="203.0.113.5")

    assert log_in(PASSWORD, forwarded_for="203.0.113.5").status_code == 429
    assert log_in(PASSWORD, forwarded_for="203.0.113.9").status_code == 302


def test_a_client_cannot_dodge_its_lockout_by_sending_its_own_forwarded_for(
    behind_the_proxy, staff_user
):
    fail_until_locked(forwarded_for="203.0.113.5")

    # The proxy appends the address it saw; what the client wrote before it is not believed.
    assert log_in(PASSWORD, forwarded_for="198.51.100.7, 203.0.113.5").status_code == 429


def test_without_a_trusted_proxy_forwarded_for_is_ignored(staff_user):
    fail_until_locked(remote="192.0.2.10", forwarded_for="203.0.113.5")

    assert log_in(PASSWORD, remote="192.0.2.10", forwarded_for="203.0.113.9").status_code == 429


@pytest.mark.parametrize(
    ("remote", "forwarded_for", "address"),
    [
        (PROXY, "203.0.113.5", "203.0.113.5"),
        (PROXY, "198.51.100.7, 203.0.113.5", "203.0.113.5"),
        (PROXY, "203.0.113.5, 10.0.0.1", "203.0.113.5"),
        (PROXY, "", PROXY),
        ("192.0.2.10", "203.0.113.5", "192.0.2.10"),
    ],
)
def test_the_client_address(rf, behind_the_proxy, remote, forwarded_for, address):
    request = rf.get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded_for)

    assert client_ip(request) == address
