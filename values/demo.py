"""Synthetic thank-you cards for demonstrations and benchmarks.

A few hundred cards a unit of scale, between the "demo." people of the improvement demo,
spread over every value and behaviour of the home trust and the last two years: most on
their value's wall, some private, a few waiting for a check and a few hidden. Their stories
begin "Demo:". The demo people get line managers among the demo leads.
"""

import datetime
import random

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from core.dates import start_of
from core.history import record_versions
from core.models import SeededDocument
from people.models import StaffProfile

from .models import ThankYouCard, Value

DEMO_KEY = "values/demo"
CARDS = 300
DAYS = 730
MANAGERS = 6
STORIES = [
    "Demo: you stayed late to settle a confused patient and made sure the night team knew.",
    "Demo: you listened to a worried relative for as long as they needed.",
    "Demo: you covered my shift at no notice and still asked how I was.",
    "Demo: you spotted the handover problem and fixed it with the whole team.",
    "Demo: you welcomed our new starter and showed them round the ward.",
    "Demo: you spoke up in the huddle when something did not look right.",
]


def load_demo(*, scale, log):
    """Add the demo cards once; return False if they are there or there is nobody to send
    them (the improvement demo makes the people)."""
    if SeededDocument.objects.filter(key=DEMO_KEY).exists():
        log("Demo thank-you cards already loaded, left as they are")
        return False
    people = list(get_user_model().objects.filter(username__startswith="demo.").order_by("pk"))
    home_values = Value.objects.filter(organisation__slug=settings.PORTAL_HOME_ORGANISATION)
    values = list(home_values.prefetch_related("behaviours"))
    if len(people) <= MANAGERS or not values:
        log("No demo people or values: no demo thank-you cards")
        return False
    with transaction.atomic():
        build(rng=random.Random(2024), scale=scale, people=people, values=values, log=log)
        SeededDocument.objects.create(key=DEMO_KEY)
    return True


def build(*, rng, scale, people, values, log):
    managers, staff = people[:MANAGERS], people[MANAGERS:]
    # One profile a person: improvement's demo has made one, with a site, for the people
    # it made first.
    StaffProfile.objects.bulk_create(
        [
            StaffProfile(user=person, line_manager=managers[number % MANAGERS])
            for number, person in enumerate(staff)
        ],
        update_conflicts=True,
        unique_fields=["user"],
        update_fields=["line_manager", "updated_at"],
    )
    # Their history: a first entry for the profiles made here, a change for those given a
    # line manager.
    profiles = list(StaffProfile.objects.filter(user__in=staff).order_by("pk"))
    with_history = set(StaffProfile.history.filter(user__in=staff).values_list("id", flat=True))
    record_versions(StaffProfile, [p for p in profiles if p.pk not in with_history])
    record_versions(StaffProfile, [p for p in profiles if p.pk in with_history], changed=True)
    # The start of today, so that the same day gives the same cards.
    now = start_of(timezone.localdate())
    moderator = managers[0]
    cards = []
    for number in range(CARDS * scale):
        sender, recipient = rng.sample(people, 2)
        value = values[number % len(values)]
        behaviours = list(value.behaviours.all())
        behaviour = behaviours[number % len(behaviours)] if behaviours and number % 5 else None
        sent_at = now - datetime.timedelta(days=rng.randrange(DAYS), minutes=rng.randrange(600))
        card = ThankYouCard(
            sender=sender,
            recipient=recipient,
            value=value,
            behaviour=behaviour,
            story=rng.choice(STORIES),
            publish_consent=number % 10 != 0,
            sent_at=sent_at,
        )
        kind = number % 25
        if card.publish_consent and kind not in (1, 2):
            card.approved_at, card.approved_by = sent_at + datetime.timedelta(days=1), moderator
        if kind == 2:
            card.hidden_at, card.hidden_by = sent_at + datetime.timedelta(days=1), moderator
            card.hidden_reason = "Demo: it named a patient."
        cards.append(card)
    ThankYouCard.objects.bulk_create(cards, batch_size=2000)
    # Written in bulk, the cards got no history: their first entries, as the demo made them.
    record_versions(ThankYouCard, cards)
    log(f"Demo thank-you cards: {len(cards)}")
