"""The URLs of pages named without arguments, reversed once a process.

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
