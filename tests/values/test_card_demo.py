"""`seed --demo` adds a few hundred labelled thank-you cards over every value."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from people.models import StaffProfile
from values.models import Behaviour, ThankYouCard, Value

pytestmark = pytest.mark.django_db


@pytest.mark.slow
def test_the_demo_adds_a_few_hundred_cards_over_every_value_once():
    call_command("seed", "--demo", stdout=io.StringIO())
    cards = ThankYouCard.objects.all()
    assert 200 <= cards.count() <= 500
    assert all(card.story.startswith("Demo:") for card in cards)
    assert not cards.exclude(sender__username__startswith="demo.").exists()
    mseft = Value.objects.filter(organisation__slug="mseft")
    assert set(cards.values_list("value", flat=True)) == set(mseft.values_list("pk", flat=True))
    recognised = Behaviour.objects.filter(value__organisation__slug="mseft", cards__isnull=False)
    assert recognised.distinct().count() == 24
    assert cards.on_wall().count() > cards.count() // 2
    assert cards.awaiting_moderation().exists()
    assert cards.filter(hidden_at__isnull=False).exists()
    months = cards.dates("sent_at", "month")
    assert len(months) >= 12
    assert StaffProfile.objects.exclude(line_manager=None).exists()
    assert (
        StaffProfile.objects.exclude(site=None).values("site").annotate(n=Count("pk")).count() == 3
    )
    # One profile a person, with both their site and their line manager.
    assert StaffProfile.objects.exclude(site=None).exclude(line_manager=None).exists()

    call_command("seed", "--demo", stdout=io.StringIO())
    assert ThankYouCard.objects.count() == cards.count()
