import math

from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model

from core.forms import NHSDateField, nhsuk_helper
from core.presenters import person_name
from goals.models import Objective, Site

from .measure_data import decode_upload, parse_rows
from .models import (
    Cohort,
    HealthInequalitiesEffect,
    Idea,
    Measure,
    PDSACycle,
    ProgressScore,
    Project,
    Ward,
)
from .services import record_version

User = get_user_model()


def add_version_field(form):
    """A hidden copy of the record's version when the form is shown, so that the service can
    refuse a save made over someone else's (see `services.update_charter`)."""
    form.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
    if form.instance.pk:
        form.fields["version"].initial = record_version(form.instance)


class ObjectiveChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, objective):
        return f"{objective.year_label} objective {objective.number}: {objective.statement}"


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, user):
        return person_name(user)


def check_dates_in_order(form, first, second, message):
    """Add `message` to the second date field when both dates are given in reverse order."""
    start, end = form.cleaned_data.get(first), form.cleaned_data.get(second)
    if start and end and end < start:
        form.add_error(second, message)


def objectives():
    return Objective.objects.select_related("strategy__organisation").order_by(
        "-year", "strategy__organisation__order", "number"
    )


def people():
    return User.objects.filter(is_active=True).order_by("first_name", "last_name", "username")


class IdeaForm(forms.ModelForm):
    objectives = ObjectiveChoiceField(
        queryset=Objective.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Which strategic objectives does it serve?",
        help_text="Select all that apply.",
    )
    involves_patients = forms.TypedChoiceField(
        label="Will patients or carers be involved in designing the change?",
        help_text="Co-production means working with patients and carers as equal partners.",
        choices=[("yes", "Yes"), ("no", "No")],
        coerce=lambda answer: answer == "yes",
        widget=forms.RadioSelect,
    )
    health_inequalities = forms.ChoiceField(
        label="What effect do you expect on health inequalities?",
        choices=HealthInequalitiesEffect.choices,
        widget=forms.RadioSelect,
    )
    # Carried from the first view of the form to the saving request, so a second
    # submission of the same form finds the idea the first one created.
    submission_token = forms.UUIDField(widget=forms.HiddenInput)

    class Meta:
        model = Idea
        fields = [
            "title",
            "problem",
            "proposed_change",
            "site",
            "ward",
            "objectives",
            "involves_patients",
            "health_inequalities",
            "health_inequalities_notes",
        ]
        labels = {
            "title": "Give your idea a short title",
            "problem": "What is the problem?",
            "proposed_change": "What change do you propose?",
            "site": "Which hospital site is it for?",
            "ward": "Which ward or department?",
            "health_inequalities_notes": "Tell us more about the effect on health inequalities",
        }
        help_texts = {
            "problem": "Describe what happens now and who it affects.",
            "proposed_change": "Describe what you would do differently.",
            "health_inequalities_notes": "Optional. For example, which patients it helps.",
        }
        widgets = {
            "problem": forms.Textarea(attrs={"rows": 5}),
            "proposed_change": forms.Textarea(attrs={"rows": 5}),
            "health_inequalities_notes": forms.Textarea(attrs={"rows": 3}),
            "site": forms.RadioSelect,
        }
        error_messages = {
            "title": {"required": "Enter a title for your idea"},
            "problem": {"required": "Describe the problem"},
            "proposed_change": {"required": "Describe the change you propose"},
            "site": {"required": "Select the hospital site"},
            "ward": {"required": "Enter the ward or department"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].queryset = objectives()
        self.fields["objectives"].error_messages["required"] = (
            "Select at least one strategic objective"
        )
        self.fields["site"].queryset = Site.objects.all()
        self.fields["site"].empty_label = None
        self.fields["involves_patients"].error_messages["required"] = (
            "Select yes if patients or carers will be involved"
        )
        self.fields["health_inequalities"].error_messages["required"] = (
            "Select the effect you expect on health inequalities"
        )
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label="Why is the idea declined?",
        help_text="The person who submitted the idea will see this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason the idea is declined"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Decline idea")


class MergeForm(forms.Form):
    into = forms.ModelChoiceField(
        queryset=Idea.objects.none(),
        label="Merge into which idea?",
        help_text="Enter the idea's number, for example 42 for IDEA-00042.",
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-10"}),
        error_messages={
            "required": "Enter the number of the idea to merge into",
            "invalid_choice": "Enter the number of another idea that exists and is not merged",
        },
    )
    reason = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, idea, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["into"].queryset = Idea.objects.exclude(pk=idea.pk).exclude(
            status=Idea.Status.MERGED
        )
        self.helper = nhsuk_helper("Merge idea")


class StartReviewForm(forms.Form):
    reason = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Start review")


class SupportForm(forms.Form):
    aim = forms.CharField(
        label="SMART aim",
        help_text="Specific, measurable, achievable, realistic and timed. For example: reduce "
        "falls on Ward 5 by 20% by March.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the project's SMART aim"},
    )
    lead = PersonChoiceField(
        queryset=User.objects.none(),
        label="Project lead",
        error_messages={"required": "Select the project lead"},
    )
    start_date = NHSDateField(
        label="Start date",
        help_text="For example, 15 3 2025",
        error_messages={"required": "Enter the start date"},
    )
    target_date = NHSDateField(
        label="Target date",
        help_text="For example, 15 3 2026",
        error_messages={"required": "Enter the target date"},
    )
    reason = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = people()
        self.helper = nhsuk_helper("Support idea and start project")

    def clean(self):
        cleaned = super().clean()
        check_dates_in_order(
            self, "start_date", "target_date", "The target date must be on or after the start date"
        )
        return cleaned


