"""What the apps' forms share: the crispy helper for an NHS.UK form with one button, showing
a service's refusal on the form, a form's values as given, and the NHS.UK date input.

NHS services ask for dates as three boxes (day, month, year) rather than one text box or a
date picker. `NHSDateField` cleans the three parts into a `datetime.date`, with the error
messages the NHS date input guidance uses; the crispy `nhsuk` template pack draws its widget,
`NHSDateInput`, as the `nhsuk-date-input` component.
"""

import datetime
from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError

from .presenters import person_name


def nhsuk_helper(submit_text, *, form_tag=True, button_name="submit"):
    helper = FormHelper()
    helper.form_tag = form_tag
    # A page that writes its own <form> tag writes its CSRF token with it.
    helper.disable_csrf = not form_tag
    helper.add_input(Submit(button_name, submit_text))
    return helper


def add_service_errors(form, error):
    """Show a service's ValidationError on the form, against its field where it names one."""
    if hasattr(error, "error_dict"):
        for field, field_errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_errors)
    else:
        form.add_error(None, error.messages)


def given_values(form):
    """A bound form's values as the visitor gave them, as a query string: only the form's own
    fields, so parameters the page does not read change nothing (and key no new entry)."""
    if not form.is_bound:
        return ""
    return urlencode(
        [
            (given, value)
            for name, field in form.fields.items()
            for given in data_names(name, field)
            for value in form.data.getlist(given)
        ]
    )


def data_names(name, field):
    """The names a field's values are sent under: a date's three boxes have one each."""
    suffixes = getattr(field.widget, "widgets_names", None)
    return [f"{name}{suffix}" for suffix in suffixes] if suffixes else [name]


class NamedErrors:
    """A form mixin giving every field error messages that name the field, as the NHS
    service manual asks ("Enter the start date", "Capacity must be 1 or more"), where the
    field kept Django's unnamed defaults ("This field is required.", "Ensure this value is
    greater than or equal to 1."). Messages a form sets itself are kept."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = getattr(getattr(self, "_meta", None), "model", None)
        for name, field in self.fields.items():
            # A hidden field's error is the page's fault, not the user's, and has no label.
            if not field.widget.is_hidden:
                name_field_in_errors(field, error_label(field, name, model))


CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField)
UNNAMED_REQUIRED = {forms.Field.default_error_messages["required"], "Enter a date"}


def error_label(field, name, model):
    """What the field is called in its errors: its label, unless the label is a question
    ("What is the problem?"), when a model form's field goes by the model field's name."""
    label = str(field.label or "")
    if label.endswith("?") and model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return label


def field_subject(label):
    """How an error names the field: its label before any colon or "(optional)", with a
    lower-case first letter unless the label starts with an acronym ("QSIR cohort")."""
    subject = str(label or "").split(":")[0].replace("(optional)", "").strip()
    if len(subject) > 1 and not subject[1].isupper():
        subject = subject[0].lower() + subject[1:]
    return subject or "this"


def name_field_in_errors(field, label):
    subject = field_subject(label)
    messages = field.error_messages
    if messages.get("required") in UNNAMED_REQUIRED:
        verb = "Select" if isinstance(field, CHOSEN) else "Enter"
        messages["required"] = f"{verb} {subject}"
    capital = subject[0].upper() + subject[1:]
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        # FloatField and DecimalField are IntegerFields too.
        whole = not isinstance(field, forms.FloatField | forms.DecimalField)
        if messages.get("invalid") == type(field).default_error_messages["invalid"]:
            messages["invalid"] = f"{capital} must be a {'whole ' if whole else ''}number"
        messages.setdefault("min_value", f"{capital} must be %(limit_value)s or more")
        messages.setdefault("max_value", f"{capital} must be %(limit_value)s or fewer")
    if isinstance(field, forms.CharField):
        messages.setdefault("max_length", f"{capital} must be %(limit_value)s characters or fewer")


# Each part of the date, with the width of its box in characters.
DATE_PARTS = {"day": 2, "month": 2, "year": 4}


class NHSDateInput(forms.MultiWidget):
    """Three text boxes named `<name>_day`, `<name>_month` and `<name>_year`."""

    def __init__(self, attrs=None):
        # Text boxes with a numeric keypad, not type="number": number inputs drop leading
        # zeros, accept "1e3" and change value when scrolled.
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # NHS ids ("id_due-day", not Django's "id_due_0"), and each box's label and width.
        field_id = context["widget"]["attrs"].get("id")
        for (part, width), subwidget in zip(
            DATE_PARTS.items(), context["widget"]["subwidgets"], strict=True
        ):
            subwidget["label"] = part.capitalize()
            subwidget["width"] = width
            if field_id:
                subwidget["attrs"]["id"] = f"{field_id}-{part}"
        return context

    def id_for_label(self, id_):
        # Error summary links go to the day box, the first one the user fills in.
        return f"{id_}-day" if id_ else ""


class NHSDateField(forms.MultiValueField):
    """A date typed as day, month and year; cleans to a `datetime.date`.

    Override any message with `error_messages`, e.g. {"required": "Enter the review date"}.
    """

    widget = NHSDateInput
    default_error_messages = {
        "required": "Enter a date",
        "incomplete": "Date must include a %(missing)s",
        "invalid": "Enter a real date",
        "invalid_year": "Year must include 4 numbers",
    }

    def __init__(self, **kwargs):
        parts = [forms.CharField(required=False) for _ in DATE_PARTS]
        # The parts are checked together in compress(), so that a missing month gives
        # "Date must include a month" rather than the message for an empty date.
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        missing = [part for part, value in zip(DATE_PARTS, data_list, strict=True) if not value]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"],
                code="incomplete",
                params={"missing": " and ".join(missing)},
            )
        day, month, year = data_list
        if not all(value.isdecimal() for value in data_list):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        # A two-digit year is ambiguous (24 could be 1924 or 2024), so ask for all four.
        if len(year) != 4:
            raise ValidationError(self.error_messages["invalid_year"], code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return person_name(user)
