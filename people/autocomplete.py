"""The admin's type-ahead for choosing a person (autocomplete_fields on a user field): staff
found and labelled as the portal's people pickers find and label them.

Django's own asks whether the user may view user accounts, searches their usernames and
shows each as a username. Strategy editors choosing an objective's owner among thousands
of staff may not browse accounts, and need to tell two colleagues of one name apart: so
whoever may change the record a person is chosen for may search, as any signed-in
colleague can in the portal's pickers, and sees active staff by name with job title,
department and site (people.selectors.staff_matching, core.presenters.person_label)."""

from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.contrib.auth import get_user_model

from core.presenters import person_label

from .selectors import staff_matching


class StaffAutocompleteJsonView(AutocompleteJsonView):
    def process_request(self, request):
        term, model_admin, source_field, to_field_name = super().process_request(request)
        self.source_admin = self.admin_site._registry.get(source_field.model)
        self.choosing_person = (
            source_field.remote_field.model is get_user_model()
            and self.source_admin is not None
            and source_field.name in self.source_admin.get_autocomplete_fields(request)
        )
        return term, model_admin, source_field, to_field_name

    def has_perm(self, request, obj=None):
        if not self.choosing_person:
            return super().has_perm(request, obj)
        return self.source_admin.has_change_permission(
            request
        ) or self.source_admin.has_add_permission(request)

    def get_queryset(self):
        if not self.choosing_person:
            return super().get_queryset()
        return staff_matching(self.term)

    def serialize_result(self, obj, to_field_name):
        if not self.choosing_person:
            return super().serialize_result(obj, to_field_name)
        return {"id": str(obj.pk), "text": person_label(obj)}
