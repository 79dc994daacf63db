"""Pages of a list: the one asked for, and a count the caller knows already left uncounted."""

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from core.pagination import PAGE_SIZE, paginate
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_a_page_given_its_lists_length_reads_only_its_items():
    UserFactory.create_batch(PAGE_SIZE + 3)
    users = get_user_model().objects.order_by("pk")
    request = RequestFactory().get("/?page=2")

    with CaptureQueriesContext(connection) as context:
        page = paginate(request, users, count=PAGE_SIZE + 3)
        items = list(page)

    assert (page.number, page.paginator.num_pages, len(items)) == (2, 2, 3)
    assert len(context) == 1
    assert "COUNT" not in context.captured_queries[0]["sql"].upper()


def test_without_its_length_a_page_counts_the_list():
    UserFactory.create_batch(3)
    request = RequestFactory().get("/")

    page = paginate(request, get_user_model().objects.order_by("pk"))

    assert page.paginator.count == 3
