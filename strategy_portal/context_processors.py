from django.urls import reverse

# (text, URL name, the URL namespaces and names whose pages count as inside this section)
NAVIGATION = [
    ("Home", "goals:home", {"goals:home"}),
    ("Strategies", "goals:strategies", {"goals"}),
    ("Values", "values:index", {"values"}),
]


def navigation(request):
    match = getattr(request, "resolver_match", None)
    here = {match.view_name, match.namespace} if match else set()
    items = []
    for text, url_name, sections in NAVIGATION:
        current = bool(here & sections) and (url_name == "goals:home") == ("goals:home" in here)
        items.append({"text": text, "url": reverse(url_name), "current": current})
    return {"navigation_items": items}
