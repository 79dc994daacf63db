from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .history import record_versions, version_links
from .models import FailedEmail
from .ordering import ListFormSet, ListRowForm


class ListInline(admin.StackedInline):
    """A parent's numbered list edited on the parent's page (core.ordering.UniqueOrder
    models): each row needs a number of its own, and rows may swap numbers in one save."""

    form = ListRowForm
    formset = ListFormSet
    extra = 0


@admin.register(FailedEmail)
class FailedEmailAdmin(admin.ModelAdmin):
    """Emails the task queue gave up on: read, never written, in the admin."""

    list_display = ["created_at", "subject", "to", "attempts", "error"]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class HistoryAdmin(SimpleHistoryAdmin):
    """The admin of a model with change history (core.history): its history page lists who
    changed what. A save writes one entry, its many-to-many links included, and putting an
    old version back restores the version's links as well as its fields.

    simple-history alone writes an entry on saving the fields, then one on removing links
    and one on adding them; and its revert form offers the links as they are now."""

    def _tracks_links(self):
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        return bool(history.model._history_m2m_fields)

    def save_model(self, request, obj, form, change):
        if self._tracks_links():
            # The entry waits for the links: log_addition or log_change writes it.
            obj.skip_history_when_saving = True
        super().save_model(request, obj, form, change)

    def log_addition(self, request, obj, message):
        self._record_saved_version(obj, changed=False)
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        # Both the change page and the revert page call it once everything is saved.
        self._record_saved_version(obj, changed=True)
        return super().log_change(request, obj, message)

    def _record_saved_version(self, obj, *, changed):
        if hasattr(obj, "skip_history_when_saving"):
            del obj.skip_history_when_saving
            record_versions(self.model, [obj], changed=changed)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute)
        pk_name = self.model._meta.pk.attname
        version = history.filter(**{pk_name: object_id, "history_id": version_id}).first()
        request.history_version_links = version_links(version) if version else {}
        return super().history_form_view(request, object_id, version_id, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        links = getattr(request, "history_version_links", None)
        return with_initial(form, links) if links else form


class ReadOnlyHistoryAdmin(HistoryAdmin):
    """Records the portal's own pages write, shown here for their history: who changed
    them and when, and those removed (a rebase with the reason for removing it)."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def with_initial(form_class, initial):
    """The form class, starting from `initial` rather than the instance's stored values."""

    class StartingFrom(form_class):
        def __init__(self, *args, **kwargs):
            kwargs["initial"] = {**initial, **(kwargs.get("initial") or {})}
            super().__init__(*args, **kwargs)

    StartingFrom.__name__ = form_class.__name__
    return StartingFrom
