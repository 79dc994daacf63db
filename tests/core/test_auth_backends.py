"""The portal's model backend (core/auth_backends.py) grants what Django's ModelBackend
grants, reading a user's permissions in one query; and the sessions kept before it replaced
Django's are moved to it (core's migration 0006), so that nobody is signed out."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.models import AnonymousUser, Group, Permission
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.auth_backends import OneQueryModelBackend
from core.roles import IMPROVEMENT_LEADS, STRATEGY_EDITORS
from tests.factories import UserFactory
from tests.improvement.factories import ProjectFactory

pytestmark = pytest.mark.django_db

sessions_migration = importlib.import_module("core.migrations.0006_sessions_name_one_query_backend")


def permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def fresh(user):
    """The user as a request reads them: no permissions read yet."""
    return type(user).objects.get(pk=user.pk)


def people():
    """People with permissions of their own, through groups, both, neither; inactive; a
    superuser."""
    lead = UserFactory()
    lead.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    both = UserFactory()
    both.groups.add(
        Group.objects.get(name=IMPROVEMENT_LEADS), Group.objects.get(name=STRATEGY_EDITORS)
    )
    both.user_permissions.add(permission("values.view_thankyoucard"), permission("goals.view_site"))
    own = UserFactory()
    own.user_permissions.add(permission("goals.view_site"))
    inactive = UserFactory(is_active=False)
    inactive.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return [lead, both, own, UserFactory(), inactive, UserFactory(is_superuser=True)]


def test_it_grants_what_django_s_model_backend_grants():
    for person in people():
        expected = ModelBackend().get_all_permissions(fresh(person))
        found = OneQueryModelBackend().get_all_permissions(fresh(person))

        assert found == expected, person
        for label in ["improvement.manage_project", "values.view_thankyoucard", "goals.view_site"]:
            assert OneQueryModelBackend().has_perm(fresh(person), label) == (
                ModelBackend().has_perm(fresh(person), label)
            )
    assert OneQueryModelBackend().get_all_permissions(AnonymousUser()) == set()
    lead = fresh(people()[0])
    assert OneQueryModelBackend().get_all_permissions(lead, obj=lead) == set()


def test_a_user_s_permissions_are_one_query_read_once(lead_user):
    lead = fresh(lead_user)

    with CaptureQueriesContext(connection) as queries:
        assert lead.has_perm("improvement.manage_project")
        assert not lead.has_perm("goals.approve_progressupdate")

    assert len(queries) == 1


def test_a_lead_signed_in_uses_the_leads_pages(client, lead_user, staff_user):
    charter = reverse("improvement:project_charter", args=[ProjectFactory().pk])
    client.force_login(lead_user)

    assert client.session[BACKEND_SESSION_KEY] == "core.auth_backends.OneQueryModelBackend"
    assert client.get(charter).status_code == 200
    client.force_login(staff_user)
    assert client.get(charter).status_code == 403


def session_signed_in_by(user, backend, *, expires_in=datetime.timedelta(days=1)):
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = backend
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def backend_of(session_key):
    return SessionStore(session_key).load().get(BACKEND_SESSION_KEY)


def test_sessions_kept_before_the_change_are_moved_to_it_and_back(staff_user):
    django_s = "django.contrib.auth.backends.ModelBackend"
    portal_s = "core.auth_backends.OneQueryModelBackend"
    signed_in = session_signed_in_by(staff_user, django_s)
    by_sso = session_signed_in_by(staff_user, "strategy_portal.oidc.PortalOIDCBackend")
    expired = session_signed_in_by(staff_user, django_s, expires_in=-datetime.timedelta(days=1))

    sessions_migration.to_one_query_backend(apps, None)

    assert backend_of(signed_in) == portal_s
    assert backend_of(by_sso) == "strategy_portal.oidc.PortalOIDCBackend"
    # An expired session is not read again: it is left to clearsessions.
    assert Session.objects.get(pk=expired).get_decoded()[BACKEND_SESSION_KEY] == django_s

    sessions_migration.to_django_backend(apps, None)

    assert backend_of(signed_in) == django_s


def test_the_signed_in_user_is_read_as_django_s_model_backend_reads_them():
    def read(backend, pk):
        user = backend.get_user(pk)
        return user and (type(user), user.pk, user.username, user.is_superuser, user.date_joined)

    for person in people():
        assert read(OneQueryModelBackend(), str(person.pk)) == read(ModelBackend(), str(person.pk))
    # Someone deleted since they signed in (and an inactive person, in people()) is nobody.
    assert OneQueryModelBackend().get_user("999999") is None


def test_the_signed_in_user_is_one_query(staff_user):
    with CaptureQueriesContext(connection) as queries:
        OneQueryModelBackend().get_user(str(staff_user.pk))

    assert len(queries) == 1
