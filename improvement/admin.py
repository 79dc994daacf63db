from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from import_export.admin import ExportMixin

from core.admin import HistoryAdmin, ReadOnlyHistoryAdmin
from goals.admin import CHECKBOXES_FOR_MANY

from . import idea_imports, measure_services
from .measure_data import MAX_VALUES, MAX_VALUES_WORDS
from .models import (
    DataPoint,
    Idea,
    IdeaImport,
    IdeaStatusChange,
    Measure,
    PDSACycle,
    ProgressScoreChange,
    Project,
    Rebase,
)
from .resources import IdeaResource


class IdeaStatusChangeInline(admin.StackedInline):
    model = IdeaStatusChange
    extra = 0
    fields = ["created_at", "from_status", "to_status", "changed_by", "reason"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        # Status changes are made through triage, which records them.
        return False


class IdeaImportForm(forms.Form):
    spreadsheet = forms.FileField(
        label="The ideas log",
        help_text=(
            f"A CSV (UTF-8) or XLSX spreadsheet of at most {idea_imports.MAX_ROWS:,} rows, "
            "its first row naming the columns"
        ),
    )

    def clean_spreadsheet(self):
        upload = self.cleaned_data["spreadsheet"]
        try:
            self.checked_upload = idea_imports.check_upload(upload)
        except idea_imports.SpreadsheetRefused as refused:
            raise forms.ValidationError(refused.messages) from refused
        return upload


@admin.register(Idea)
class IdeaAdmin(HistoryAdmin, ExportMixin, admin.ModelAdmin):
    resource_classes = [IdeaResource]
    change_list_template = "admin/import_export/change_list_import_export.html"
    list_display = ["reference", "title", "status", "site", "submitted_by", "created_at"]
    list_filter = ["status", "site", "objectives", "involves_patients", "health_inequalities"]
    search_fields = ["title", "problem", "proposed_change", "ward"]
    list_select_related = ["site", "submitted_by"]
    raw_id_fields = ["submitted_by", "merged_into", "followers"]
    formfield_overrides = CHECKBOXES_FOR_MANY
    readonly_fields = ["status", "decline_reason", "merged_into", "created_at"]
    date_hierarchy = "created_at"
    inlines = [IdeaStatusChangeInline]

    def has_import_permission(self, request):
        return request.user.has_perm("improvement.add_idea")

    def get_urls(self):
        import_url = path(
            "import/",
            self.admin_site.admin_view(self.import_view),
            name="improvement_idea_import",
        )
        return [import_url, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "has_import_permission": self.has_import_permission(request),
        }
        return super().changelist_view(request, extra_context)

    def import_view(self, request):
        """Upload an ideas log; its rows are imported in the background, row by row."""
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = IdeaImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            ideas_import = idea_imports.start_import(
                uploaded_by=request.user, upload=form.checked_upload
            )
            return redirect(ideas_import.get_absolute_url())
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": "Import ideas from a spreadsheet",
            "form": form,
            "columns": [field.column_name for field in IdeaResource().get_import_fields()],
            "max_rows": idea_imports.MAX_ROWS,
            "imports": IdeaImport.objects.select_related("uploaded_by").defer(
                "rows", "compressed_file"
            )[:5],
        }
        return TemplateResponse(request, "admin/improvement/idea_import.html", context)


