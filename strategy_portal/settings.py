"""Settings for Strategy Portal, read from the environment.

Every value a deployment changes comes from an environment variable; the defaults
suit a developer's machine (debug on, a SQLite file next to manage.py).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from import_export.formats import base_formats as import_formats

from core.spreadsheets import SafeCSV, SafeXLSX

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DJANGO_DEBUG", True)
# With debug on, error pages are the portal's own (NHS-styled) unless Django's technical
# pages, with their tracebacks, are asked for (strategy_portal/middleware.py).
SHOW_DJANGO_ERROR_PAGES = env_bool("DJANGO_DEBUG_ERROR_PAGES", False)

# The development key is public, so a server with debug off must be given its own.
DEVELOPMENT_SECRET_KEY = "development-only-secret-key-not-for-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", DEVELOPMENT_SECRET_KEY)
if not DEBUG and SECRET_KEY in {"", DEVELOPMENT_SECRET_KEY}:
    raise ImproperlyConfigured(
        "DJANGO_SECRET_KEY must be set to a secret value when DJANGO_DEBUG is off."
    )

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])

INSTALLED_APPS = [
    "strategy_portal.apps.PortalAdminConfig",  # Django's admin, with the portal's logout
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "csp",
    "crispy_forms",
    "django_filters",
    "import_export",
    "simple_history",
    # The task queue's jobs, when they wait in the database (TASK_QUEUE_URL, below).
    "django_tasks_db",
    "core",
    "strategy_portal",
    "goals",
    "people",
    "notifications",
    "values",
    "training",
    "improvement",
    "axes",  # login throttling: see "Signing in" below
]

MIDDLEWARE = [
    "strategy_portal.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.gzip.GZipMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "strategy_portal.middleware.PrivatePagesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "strategy_portal.middleware.ContentSecurityPolicyMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    # With debug on, the NHS error pages rather than Django's technical ones.
    "strategy_portal.middleware.PortalErrorPagesMiddleware",
    # It calls the view, in a transaction when the request may write: after every
    # middleware that looks at the view first (process_view: CSRF's).
    "strategy_portal.middleware.AtomicWritesMiddleware",
    # django-axes turns a locked-out login into its lockout page; keep it last.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "strategy_portal.urls"

TEMPLATES = [
    {
        # Django's, freeing each page's context once it is rendered (core/template_backend.py).
        "BACKEND": "core.template_backend.DjangoTemplates",
        "NAME": "django",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "strategy_portal.context_processors.navigation",
                "strategy_portal.context_processors.unread_notifications",
            ],
        },
    },
]

WSGI_APPLICATION = "strategy_portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        env="DATABASE_URL",
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
    )
}
# A request that fails part-way writes nothing: strategy_portal.middleware.AtomicWritesMiddleware
# runs each view that may write in one transaction (reads need none).
# A connection kept from an earlier request is checked before use, so a restarted database
# costs one reconnection, not an error page from each worker.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL compiles a query it thinks costly before running it; for a page's queries
    # over a few thousand rows the compiling took far longer than the query.
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c jit=off"

# The cache keeps rendered fragments of pages under keys naming the generations of the data
# they show (core/caching.py). The generations are read from the database, so a cache of one
# process is never stale after another process's write: without REDIS_URL (or CACHE_URL)
# each process keeps its own; with it, every process and machine shares one.
#
# The cache only saves time: with Redis down, slow or empty the portal answers every page,
# slower. django-redis ignores (and logs) a Redis it cannot reach, and its short timeouts
# keep a dead or hanging Redis from holding a request for long.
CACHE_URL = os.environ.get("CACHE_URL") or os.environ.get("REDIS_URL") or ""
CACHE_SOCKET_TIMEOUT_SECONDS = 0.3


def cache_from_url(url):
    scheme = url.partition("://")[0]
    if scheme in {"redis", "rediss"}:
        return {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": url,
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": True,
                "SOCKET_CONNECT_TIMEOUT": CACHE_SOCKET_TIMEOUT_SECONDS,
                "SOCKET_TIMEOUT": CACHE_SOCKET_TIMEOUT_SECONDS,
            },
        }
    if scheme == "locmem":
        return {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if scheme == "dummy":
        return {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss://, locmem:// or dummy://, not {url!r}."
    )


CACHES = {
    "default": {
        **cache_from_url(CACHE_URL or "locmem://"),
        "KEY_PREFIX": "portal",
    }
}
# An outage of the cache is logged (logger django_redis.cache), never raised.
DJANGO_REDIS_LOG_IGNORED_EXCEPTIONS = True
# Sessions live in the database, whatever the cache, and never in the cache: a cache that
# goes down must not sign everyone out or fail their requests, and a cache restored from an
# old snapshot must never bring back a session its user has since signed out of.
SESSION_ENGINE = "core.sessions"
# How long a rendered fragment is kept; a write makes it obsolete sooner.
FRAGMENT_CACHE_SECONDS = int(os.environ.get("FRAGMENT_CACHE_SECONDS", "600"))

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
# The portal is in British English only, and Django's en-GB translations are its English
# strings unchanged; with translation off, every number and date a template shows skips
# looking up the active language (about a tenth of a chart page's rendering). Dates and
# numbers still take en-GB's formats, from LANGUAGE_CODE.
USE_I18N = False
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
# static/ holds the portal's own files; static_build/ is filled from node_modules by
# `make static` (nhsuk-frontend's compiled CSS, JS and assets), and is not committed.
STATICFILES_DIRS = [BASE_DIR / "static", BASE_DIR / "static_build"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "strategy_portal.storage.StaticStorage"},
}

LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "improvement:dashboard"
LOGOUT_REDIRECT_URL = "goals:home"

# --- Signing in -------------------------------------------------------------------------
# Local accounts with password reset by email, login throttling (django-axes), and single
# sign-on through OpenID Connect (mozilla-django-oidc) when its variables are set. README.md,
# "Signing in", explains each variable.

# Password reset emails, through Django 6.1's MAILERS. With debug on the console backend
# prints them; with debug off the default is SMTP, set up by the EMAIL_HOST, EMAIL_PORT,
# EMAIL_HOST_USER, EMAIL_HOST_PASSWORD and EMAIL_USE_TLS variables.
EMAIL_BACKEND_PATH = os.environ.get("DJANGO_EMAIL_BACKEND") or (
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend"
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith(".smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
        # Emails are sent by the task queue's worker, never in a request (core/emails.py), but a
        # mail server that accepts the connection and then hangs would hold the worker for good.
        "timeout": int(os.environ.get("EMAIL_TIMEOUT", "10")),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Strategy Portal <noreply@localhost>")

# --- Background tasks -------------------------------------------------------------------
# Work that must not hold a request (sending email) runs as a task of Django's Tasks API,
# enqueued when the request's transaction commits and run by `manage.py worker`
# (docs/decisions/0007-a-task-queue-for-email.md). TASK_QUEUE_URL chooses where the jobs
# wait: unset, in the database (django-tasks-db: no other service to run); redis://… in Redis
# through RQ (django-tasks-rq), for workers on several machines.
TASK_QUEUE_URL = os.environ.get("TASK_QUEUE_URL", "")
# A failed email is tried again after each of these waits, then recorded for the admins.
EMAIL_RETRY_SECONDS = [60, 300, 1800, 7200]


def tasks_from_url(url):
    """The TASKS setting and, for Redis, django-rq's RQ_QUEUES, for a TASK_QUEUE_URL."""
    scheme = url.partition("://")[0]
    if scheme in {"", "database"}:
        return {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}, {}
    if scheme in {"redis", "rediss"}:
        return (
            {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}},
            {"default": {"URL": url}},
        )
    raise ImproperlyConfigured(
        f"TASK_QUEUE_URL must be empty or start with database://, redis:// or rediss://, "
        f"not {url!r}."
    )


