"""Display logic for thank-you cards: names as staff know them, and a card's status."""


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
