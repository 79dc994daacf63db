"""The portal as a WSGI application, for gunicorn: each worker imports this module."""

import os

from django.core.wsgi import get_wsgi_application

from strategy_portal.worker_start import warm_and_freeze

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "strategy_portal.settings")

application = get_wsgi_application()
warm_and_freeze()
