from django.utils.functional import SimpleLazyObject

from core.links import page_url
from notifications.selectors import unread_count

CARD_PAGES = [
    f"values:{name}"
    for name in [
        "card_send",
        "cards_received",
        "cards_sent",
        "card_moderation",
        "card_approve",
        "card_hide",
    ]
]

# (text, URL name, the URL namespaces and names whose pages count as inside this section,
# whether only signed-in staff see it)
NAVIGATION = [
    ("Home", "goals:home", {"goals:home"}, False),
    ("Strategies", "goals:strategies", {"goals"}, False),
    ("Values", "values:index", {"values:index", "values:value", "values:behaviour"}, False),
    ("Thank-you cards", "values:cards_received", set(CARD_PAGES), True),
    ("Improvement", "improvement:dashboard", {"improvement", "training"}, True),
]


def navigation(request):
    match = getattr(request, "resolver_match", None)
    here = {match.view_name, match.namespace} if match else set()
    # An error page for a request refused before the middleware ran has no user on it.
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    items = []
    for text, url_name, sections, needs_sign_in in NAVIGATION:
        if needs_sign_in and not signed_in:
            continue
        # The home page is in the goals namespace too, but only Home is current there.
        current = bool(here & sections) and (url_name == "goals:home") == ("goals:home" in here)
        items.append({"text": text, "url": page_url(url_name), "current": current})
    return {"navigation_items": items}


def unread_notifications(request):
    """How many of the signed-in person's notifications are unread, for the header: counted
    only when a page shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
