from django import template
from django.template.defaulttags import CsrfTokenNode
from django.utils.html import format_html

from core.links import url_with_key
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
def shown_card(card, show="both", level=3):
    """A card read as a row (presenters.ShownCard), as thank_you_card shows a model."""
    return markup.card_html(card, show=show, level=level)


@register.simple_tag
def wall_cards(cards):
    """A wall's ShownCards (presenters.wall)."""
    return markup.wall_html(cards)


@register.simple_tag
def behaviour_items(behaviours, recognised=False):
    """A value's behaviours as list items; `recognised`, each says how often it was
    recognised (presenters.RecognisedBehaviour)."""
    return markup.behaviour_items(behaviours, recognised=bool(recognised))


@register.simple_tag(takes_context=True)
def moderation_cards(context, cards):
    """The moderation queue's ShownCards (presenters.shown_cards), each with its form. The
    forms' token field is written once for all of them, as {% csrf_token %} writes it."""
    return markup.moderation_html(
        cards,
        csrf_input=CsrfTokenNode().render(context),
        approve_url=url_with_key("values:card_approve"),
        hide_url=url_with_key("values:card_hide"),
    )
