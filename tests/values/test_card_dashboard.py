"""The improvement dashboard counts thank-you cards by month, value, behaviour and site."""

import datetime

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from people.models import StaffProfile
from tests.factories import BehaviourFactory, SiteFactory, ThankYouCardFactory, UserFactory
from tests.html import figure, parse

pytestmark = pytest.mark.django_db


def test_the_dashboard_counts_cards_not_hidden_by_value_behaviour_and_site(cards_world):
    site = SiteFactory(short_name="Basildon")
    StaffProfile.objects.update_or_create(user=cards_world.recipient, defaults={"site": site})
    month_ago = timezone.now() - datetime.timedelta(days=40)
    ThankYouCardFactory(
        recipient=cards_world.recipient, value=cards_world.value, behaviour=cards_world.listen
    )
    ThankYouCardFactory(
        recipient=cards_world.recipient,
        value=cards_world.value,
        behaviour=cards_world.listen,
        sent_at=month_ago,
    )
    ThankYouCardFactory(value=cards_world.other_value)
    ThankYouCardFactory(
        value=cards_world.value,
        behaviour=cards_world.listen,
        hidden_at=timezone.now(),
        hidden_by=cards_world.editor,
        hidden_reason="Spam.",
    )
    response = cards_world.clients["staff"].get(reverse("improvement:dashboard"))
    assert figure(response, "thank-you-cards") == 3
    section = parse(response).find("section", aria_labelledby="thank-you-cards")
    assert "Thank-you cards by value" in section.text
    row_headers = list(section.find_all("th", scope="row"))
    # A row's header starts with its column's name, shown on small screens only.
    assert any(header.text.endswith("Kind (TRUST)") for header in row_headers)
    assert "I take time to listen" in [link.text for th in row_headers for link in th.find_all("a")]
    assert any(header.text.endswith("Basildon") for header in row_headers)
    assert any(header.text.endswith("Site not recorded") for header in row_headers)
    # The text alternative: cards per month.
    assert "3 thank-you cards from" in section.text


def test_the_card_counts_read_the_database_a_fixed_number_of_times(cards_world):
    client = cards_world.clients["staff"]
    url = reverse("improvement:dashboard")

    def queries():
        client.get(url)
        cache.clear()  # count the rendering, not the cached page
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    # One of everything the section looks up, so that every query it can make is made.
    StaffProfile.objects.update_or_create(
        user=cards_world.recipient, defaults={"site": SiteFactory()}
    )
    ThankYouCardFactory(
        recipient=cards_world.recipient, value=cards_world.value, behaviour=cards_world.listen
    )
    small = queries()
    for number in range(15):
        recipient = UserFactory()
        StaffProfile.objects.create(user=recipient, site=SiteFactory())
        ThankYouCardFactory(
            recipient=recipient,
            value=cards_world.value,
            behaviour=BehaviourFactory(value=cards_world.value),
            sent_at=timezone.now() - datetime.timedelta(days=31 * number),
        )
    assert queries() == small
