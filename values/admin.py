from django.contrib import admin

from core.admin import HistoryAdmin, ListInline

from . import services
from .models import Behaviour, GuidingPrinciple, ThankYouCard, Value
from .presenters import card_status
from .roles import MODERATE_CARDS


class BehaviourInline(ListInline):
    model = Behaviour
    fields = ["order", "statement"]


@admin.register(Value)
class ValueAdmin(HistoryAdmin):
    list_display = ["name", "organisation", "order"]
    list_filter = ["organisation"]
    search_fields = ["name", "summary", "behaviours__statement"]
    list_select_related = ["organisation"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BehaviourInline]


@admin.register(Behaviour)
class BehaviourAdmin(HistoryAdmin):
    list_display = ["statement", "value", "order"]
    list_filter = ["value__organisation", "value"]
    search_fields = ["statement"]
    list_select_related = ["value__organisation"]


@admin.register(GuidingPrinciple)
class GuidingPrincipleAdmin(HistoryAdmin):
    list_display = ["title", "organisation", "order"]
    list_filter = ["organisation"]
    search_fields = ["title", "description"]
    list_select_related = ["organisation"]


@admin.register(ThankYouCard)
class ThankYouCardAdmin(HistoryAdmin):
    """Read-only: a card is never edited after sending. Editors approve cards here or on the
    portal's moderation page; hiding one, which needs a reason, is done there. Its history
    shows who approved or hid it, and when."""

    list_display = ["pk", "value", "behaviour", "sender", "recipient", "sent_at", "status"]
    list_filter = ["value__organisation", "value", "publish_consent"]
    search_fields = ["story", "sender__username", "recipient__username"]
    list_select_related = ["value__organisation", "behaviour", "sender", "recipient"]
    date_hierarchy = "sent_at"
    actions = ["approve"]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description="Status")
    def status(self, card):
        return card_status(card)[0]

    def has_moderate_permission(self, request):
        return MODERATE_CARDS.allows(request.user)

    @admin.action(
        description="Approve the selected cards for their value's wall", permissions=["moderate"]
    )
    def approve(self, request, queryset):
        approved = 0
        for card in queryset.awaiting_moderation():
            services.approve_card(card=card, approved_by=request.user)
            approved += 1
        self.message_user(request, f"{approved} card(s) approved.")
