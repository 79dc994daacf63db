"""Pages keep their rendered fragments in the cache, and no write ever leaves one stale.

The fragments are keyed by the data version (strategy_portal/data_version.py), which every
write moves on: a save, a delete or a link changed anywhere, and any request that may write.
"""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from goals.models import Goal
from improvement.models import Idea
from improvement.roles import IMPROVEMENT_LEADS
from strategy_portal import data_version
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.improvement.factories import IdeaFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def reads(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    statements = [q["sql"] for q in queries]
    return [sql for sql in statements if not sql.upper().startswith(("SAVEPOINT", "RELEASE"))]


def signed_in(*, lead=False):
    user = UserFactory()
    if lead:
        user.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return logged_in(user)


def test_a_page_served_again_comes_from_the_cache(seeded, client):
    client.get("/")  # per-process caches (content types and the like) are not the point
    cache.clear()
    assert len(reads(client, "/")) > 5
    assert reads(client, "/") == []


def test_the_content_rendered_for_one_visitor_is_reused_for_the_next():
    ProjectFactory.create_batch(3)
    url = reverse("improvement:dashboard")
    first, second = signed_in(), signed_in()
    first.get(url)  # per-process caches
    cache.clear()
    rendered = reads(first, url)
    reused = reads(second, url)
    # The second visitor's page costs their session and their user, not the figures.
    assert len(reused) <= 3 < len(rendered)


def test_an_edit_in_the_admin_or_the_shell_shows_at_once(seeded, client):
    goal = Goal.objects.filter(strategy__organisation__slug="mseft").first()
    assert goal.title in client.get("/").content.decode()
    goal.title = "A goal changed a moment ago"
    goal.save()
    assert "A goal changed a moment ago" in client.get("/").content.decode()


def test_a_deleted_record_leaves_the_page_at_once(seeded, client):
    goal = Goal.objects.filter(strategy__organisation__slug="mseft").first()
    client.get("/")
    goal.delete()
    assert goal.title not in client.get("/").content.decode()


def test_a_new_idea_shows_in_the_list_a_lead_has_already_seen():
    lead = signed_in(lead=True)
    url = reverse("improvement:ideas")
    lead.get(url)
    IdeaFactory(title="Submitted after the list was cached")
    assert "Submitted after the list was cached" in lead.get(url).content.decode()


def test_a_request_that_may_write_moves_the_version_on_whatever_it_wrote():
    # Services may write with bulk updates, which send no signals: the request itself counts.
    before = data_version.current()
    signed_in().post(reverse("logout"))
    assert data_version.current() != before


def test_reading_a_page_leaves_the_version_alone():
    client = signed_in(lead=True)
    client.get(reverse("improvement:ideas"))
    before = data_version.current()
    client.get(reverse("improvement:ideas"))
    client.head(reverse("improvement:ideas"))
    assert data_version.current() == before


def test_a_version_lost_by_the_cache_starts_again_above_every_earlier_one():
    earlier = data_version.current()
    data_version.move_on()
    cache.delete(data_version.VERSION_KEY)
    assert data_version.current() > earlier + 1


def test_a_leads_page_is_not_served_to_staff():
    project = ProjectFactory()
    url = reverse("improvement:project", args=[project.pk])
    assert "Edit the charter" in signed_in(lead=True).get(url).content.decode()
    assert "Edit the charter" not in signed_in().get(url).content.decode()


def test_each_filter_and_page_of_a_list_is_cached_apart():
    IdeaFactory(title="Only in the first", status=Idea.Status.SUBMITTED)
    IdeaFactory(title="Only in the second", status=Idea.Status.DECLINED, decline_reason="No.")
    client = signed_in()
    url = reverse("improvement:ideas")
    submitted = client.get(url, {"status": "submitted"}).content.decode()
    declined = client.get(url, {"status": "declined"}).content.decode()
    assert "Only in the first" in submitted and "Only in the second" not in submitted
    assert "Only in the second" in declined and "Only in the first" not in declined


def test_a_search_is_cached_by_its_words(seeded, client):
    listen = client.get("/search/", {"q": "listen"}).content.decode()
    digital = client.get("/search/", {"q": "digital"}).content.decode()
    assert "I take time to listen" in listen and "I take time to listen" not in digital
    assert "I take time to listen" in client.get("/search/", {"q": "listen"}).content.decode()


def served_from_cache(client, url):
    """Whether the page came without rendering: the only reads are of the visitor's session
    (in the database here; with Redis, REDIS_URL, it comes from the cache)."""
    return all('FROM "django_session"' in sql for sql in reads(client, url))


def visited_twice(client, url):
    client.get(url)  # gives the browser its CSRF cookie: a page setting a cookie is not kept
    client.get(url)


def test_the_same_visitor_is_served_their_page_again_reading_only_their_session():
    client = signed_in(lead=True)
    url = reverse("improvement:ideas")
    client.get(url)
    assert not served_from_cache(client, url)
    assert served_from_cache(client, url)


def test_another_visitor_never_gets_the_first_visitors_page():
    first = UserFactory(first_name="Priya", last_name="First")
    second = UserFactory(first_name="Sam", last_name="Second")
    pages = []
    for user in (first, second):
        client = logged_in(user)
        visited_twice(client, reverse("improvement:ideas"))
        pages.append(client.get(reverse("improvement:ideas")).content.decode())
    assert "Priya First" in pages[0] and "Sam Second" not in pages[0]
    assert "Sam Second" in pages[1] and "Priya First" not in pages[1]


def test_a_signed_out_session_is_not_served_its_stored_page():
    client = signed_in(lead=True)
    url = reverse("improvement:dashboard")
    visited_twice(client, url)
    old_session = client.cookies["sessionid"].value
    client.post(reverse("logout"))
    stranger = Client()
    stranger.cookies["sessionid"] = old_session
    assert stranger.get(url).status_code == 302


def test_a_visitor_with_a_message_waiting_gets_a_fresh_page():
    client = signed_in(lead=True)
    url = reverse("improvement:ideas")
    visited_twice(client, url)
    client.cookies["messages"] = "a message waiting to be shown"
    assert not served_from_cache(client, url)


def test_a_form_whose_hidden_values_differ_each_time_is_never_stored():
    client = signed_in()
    url = reverse("improvement:idea_create")
    tokens = [client.get(url).context["form"].initial["submission_token"] for _ in range(2)]
    assert tokens[0] != tokens[1]


def test_a_stored_page_keeps_its_security_headers(seeded, client):
    visited_twice(client, "/")
    served_again = client.get("/")
    assert "Content-Security-Policy" in served_again.headers
    assert served_again.headers["X-Frame-Options"] == "DENY"