TASKS, RQ_QUEUES = tasks_from_url(TASK_QUEUE_URL)
if RQ_QUEUES:
    # django-tasks-rq's checks want django-rq's app. Its queue pages are not part of the
    # portal's pages or roles: emails the queue gave up on are listed in the admin as
    # FailedEmail, whichever backend ran them.
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq"]
    RQ_SHOW_ADMIN_LINK = False

# --- Logging ----------------------------------------------------------------------------
# One JSON line per record on standard error, with the id of the request it was written
# while serving (strategy_portal/log_format.py); DJANGO_LOG_LEVEL sets how much. Errors
# (a 500, say) are also mailed to DJANGO_ADMINS, a comma-separated list of addresses, when
# it is set and debug is off.
ADMINS = [
    address.strip() for address in os.environ.get("DJANGO_ADMINS", "").split(",") if address.strip()
]
SERVER_EMAIL = os.environ.get("DJANGO_SERVER_EMAIL", DEFAULT_FROM_EMAIL)
LOG_LEVEL = os.environ.get("DJANGO_LOG_LEVEL", "INFO").upper()
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"one_line": {"()": "strategy_portal.log_format.OneLineJSONFormatter"}},
    "filters": {"require_debug_false": {"()": "django.utils.log.RequireDebugFalse"}},
    "handlers": {
        "stderr": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stderr",
            "formatter": "one_line",
        },
        "mail_admins": {
            "class": "django.utils.log.AdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false"],
        },
    },
    "root": {"handlers": ["stderr"], "level": LOG_LEVEL},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": LOG_LEVEL, "propagate": False},
        # django-axes announces its configuration at every start.
        "axes": {"handlers": ["stderr"], "level": "WARNING", "propagate": False},
        # A 4xx is a warning, a 500 an error with its traceback.
        "django.request": {
            "handlers": ["stderr", "mail_admins"],
            "level": "WARNING",
            "propagate": False,
        },
    },
}

