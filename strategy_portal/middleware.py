"""The site's own middleware: a request id for the logs, and no signed-in page kept by a
browser or a proxy."""

import uuid

from django.utils.cache import patch_cache_control

from .log_format import REQUEST_ID


class RequestIdMiddleware:
    """Names each request with an id that every log line written while serving it carries
    (strategy_portal/log_format.py), and that the response gives in X-Request-ID, so a
    person reporting a fault can quote it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.id = uuid.uuid4().hex
        token = REQUEST_ID.set(request.id)
        try:
            response = self.get_response(request)
        finally:
            REQUEST_ID.reset(token)
        response["X-Request-ID"] = request.id
        return response


class PrivatePagesMiddleware:
    """A page or export served to someone signed in is theirs alone: no browser history,
    shared computer or proxy keeps a copy (Cache-Control: private, no-store)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, private=True, no_store=True)
        return response
