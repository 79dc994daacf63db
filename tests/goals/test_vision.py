"""MSEFT's strategy says it has "one vision" but does not state it (decision 3): its page and
the home page say so rather than stay silent, and offer strategy editors, only them, the
admin's page to add it."""

import pytest
from django.urls import reverse

from goals.models import Strategy
from tests.conftest import logged_in
from tests.factories import UserFactory
from tests.html import links, text

pytestmark = pytest.mark.django_db

NO_VISION = "Our vision The published strategy does not state its vision in words."


def mseft():
    return Strategy.objects.get(organisation__slug="mseft")


def add_vision_link(page, strategy):
    return (
        reverse("admin:goals_strategy_change", args=[strategy.pk]),
        f"Add the vision in the admin for {strategy.title}",
    ) in links(page)


@pytest.mark.parametrize("path", ["/", "/strategies/mseft/"])
def test_the_pages_say_the_published_strategy_states_no_vision(seeded, client, path):
    page = client.get(path).content.decode()

    assert mseft().vision == ""
    assert NO_VISION in text(page)
    assert "Our organisational strategy is made up of one vision" in text(page)
    assert not add_vision_link(page, mseft())


@pytest.mark.parametrize("path", ["/", "/strategies/mseft/"])
def test_strategy_editors_are_offered_the_admin_to_add_it(seeded, editor_client, path):
    page = editor_client.get(path).content.decode()

    assert NO_VISION in text(page)
    assert add_vision_link(page, mseft())


@pytest.mark.parametrize("path", ["/", "/strategies/mseft/"])
def test_other_staff_are_not_offered_the_admin(seeded, editor_client, path):
    # The editor's page is cached first: the staff member's must not be that one.
    editor_client.get(path)

    page = logged_in(UserFactory(username="colleague")).get(path).content.decode()

    assert NO_VISION in text(page)
    assert not add_vision_link(page, mseft())


def test_a_vision_entered_replaces_the_sentence(seeded, editor_client):
    strategy = mseft()
    strategy.vision = "Excellent care for everyone in mid and south Essex."
    strategy.save()

    page = editor_client.get("/").content.decode()

    assert "Our vision Excellent care for everyone in mid and south Essex." in text(page)
    assert "does not state its vision" not in page
    assert not add_vision_link(page, strategy)
