from django.contrib import admin

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