class MeasuresField(forms.CharField):
    """One measure a line, as "kind: name", e.g. "outcome: Length of stay in days"."""

    def to_python(self, value):
        text = super().to_python(value)
        measures = []
        kinds = set(Measure.Kind.values)
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            kind, separator, name = line.partition(":")
            kind = kind.strip().lower()
            if not separator or kind not in kinds or not name.strip():
                raise forms.ValidationError(
                    f"Line {number}: write each measure as outcome, process or balancing, a "
                    "colon, then its name"
                )
            measures.append((name.strip(), kind))
        return measures

    def has_changed(self, initial, data):
        try:
            return self.to_python(initial) != self.to_python(data)
        except forms.ValidationError:
            return True


class CharterForm(forms.ModelForm):
    sponsor = PersonChoiceField(queryset=User.objects.none(), required=False)
    lead = PersonChoiceField(queryset=User.objects.none())
    team = PeopleChoiceField(
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Team members",
    )
    objectives = ObjectiveChoiceField(
        queryset=Objective.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        label="Strategic objectives it serves",
    )
    measures = MeasuresField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        label="Measures",
        help_text="One a line: outcome, process or balancing, a colon, then the measure's name. "
        "For example: outcome: Average length of stay in days",
    )
    start_date = NHSDateField(
        label="Start date", error_messages={"required": "Enter the start date"}
    )
    target_date = NHSDateField(
        label="Target date", error_messages={"required": "Enter the target date"}
    )

    class Meta:
        model = Project
        fields = [
            "title",
            "problem_statement",
            "aim",
            "lead",
            "sponsor",
            "team",
            "site",
            "ward",
            "objectives",
            "start_date",
            "target_date",
            "cohort",
            "programme_ward",
            "involves_patients",
            "health_inequalities",
            "health_inequalities_notes",
        ]
        help_texts = {
            "cohort": "If the team runs it while on a QSIR course.",
            "programme_ward": "If it is part of the ward programme.",
        }
        widgets = {
            "problem_statement": forms.Textarea(attrs={"rows": 4}),
            "aim": forms.Textarea(attrs={"rows": 3}),
            "health_inequalities_notes": forms.Textarea(attrs={"rows": 3}),
            "health_inequalities": forms.RadioSelect,
            "site": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ["lead", "sponsor", "team"]:
            self.fields[name].queryset = people()
        self.fields["objectives"].queryset = objectives()
        self.fields["site"].empty_label = None
        self.fields["cohort"].queryset = Cohort.objects.select_related("course").reverse()
        self.fields["cohort"].empty_label = "Not run during a cohort"
        self.fields["programme_ward"].queryset = Ward.objects.select_related("site")
        self.fields["programme_ward"].empty_label = "Not in the ward programme"
        self.fields["measures"].initial = "\n".join(
            f"{measure.kind}: {measure.name}" for measure in self.instance.measures.all()
        )
        add_version_field(self)
        self.helper = nhsuk_helper("Save charter")

    def clean(self):
        cleaned = super().clean()
        check_dates_in_order(
            self, "start_date", "target_date", "The target date must be on or after the start date"
        )
        return cleaned


class ProgressScoreForm(forms.Form):
    score = forms.ChoiceField(
        label="IHI progress score", choices=ProgressScore.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label="What has changed? (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Record score")


class PhaseForm(forms.Form):
    phase = forms.ChoiceField(
        label="QSIR phase", choices=Project.Phase.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Save phase")


class ProjectStatusForm(forms.Form):
    status = forms.ChoiceField(
        label="Project status", choices=Project.Status.choices, widget=forms.RadioSelect
    )
    closing_summary = forms.CharField(
        label="Outcomes achieved",
        required=False,
        help_text="Needed to complete the project: for example length of stay, complaints or "
        "staff morale.",
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Save status")

    def clean(self):
        cleaned = super().clean()
        if (
            cleaned.get("status") == Project.Status.COMPLETED
            and not cleaned.get("closing_summary", "").strip()
        ):
            self.add_error(
                "closing_summary", "Enter the outcomes achieved before completing the project"
            )
        return cleaned


class PDSACycleForm(forms.ModelForm):
    start_date = NHSDateField(
        label="Start date", error_messages={"required": "Enter the date the cycle starts"}
    )
    end_date = NHSDateField(
        label="End date", help_text="Leave blank while the cycle runs.", required=False
    )

    class Meta:
        model = PDSACycle
        fields = [
            "change_idea",
            "plan",
            "prediction",
            "do",
            "study",
            "act",
            "start_date",
            "end_date",
        ]
        labels = {"plan": "Plan: what you will do", "prediction": "Prediction: what you expect"}
        widgets = {
            "plan": forms.Textarea(attrs={"rows": 3}),
            "prediction": forms.Textarea(attrs={"rows": 3}),
            "do": forms.Textarea(attrs={"rows": 3}),
            "study": forms.Textarea(attrs={"rows": 3}),
            "act": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["act"].choices = [("", "Not decided yet"), *PDSACycle.Act.choices]
        add_version_field(self)
        self.helper = nhsuk_helper("Save PDSA cycle")

    def clean(self):
        cleaned = super().clean()
        check_dates_in_order(
            self, "start_date", "end_date", "The end date must be on or after the start date"
        )
        return cleaned


class MeasureForm(forms.ModelForm):
    class Meta:
        model = Measure
        fields = ["name", "kind", "unit", "direction", "target", "frequency", "definition"]
        widgets = {
            "kind": forms.RadioSelect,
            "direction": forms.RadioSelect,
            "frequency": forms.RadioSelect,
            "definition": forms.Textarea(attrs={"rows": 3}),
            "target": forms.NumberInput(attrs={"class": "nhsuk-input--width-10", "step": "any"}),
            "unit": forms.TextInput(attrs={"class": "nhsuk-input--width-10"}),
        }
        labels = {"kind": "Type"}
        help_texts = {"target": "Optional. The value the project aims for."}
        error_messages = {
            "name": {"required": "Enter the measure's name"},
            "kind": {"required": "Select the type of measure"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The type has no default: without this its radios begin with a blank, checked one.
        self.fields["kind"].choices = Measure.Kind.choices
        self.helper = nhsuk_helper("Save measure")


class DataPointForm(forms.Form):
    period = NHSDateField(
        label="Period",
        help_text="The day the week, month or day starts. For example, 4 3 2024",
        error_messages={"required": "Enter the period"},
    )
    value = forms.FloatField(
        label="Value",
        widget=forms.TextInput(attrs={"class": "nhsuk-input--width-10", "inputmode": "decimal"}),
        error_messages={"required": "Enter the value", "invalid": "Enter the value as a number"},
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=200,
        help_text="Shown on the chart, for example 'new rota started'.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Add value", form_tag=False)

    def clean_value(self):
        value = self.cleaned_data["value"]
        if not math.isfinite(value):
            raise forms.ValidationError("Enter the value as a number")
        return value


class DataUploadForm(forms.Form):
    """Values pasted from a spreadsheet or uploaded as a CSV file of date,value rows."""

    rows = forms.CharField(
        label="Paste the values",
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text="One period a line: the date, a comma (or a tab, as a spreadsheet pastes), "
        "then the value. For example: 2024-01-08,6.5",
    )
    file = forms.FileField(
        label="Or upload a CSV file",
        required=False,
        help_text="A file with a date,value row for each period. 1 MB at most.",
    )
    replace = forms.BooleanField(
        label="Replace values already given for the same periods", required=False
    )

    MAX_BYTES = 1024 * 1024

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
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
        parsed = parse_rows(text)
        if parsed.errors:
            raise forms.ValidationError(parsed.errors)
        cleaned["parsed_rows"] = parsed.rows
        return cleaned


class RebaseForm(forms.Form):
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
