"""The values pages' repeated markup: thank-you cards (presenters.ShownCard) and a value's
list of behaviours. Written in Python rather than by templates included once a card, or
looping over behaviours: each value the template engine wrote cost a dozen function calls
(resolving, localizing, escaping), and a wall of 12 cards cost about a third of the value
and behaviour pages' calls. The markup is the templates' it replaced, byte for byte. Every
text is escaped; dates are written as the template's `date` filter wrote them, in the
current time zone (its "c" is the ISO format)."""

from html import escape

from django.template.defaultfilters import linebreaksbr
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime


def heading(card, show):
    """Whose names the card gives: "from" (the recipient's own list), "to" (the sender's)
    or both."""
    if show == "from":
        return f"From {escape(card.sender)}"
    if show == "to":
        return f"To {escape(card.recipient)}"
    return f"{escape(card.sender)} thanked {escape(card.recipient)}"


def card_html(card, *, show="both", level=3):
    """One card (presenters.ShownCard), headed at `level` and naming whom `show` says."""
    behaviour = (
        f': <a href="{escape(card.behaviour_url)}">{escape(card.behaviour_statement)}</a>'
        if card.behaviour_url
        else ""
    )
    sent_at = localtime(card.sent_at)
    return mark_safe(
        f'\n<div class="nhsuk-card portal-thank-you-card" id="card-{card.pk}">\n'
        '  <div class="nhsuk-card__content">\n'
        f'    <h{level} class="nhsuk-card__heading nhsuk-heading-s">\n'
        f"      {heading(card, show)}\n"
        f"    </h{level}>\n"
        '    <p class="nhsuk-body-s nhsuk-u-secondary-text-colour">'
        f'For <a href="{escape(card.value_url)}">{escape(card.value_name)}</a>{behaviour} · '
        f'<time datetime="{sent_at.isoformat()}">{date_format(sent_at, "j F Y")}</time></p>\n'
        '    <p class="nhsuk-card__description portal-card-story">'
        f"{linebreaksbr(card.story, autoescape=True)}</p>\n"
        "  </div>\n"
        "</div>\n"
    )


def wall_html(cards):
    """A wall's cards, each on its own lines as the wall's template lays them out."""
    return mark_safe("".join(f"\n  {card_html(card)}\n  " for card in cards))


def moderation_html(cards, *, csrf_input, approve_url, hide_url):
    """The moderation queue's cards, each with its form: put it on the wall, or hide it.
    The form is the button group, so both buttons are its direct children and line up.
    `csrf_input` is the form's token field, the same for every form of the page;
    `approve_url` and `hide_url` give a card's addresses from its key."""
    return mark_safe(
        "".join(
            '\n    <div class="portal-moderation-card">\n'
            f"      {card_html(card, level=2)}\n"
            "      \n"
            '      <form class="nhsuk-button-group" method="post" '
            f'action="{approve_url(card.pk)}" novalidate>\n'
            f"        {csrf_input}\n"
            '        <button class="nhsuk-button" data-module="nhsuk-button" type="submit">'
            "Put on the wall"
            f'<span class="nhsuk-u-visually-hidden">: card {card.pk}</span></button>\n'
            '        <a class="nhsuk-button nhsuk-button--secondary" data-module="nhsuk-button" '
            f'href="{hide_url(card.pk)}">Hide'
            f'<span class="nhsuk-u-visually-hidden"> card {card.pk}</span></a>\n'
            "      </form>\n"
            "    </div>\n"
            "    "
            for card in cards
        )
    )


TICK = (
    '<svg class="nhsuk-icon nhsuk-icon--tick" xmlns="http://www.w3.org/2000/svg" '
    'viewBox="0 0 24 24" width="16" height="16" focusable="false" aria-hidden="true">'
    '<path d="M11.4 18.8a2 2 0 0 1-2.7.1h-.1L4 14.1a1.5 1.5 0 0 1 2.1-2L10 16l8.1-8.1a1.5 '
    '1.5 0 1 1 2.2 2l-8.9 9Z"/></svg>'
)


def recognition(behaviour):
    """How often a behaviour (presenters.RecognisedBehaviour) was recognised, linking to
    its page."""
    times = "time" if behaviour.recognised == 1 else "times"
    return (
        '\n    <span class="nhsuk-body-s portal-no-print">'
        f'<a href="{escape(behaviour.page_url)}">Recognised {behaviour.recognised} {times}</a>'
        "</span>"
    )


def behaviour_items(behaviours, *, recognised):
    """A value's behaviours as a list's items, each `recognised` or not."""
    return mark_safe(
        "".join(
            f'\n  <li id="behaviour-{behaviour.pk}">\n    {TICK}\n    '
            f"{escape(behaviour.statement)}{recognition(behaviour) if recognised else ''}"
            "\n  </li>\n  "
            for behaviour in behaviours
        )
    )
