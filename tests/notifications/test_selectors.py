"""A person's unread count (notifications.selectors.unread_count, one query of fixed text)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications import services
from notifications.models import Kind, Notification
from notifications.selectors import unread_count
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_the_unread_count_is_of_one_s_own_notifications_not_yet_read():
    anna, ben = UserFactory(), UserFactory()
    for title in ["One", "Two", "Three"]:
        services.notify([anna, ben], kind=Kind.CARD, title=title, url="/", email=False)
    Notification.objects.filter(recipient=anna, title="One").update(read_at=timezone.now())

    with CaptureQueriesContext(connection) as queries:
        assert unread_count(anna) == 2
    assert len(queries) == 1
    assert unread_count(ben) == 3
    assert unread_count(UserFactory()) == 0
