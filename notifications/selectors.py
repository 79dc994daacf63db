import functools

from django.db import connection
from django.shortcuts import get_object_or_404

from core.prepared import fetch_all

from .models import EmailChoice, Kind, Notification


def unread_count(user):
    """How many of the person's notifications are unread: the header shows it on every page
    they see, so it is one query of fixed text (read from the notification_unread index),
    not one the ORM builds and compiles each time, at about 900 function calls a page."""
    return fetch_all(connection, unread_count_sql(), [user.pk])[0][0]


@functools.cache
def unread_count_sql():
    quote = connection.ops.quote_name
    meta = Notification._meta
    recipient, read_at = (quote(meta.get_field(name).column) for name in ("recipient", "read_at"))
    return (
        f"SELECT COUNT(*) FROM {quote(meta.db_table)} WHERE {recipient} = %s AND {read_at} IS NULL"
    )


def notifications_of(user):
    return Notification.objects.filter(recipient=user)


def notification_of(user, pk):
    """One of the user's own notifications; anyone else's is not found."""
    return get_object_or_404(Notification, pk=pk, recipient=user)


def emailed_kinds(user):
    choice = EmailChoice.objects.filter(person=user).first()
    not_emailed = set(choice.not_emailed) if choice else set()
    return [kind for kind in Kind.values if kind not in not_emailed]
