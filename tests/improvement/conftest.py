"""Improvement leads and members of staff, each with their own logged-in client."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from improvement.roles import IMPROVEMENT_LEADS
from tests.conftest import logged_in
from tests.factories import ObjectiveFactory, UserFactory
from tests.improvement.factories import SiteFactory


@pytest.fixture
def lead_user(db):
    user = UserFactory(username="lead", first_name="Lena", last_name="Lead")
    user.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return user


@pytest.fixture
def lead_client(lead_user):
    return logged_in(lead_user)


@pytest.fixture
def other_staff_user(db):
    return UserFactory(username="other.staff", first_name="Olu", last_name="Other")


@pytest.fixture
def other_staff_client(other_staff_user):
    return logged_in(other_staff_user)


@pytest.fixture
def anonymous_client(db):
    return Client()


@pytest.fixture
def site(db):
    return SiteFactory(name="Basildon University Hospital", short_name="Basildon")


@pytest.fixture
def objective(db):
    return ObjectiveFactory(statement="We will reduce falls.")
