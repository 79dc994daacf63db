from django.contrib import admin

from .models import Goal, Objective, Organisation, Section, SectionItem, Strategy


class GoalInline(admin.TabularInline):
    model = Goal
    extra = 0
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


class SectionInline(admin.TabularInline):
    model = Section
    extra = 0
    fields = ["order", "kind", "heading"]
    show_change_link = True


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "kind", "member_of", "order"]
    list_editable = ["order"]
    list_filter = ["kind"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


@admin.register(Strategy)
class StrategyAdmin(admin.ModelAdmin):
    list_display = ["title", "organisation"]
    list_filter = ["organisation"]
    search_fields = ["title", "summary", "vision", "aim", "mission"]
    list_select_related = ["organisation"]
    inlines = [GoalInline, ObjectiveInline, SectionInline]


@admin.register(Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["title", "strategy", "order"]
    list_editable = ["order"]
    list_filter = ["strategy__organisation"]
    search_fields = ["title", "description"]
    list_select_related = ["strategy"]


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["__str__", "organisation", "year", "number"]
    list_filter = ["strategy__organisation", "year"]
    search_fields = ["statement"]
    list_select_related = ["strategy__organisation"]
    filter_horizontal = ["goals"]

    @admin.display(ordering="strategy__organisation__name")
    def organisation(self, objective):
        return objective.strategy.organisation

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "goals":
            kwargs["queryset"] = Goal.objects.select_related("strategy__organisation")
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class SectionItemInline(admin.StackedInline):
    model = SectionItem
    extra = 0
    fields = [("order", "title"), "summary", "description"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ["heading", "kind", "strategy", "order"]
    list_filter = ["strategy__organisation", "kind"]
    search_fields = ["heading", "introduction", "items__title", "items__description"]
    list_select_related = ["strategy"]
    inlines = [SectionItemInline]
