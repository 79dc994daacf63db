from django.http import HttpResponse
from django.urls import path

from strategy_portal.urls import handler500  # noqa: F401  (the portal's error page)
from strategy_portal.urls import urlpatterns as portal_urlpatterns

BARE_RESPONSE = b"bare"


def bare(request):
    """The least a request can cost in this process: the middleware and a fixed answer."""
    return HttpResponse(BARE_RESPONSE, content_type="text/plain")


urlpatterns = [path("bench/bare/", bare), *portal_urlpatterns]
