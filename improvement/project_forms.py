"""The forms that run a project: its charter, phase, status, progress score and PDSA
cycles."""

from django import forms
from django.urls import reverse

from core.forms import (
    DATE_PARTS,
    FollowingSelect,
    NamedErrors,
    NHSDateField,
    PeopleChoiceField,
    PeoplePicker,
    PersonChoiceField,
    Picker,
    nhsuk_helper,
)
from core.search import LONGEST_QUERY
from goals.models import Site
from people.selectors import active_staff, staff_matching
from training.forms import COHORTS, CohortChoiceField, WardChoiceField, offer_programme_wards
from training.selectors import COHORT_WINDOW_MONTHS

from .forms import (
    OBJECTIVES,
    SITES,
    ObjectiveChoiceField,
    SiteChoiceField,
    add_version_field,
    check_dates_in_order,
)
from .models import Measure, PDSACycle, ProgressScore, Project
from .selectors import (
    charter_cohorts,
    charter_kept_ward,
    charter_measures,
    charter_objective_ids,
    charter_people,
)


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


class CharterWhere(forms.Form):
    """The site and start date a project's charter has as posted, and what was typed into its
    cohort picker: the charter offers the cohorts and wards that go with them, and so do its
    cohort picker's search (improvement:charter_cohorts) and its ward select's options
    (improvement:charter_wards), which the page's scripts send them to as they change. A
    value missing or not valid counts as not given: the project's saved one stands."""

    site = forms.ModelChoiceField(queryset=Site.objects.all(), required=False)
    start_date = NHSDateField(required=False)

    def where(self):
        """{"site", "start_date"} as given, each None where it was not."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) for name in ("site", "start_date")}

    def query(self):
        # No database column holds a NUL character, and PostgreSQL refuses one in a query.
        return self.data.get("q", "").replace("\x00", "")[:LONGEST_QUERY]


CHARTER_FIELDS = [
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
# The site and start date a charter form shown afresh has: none given, so those saved.
AS_SAVED = {"site": None, "start_date": None}
# The charter's people pickers, which choose among active staff.
PEOPLE = ["lead", "sponsor", "team"]


class CharterForm(NamedErrors, forms.ModelForm):
    sponsor = PersonChoiceField(queryset=None, matching=staff_matching, required=False)
    lead = PersonChoiceField(
        queryset=None,
        matching=staff_matching,
        error_messages={"required": "Enter the lead's name"},
    )
    team = PeopleChoiceField(
        queryset=None,
        matching=staff_matching,
        required=False,
        widget=PeoplePicker(add_label="Add a team member"),
        label="Team members",
    )
    objectives = ObjectiveChoiceField(
        queryset=None,
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
    cohort = CohortChoiceField(
        queryset=None,
        required=False,
        label="QSIR cohort it runs during (optional)",
        help_text="If the team runs it while on a QSIR course: enter the course, the cohort's "
        "name or the month it started, such as March 2026, and choose it. Only the cohorts at "
        f"the project's site that started within {COHORT_WINDOW_MONTHS} months of its start "
        "can be chosen.",
        widget=Picker(
            search_url="improvement:charter_cohorts",
            # The type-ahead suggests the cohorts of the site and start date on the form,
            # as the form will check them, not those saved.
            search_with=["site", *(f"start_date_{part}" for part in DATE_PARTS)],
            words=COHORTS,
        ),
    )

    programme_ward = WardChoiceField(
        queryset=None,
        required=False,
        label="Ward in the ward programme",
        help_text="If it is part of the ward programme: one of the programme's wards at the "
        "site chosen above.",
        # The wards offered follow the site as the user changes it, before the form is sent.
        widget=FollowingSelect(follows="site"),
    )

    field_order = CHARTER_FIELDS

    class Meta:
        model = Project
        # The team and objectives chosen are read in __init__, not by the model form.
        fields = [name for name in CHARTER_FIELDS if name not in {"team", "objectives"}]
        field_classes = {"site": SiteChoiceField}
        widgets = {
            "problem_statement": forms.Textarea(attrs={"rows": 4}),
            "aim": forms.Textarea(attrs={"rows": 3}),
            "health_inequalities_notes": forms.Textarea(attrs={"rows": 3}),
            "health_inequalities": forms.RadioSelect,
            "site": forms.RadioSelect,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        project = self.instance
        staff = active_staff()
        for name in PEOPLE:
            self.fields[name].queryset = staff
        self.fields["objectives"].offer(OBJECTIVES)
        self.fields["site"].offer(SITES)
        self.fields["site"].empty_label = None
        if not self.is_bound:
            self._show_saved(project)
        # The cohorts and wards the project could sensibly name, not the trust's thousands:
        # those of the site and start date on the form, as posted, else as saved.
        where = CharterWhere(self.data).where() if self.is_bound else AS_SAVED
        if self.is_bound or project.cohort_id:
            # Only read to check a choice or to show the cohort saved.
            self.fields["cohort"].queryset = charter_cohorts(project, **where)
        self.fields["cohort"].widget.search_args = (project.pk,)
        site = where["site"] or project.site
        ward = self.fields["programme_ward"]
        offer_programme_wards(ward, site=site.pk, keep=charter_kept_ward(project, site=site))
        ward.widget.attrs["data-options-url"] = reverse(
            "improvement:charter_wards", args=[project.pk]
        )
        ward.empty_label = "Not in the ward programme"
        ward.error_messages["invalid_choice"] = (
            f"Select one of the programme's wards at {site.short_name}, or that it is not in "
            "the ward programme"
        )
        add_version_field(self)
        self.helper = nhsuk_helper("Save charter")

    def _show_saved(self, project):
        """What the charter names, read as cheaply as the form shows it: its lead, sponsor
        and team together, not one query each; its objectives and measures as values."""
        people, team = charter_people(project)
        self.initial["team"] = team
        for name in PEOPLE:
            self.fields[name].initial_options = people
        self.initial["objectives"] = charter_objective_ids(project)
        measures = charter_measures(project)
        self.initial["measures"] = "\n".join(f"{kind}: {name}" for kind, name in measures)

    def clean(self):
        cleaned = super().clean()
        check_dates_in_order(
            self, "start_date", "target_date", "The target date must be on or after the start date"
        )
        # A ward saved at another site than the charter's (before wards were checked) is
        # offered, so that it shows, and refused.
        ward, site = cleaned.get("programme_ward"), cleaned.get("site")
        if ward and site and ward.site_id != site.pk:
            self.add_error(
                "programme_ward", self.fields["programme_ward"].error_messages["invalid_choice"]
            )
        return cleaned


class ProgressScoreForm(NamedErrors, forms.Form):
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


class PhaseForm(NamedErrors, forms.Form):
    phase = forms.ChoiceField(
        label="QSIR phase", choices=Project.Phase.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Save phase")


class ProjectStatusForm(NamedErrors, forms.Form):
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


class PDSACycleForm(NamedErrors, forms.ModelForm):
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
        error_messages = {
            "change_idea": {"required": "Enter the change idea the cycle tests"},
            "plan": {"required": "Enter the plan: what you will do"},
            "prediction": {"required": "Enter the prediction: what you expect to happen"},
        }
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
