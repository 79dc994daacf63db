from django.contrib import admin
from import_export.admin import ImportExportModelAdmin

from . import services
from .models import (
    DataPoint,
    Idea,
    IdeaStatusChange,
    Measure,
    PDSACycle,
    ProgressScoreChange,
    Project,
    Rebase,
    Site,
)
from .resources import IdeaResource


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "short_name", "organisation", "order"]
    list_editable = ["order"]
    list_filter = ["organisation"]
    search_fields = ["name", "short_name"]
    prepopulated_fields = {"slug": ["short_name"]}


class IdeaStatusChangeInline(admin.TabularInline):
    model = IdeaStatusChange
    extra = 0
    fields = ["created_at", "from_status", "to_status", "changed_by", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Status changes are made through triage, which records them.
        return False


@admin.register(Idea)
class IdeaAdmin(ImportExportModelAdmin):
    resource_classes = [IdeaResource]
    list_display = ["reference", "title", "status", "site", "submitted_by", "created_at"]
    list_filter = ["status", "site", "objectives", "involves_patients", "health_inequalities"]
    search_fields = ["title", "problem", "proposed_change", "ward"]
    list_select_related = ["site", "submitted_by"]
    raw_id_fields = ["submitted_by", "merged_into"]
    filter_horizontal = ["objectives", "followers"]
    readonly_fields = ["status", "decline_reason", "merged_into", "created_at"]
    date_hierarchy = "created_at"
    inlines = [IdeaStatusChangeInline]


class MeasureInline(admin.TabularInline):
    model = Measure
    extra = 0
    fields = ["name", "kind", "unit", "direction", "target", "frequency"]
    show_change_link = True


class DataPointInline(admin.TabularInline):
    model = DataPoint
    extra = 0
    fields = ["period", "value", "note"]


class RebaseInline(admin.TabularInline):
    model = Rebase
    extra = 0
    fields = ["period", "reason"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["name", "project", "kind", "variation", "assurance"]
    list_filter = ["kind", "direction", "variation", "assurance"]
    search_fields = ["name", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    readonly_fields = ["variation", "assurance"]
    inlines = [DataPointInline, RebaseInline]

    def save_related(self, request, form, formsets, change):
        # Data changed here must move the chart's stored verdict too.
        super().save_related(request, form, formsets, change)
        services.refresh_verdict(form.instance)


class PDSACycleInline(admin.StackedInline):
    model = PDSACycle
    extra = 0


class ProgressScoreChangeInline(admin.TabularInline):
    model = ProgressScoreChange
    extra = 0
    fields = ["created_at", "score", "recorded_by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(admin.ModelAdmin):
    list_display = ["title", "status", "phase", "progress_score", "site", "lead", "start_date"]
    list_filter = ["status", "phase", "site", "objectives", "involves_patients"]
    search_fields = ["title", "problem_statement", "aim", "ward"]
    list_select_related = ["site", "lead"]
    raw_id_fields = ["idea", "lead", "sponsor"]
    filter_horizontal = ["team", "objectives"]
    date_hierarchy = "start_date"
    inlines = [MeasureInline, PDSACycleInline, ProgressScoreChangeInline]
