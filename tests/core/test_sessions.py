"""Sessions are Django's database sessions, read by one query of fixed text
(core.sessions): what a session holds comes back, an expired or unknown one holds nothing."""

import datetime

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.sessions import SessionStore

pytestmark = pytest.mark.django_db


def saved_session(expires_in=datetime.timedelta(days=1)):
    store = SessionStore()
    store["seen"] = "the charter"
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_the_portal_keeps_its_sessions_with_this_store():
    assert settings.SESSION_ENGINE == "core.sessions"


def test_a_session_is_read_back_in_one_query():
    key = saved_session()

    with CaptureQueriesContext(connection) as queries:
        store = SessionStore(key)
        assert store["seen"] == "the charter"

    assert len(queries) == 1
    assert store.session_key == key


@pytest.mark.parametrize(
    "key", [lambda: saved_session(-datetime.timedelta(seconds=1)), lambda: "no-such-session-key"]
)
def test_an_expired_or_unknown_session_holds_nothing_and_is_not_kept(key):
    store = SessionStore(key())

    assert store.load() == {}
    assert store.session_key is None
