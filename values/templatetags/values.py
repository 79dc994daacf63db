from django import template
from django.utils.html import format_html

from values import markup
from values.presenters import ShownCard, card_status

register = template.Library()


@register.filter
def card_status_tag(card):
    label, tag_class = card_status(card)
    return format_html('<strong class="nhsuk-tag {}">{}</strong>', tag_class, label)


@register.simple_tag
def thank_you_card(card, show="both", level=3):
    """A card read as a model. `show` says whose names to give: "both", "from" (the
    recipient's own list) or "to" (the sender's)."""
    return markup.card_html(ShownCard.of(card), show=show, level=level)


@register.simple_tag
def wall_cards(cards):
    """A wall's ShownCards (presenters.wall)."""
    return markup.wall_html(cards)


@register.simple_tag
def behaviour_items(behaviours, recognised=False):
    """A value's behaviours as list items; `recognised`, each says how often it was
    recognised (presenters.RecognisedBehaviour)."""
    return markup.behaviour_items(behaviours, recognised=bool(recognised))
