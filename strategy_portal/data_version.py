"""The data version: one number that moves on with every write to the portal's records.

Rendered fragments of pages are cached under it (`{% cache … data_version %}`), so a write
makes every fragment obsolete at once, on every instance sharing the cache, without anyone
having to know which pages show what. Writes are rare beside reads; a missed write would
show stale data, which is the one thing this must never do. So the number moves on:
- after every request that may write (any method but GET, HEAD, OPTIONS, TRACE), which
  covers the services' bulk updates that send no signals;
- on every save, delete and many-to-many change of the portal's own models and its users,
  which covers the admin, management commands, the shell and the tests;
- at the end of `manage.py seed`.
"""

import functools
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

VERSION_KEY = "data-version"
# The apps whose records the pages show.
WATCHED_APPS = {"goals", "values", "improvement", "auth"}


def current():
    version = cache.get(VERSION_KEY)
    if version is None:
        # Begin from the clock, never from 1: if the cache lost the key, an old version's
        # fragments may still be there, and the new number must not meet them again.
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(VERSION_KEY, 0)
    return version


def move_on():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.add(VERSION_KEY, time.time_ns(), timeout=None)


def moved_on_by_write(sender, **kwargs):
    if sender._meta.app_label in WATCHED_APPS:
        # Now, for readers in this transaction, and again once it commits, in case another
        # request cached the old data in between.
        move_on()
        transaction.on_commit(move_on)


def context(request):
    # The date is part of the key because pages say what is upcoming or overdue today.
    return {
        "data_version": SimpleLazyObject(lambda: f"{current()}-{timezone.localdate()}"),
        "fragment_seconds": settings.FRAGMENT_CACHE_SECONDS,
    }


class MoveOnAfterWritesMiddleware:
    """Moves the data version on after any request that may have written."""

    SAFE_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method not in self.SAFE_METHODS:
            move_on()
        return response


def when_rendered(function, *args, **kwargs):
    """A template value computed the first time the template shows it, and only then.

    Templates call a callable they are given; inside a cached fragment that is never on a
    cache hit, so the page skips the work (and the queries) the fragment already holds.
    """
    return functools.cache(functools.partial(function, *args, **kwargs))
