from django import forms

from core.forms import NamedErrors, nhsuk_helper

from .models import Kind


class EmailChoiceForm(NamedErrors, forms.Form):
    emailed = forms.MultipleChoiceField(
        label="Which notifications do you want by email?",
        help_text="You will still see every notification in the portal.",
        choices=Kind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Save email choices")
