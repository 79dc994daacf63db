from crispy_forms.helper import FormHelper
from django import forms
from django.contrib.auth import get_user_model

from core.forms import (
    ChoiceQuery,
    ChoicesFromValues,
    NamedErrors,
    NHSDateField,
    PersonChoiceField,
    nhsuk_helper,
)
from goals.models import Objective, Site
from goals.periods import year_label
from people.selectors import active_staff, staff_matching

from .models import (
    HealthInequalitiesEffect,
    Idea,
)
from .services import record_version

User = get_user_model()


def add_version_field(form):
    """A hidden copy of the record's version when the form is shown, so that the service can
    refuse a save made over someone else's (see `services.update_charter`)."""
    form.fields["version"] = forms.CharField(widget=forms.HiddenInput, required=False)
    if form.instance.pk:
        form.fields["version"].initial = record_version(form.instance)


class ObjectiveChoiceField(ChoicesFromValues, forms.ModelMultipleChoiceField):
    label_fields = ("year", "number", "statement")

    def label_from_values(self, year, number, statement):
        return f"{year_label(year)} objective {number}: {statement}"


class SiteChoiceField(ChoicesFromValues, forms.ModelChoiceField):
    label_fields = ("short_name",)

    def label_from_values(self, short_name):
        return short_name


def check_dates_in_order(form, first, second, message):
    """Add `message` to the second date field when both dates are given in reverse order."""
    start, end = form.cleaned_data.get(first), form.cleaned_data.get(second)
    if start and end and end < start:
        form.add_error(second, message)


def objectives():
    return Objective.objects.select_related("strategy__organisation")


OBJECTIVES = ChoiceQuery(ObjectiveChoiceField, objectives)
SITES = ChoiceQuery(SiteChoiceField, Site.objects.all)


class IdeaForm(NamedErrors, forms.ModelForm):
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
            "title": {
                "required": "Enter a title for your idea",
                "max_length": "Title must be %(limit_value)s characters or fewer",
            },
            "problem": {"required": "Describe the problem"},
            "proposed_change": {"required": "Describe the change you propose"},
            "site": {"required": "Select the hospital site"},
            "ward": {"required": "Enter the ward or department"},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["objectives"].offer(OBJECTIVES)
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


class IdeaEditForm(IdeaForm):
    """The idea form for its submitter's changes: the idea exists, so no form token."""

    submission_token = None


class WithdrawIdeaForm(NamedErrors, forms.Form):
    reason = forms.CharField(
        label="Why are you withdrawing it? (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="It is shown in the idea's timeline, which every member of staff can read.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Withdraw idea")


class DeclineForm(NamedErrors, forms.Form):
    reason = forms.CharField(
        label="Why is the idea declined?",
        help_text="The person who submitted the idea will see this.",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the reason the idea is declined"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Decline idea")


class MergeForm(NamedErrors, forms.Form):
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


class StartReviewForm(NamedErrors, forms.Form):
    reason = forms.CharField(
        label="Note (optional)", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Start review")


class SupportForm(NamedErrors, forms.Form):
    aim = forms.CharField(
        label="SMART aim",
        help_text="Specific, measurable, achievable, realistic and timed. For example: reduce "
        "falls on Ward 5 by 20% by March.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the project's SMART aim"},
    )
    lead = PersonChoiceField(
        queryset=User.objects.none(),
        matching=staff_matching,
        label="Project lead",
        error_messages={"required": "Enter the project lead's name"},
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
        self.fields["lead"].queryset = active_staff()
        self.helper = nhsuk_helper("Support idea and start project")

    def clean(self):
        cleaned = super().clean()
        check_dates_in_order(
            self, "start_date", "target_date", "The target date must be on or after the start date"
        )
        return cleaned


class IdeaMessageForm(NamedErrors, forms.Form):
    text = forms.CharField(
        label="Ask a question or answer one",
        help_text="The colleague who submitted the idea, its followers and the improvement "
        "leads read it and are told of it.",
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={
            "required": "Enter your question or answer",
            "max_length": "Your question or answer must be 2,000 characters or fewer",
        },
    )

    def __init__(self, *args, action, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Post it")
        self.helper.form_action = action
