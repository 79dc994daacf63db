"""The forms of a measure: its definition, its values (one, pasted or uploaded) and its
rebases."""

import math

from django import forms

from core.forms import NamedErrors, NHSDateField, nhsuk_helper

from .chart_types import CHART_TYPE_GUIDANCE
from .measure_data import MAX_VALUES_WORDS, as_sentence, decode_upload, parse_rows, row_problems
from .models import Measure


class MeasureForm(NamedErrors, forms.ModelForm):
    class Meta:
        model = Measure
        fields = [
            "name",
            "kind",
            "unit",
            "direction",
            "target",
            "frequency",
            "chart_type",
            "definition",
        ]
        widgets = {
            "kind": forms.RadioSelect,
            "chart_type": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "definition": forms.Textarea(attrs={"rows": 3}),
            "target": forms.NumberInput(attrs={"class": "nhsuk-input--width-10", "step": "any"}),
            "unit": forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
        }
        labels = {"kind": "Type", "chart_type": "Chart"}
        help_texts = {
            "target": "Optional. The value the project aims for.",
            "chart_type": "Which chart suits the data. The values of a p or u chart each need "
            "a denominator, what the value is out of.",
        }
        error_messages = {
            "name": {"required": "Enter the measure's name"},
            "kind": {"required": "Select the type of measure"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The type has no default: without this its radios begin with a blank, checked one.
        self.fields["kind"].choices = Measure.Kind.choices
        # Each chart type with, in plain words, the data it suits.
        self.fields["chart_type"].choices = [
            (value, f"{label}: {CHART_TYPE_GUIDANCE[value]}")
            for value, label in Measure.ChartType.choices
        ]
        self.helper = nhsuk_helper("Save measure")


class DataPointForm(NamedErrors, forms.Form):
    period = NHSDateField(
        label="Period",
        help_text=(
            "The first day of the week or month the value is for, or the day itself for a "
            "daily measure. For example, 4 3 2024"
        ),
        error_messages={"required": "Enter the period"},
    )
    value = forms.FloatField(
        label="Value",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"required": "Enter the value", "invalid": "Enter the value as a number"},
    )
    denominator = forms.FloatField(
        label="Denominator (optional)",
        required=False,
        help_text="What the value is out of, such as all patients seen that week.",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"invalid": "Enter the denominator as a number"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=200,
        help_text="Shown on the chart, for example 'new rota started'.",
    )

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.chart_type, self.unit = measure.chart_type, measure.unit
        if measure.needs_denominators:
            denominator = self.fields["denominator"]
            denominator.required = True
            denominator.label = "Denominator"
            denominator.error_messages["required"] = "Enter the denominator"
            denominator.help_text = (
                f"What the value is out of, such as all patients seen that week: the "
                f"{measure.get_chart_type_display()} needs it."
            )
        self.helper = nhsuk_helper("Add value", form_tag=False)

    def clean_value(self):
        value = self.cleaned_data["value"]
        if not math.isfinite(value):
            raise forms.ValidationError("Enter the value as a number")
        return value

    def clean_denominator(self):
        denominator = self.cleaned_data["denominator"]
        if denominator is not None and not math.isfinite(denominator):
            raise forms.ValidationError("Enter the denominator as a number")
        return denominator

    def clean(self):
        cleaned = super().clean()
        value, denominator = cleaned.get("value"), cleaned.get("denominator")
        if value is not None and not self.has_error("denominator"):
            problems = row_problems(
                self.chart_type,
                value,
                denominator,
                unit=self.unit,
                period=cleaned.get("period"),
            )
            for field, message in problems:
                self.add_error(field, as_sentence(message))
        return cleaned


class DataUploadForm(NamedErrors, forms.Form):
    """Values pasted from a spreadsheet or uploaded as a CSV file of date,value rows."""

    rows = forms.CharField(
        label="Paste the values",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One period a line: the date, a comma (or a tab, as a spreadsheet pastes), "
        "then the value, and if you have them the denominator and a note. For example: "
        "2024-01-08,6.5 or 2024-01-08,45,52,new rota",
    )
    file = forms.FileField(
        label="Or upload a CSV file",
        required=False,
        help_text="A file with a date,value row for each period, with a denominator and a note "
        "as third and fourth columns if you have them (as the measure's CSV download is). "
        f"1 MB at most. A measure holds at most {MAX_VALUES_WORDS}.",
    )
    replace = forms.BooleanField(
        label="Replace values already given for the same periods", required=False
    )

    MAX_BYTES = 1024 * 1024

    def __init__(self, *args, measure, **kwargs):
        super().__init__(*args, **kwargs)
        self.chart_type, self.unit = measure.chart_type, measure.unit
        if measure.needs_denominators:
            self.fields["rows"].help_text = (
                "One period a line: the date, the value, the denominator (what the value is "
                f"out of: the {measure.get_chart_type_display()} needs it) and, if you like, a "
                "note, separated by commas (or tabs, as a spreadsheet pastes). For example: "
                "2024-01-08,45,52"
            )
        self.helper = nhsuk_helper("Add these values", form_tag=False)

    def clean(self):
        cleaned = super().clean()
        upload, text = cleaned.get("file"), cleaned.get("rows", "")
        if upload:
            if upload.size > self.MAX_BYTES:
                raise forms.ValidationError("The file is larger than 1 MB: split it into parts")
            text = decode_upload(upload.read())
            if text is None:
                raise forms.ValidationError(
                    "The file is not in a text encoding we can read: save it as CSV (UTF-8)"
                )
        if not text.strip():
            raise forms.ValidationError("Paste the values or choose a CSV file")
        parsed = parse_rows(text, self.chart_type, unit=self.unit)
        if parsed.errors:
            raise forms.ValidationError(parsed.errors)
        cleaned["parsed_rows"] = parsed.rows
        return cleaned


class DataPointDeletionForm(NamedErrors, forms.Form):
    """Deleting a wrong value, named by its period, saying why: the history keeps both."""

    period = NHSDateField(
        label="Period of the value to delete",
        help_text="As the table gives it. For example, 4 3 2024",
        error_messages={"required": "Enter the period of the value to delete"},
    )
    reason = forms.CharField(
        label="Why delete it?",
        help_text="For example, 'typed in the wrong week'. The measure's history keeps the "
        "value and your reason.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why the value is deleted"},
    )

    def __init__(self, *args, **kwargs):
        # The value and rebase forms on the same page have a "period" and a "reason" too: a
        # prefix keeps this form's names and ids its own.
        kwargs.setdefault("prefix", "deletion")
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Delete value", form_tag=False)


