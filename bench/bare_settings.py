"""Bare Django: the least a Django request can cost, to compare the portal against.

No installed apps, no middleware, no database, no templates: one URL returning a fixed
response (bench/bare_wsgi.py). `make bench` serves it with its own gunicorn, like the
portal's, and drives it with wrk in the same way.
"""

import os

DEBUG = False
SECRET_KEY = os.environ["DJANGO_SECRET_KEY"]
ALLOWED_HOSTS = ["127.0.0.1"]
ROOT_URLCONF = "bench.bare_wsgi"
INSTALLED_APPS = []
MIDDLEWARE = []
DATABASES = {}
USE_TZ = True
