"""The bare Django WSGI app (settings in bench/bare_settings.py): one fixed response."""

import os

from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.bare_settings")

# The same body as the portal's trivial view (bench/urls.py), so both send the same bytes.
FIXED_BODY = b"trivial"


def bare(request):
    return HttpResponse(FIXED_BODY, content_type="text/plain")


urlpatterns = [path("bench/bare/", bare)]

application = get_wsgi_application()