# django-axes: AXES_FAILURE_LIMIT failed logins for one username from one IP address lock
# that pair out for AXES_COOLOFF_MINUTES. Its backend goes first and refuses a locked-out
# login before any other backend checks the password, so authenticate() needs the request
# (tests log in with force_login or through the login form, not client.login). The next
# is Django's ModelBackend reading a user's permissions in one query (core/auth_backends.py).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "core.auth_backends.OneQueryModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_MINUTES = int(os.environ.get("AXES_COOLOFF_MINUTES", "15"))
AXES_COOLOFF_TIME = timedelta(minutes=AXES_COOLOFF_MINUTES)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "strategy_portal.views.locked_out"
AXES_HTTP_RESPONSE_CODE = 429
# Behind a proxy, failures count against the address it forwarded for, believed only from
# the proxies listed here (comma-separated addresses; strategy_portal/client_address.py).
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", [])
AXES_CLIENT_IP_CALLABLE = "strategy_portal.client_address.client_ip"

# Single sign-on (e.g. Microsoft Entra ID for NHSmail): on when the client's id and secret
# and either the provider's discovery document or its endpoints are set.
OIDC_RP_CLIENT_ID = os.environ.get("OIDC_RP_CLIENT_ID", "")
OIDC_RP_CLIENT_SECRET = os.environ.get("OIDC_RP_CLIENT_SECRET", "")
# The provider's /.well-known/openid-configuration URL; it fills in the endpoints not set.
OIDC_OP_DISCOVERY = os.environ.get("OIDC_OP_DISCOVERY") or None
OIDC_OP_AUTHORIZATION_ENDPOINT = os.environ.get("OIDC_OP_AUTHORIZATION_ENDPOINT") or None
OIDC_OP_TOKEN_ENDPOINT = os.environ.get("OIDC_OP_TOKEN_ENDPOINT") or None
OIDC_OP_USER_ENDPOINT = os.environ.get("OIDC_OP_USER_ENDPOINT") or None
OIDC_OP_JWKS_ENDPOINT = os.environ.get("OIDC_OP_JWKS_ENDPOINT") or None
# The provider's end-session endpoint: logging out of the portal ends the provider's session
# too (strategy_portal/oidc.py). Without it or discovery's, only the portal's session ends.
OIDC_OP_LOGOUT_ENDPOINT = os.environ.get("OIDC_OP_LOGOUT_ENDPOINT") or None
OIDC_OP_LOGOUT_URL_METHOD = "strategy_portal.oidc.provider_logout_url"
# Kept in the session for the end-session request's id_token_hint.
OIDC_STORE_ID_TOKEN = True
OIDC_RP_SIGN_ALGO = os.environ.get("OIDC_RP_SIGN_ALGO", "RS256")
OIDC_RP_SCOPES = os.environ.get("OIDC_RP_SCOPES", "openid email profile")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
OIDC_ENABLED = bool(
    OIDC_RP_CLIENT_ID
    and OIDC_RP_CLIENT_SECRET
    and (
        OIDC_OP_DISCOVERY
        or (OIDC_OP_AUTHORIZATION_ENDPOINT and OIDC_OP_TOKEN_ENDPOINT and OIDC_OP_USER_ENDPOINT)
    )
)
# Where a failed single sign-on lands: the login page, which then says so.
LOGIN_REDIRECT_URL_FAILURE = "/login/?sso=failed"
if OIDC_ENABLED:
    INSTALLED_APPS = [*INSTALLED_APPS, "mozilla_django_oidc"]
    AUTHENTICATION_BACKENDS.append("strategy_portal.oidc.PortalOIDCBackend")
