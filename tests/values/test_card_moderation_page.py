"""The moderation queue's cards and forms, written by values.markup.moderation_html: the
markup its template loop wrote, card by card, oldest first, a page at a time."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import ThankYouCardFactory
from values.models import ThankYouCard

pytestmark = pytest.mark.django_db

HOSTILE = '<script>alert("card")</script>\nSecond line & <b>bold</b>'


def moderation_page(world, page=None):
    url = reverse("values:card_moderation") + (f"?page={page}" if page else "")
    response = world.clients["editor"].get(url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_waiting_card_is_shown_with_its_form_as_the_template_wrote_them(cards_world):
    sent_at = timezone.now().replace(microsecond=0) - timedelta(days=2)
    card = ThankYouCardFactory(
        sender=cards_world.sender,
        recipient=cards_world.recipient,
        value=cards_world.value,
        behaviour=cards_world.listen,
        story=HOSTILE,
        publish_consent=True,
        sent_at=sent_at,
    )
    page = moderation_page(cards_world)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    local = timezone.localtime(sent_at)
    expected = (
        '    \n    <div class="portal-moderation-card">\n      \n'
        f'<div class="nhsuk-card portal-thank-you-card" id="card-{card.pk}">\n'
        '  <div class="nhsuk-card__content">\n'
        '    <h2 class="nhsuk-card__heading nhsuk-heading-s">\n'
        "      Sana Sender thanked Rhys Recipient\n"
        "    </h2>\n"
        '    <p class="nhsuk-body-s nhsuk-u-secondary-text-colour">'
        'For <a href="/values/trust/kind/">Kind</a>: '
        f'<a href="/values/trust/kind/behaviours/{cards_world.listen.pk}/">'
        "I take time to listen</a>"
        f' · <time datetime="{local.isoformat()}">{local.day} {local:%B %Y}</time></p>\n'
        '    <p class="nhsuk-card__description portal-card-story">'
        "&lt;script&gt;alert(&quot;card&quot;)&lt;/script&gt;<br>Second line &amp; "
        "&lt;b&gt;bold&lt;/b&gt;</p>\n"
        "  </div>\n"
        "</div>\n\n"
        "      \n"
        '      <form class="nhsuk-button-group" method="post" '
        f'action="/values/cards/{card.pk}/approve/" novalidate>\n'
        f'        <input type="hidden" name="csrfmiddlewaretoken" value="{token}">\n'
        '        <button class="nhsuk-button" data-module="nhsuk-button" type="submit">'
        "Put on the wall"
        f'<span class="nhsuk-u-visually-hidden">: card {card.pk}</span></button>\n'
        '        <a class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" '
        f'href="/values/cards/{card.pk}/hide/">Hide'
        f'<span class="nhsuk-u-visually-hidden"> card {card.pk}</span></a>\n'
        "      </form>\n"
        "    </div>\n"
        "    \n"
        "    \n"
    )
    assert expected in page
    assert "No cards are waiting for a check." not in page


def test_only_waiting_cards_are_shown_oldest_first_a_page_at_a_time(cards_world):
    now = timezone.now()
    waiting = [
        ThankYouCardFactory(value=cards_world.value, publish_consent=True, sent_at=sent_at)
        for sent_at in [now - timedelta(hours=hours) for hours in range(26, 0, -1)]
    ]
    private = ThankYouCardFactory(value=cards_world.value, sent_at=now - timedelta(days=9))
    approved = ThankYouCardFactory(
        value=cards_world.value, approved=True, sent_at=now - timedelta(days=9)
    )
    first = moderation_page(cards_world)
    shown = [int(pk) for pk in re.findall(r'id="card-(\d+)"', first)]
    assert shown == [card.pk for card in waiting[:25]]
    assert "Page 2 of 2" in first
    assert first.count('action="/values/cards/') == 25
    second = moderation_page(cards_world, page=2)
    assert [int(pk) for pk in re.findall(r'id="card-(\d+)"', second)] == [waiting[25].pk]
    for card in [private, approved]:
        assert card.story not in first + second


def test_an_empty_queue_says_so(cards_world):
    ThankYouCardFactory(value=cards_world.value, approved=True)
    assert not ThankYouCard.objects.awaiting_moderation().exists()
    page = moderation_page(cards_world)
    assert '    \n    <p class="nhsuk-body">No cards are waiting for a check.</p>\n    \n' in page
    assert "portal-moderation-card" not in page
