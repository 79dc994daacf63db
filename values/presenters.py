"""Display logic for the values pages and thank-you cards."""

from dataclasses import dataclass
from datetime import datetime
from functools import cache, cached_property

from django.urls import reverse

from core import caching
from core.presenters import name_from_columns, person_name

from . import selectors


def card_status(card):
    """(label, NHS tag class) saying where a sent card is: hidden, on the wall, waiting for
    an editor's check, or private to its recipient."""
    if card.hidden_at is not None:
        return "Hidden", "nhsuk-tag--red"
    if not card.publish_consent:
        return "Private", "nhsuk-tag--grey"
    if card.approved_at is not None:
        return "On the wall", "nhsuk-tag--green"
    return "Waiting for a check", "nhsuk-tag--yellow"


@dataclass(frozen=True)
class ShownCard:
    """A thank-you card as a page shows it (card_markup.card_html): who thanked whom, for
    which value and behaviour, when, and the story."""

    pk: int
    sender: str
    recipient: str
    value_name: str
    value_url: str
    behaviour_statement: str
    behaviour_url: str  # blank if the card names no behaviour
    sent_at: datetime
    story: str

    @classmethod
    def of(cls, card):
        """A card read as a model, with its people, value and behaviour."""
        behaviour = card.behaviour
        return cls(
            pk=card.pk,
            sender=person_name(card.sender),
            recipient=person_name(card.recipient),
            value_name=card.value.name,
            value_url=card.value.get_absolute_url(),
            behaviour_statement=behaviour.statement if behaviour else "",
            behaviour_url=behaviour.get_page_url() if behaviour else "",
            sent_at=card.sent_at,
            story=card.story,
        )


def shown_wall(rows):
    """A wall's cards (selectors.wall's rows) as ShownCards. Each value's and behaviour's
    address is reversed once for the wall: its cards share a few of them."""
    value_url = cache(
        lambda organisation, slug: reverse(
            "values:value", kwargs={"organisation": organisation, "slug": slug}
        )
    )
    behaviour_url = cache(
        lambda organisation, slug, pk: reverse(
            "values:behaviour", kwargs={"organisation": organisation, "slug": slug, "pk": pk}
        )
    )
    return [
        ShownCard(
            pk=row["pk"],
            sender=name_from_columns(
                row["sender__first_name"], row["sender__last_name"], row["sender__username"]
            ),
            recipient=name_from_columns(
                row["recipient__first_name"],
                row["recipient__last_name"],
                row["recipient__username"],
            ),
            value_name=row["value__name"],
            value_url=value_url(row["value__organisation__slug"], row["value__slug"]),
            behaviour_statement=row["behaviour__statement"] or "",
            behaviour_url=(
                behaviour_url(
                    row["behaviour__value__organisation__slug"],
                    row["behaviour__value__slug"],
                    row["behaviour"],
                )
                if row["behaviour"] is not None
                else ""
            ),
            sent_at=row["sent_at"],
            story=row["story"],
        )
        for row in rows
    ]


def shown_cards(rows):
    """Card rows read as SHOWN_CARD_COLUMNS (a page of the moderation queue or of a list of
    cards received or sent) as ShownCards."""
    return shown_wall(selectors.with_values(rows))


@dataclass(frozen=True)
class SentCard:
    """A card in its sender's list: the card as shown, and where it is (card_status reads
    its consent, approval and hiding)."""

    card: ShownCard
    publish_consent: bool
    approved_at: datetime | None
    hidden_at: datetime | None
    hidden_reason: str


def sent_cards(rows):
    """Card rows read as SENT_CARD_COLUMNS (a page of a sender's list) as SentCards."""
    rows = list(rows)
    return [
        SentCard(
            card=shown,
            publish_consent=row["publish_consent"],
            approved_at=row["approved_at"],
            hidden_at=row["hidden_at"],
            hidden_reason=row["hidden_reason"],
        )
        for shown, row in zip(shown_cards(rows), rows, strict=True)
    ]


def wall(*, value=None, behaviour=None, limit):
    """The newest cards on a value's or a behaviour's wall, as ShownCards."""
    return shown_wall(selectors.wall(value=value, behaviour=behaviour, limit=limit))


@dataclass(frozen=True)
class RecognisedBehaviour:
    """One of a value's behaviours on the value's page: how often it was recognised, and
    its own page."""

    pk: int
    statement: str
    recognised: int
    page_url: str


def recognised_behaviours(value):
    return [
        RecognisedBehaviour(
            pk=row["pk"],
            statement=row["statement"],
            recognised=row["recognised"],
            page_url=reverse(
                "values:behaviour",
                kwargs={
                    "organisation": value.organisation.slug,
                    "slug": value.slug,
                    "pk": row["pk"],
                },
            ),
        )
        for row in selectors.behaviours_recognised(value)
    ]


class ValuePage:
    """A value's page: its behaviours with how often each was recognised and, for staff who
    are signed in, its wall of cards; each read when the page shows it."""

    def __init__(self, value, *, signed_in, wall_size):
        self.value = value
        self.signed_in = signed_in
        self.wall_size = wall_size

    @cached_property
    def behaviours(self):
        return recognised_behaviours(self.value)

    @cached_property
    def wall(self):
        # Cards name staff and tell their stories: only colleagues who log in read them.
        return wall(value=self.value, limit=self.wall_size) if self.signed_in else []

    @property
    def fragment_key(self):
        # The caption names the organisation, which is strategy's.
        return caching.fragment_key(
            "value", ["values", "strategy", "cards", "people"], self.value.pk, self.signed_in
        )
