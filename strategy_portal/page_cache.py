"""Whole pages kept for the visitor who asked for them, until the next write.

A page marked with @cached_for_visitor is stored after it is rendered, under the data version
(see data_version.py), the address, and the visitor: their session and CSRF cookie, because
the page holds their name, their role's links and a CSRF token for their forms. The same
visitor asking again before any write is served the stored response without the view, the
template or the authentication lookup running again. Anything else is never stored: pages
that set a cookie, carry a flash message, or hold a form whose hidden values must differ
each time (such pages are simply not marked).
"""

import hashlib

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.cache import cache
from django.urls import Resolver404, resolve

from . import data_version

# A visitor's pending flash messages live in this cookie, or in the session when too long.
MESSAGES_COOKIE = "messages"
MESSAGES_SESSION_KEY = "_messages"
LARGEST_STORED_PAGE = 1_000_000


def cached_for_visitor(view):
    """Marks a read-only view whose page may be served again to the same visitor."""
    view.cached_for_visitor = True
    return view


class PageCacheMiddleware:
    """Serves a marked page from the cache; place it after the session middleware."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        key = self.key(request)
        if key is None:
            return self.get_response(request)
        stored = cache.get(key)
        if stored is not None:
            return stored
        response = self.get_response(request)
        if self.storable(request, response):
            cache.set(key, response, settings.FRAGMENT_CACHE_SECONDS)
        return response

    def key(self, request):
        if request.method != "GET" or MESSAGES_COOKIE in request.COOKIES:
            return None
        try:
            view = resolve(request.path_info).func
        except Resolver404:
            return None
        if not getattr(view, "cached_for_visitor", False):
            return None
        session = request.session
        if session.get(MESSAGES_SESSION_KEY):
            return None
        visitor = "|".join(
            [
                str(session.get(SESSION_KEY, "")),
                session.session_key or "",
                request.COOKIES.get(settings.CSRF_COOKIE_NAME, ""),
                "gzip" if "gzip" in request.headers.get("Accept-Encoding", "") else "",
            ]
        )
        address = request.get_full_path()
        digest = hashlib.sha256(f"{visitor}|{address}".encode()).hexdigest()
        return f"page:{data_version.current()}:{digest}"

    @staticmethod
    def storable(request, response):
        # Django sends the CSRF cookie again with every page holding a form; sent unchanged,
        # it is the visitor's own and part of the key. Any other cookie is never stored.
        csrf_cookie = settings.CSRF_COOKIE_NAME
        new_cookies = {
            name: morsel.value
            for name, morsel in response.cookies.items()
            if not (name == csrf_cookie and morsel.value == request.COOKIES.get(csrf_cookie))
        }
        return (
            response.status_code == 200
            and not response.streaming
            and not new_cookies
            and len(response.content) <= LARGEST_STORED_PAGE
        )