@admin.register(IdeaImport)
class IdeaImportAdmin(admin.ModelAdmin):
    """Each import's progress, row by row; imports are started from the ideas' import page."""

    list_display = ["file_name", "uploaded_by", "created_at", "progress", "finished_at"]
    list_select_related = ["uploaded_by"]
    change_form_template = "admin/improvement/ideaimport_progress.html"

    @admin.display(description="rows done")
    def progress(self, ideas_import):
        if ideas_import.total_rows is None:
            return "reading the file"
        return f"{ideas_import.rows_done:,} of {ideas_import.total_rows:,}"

    def get_queryset(self, request):
        return super().get_queryset(request).defer("rows", "compressed_file")

    def has_view_permission(self, request, obj=None):
        return request.user.has_perm("improvement.add_idea")

    def has_module_permission(self, request):
        return self.has_view_permission(request)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/errors/",
                self.admin_site.admin_view(self.errors_view),
                name="improvement_ideaimport_errors",
            ),
            path(
                "<int:pk>/resume/",
                self.admin_site.admin_view(self.resume_view),
                name="improvement_ideaimport_resume",
            ),
            *super().get_urls(),
        ]

    def change_view(self, request, object_id, form_url="", extra_context=None):
        ideas_import = self._viewable(request, object_id)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Importing {ideas_import.file_name}",
            "ideas_import": ideas_import,
            "failed_rows": idea_imports.failed_rows(ideas_import)[: self.ROWS_SHOWN],
            "rows_shown": self.ROWS_SHOWN,
            "stalled": idea_imports.is_stalled(ideas_import),
        }
        return TemplateResponse(request, self.change_form_template, context)

    # The failed rows listed on the progress page; all of them are in its download.
    ROWS_SHOWN = 100

    def errors_view(self, request, pk):
        ideas_import = self._viewable(request, pk)
        response = HttpResponse(
            idea_imports.failed_rows_spreadsheet(ideas_import), content_type="text/csv"
        )
        response["Content-Disposition"] = (
            f'attachment; filename="ideas-not-imported-{ideas_import.pk}.csv"'
        )
        return response

    def resume_view(self, request, pk):
        ideas_import = self._viewable(request, pk)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        if idea_imports.is_stalled(ideas_import):
            idea_imports.resume_import(ideas_import)
            messages.success(request, "The import will go on from the row it had reached.")
        return redirect(ideas_import.get_absolute_url())

    def _viewable(self, request, pk):
        if not self.has_view_permission(request):
            raise PermissionDenied
        # The rows are read only for the download of those not imported.
        return get_object_or_404(
            IdeaImport.objects.select_related("uploaded_by").defer("rows", "compressed_file"), pk=pk
        )


class MeasureInline(admin.StackedInline):
    model = Measure
    extra = 0
    fields = ["name", "kind", "unit", "direction", "target", "frequency"]
    show_change_link = True


class DataPointFormSet(BaseInlineFormSet):
    """A measure's values in the admin, as many as a measure may hold (each value's own
    rules are DataPoint.clean's)."""

    def clean(self):
        super().clean()
        kept = [
            form
            for form in self.forms
            if (form.instance.pk or form.has_changed()) and not self._should_delete_form(form)
        ]
        if len(kept) > MAX_VALUES:
            raise ValidationError(
                f"A measure holds at most {MAX_VALUES_WORDS}: these would give it "
                f"{len(kept):,}. Delete values it no longer needs, or start a new measure"
            )


class DataPointInline(admin.StackedInline):
    model = DataPoint
    formset = DataPointFormSet
    extra = 0
    fields = ["period", "value", "denominator", "note"]


class RebaseInline(admin.StackedInline):
    model = Rebase
    extra = 0
    fields = ["period", "reason"]


@admin.register(Measure)
class MeasureAdmin(HistoryAdmin):
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
        measure_services.refresh_verdict(form.instance)


class PDSACycleInline(admin.StackedInline):
    model = PDSACycle
    extra = 0
    show_change_link = True


@admin.register(Rebase)
class RebaseAdmin(ReadOnlyHistoryAdmin):
    list_display = ["measure", "period", "reason"]
    search_fields = ["measure__name", "reason"]
    list_select_related = ["measure"]


@admin.register(PDSACycle)
class PDSACycleAdmin(HistoryAdmin):
    list_display = ["change_idea", "project", "start_date", "end_date", "act"]
    list_filter = ["act"]
    search_fields = ["change_idea", "project__title"]
    list_select_related = ["project"]
    raw_id_fields = ["project"]
    date_hierarchy = "start_date"


class ProgressScoreChangeInline(admin.StackedInline):
    model = ProgressScoreChange
    extra = 0
    fields = ["created_at", "score", "recorded_by", "note"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Project)
class ProjectAdmin(HistoryAdmin):
    list_display = ["title", "status", "phase", "progress_score", "site", "lead", "start_date"]
    list_filter = ["status", "phase", "site", "objectives", "involves_patients"]
    search_fields = ["title", "problem_statement", "aim", "ward"]
    list_select_related = ["site", "lead"]
    raw_id_fields = ["idea", "lead", "sponsor", "team"]
    formfield_overrides = CHECKBOXES_FOR_MANY
    date_hierarchy = "start_date"
    inlines = [MeasureInline, PDSACycleInline, ProgressScoreChangeInline]
