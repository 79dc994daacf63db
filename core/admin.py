from django.contrib import admin

from .ordering import ListFormSet, ListRowForm


class ListInline(admin.StackedInline):
    """A parent's numbered list edited on the parent's page (core.ordering.UniqueOrder
    models): each row needs a number of its own, and rows may swap numbers in one save."""

    form = ListRowForm
    formset = ListFormSet
    extra = 0
