"""Pages keep the expensive part of what they show in the cache, under a key naming the
generations of the data it shows (core/caching.py): a write shows at once, on the pages that
show what it changed, and only those are rendered again."""

import pickle

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import IMPROVEMENT_LEADS
from goals.models import Goal
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.improvement.factories import IdeaFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def reads(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    return [query["sql"] for query in queries]


def signed_in(*, lead=False):
    user = UserFactory()
    if lead:
        user.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    return logged_in(user)


def test_a_page_served_again_takes_its_figures_from_the_cache(seeded, client):
    IdeaFactory.create_batch(3)
    client.get("/")  # per-process caches (content types and the like) are not the point
    cache.clear()
    rendered = reads(client, "/")
    again = reads(client, "/")
    # The page's own records (its organisation) and the generations of what it shows.
    assert len(again) <= 3 < len(rendered)


def test_the_figures_rendered_for_one_visitor_are_reused_for_the_next():
    ProjectFactory.create_batch(3)
    url = reverse("improvement:dashboard")
    first, second = signed_in(), signed_in()
    first.get(url)
    cache.clear()
    rendered = reads(first, url)
    reused = reads(second, url)
    assert len(reused) < len(rendered) - 5


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


def test_a_new_idea_shows_in_the_list_and_the_figures_at_once():
    lead = signed_in(lead=True)
    lead.get(reverse("improvement:ideas"))
    lead.get(reverse("improvement:dashboard"))
    IdeaFactory(title="Submitted after the list was cached")
    assert "Submitted after the list was cached" in lead.get(reverse("improvement:ideas")).text
    received = lead.get(reverse("improvement:dashboard")).text
    assert 'data-figure="ideas-received">1<' in received


def test_a_write_leaves_what_it_did_not_change_in_the_cache(seeded, client):
    url = "/values/mseft/compassionate/"
    idea = IdeaFactory()
    client.get(url)
    cache.clear()
    rendered = reads(client, url)
    idea.title = "Ideas are not on a value's page"
    idea.save()
    assert len(reads(client, url)) < len(rendered)


def test_parameters_a_page_does_not_read_make_no_new_entry(seeded):
    IdeaFactory.create_batch(2)
    lead = signed_in(lead=True)
    for url in (reverse("improvement:ideas"), reverse("improvement:dashboard"), "/"):
        lead.get(url)
        entries = len(cache._cache)
        for number in range(20):
            assert lead.get(f"{url}?utm_source={number}&x{number}=y").status_code == 200
        assert len(cache._cache) == entries, url


def test_searches_far_pages_and_filters_with_errors_are_not_kept():
    IdeaFactory.create_batch(2)
    lead = signed_in(lead=True)
    url = reverse("improvement:ideas")
    lead.get(url)
    entries = len(cache._cache)
    for query in ["q=falls", "q=discharge", "page=999", "page=abc", "site=nonsense"]:
        assert lead.get(f"{url}?{query}").status_code == 200
    assert (
        lead.get(
            reverse("improvement:dashboard")
            + "?date_from_day=31&date_from_month=2&date_from_year=2024"
        ).status_code
        == 200
    )
    assert len(cache._cache) == entries


def test_a_deactivated_or_signed_out_user_is_never_served_a_kept_page():
    user = UserFactory()
    client = logged_in(user)
    url = reverse("improvement:dashboard")
    assert client.get(url).status_code == 200
    user.is_active = False
    user.save()
    assert client.get(url).status_code == 302
    other = UserFactory()
    client = logged_in(other)
    assert client.get(url).status_code == 200
    client.post(reverse("logout"))
    assert client.get(url).status_code == 302


def test_a_role_sees_only_what_its_role_may_see_on_a_kept_page():
    project = ProjectFactory()
    url = project.get_absolute_url()
    charter = reverse("improvement:project_charter", args=[project.pk])
    lead = signed_in(lead=True)
    assert charter in lead.get(url).text
    staff = signed_in()
    assert charter not in staff.get(url).text


def test_no_kept_fragment_holds_a_csrf_token_or_a_name_of_the_visitor(seeded):
    project = ProjectFactory()
    IdeaFactory.create_batch(2)
    user = UserFactory(first_name="Zebedee", last_name="Quartermaine")
    user.groups.add(Group.objects.get(name=IMPROVEMENT_LEADS))
    client = logged_in(user)
    for url in [
        "/",
        "/strategies/mseft/",
        "/values/",
        "/values/mseft/compassionate/",
        reverse("improvement:dashboard"),
        reverse("improvement:ideas"),
        reverse("improvement:projects"),
        project.get_absolute_url(),
    ]:
        assert client.get(url).status_code == 200
    # The local-memory cache keeps each value pickled under its full key.
    kept = [pickle.loads(value) for key, value in cache._cache.items() if ":fragment:" in key]
    assert len(kept) >= 8
    for fragment in kept:
        assert "csrfmiddlewaretoken" not in fragment
        assert "Quartermaine" not in fragment
