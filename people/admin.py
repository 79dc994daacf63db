from django import forms
from django.contrib import admin
from django.contrib.auth import admin as auth_admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import models

from core.admin import HistoryAdmin

from .models import StaffProfile


class ChoicesAsCheckboxes:
    """Groups and permissions as a list of labelled checkboxes. Django's two-box picker
    (filter_horizontal) puts an aria-label on a bare span, which screen readers may ignore
    and axe refuses (aria-prohibited-attr); a checkbox list is a fieldset that every
    assistive technology reads and that works without JavaScript."""

    filter_horizontal = ()
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}


admin.site.unregister(get_user_model())
admin.site.unregister(Group)


@admin.register(get_user_model())
class UserAdmin(ChoicesAsCheckboxes, auth_admin.UserAdmin):
    pass


@admin.register(Group)
class GroupAdmin(ChoicesAsCheckboxes, auth_admin.GroupAdmin):
    pass


@admin.register(StaffProfile)
class StaffProfileAdmin(HistoryAdmin):
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