class RebaseForm(NamedErrors, forms.Form):
    period = NHSDateField(
        label="Recalculate the limits from",
        help_text="The first period after the change. For example, 4 3 2024",
        error_messages={"required": "Enter the period to recalculate from"},
    )
    reason = forms.CharField(
        label="Why?",
        help_text="Rebase only once the cause of the change is understood, for example a "
        "change adopted after a PDSA cycle.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the limits are recalculated from here"},
    )

    def __init__(self, *args, **kwargs):
        # The value form, on the same page, has a "period" too: ids of its own keep this
        # form's labels, hints and error-summary links on its own boxes.
        kwargs.setdefault("auto_id", "id_rebase_%s")
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Recalculate limits", form_tag=False)


class RebaseRemovalForm(forms.Form):
    """Removing one of the measure's rebases, saying why: the history keeps the reason."""

    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": "Enter why the rebase is removed"},
    )

    def __init__(self, *args, rebase, **kwargs):
        # One form a rebase on the page, beside the rebase form's own "reason": a name and
        # ids of its own keep each label, value and error on its own box.
        kwargs.setdefault("prefix", "removal")
        kwargs.setdefault("auto_id", f"id_rebase_{rebase.pk}_%s")
        super().__init__(*args, **kwargs)
        self.rebase = rebase
        self.fields["reason"].label = f"Why remove the rebase from {rebase.period:%-d %B %Y}?"
        self.helper = nhsuk_helper("Remove", form_tag=False)
