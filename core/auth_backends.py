"""The portal's sign-in and permissions backend: Django's ModelBackend, reading a user's
permissions in one query.

Every page a lead uses asks `core.roles` whether they may (`user.has_perm`), and Django's
ModelBackend reads the permissions a user has of their own and those their groups give in
two queries, each built by the ORM afresh (about 2,300 function calls together, a fifteenth
of a project charter's). Here both come in one query of fixed text, as a set of the same
"app_label.codename" strings, kept on the user where ModelBackend keeps them
(`_perm_cache`), so that any other backend deriving from it (single sign-on's) reads the
same set without asking again.

It replaces ModelBackend in settings.AUTHENTICATION_BACKENDS; a session names the backend
that signed its user in, and core's migration 0006 moves the sessions kept before it to
this one, so nobody is signed out by the change.
"""

import functools

from django.contrib.auth import backends, get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection

from .prepared import fetch_all
from .queries import CompiledOnce


class OneQueryModelBackend(backends.ModelBackend):
    def get_user(self, user_id):
        """The signed-in user, as ModelBackend gives them, by a query compiled once: every
        signed-in request asks, and the ORM would build and compile it afresh each time."""
        model = get_user_model()
        user = _user(model).first(pk=model._meta.pk.to_python(user_id))
        return user if user is not None and self.user_can_authenticate(user) else None

    def get_all_permissions(self, user_obj, obj=None):
        if (
            user_obj.is_superuser
            or not user_obj.is_active
            or user_obj.is_anonymous
            or obj is not None
        ):
            # Nothing to read, or (a superuser) every permission, which ModelBackend reads.
            return super().get_all_permissions(user_obj, obj=obj)
        if not hasattr(user_obj, "_perm_cache"):
            rows = fetch_all(connection, permissions_sql(), [user_obj.pk, user_obj.pk])
            user_obj._perm_cache = {f"{app}.{codename}" for app, codename in rows}
        return user_obj._perm_cache


def _names(model, *fields):
    """The model's table and the fields' columns, quoted for SQL."""
    quote = connection.ops.quote_name
    return quote(model._meta.db_table), *(
        quote(model._meta.get_field(name).column) for name in fields
    )


@functools.cache
def _user(model):
    """The read of a user by id, compiled once (core.queries)."""
    return CompiledOnce(lambda pk: model.objects.filter(pk=pk), "pk")


@functools.cache
def permissions_sql():
    """The query for the permissions a user has of their own or through their groups, as
    (app label, codename) rows; its two parameters are the user's id. The tables and columns
    are the models', as the ORM names them."""
    user_model = get_user_model()
    user = user_model._meta.model_name
    own, own_user, own_permission = _names(user_model.user_permissions.through, user, "permission")
    membership, member, member_group = _names(user_model.groups.through, user, "group")
    granted, granted_group, granted_permission = _names(
        Group.permissions.through, "group", "permission"
    )
    permission, permission_id, content_type, codename = _names(
        Permission, "id", "content_type", "codename"
    )
    content_types, content_type_id, app_label = _names(ContentType, "id", "app_label")
    return (
        f"SELECT ct.{app_label}, p.{codename} FROM {permission} p"
        f" JOIN {content_types} ct ON ct.{content_type_id} = p.{content_type}"
        f" WHERE p.{permission_id} IN ("
        f"SELECT {own_permission} FROM {own} WHERE {own_user} = %s"
        f" UNION SELECT g.{granted_permission} FROM {granted} g"
        f" JOIN {membership} m ON m.{member_group} = g.{granted_group} WHERE m.{member} = %s)"
    )
