from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.shortcuts import redirect
from import_export.admin import ImportExportModelAdmin
from import_export.forms import ImportForm

from core.admin import HistoryAdmin, ReadOnlyHistoryAdmin
from core.import_storage import UploadGone
from goals.admin import CHECKBOXES_FOR_MANY

from . import measure_services
from .measure_data import MAX_VALUES, MAX_VALUES_WORDS
from .models import (
    DataPoint,
    Idea,
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


class IdeaImportForm(ImportForm):
    """The ideas import form, refusing a file too large to check in one request."""

    MAX_BYTES = 1024 * 1024

    def clean_import_file(self):
        upload = self.cleaned_data["import_file"]
        if upload.size > self.MAX_BYTES:
            raise forms.ValidationError(
                "The file is larger than 1 MB: split the ideas log into smaller files"
            )
        return upload


# Said when the cache holding the upload lost it or could not keep it (down or restarted).
UPLOAD_GONE = (
    "The uploaded file could not be kept for the import, so nothing was imported: upload "
    "it again, or try again in a few minutes"
)


@admin.register(Idea)
class IdeaAdmin(HistoryAdmin, ImportExportModelAdmin):
    resource_classes = [IdeaResource]
    import_form_class = IdeaImportForm
    list_display = ["reference", "title", "status", "site", "submitted_by", "created_at"]
    list_filter = ["status", "site", "objectives", "involves_patients", "health_inequalities"]
    search_fields = ["title", "problem", "proposed_change", "ward"]
    list_select_related = ["site", "submitted_by"]
    raw_id_fields = ["submitted_by", "merged_into", "followers"]
    formfield_overrides = CHECKBOXES_FOR_MANY
    readonly_fields = ["status", "decline_reason", "merged_into", "created_at"]
    date_hierarchy = "created_at"
    inlines = [IdeaStatusChangeInline]

    def add_data_read_fail_error_to_form(self, form, e):
        # import-export's own message names the Python exception, which means nothing to
        # the person importing.
        if isinstance(e, UnicodeDecodeError):
            form.add_error(
                "import_file",
                "The file is not in UTF-8: save it from the spreadsheet as CSV UTF-8 "
                "(comma delimited) and import it again",
            )
        elif isinstance(e, UploadGone):
            form.add_error("import_file", UPLOAD_GONE)
        else:
            super().add_data_read_fail_error_to_form(form, e)

    def process_import(self, request, **kwargs):
        # The uploaded file waits in the shared cache between the preview and this step;
        # if the cache lost it, the person importing is told so and nothing is imported.
        try:
            return super().process_import(request, **kwargs)
        except UploadGone:
            messages.error(request, UPLOAD_GONE)
            app_label, model_name = self.get_model_info()
            return redirect(f"admin:{app_label}_{model_name}_import")


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
