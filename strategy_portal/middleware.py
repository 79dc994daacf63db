"""The site's own middleware: a request id for the logs, no signed-in page kept by a
browser or a proxy, the Content Security Policy, the portal's error pages with debug on too,
and each view that may write in one transaction."""

import uuid

from csp.utils import build_policy
from django.conf import settings
from django.core import signals
from django.core.exceptions import (
    BadRequest,
    MiddlewareNotUsed,
    PermissionDenied,
    SuspiciousOperation,
)
from django.core.handlers.exception import get_exception_response
from django.db import DEFAULT_DB_ALIAS, transaction
from django.http import Http404
from django.urls import Resolver404, get_resolver, get_urlconf
from django.utils.cache import patch_cache_control
from django.utils.log import log_response

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
    shared computer or proxy keeps a copy (Cache-Control: private, no-store).

    Any request carrying a session cookie is answered so, whether or not its session still
    names someone, and so is any response setting one (signing in): asking the session who
    is signed in would read the session and the user from the database for every response,
    even those that never show who it is."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = settings.SESSION_COOKIE_NAME
        if session in request.COOKIES or session in response.cookies:
            patch_cache_control(response, private=True, no_store=True)
        return response


class ContentSecurityPolicyMiddleware:
    """Sends settings.CONTENT_SECURITY_POLICY (django-csp's format, built by its builder) with
    every response.

    The portal's policy names no nonce and no view changes it, so it is built once, when the
    worker starts: django-csp's own middleware built it twice for every response (the policy
    and the report-only one) and gave each request a lazy nonce, a third of the middleware
    stack's own cost in the profile."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.policy = build_policy()

    def __call__(self, request):
        response = self.get_response(request)
        # Django's technical 404 and 500 pages, shown with debug on, style themselves inline.
        if settings.DEBUG and response.status_code in (404, 500):
            return response
        response.headers.setdefault("Content-Security-Policy", self.policy)
        return response


class PortalErrorPagesMiddleware:
    """With debug on, the portal's NHS error pages (404, 400, 500 and the 503 of a database out
    of reach) instead of Django's technical ones, so a developer sees what a colleague would;
    SHOW_DJANGO_ERROR_PAGES (DJANGO_DEBUG_ERROR_PAGES) brings Django's back. With debug off
    Django shows the portal's pages itself, and this middleware is not used.

    Errors are logged, and the got_request_exception signal sent, as Django would."""

    def __init__(self, get_response):
        if not settings.DEBUG or settings.SHOW_DJANGO_ERROR_PAGES:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        # No view was found for the address: Django answered with its technical 404.
        if response.status_code == 404 and request.resolver_match is None:
            return self.error_page(request, 404, Resolver404())
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return self.error_page(request, 404, exception)
        if isinstance(exception, PermissionDenied):
            return None  # Django shows the portal's 403 page with debug on too
        if isinstance(exception, (BadRequest, SuspiciousOperation)):
            response = self.error_page(request, 400, exception)
            log_response("%s: %s", str(exception), request.path, response=response, request=request)
            return response
        signals.got_request_exception.send(sender=None, request=request)
        # Django calls this while the exception is handled, so the page can tell a database
        # out of reach (503) from any other failure (strategy_portal/errors.py).
        response = get_resolver(get_urlconf()).resolve_error_handler(500)(request)
        log_response(
            "%s: %s",
            response.reason_phrase,
            request.path,
            response=response,
            request=request,
            exception=exception,
        )
        return response

    def error_page(self, request, status, exception):
        return get_exception_response(request, get_resolver(get_urlconf()), status, exception)


# The methods that never change anything (RFC 9110's safe methods): their views read alone.
READ_ONLY_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})


class AtomicWritesMiddleware:
    """Runs each view that may write (a POST, PUT, PATCH or DELETE) in one transaction, rolled
    back if the view raises, as Django's ATOMIC_REQUESTS would, unless the view is marked
    @transaction.non_atomic_requests. Views that only read run outside one.

    ATOMIC_REQUESTS wraps every view, reads too: each page then paid a BEGIN and a COMMIT
    to the database, and a view that reads nothing still asked the database whether its
    connection was alive (CONN_HEALTH_CHECKS), which set the middleware stack's own cost.
    The services that write take their own transactions and locks, so a read needs none.

    It calls the view itself, so it comes after every middleware with a process_view (CSRF's
    among them): theirs run first; none after it would run."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view, args, kwargs):
        if request.method in READ_ONLY_METHODS:
            return None
        if DEFAULT_DB_ALIAS in getattr(view, "_non_atomic_requests", ()):
            return None
        with transaction.atomic():
            return view(request, *args, **kwargs)
