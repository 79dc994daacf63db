"""Change history (django-simple-history) as every app keeps it: one entry a change, naming
the person who made it, with the record's many-to-many links as they were.

In a request, simple-history's middleware names the signed-in user; services name the
person acting (`made_by`), so the entry is right when they run outside a request too.
"""

import itertools
from contextlib import contextmanager

from django.utils import timezone
from simple_history import models as simple_history_models
from simple_history.utils import get_m2m_field_name, get_m2m_reverse_field_name

BATCH = 2000


class HistoricalRecords(simple_history_models.HistoricalRecords):
    """simple-history's, except that restoring a backup (loaddata) records nothing.

    loaddata saves each record raw, which simple-history leaves alone, and then sets its
    many-to-many links, which simple-history would record as a new change. Those entries
    duplicated the backed-up ones, and on PostgreSQL took ids the backup's own entries were
    then loaded under."""

    def post_save(self, instance, created, using=None, **kwargs):
        if kwargs.get("raw"):
            instance._history_restoring = True
        super().post_save(instance, created, using=using, **kwargs)

    def m2m_changed(self, instance, action, attr, pk_set, reverse, **kwargs):
        if getattr(instance, "_history_restoring", False):
            return
        super().m2m_changed(instance, action, attr, pk_set, reverse, **kwargs)


def made_by(user, *records):
    """Name the user in the history entries the next save or deletion of each record writes."""
    for record in records:
        record._history_user = user


@contextmanager
def links_recorded_with_next_save(record):
    """Changes to the record's many-to-many links inside the block write no entries of their
    own: a `set()` writes one on removing and another on adding. The caller then writes
    one entry holding the fields and the links together (saving the record, or
    `record_versions` for a record saved without history)."""
    record.skip_history_when_saving = True
    try:
        yield
    finally:
        del record.skip_history_when_saving


def record_versions(model, records, *, changed=False, batch_size=BATCH):
    """Write one history entry for each of the records as they are now, their tracked links
    included: "+" (created), or "~" when `changed`. For records written in bulk, which send
    no signals, and for a record saved inside `links_recorded_with_next_save` without one.
    The records may be a queryset's iterator: they are written a batch at a time."""
    history = getattr(model, model._meta.simple_history_manager_attribute)
    for batch in itertools.batched(records, batch_size):
        versions = history.bulk_history_create(batch, batch_size=batch_size, update=changed)
        _record_links(model, history.model, versions, batch_size)


def _record_links(model, history_model, versions, batch_size):
    version_of = {getattr(version, model._meta.pk.attname): version for version in versions}
    for field in history_model._history_m2m_fields:
        own, other = get_m2m_field_name(field), get_m2m_reverse_field_name(field)
        link_versions = getattr(history_model, field.name).model
        links = field.remote_field.through.objects.filter(**{f"{own}__in": list(version_of)})
        link_versions.objects.bulk_create(
            (
                link_versions(
                    history=version_of[owner], id=pk, **{f"{own}_id": owner, f"{other}_id": target}
                )
                for pk, owner, target in links.values_list("pk", f"{own}_id", f"{other}_id")
            ),
            batch_size=batch_size,
        )


def version_links(version):
    """{field name: [linked pks]} of a history entry's tracked many-to-many links."""
    history_model = type(version)
    links = {}
    for field in history_model._history_m2m_fields:
        other = get_m2m_reverse_field_name(field)
        link_versions = getattr(history_model, field.name).model
        links[field.name] = list(
            link_versions.objects.filter(history=version).values_list(f"{other}_id", flat=True)
        )
    return links


# For migrations that start keeping history: they work on the migration's model states, so
# they name the history models as simple-history names them.

TRACKED_FROM_HERE = "History kept from here on"


def write_first_entries(apps, schema_editor, app_label, model_names, *, links=()):
    """A first entry ("+") for every existing record of the models, so that an editor's
    first change to one can be undone; `links` names the models' tracked many-to-many
    fields, "Model.field", whose links the entries record."""
    database = schema_editor.connection.alias
    now = timezone.now()
    for model_name in model_names:
        model = apps.get_model(app_label, model_name)
        history = apps.get_model(app_label, f"Historical{model_name}")
        fields = [field.attname for field in model._meta.concrete_fields]
        history.objects.using(database).bulk_create(
            (
                history(
                    history_date=now,
                    history_type="+",
                    history_change_reason=TRACKED_FROM_HERE,
                    **{name: getattr(record, name) for name in fields},
                )
                for record in model.objects.using(database).order_by("pk").iterator()
            ),
            batch_size=BATCH,
        )
    for link in links:
        record_links_as_now(apps, schema_editor, app_label, link)


def record_links_as_now(apps, schema_editor, app_label, link):
    """Give every existing entry of a model the links its record has now ("Model.field").

    Entries written before the links were tracked do not know them; with today's links,
    putting such a version back leaves the links as they are, as it did before."""
    database = schema_editor.connection.alias
    model_name, field_name = link.split(".")
    model = apps.get_model(app_label, model_name)
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    history = apps.get_model(app_label, f"Historical{model_name}")
    link_history = apps.get_model(app_label, f"Historical{through._meta.object_name}")
    links_of = {}
    for pk, owner, target in through.objects.using(database).values_list(
        "pk", f"{own}_id", f"{other}_id"
    ):
        links_of.setdefault(owner, []).append((pk, target))
    link_history.objects.using(database).bulk_create(
        (
            link_history(history_id=version, id=pk, **{f"{own}_id": owner, f"{other}_id": target})
            for version, owner in history.objects.using(database).values_list("history_id", "id")
            for pk, target in links_of.get(owner, [])
        ),
        batch_size=BATCH,
    )
