"""The URLs of pages named without arguments, and of pages taking a record's key, reversed
once a process.

Every page's layout links a dozen such pages (the header's home, search, notifications and
account links, the footer's, the navigation's sections, the breadcrumbs' first crumbs), and
reverse() works each out afresh: about 90 function calls a URL, 1,300 a page. A name's URL
without arguments depends only on the URL conf and the prefix the portal is served under
(SCRIPT_NAME), which the key holds; the portal has no URLs by language.
"""

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

REVERSED = {}


def page_url(name):
    """reverse(name) for a URL name that takes no arguments."""
    key = (name, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    url = REVERSED.get(key)
    if url is None:
        url = REVERSED[key] = reverse(name)
    return url


# A key no record has, reversed in its place and replaced by each record's.
PLACEHOLDER_KEY = "987654321987654321"
SPLIT_AROUND_KEY = {}


def url_with_key(viewname, key="pk"):
    """A function giving the URL of a view that takes a primary key (its URL's argument
    named `key`), for any key. Django's reverse() works a URL out afresh each time, about a
    hundred function calls, which a page linking each of its rows pays for every row: this
    reverses it once a process, for a key no record has, and puts each key in its place."""
    cache_key = (viewname, key, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    around = SPLIT_AROUND_KEY.get(cache_key)
    if around is None:
        url = reverse(viewname, kwargs={key: int(PLACEHOLDER_KEY)})
        around = SPLIT_AROUND_KEY[cache_key] = tuple(url.split(PLACEHOLDER_KEY))
    before, after = around
    return lambda pk: f"{before}{pk}{after}"


SPLIT_AROUND_KEYS = {}


def url_with_keys(viewname, *names):
    """As url_with_key, for a view whose URL takes several arguments, each a number or a
    slug (never text that reverse() would quote): a function of those arguments by name."""
    cache_key = (viewname, names, get_urlconf() or settings.ROOT_URLCONF, get_script_prefix())
    pattern = SPLIT_AROUND_KEYS.get(cache_key)
    if pattern is None:
        placeholders = {name: f"{PLACEHOLDER_KEY}{index}" for index, name in enumerate(names)}
        pattern = reverse(viewname, kwargs=placeholders).replace("{", "{{").replace("}", "}}")
        for name, placeholder in placeholders.items():
            pattern = pattern.replace(placeholder, f"{{{name}}}")
        SPLIT_AROUND_KEYS[cache_key] = pattern
    return lambda **arguments: pattern.format_map(arguments)
