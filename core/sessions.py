"""Sessions kept in the database, as Django's own backend keeps them, read by a query
compiled once.

Every signed-in request reads its session. Django's backend reads it through the ORM, which
builds and compiles the same query afresh each time (about a thousand function calls, a
twentieth of a project charter's); here it is compiled once a process (core.queries) and
only the key changes: the expiry is compared with the database's clock. Writing, expiring
and clearing sessions are Django's."""

import functools

from django.contrib.sessions.backends import db
from django.db.models.functions import Now

from .queries import CompiledOnce


class SessionStore(db.SessionStore):
    def _get_session_from_db(self):
        kept = _unexpired(self.model).first(session_key=self.session_key)
        if kept is None:
            self._session_key = None
        return kept


@functools.cache
def _unexpired(model):
    """The read of a session by its key that has not expired."""
    return CompiledOnce(
        lambda session_key: model.objects.filter(session_key=session_key, expire_date__gt=Now()),
        "session_key",
    )
