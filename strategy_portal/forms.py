"""What the apps' forms share: the crispy helper for an NHS.UK form with one button, and
showing a service's refusal on the form."""

from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit


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
    return urlencode([(name, value) for name in form.fields for value in form.data.getlist(name)])
