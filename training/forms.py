from django import forms

from core.forms import (
    ChoiceQuery,
    ChoicesFromValues,
    NamedErrors,
    NHSDateField,
    PeopleChoiceField,
    PeoplePicker,
    PickerChoiceField,
    PickerWords,
    nhsuk_helper,
)
from core.presenters import person_name
from goals.models import Site
from people.selectors import active_improvement_leads, staff_matching

from .models import Course, Ward
from .presenters import cohort_option
from .selectors import cohorts_matching, wards_for_project

COHORTS = PickerWords(
    one="cohort",
    many="cohorts",
    no_results="No cohort found: try its course, its site or the month it started",
)


class WardChoiceField(ChoicesFromValues, forms.ModelChoiceField):
    """A ward of the programme, named with its site: "Ward 7, Basildon"."""

    label_fields = ("name", "site__short_name")

    def label_from_values(self, name, site):
        return f"{name}, {site}"


_WARDS_AT_SITE = ChoiceQuery(WardChoiceField, lambda site: wards_for_project(site=site), "site")
_WARDS_AT_SITE_OR_KEPT = ChoiceQuery(
    WardChoiceField, lambda site, keep: wards_for_project(site=site, keep=keep), "site", "keep"
)


def offer_programme_wards(field, *, site, keep=None):
    """Offer on a WardChoiceField the programme's wards at `site` (a pk), with the ward
    `keep` (a pk) wherever it is (training.selectors.wards_for_project)."""
    if keep is None:
        field.offer(_WARDS_AT_SITE, site=site)
    else:
        field.offer(_WARDS_AT_SITE_OR_KEPT, site=site, keep=keep)


class CohortChoiceField(PickerChoiceField):
    """A QSIR cohort, picked by typing its name, course, site or start month ("March 2026"):
    a select of every cohort a form may name would be hundreds at NHS scale. The form gives
    the widget (a core.forms.Picker over a search of the same cohorts as its queryset)."""

    default_error_messages = {
        "no_match": "No QSIR cohort matches “%(typed)s”: enter its course, its site or the "
        "month it started, such as March 2026",
        "ambiguous": "More than one QSIR cohort matches “%(typed)s”: select the one you mean",
        "too_many": "More than %(most)s QSIR cohorts match “%(typed)s”: enter more of its name, "
        "its site or the month it started",
        "invalid_choice": "Select another QSIR cohort: the cohort selected cannot be chosen here",
    }

    def __init__(self, queryset=None, **kwargs):
        super().__init__(queryset, matching=cohorts_matching, option=cohort_option, **kwargs)


class CohortForm(NamedErrors, forms.Form):
    course = forms.ModelChoiceField(
        queryset=Course.objects.all(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the course"},
    )
    name = forms.CharField(
        label="Cohort name",
        max_length=100,
        help_text="For example, Spring 2026.",
        error_messages={"required": "Enter a name for the cohort"},
    )
    site = forms.ModelChoiceField(
        queryset=Site.objects.all(),
        empty_label=None,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose the site"},
    )
    capacity = forms.IntegerField(
        label="Places",
        min_value=1,
        max_value=200,
        widget=forms.NumberInput(attrs={"class": "nhsuk-input--width-4"}),
        error_messages={"required": "Enter the number of places"},
    )
    starts_on = NHSDateField(
        label="Date of the first session",
        help_text="The course's other sessions follow at its usual interval; change any "
        "date afterwards in the admin.",
        error_messages={"required": "Enter the date of the first session"},
    )
    facilitators = PeopleChoiceField(
        queryset=None,
        matching=staff_matching,
        required=False,
        widget=PeoplePicker(add_label="Add a facilitator", among="improvement-leads"),
        help_text="Improvement leads who will run it.",
        error_messages={
            "no_match": "No improvement lead matches “%(typed)s”: check the spelling, or enter "
            "their email address",
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = active_improvement_leads()
        self.helper = nhsuk_helper("Create cohort")


class AttendanceForm(NamedErrors, forms.Form):
    present = forms.MultipleChoiceField(
        required=False, widget=forms.CheckboxSelectMultiple, label="Who attended?"
    )

    def __init__(self, *args, session, enrolments, **kwargs):
        super().__init__(*args, **kwargs)
        self.enrolments = {str(enrolment.pk): enrolment for enrolment in enrolments}
        field = self.fields["present"]
        field.choices = [
            (key, person_name(enrolment.person)) for key, enrolment in self.enrolments.items()
        ]
        field.label = f"Who attended session {session.number} on {session.date:%-d %B %Y}?"
        field.help_text = "Select everyone who was there. Anyone not selected is marked absent."
        self.helper = nhsuk_helper("Save attendance")

    def present_enrolments(self):
        return [self.enrolments[key] for key in self.cleaned_data["present"]]


class WardForm(NamedErrors, forms.Form):
    stage = forms.ChoiceField(
        label="Stage in the programme", choices=Ward.Stage.choices, widget=forms.RadioSelect
    )
    joined_on = NHSDateField(
        label="Date the ward joined the programme",
        required=False,
        help_text="Leave blank while the ward is still planned.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Save ward")


class MoveSessionForm(NamedErrors, forms.Form):
    date = NHSDateField(
        label="New date of the session",
        help_text="Everyone with a place, or asking or waiting for one, is told.",
        error_messages={"required": "Enter the new date of the session"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Move the session", button_name="move")


class CancelSessionForm(NamedErrors, forms.Form):
    reason = forms.CharField(
        label="Why is the session cancelled?",
        help_text="Everyone with a place, or asking or waiting for one, is told this. "
        "Completing the course then takes the other sessions.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the session is cancelled"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Cancel the session", button_name="cancel")
