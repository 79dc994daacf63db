from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Behaviour, GuidingPrinciple, Value


class BehaviourInline(admin.StackedInline):
    model = Behaviour
    extra = 0
    fields = ["order", "statement"]


@admin.register(Value)
class ValueAdmin(SimpleHistoryAdmin):
    list_display = ["name", "organisation", "order"]
    list_filter = ["organisation"]
    search_fields = ["name", "summary", "behaviours__statement"]
    list_select_related = ["organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BehaviourInline]


@admin.register(Behaviour)
class BehaviourAdmin(SimpleHistoryAdmin):
    list_display = ["statement", "value", "order"]
    list_filter = ["value__organisation", "value"]
    search_fields = ["statement"]
    list_select_related = ["value__organisation"]


@admin.register(GuidingPrinciple)
class GuidingPrincipleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "organisation", "order"]
    list_filter = ["organisation"]
    search_fields = ["title", "description"]
    list_select_related = ["organisation"]
