"""core.auth_backends.OneQueryModelBackend replaces Django's ModelBackend in settings. A
session names the backend that signed its user in, and Django signs out a session whose
backend is no longer in settings.AUTHENTICATION_BACKENDS: the sessions kept before the
change are moved to the new backend here, so that nobody is signed out by it (and back,
when the migration is reversed)."""

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import migrations
from django.utils import timezone

DJANGO_BACKEND = "django.contrib.auth.backends.ModelBackend"
ONE_QUERY_BACKEND = "core.auth_backends.OneQueryModelBackend"


def rename_backend(apps, *, old, new):
    sessions = apps.get_model("sessions", "Session").objects.filter(expire_date__gt=timezone.now())
    store = SessionStore()
    for session in sessions.iterator():
        data = store.decode(session.session_data)
        if data.get(BACKEND_SESSION_KEY) == old:
            data[BACKEND_SESSION_KEY] = new
            session.session_data = store.encode(data)
            session.save(update_fields=["session_data"])


def to_one_query_backend(apps, schema_editor):
    rename_backend(apps, old=DJANGO_BACKEND, new=ONE_QUERY_BACKEND)


def to_django_backend(apps, schema_editor):
    rename_backend(apps, old=ONE_QUERY_BACKEND, new=DJANGO_BACKEND)


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0005_failedemail"),
        ("sessions", "0001_initial"),
    ]

    operations = [migrations.RunPython(to_one_query_backend, to_django_backend)]
