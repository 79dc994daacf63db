from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.db import models
from django.template.response import TemplateResponse

from core.admin import HistoryAdmin, ListInline, ReadOnlyHistoryAdmin
from core.presenters import person_label, plural

from . import carried_work, services
from .models import (
    EvidenceMeasure,
    Goal,
    Objective,
    Organisation,
    ProgressUpdate,
    Section,
    SectionItem,
    Site,
    Strategy,
)
from .periods import Period, year_label

# Django's two-box "filter_horizontal" widget fails axe (an aria-label on a bare span), so
# short lists of choices, such as a strategy's goals or objectives, are plain checkboxes.
CHECKBOXES_FOR_MANY = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


class OwnersByNameAdmin:
    """Owners and delivery leads are found by typing a name, job title or department (the
    admin's type-ahead, answered by people/autocomplete.py as the portal's people pickers
    are): a trust has thousands of staff, too many for a list or checkboxes, and several
    share a name, so each is shown with their job title, department and site."""

    autocomplete_fields = ["executive_owner", "delivery_leads"]

    class Media:
        # After django.jQuery is defined, which the script waits on.
        js = ["admin/js/jquery.init.js", "js/admin_autocomplete_names.js"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name in self.autocomplete_fields:
            # The type-ahead, not the checkboxes this admin's formfield_overrides give links.
            kwargs.pop("widget", None)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if db_field.name in self.autocomplete_fields:
            formfield.queryset = formfield.queryset.select_related("staff_profile__site")
            formfield.label_from_instance = person_label
        return formfield


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
class GoalAdmin(OwnersByNameAdmin, HistoryAdmin):
    list_display = ["title", "strategy", "executive_owner", "order"]
    list_filter = ["strategy__organisation"]
    search_fields = ["title", "description"]
    list_select_related = ["strategy", "executive_owner"]
    fields = ["strategy", "title", "description", "order", "executive_owner", "delivery_leads"]


class ObjectiveAdminForm(forms.ModelForm):
    def clean(self):
        cleaned_data = super().clean()
        strategy = cleaned_data.get("strategy")
        goals = cleaned_data.get("goals") or []
        if strategy and any(goal.strategy_id != strategy.pk for goal in goals):
            self.add_error("goals", f"Choose only goals of this objective's strategy, {strategy}.")
        return cleaned_data


class ProgressUpdateInline(admin.TabularInline):
    """An objective's updates, one a period, read-only: they are written on the portal's
    pages, and each one's page here links to its history (every version written, returned
    and approved)."""

    model = ProgressUpdate
    extra = 0
    fields = ["period_label", "status", "state", "written_by", "updated_at"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("written_by")

    @admin.display(description="Period")
    def period_label(self, update):
        return update.period.label


@admin.register(Objective)
class ObjectiveAdmin(OwnersByNameAdmin, HistoryAdmin):
    form = ObjectiveAdminForm
    list_display = ["__str__", "organisation", "year", "number", "executive_owner"]
    list_filter = ["strategy__organisation", "year"]
    search_fields = ["statement"]
    list_select_related = ["strategy__organisation", "executive_owner"]
    formfield_overrides = CHECKBOXES_FOR_MANY
    inlines = [ProgressUpdateInline]
    actions = ["copy_to_next_year"]

    @admin.action(description="Copy to the next year, as its starting point", permissions=["add"])
    def copy_to_next_year(self, request, queryset):
        """First a page where the editor chooses, for each objective, whether the projects
        and ideas going on that serve it are carried into its copy; then the copies."""
        objectives = list(
            queryset.select_related("strategy__organisation").prefetch_related(
                "goals", "delivery_leads"
            )
        )
        if "copy" not in request.POST:
            return self.copy_to_next_year_choices(request, objectives)
        carry_work_of = {int(pk) for pk in request.POST.getlist("carry_work") if pk.isdecimal()}
        copies, skipped, carried = services.copy_objectives_to_next_year(
            objectives=objectives, copied_by=request.user, carry_work_of=carry_work_of
        )
        if copies:
            count = len(copies)
            work = (
                f" with {carried} link{plural(carried)} to the projects and ideas carried"
                if carried
                else ""
            )
            self.message_user(
                request,
                f"{count} objective{plural(count)} copied to the next year{work}: "
                "change each for the new year.",
            )
        for objective in skipped:
            self.message_user(
                request,
                f"{objective} was not copied: {objective.strategy.organisation.short_name} "
                f"already has an objective {objective.number} the next year.",
                messages.WARNING,
            )
        return None

    def copy_to_next_year_choices(self, request, objectives):
        work = carried_work.continuing([objective.pk for objective in objectives])
        return TemplateResponse(
            request,
            "admin/goals/objective/copy_to_next_year.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": "Copy objectives to the next year",
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "rows": [
                    {
                        "objective": objective,
                        "next_year": year_label(objective.year + 1),
                        "work": work.get(objective.pk, []),
                    }
                    for objective in objectives
                ],
            },
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


class PeriodFilter(admin.SimpleListFilter):
    """The reporting periods updates were written for, by their names ("Q2 2023-24")."""

    title = "period"
    parameter_name = "period"

    def lookups(self, request, model_admin):
        periods = (
            ProgressUpdate.objects.order_by("-period_start", "period_end")
            .values_list("period_start", "period_end")
            .distinct()
        )
        return [(start.isoformat(), Period(start, end).label) for start, end in periods]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(period_start=self.value())
        return queryset


class EvidenceMeasureInline(admin.TabularInline):
    model = EvidenceMeasure
    extra = 0
    fields = ["name", "project", "variation", "assurance"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        # Shown only on an update's page, to whoever may read the update: its evidence is
        # part of it, not a record of its own to be permitted apart.
        return True


@admin.register(ProgressUpdate)
class ProgressUpdateAdmin(ReadOnlyHistoryAdmin):
    """Progress updates, read-only: owners write them and editors approve or return them on
    the portal's pages (goals.services); each one's history holds the versions it replaced."""

    list_display = ["objective", "organisation", "period_label", "status", "state", "written_by"]
    list_filter = ["objective__strategy", PeriodFilter, "status", "state"]
    search_fields = ["narrative", "objective__statement"]
    list_select_related = ["objective__strategy__organisation", "written_by"]
    inlines = [EvidenceMeasureInline]

    def get_queryset(self, request):
        return super().get_queryset(request).for_admin()

    @admin.display(ordering="objective__strategy__organisation__name")
    def organisation(self, update):
        return update.objective.strategy.organisation.short_name

    @admin.display(description="Period", ordering="period_start")
    def period_label(self, update):
        return update.period.label


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
