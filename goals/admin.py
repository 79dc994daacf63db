from django import forms
from django.contrib import admin, messages
from django.contrib.admin.widgets import ManyToManyRawIdWidget
from django.db import models

from core.admin import HistoryAdmin, ListInline
from core.presenters import plural

from . import services
from .models import Goal, Objective, Organisation, Section, SectionItem, Site, Strategy

# Django's two-box "filter_horizontal" widget fails axe (an aria-label on a bare span), so
# short lists of choices, such as a strategy's goals or objectives, are plain checkboxes.
CHECKBOXES_FOR_MANY = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


class OwnersByIdAdmin:
    """Owners and delivery leads are chosen by their user ids (the owner's name is shown
    beside it once saved): a trust has thousands of staff, too many for a list or
    checkboxes, and strategy editors may not browse the user accounts that autocomplete
    would search. Their pages show the names with job titles."""

    owner_fields = ["executive_owner", "delivery_leads"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "delivery_leads":
            # Before the checkboxes this admin's formfield_overrides give other links.
            kwargs["widget"] = ManyToManyRawIdWidget(db_field.remote_field, self.admin_site)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class GoalInline(ListInline):
    model = Goal
    fields = ["order", "title", "description"]


class ObjectiveInline(admin.StackedInline):
    model = Objective
    extra = 0
    fields = [("year", "number"), "statement", "goals"]
    show_change_link = True

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Offer only this strategy's goals, not every organisation's.
        if db_field.name == "goals":
            strategy_id = request.resolver_match.kwargs.get("object_id")
            kwargs["queryset"] = Goal.objects.filter(strategy_id=strategy_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SectionInline(ListInline):
    model = Section
    fields = ["order", "kind", "heading"]
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "kind", "member_of", "order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Strategy)
class StrategyAdmin(HistoryAdmin):
    list_display = ["title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["title", "summary", "vision", "aim", "mission"]
    list_select_related = ["organisation"]
    inlines = [GoalInline, ObjectiveInline, SectionInline]


@admin.register(Goal)
class GoalAdmin(OwnersByIdAdmin, HistoryAdmin):
    list_display = ["title", "strategy", "executive_owner", "order"]
    list_filter = ["strategy__organisation"]
    search_fields = ["title", "description"]
    list_select_related = ["strategy", "executive_owner"]
    fields = ["strategy", "title", "description", "order", "executive_owner", "delivery_leads"]
    raw_id_fields = OwnersByIdAdmin.owner_fields


class ObjectiveAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        strategy = cleaned_data.get("strategy")
        goals = cleaned_data.get("goals") or []
        if strategy and any(goal.strategy_id != strategy.pk for goal in goals):
            self.add_error("goals", f"Choose only goals of this objective's strategy, {strategy}.")
        return cleaned_data


@admin.register(Objective)
class ObjectiveAdmin(OwnersByIdAdmin, HistoryAdmin):
    form = ObjectiveAdminForm
    list_display = ["__str__", "organisation", "year", "number", "executive_owner"]
    list_filter = ["strategy__organisation", "year"]
    search_fields = ["statement"]
    list_select_related = ["strategy__organisation", "executive_owner"]
    formfield_overrides = CHECKBOXES_FOR_MANY
    raw_id_fields = OwnersByIdAdmin.owner_fields
    actions = ["copy_to_next_year"]

    @admin.action(description="Copy to the next year, as its starting point", permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        copies, skipped = services.copy_objectives_to_next_year(
            objectives=queryset.select_related("strategy").prefetch_related(
                "goals", "delivery_leads"
            ),
            copied_by=request.user,
        )
        if copies:
            count = len(copies)
            self.message_user(
                request,
                f"{count} objective{plural(count)} copied to the next year: "
                "change each for the new year.",
            )
        for objective in skipped:
            self.message_user(
                request,
                f"{objective} was not copied: {objective.strategy.organisation.short_name} "
                f"already has an objective {objective.number} the next year.",
                messages.WARNING,
            )

    @admin.display(ordering="strategy__organisation__name")
    def organisation(self, objective):
        return objective.strategy.organisation

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        goals = Goal.objects.select_related("strategy__organisation")
        if obj is not None:
            # An objective serves its own strategy's goals: offer only those.
            goals = goals.filter(strategy=obj.strategy)
        form.base_fields["goals"].queryset = goals
        return form


class SectionItemInline(ListInline):
    model = SectionItem
    fields = [("order", "title"), "summary", "description"]


@admin.register(Section)
class SectionAdmin(HistoryAdmin):
    list_display = ["heading", "kind", "strategy", "order"]
    list_filter = ["strategy__organisation", "kind"]
    search_fields = ["heading", "introduction", "items__title", "items__description"]
    list_select_related = ["strategy"]
    inlines = [SectionItemInline]


@admin.register(Site)
class SiteAdmin(HistoryAdmin):
    list_display = ["name", "short_name", "organisation", "order"]
    list_filter = ["organisation"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}
