from django.http import HttpResponse
from django.urls import path

from strategy_portal.urls import handler500  # noqa: F401  (the portal's error page)
from strategy_portal.urls import urlpatterns as portal_urlpatterns

# The same body as bare Django's view (bench/bare_wsgi.py), so both send the same bytes.
FIXED_BODY = b"trivial"


def trivial(request):
    """The portal's middleware around a view that does nothing: the stack's own cost."""
    return HttpResponse(FIXED_BODY, content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *portal_urlpatterns]
