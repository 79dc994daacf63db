"""Display logic for the values pages and thank-you cards."""

from functools import cached_property

from core import caching

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


class ValuePage:
    """A value's page: its behaviours with how often each was recognised and, for staff who
    are signed in, its wall of cards; each read when the page shows it."""

    def __init__(self, value, *, signed_in, wall_size):
        self.value = value
        self.signed_in = signed_in
        self.wall_size = wall_size

    @cached_property
    def behaviours(self):
        return selectors.behaviours_recognised(self.value)

    @cached_property
    def wall(self):
        # Cards name staff and tell their stories: only colleagues who log in read them.
        return selectors.wall(value=self.value, limit=self.wall_size) if self.signed_in else []

    @property
    def fragment_key(self):
        # The caption names the organisation, which is strategy's.
        return caching.fragment_key(
            "value", ["values", "strategy", "cards", "people"], self.value.pk, self.signed_in
        )
