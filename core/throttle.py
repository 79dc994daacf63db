"""Limits on how often something may be tried: at most `limit` attempts of a kind on one
key (an email address, an account) in a `period`. Attempts are rows in the database, so
the limit holds across every process and machine, and when the cache is down."""

import datetime
import hashlib

from django.utils import timezone

from .models import Attempt

# Attempts older than this are deleted as new ones are recorded: no limit looks further back.
KEPT_FOR = datetime.timedelta(days=1)


def _digest(key):
    return hashlib.sha256(str(key).strip().lower().encode()).hexdigest()


def attempts(kind, key, *, period):
    since = timezone.now() - period
    return Attempt.objects.filter(kind=kind, key=_digest(key), at__gte=since).count()


def allowed(kind, key, *, limit, period):
    return attempts(kind, key, period=period) < limit


def record(kind, key):
    now = timezone.now()
    Attempt.objects.filter(kind=kind, at__lt=now - KEPT_FOR).delete()
    Attempt.objects.create(kind=kind, key=_digest(key), at=now)
