from django.contrib import admin

from core.admin import HistoryAdmin, ReadOnlyHistoryAdmin

from . import services
from .models import Attendance, Cohort, CohortSession, Course, Enrolment, Ward, Wave


@admin.register(Course)
class CourseAdmin(HistoryAdmin):
    list_display = ["name", "session_count", "order"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


class CohortSessionInline(admin.StackedInline):
    model = CohortSession
    extra = 0
    fields = [("number", "date"), ("cancelled_on", "cancel_reason")]
    # A session is cancelled on the cohort's page, which tells those with a place.
    readonly_fields = ["cancelled_on", "cancel_reason"]
    show_change_link = True


def tell_of_moved_sessions(forms):
    """Tell those with a place of each session whose date an admin form changed."""
    for form in forms:
        if form.instance.pk and "date" in form.changed_data and form.initial.get("date"):
            services.tell_session_moved(form.instance, form.initial["date"])


@admin.register(Cohort)
class CohortAdmin(HistoryAdmin):
    list_display = ["name", "course", "site", "starts_on", "capacity"]
    list_filter = ["course", "site"]
    search_fields = ["name"]
    list_select_related = ["course", "site"]
    date_hierarchy = "starts_on"
    raw_id_fields = ["facilitators"]
    inlines = [CohortSessionInline]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is CohortSession:
            tell_of_moved_sessions(formset.forms)


@admin.register(CohortSession)
class CohortSessionAdmin(HistoryAdmin):
    list_display = ["__str__", "date"]
    list_filter = ["cohort__course"]
    list_select_related = ["cohort__course"]
    date_hierarchy = "date"
    raw_id_fields = ["cohort"]
    readonly_fields = ["cancelled_on", "cancel_reason"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        tell_of_moved_sessions([form])


@admin.register(Enrolment)
class EnrolmentAdmin(HistoryAdmin):
    list_display = ["person", "cohort", "status", "completed_on"]
    list_filter = ["status", "cohort__course", "cohort__site"]
    search_fields = ["person__username", "person__first_name", "person__last_name"]
    list_select_related = ["person", "cohort__course"]
    raw_id_fields = ["person", "decided_by"]
    # Completion follows from the attendance the portal records, never typed in here.
    readonly_fields = ["completed_on"]


@admin.register(Attendance)
class AttendanceAdmin(ReadOnlyHistoryAdmin):
    list_display = ["__str__", "recorded_by", "created_at"]
    list_filter = ["session__cohort__course"]
    search_fields = ["enrolment__person__username", "enrolment__person__last_name"]
    list_select_related = ["enrolment__person", "session__cohort__course", "recorded_by"]


@admin.register(Wave)
class WaveAdmin(HistoryAdmin):
    list_display = ["__str__", "planned_start", "planned_wards"]


@admin.register(Ward)
class WardAdmin(HistoryAdmin):
    list_display = ["name", "site", "wave", "joined_on", "stage"]
    list_filter = ["site", "wave", "stage"]
    search_fields = ["name"]
    list_select_related = ["site", "wave"]
