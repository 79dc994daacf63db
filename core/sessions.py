"""Sessions kept in the database, as Django's own backend keeps them, read by one query of
fixed text.

Every signed-in request reads its session. Django's backend reads it through the ORM, which
builds and compiles the same query afresh each time (about a thousand function calls, a
twentieth of a project charter's); here its text is built once from the model and only the
key and the time change. Writing, expiring and clearing sessions are Django's."""

import functools

from django.contrib.sessions.backends import db
from django.db import connection
from django.utils import timezone


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        kept = next(iter(self.model.objects.raw(session_sql(), [self.session_key, now])), None)
        if kept is None:
            self._session_key = None
        return kept


@functools.cache
def session_sql():
    """The query for a session by its key that has not expired; its parameters are the key
    and the time now, as the database keeps times."""
    from django.contrib.sessions.models import Session

    quote = connection.ops.quote_name
    meta = Session._meta
    key, expiry = (quote(meta.get_field(name).column) for name in ("session_key", "expire_date"))
    return f"SELECT * FROM {quote(meta.db_table)} WHERE {key} = %s AND {expiry} > %s"
