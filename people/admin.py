from django.contrib import admin

from .models import StaffProfile


@admin.register(StaffProfile)
class StaffProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "site", "line_manager", "job_title", "department"]
    list_filter = ["site"]
    search_fields = [
        "user__username",
        "user__first_name",
        "user__last_name",
        "job_title",
        "department",
    ]
    list_select_related = ["user", "site", "line_manager"]
    fields = ["user", "site", "line_manager", "job_title", "department"]
    raw_id_fields = ["user", "line_manager"]
