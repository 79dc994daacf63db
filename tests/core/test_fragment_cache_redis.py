"""The fragment cache on a real Redis, shared as several instances would share it: writes
show at once, unread parameters make no entry, nobody signed out is served anything."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from core.roles import IMPROVEMENT_LEADS
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.improvement.factories import IdeaFactory
from tests.redis_server import needs_redis_server

pytestmark = [pytest.mark.django_db, needs_redis_server]


@pytest.fixture
def lead():
    user = UserFactory()
    user.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return user


def test_a_flood_of_unread_parameters_adds_nothing_to_redis(redis_cache, lead):
    IdeaFactory.create_batch(2)
    client = logged_in(lead)
    for url in (reverse("improvement:ideas"), reverse("improvement:dashboard")):
        client.get(url)
    keys = len(redis_cache.keys())
    assert keys > 0
    for number in range(40):
        client.get(f"{reverse('improvement:ideas')}?utm_campaign={number}")
        client.get(f"{reverse('improvement:dashboard')}?ref={number}&x={number}")
        client.get(f"{reverse('improvement:ideas')}?q=word{number}")
    assert len(redis_cache.keys()) == keys


def test_a_write_shows_at_once_through_redis(redis_cache, lead):
    client = logged_in(lead)
    url = reverse("improvement:ideas")
    client.get(url)
    IdeaFactory(title="Written after the list was kept in Redis")
    assert "Written after the list was kept in Redis" in client.get(url).text


def test_nobody_signed_out_or_deactivated_is_served_a_kept_page(redis_cache, lead):
    url = reverse("improvement:dashboard")
    client = logged_in(lead)
    assert client.get(url).status_code == 200
    client.post(reverse("logout"))
    assert client.get(url).status_code == 302
    client = logged_in(lead)
    assert client.get(url).status_code == 200
    lead.is_active = False
    lead.save()
    assert client.get(url).status_code == 302