# --- end of signing in ------------------------------------------------------------------

# The ideas import (improvement/idea_imports.py) is the portal's own: django-import-export
# reads each row (improvement/resources.py) and writes the admin's exports.
IMPORT_EXPORT_EXPORT_PERMISSION_CODE = "view"
# Spreadsheets only: a YAML upload of a few hundred bytes of nested aliases expands to
# megabytes. Exports write a cell a spreadsheet would run as a formula as text
# (core/spreadsheets.py).
IMPORT_FORMATS = [import_formats.CSV, import_formats.XLSX]
EXPORT_FORMATS = [SafeCSV, SafeXLSX]

CRISPY_ALLOWED_TEMPLATE_PACKS = ("nhsuk",)
CRISPY_TEMPLATE_PACK = "nhsuk"

# The trust whose home page the portal opens on.
PORTAL_HOME_ORGANISATION = os.environ.get("PORTAL_HOME_ORGANISATION", "mseft")

# The password of the demo's sign-ins (people/demo.py); unset, each `seed --demo` with debug
# on makes new ones and prints them.
DEMO_PASSWORD = os.environ.get("DJANGO_DEMO_PASSWORD", "")
# The portal's address, for the links in emails sent outside a request (notifications).
PORTAL_SITE_URL = os.environ.get("PORTAL_SITE_URL", "http://127.0.0.1:8000")

# Security. Served over HTTPS (the default with debug off), cookies are secure and browsers
# are told to keep to HTTPS; each can be switched by the environment, for example behind a
# proxy that ends TLS (DJANGO_SECURE_PROXY_SSL_HEADER=HTTP_X_FORWARDED_PROTO,https).
HTTPS = env_bool("DJANGO_HTTPS", not DEBUG)
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", HTTPS)
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SESSION_COOKIE_HTTPONLY = CSRF_COOKIE_HTTPONLY = True
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", 31536000 if HTTPS else 0))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", True)
if proxy_header := env_list("DJANGO_SECURE_PROXY_SSL_HEADER", []):
    SECURE_PROXY_SSL_HEADER = tuple(proxy_header)
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: only the portal's own scripts and styles, none inline. The NHS.UK
# stylesheet loads its Frutiger web font from assets.nhs.uk.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        # The one style attribute the admin's history pages carry (django-simple-history's
        # paginator, "border-top: 0"), allowed by its hash rather than any inline style.
        "style-src-attr": [
            "'unsafe-hashes'",
            "'sha256-XMXSevYjgSjXgRafBFDvtjwX+yyWLrxfso9DcNZ9UXM='",
        ],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "https://assets.nhs.uk"],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}
