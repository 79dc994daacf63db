"""How a save refused because someone else saved first (services.EditConflict) is shown on
the form that carried the record's version (forms.add_version_field)."""

import datetime

from django import forms

from .project_forms import MeasuresField
from .services import record_version


def show_edit_conflict(form, conflict):
    """Refuse a save made over someone else's: say so, show what is saved now against each
    field where it differs from the user's input, which stays in the form, and take the new
    version so that saving again goes through."""
    form.add_error(None, conflict.messages)
    saved_form = type(form)(instance=conflict.current)
    for name, field in list(form.fields.items()):
        if name == "version" or name not in form.cleaned_data:
            continue
        saved = _normalised(field, saved_form.get_initial_for_field(field, name))
        if saved != _normalised(field, form.cleaned_data[name]):
            label = field.label or name.replace("_", " ").capitalize()
            form.add_error(name, f"{label} is now saved as: {_shown(field, saved)}")
    form.data = form.data.copy()
    form.data[form.add_prefix("version")] = record_version(conflict.current)


def _normalised(field, value):
    """A form field's value, in a form comparable between a submission and a record."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        return {getattr(item, "pk", item) for item in value or []}
    if isinstance(field, forms.ModelChoiceField):
        return getattr(value, "pk", value)
    if isinstance(field, MeasuresField) and isinstance(value, str):
        return field.to_python(value)
    return "" if value is None else value


def _shown(field, value):
    """A saved value as the user reads it."""
    if isinstance(field, forms.ModelMultipleChoiceField):
        items = field.queryset.filter(pk__in=value)
        return "; ".join(field.label_from_instance(item) for item in items) or "none"
    if isinstance(field, forms.ModelChoiceField):
        item = field.queryset.filter(pk=value).first() if value else None
        return field.label_from_instance(item) if item else "none"
    if isinstance(field, MeasuresField):
        return "; ".join(f"{kind}: {name}" for name, kind in value) or "none"
    if isinstance(field, forms.BooleanField):
        return "yes" if value else "no"
    if isinstance(value, datetime.date):
        return f"{value:%-d %B %Y}"
    if getattr(field, "choices", None):
        return str(dict(field.choices).get(value, value)) or "blank"
    return str(value) or "blank"
