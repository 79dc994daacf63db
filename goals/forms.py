from django import forms

from core.forms import NamedErrors, nhsuk_helper

from . import evidence
from .delivery_models import NEEDS_RECOVERY, DeliveryStatus
from .periods import Period, periods_of_year

# The order an owner reads the choices in: from not started to complete.
STATUS_CHOICES = [
    (status, status.label)
    for status in [
        DeliveryStatus.NOT_STARTED,
        DeliveryStatus.ON_TRACK,
        DeliveryStatus.AT_RISK,
        DeliveryStatus.OFF_TRACK,
        DeliveryStatus.COMPLETE,
    ]
]


def reportable_periods(objective, today):
    """The periods of the objective's year that have begun, latest first; for a year that
    has not begun, all of them from the first, so its plans can be reported early."""
    periods = periods_of_year(objective.year, objective.strategy.update_period)
    begun = [period for period in periods if period.start <= today]
    return list(reversed(begun)) if begun else periods


class ProgressUpdateForm(NamedErrors, forms.Form):
    period = forms.ChoiceField(
        label="Which period is this update for?",
        widget=forms.RadioSelect,
        error_messages={"required": "Select the period"},
    )
    status = forms.ChoiceField(
        choices=STATUS_CHOICES,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the status"},
    )
    narrative = forms.CharField(
        label="Progress this period",
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What was done and what it achieved.",
        error_messages={"required": "Enter the progress this period"},
    )
    next_period = forms.CharField(
        label="Plans for next period",
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter the plans for next period"},
    )
    risks = forms.CharField(
        label="Risks (optional)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    recovery_actions = forms.CharField(
        label="Recovery actions",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Needed when the objective is at risk or off track: what will bring it back "
        "on track, by whom and by when.",
    )
    measures = forms.TypedMultipleChoiceField(
        label="Measures that evidence it (optional)",
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Each measure's SPC verdict is copied onto the update as it stands today.",
    )

    def __init__(self, *args, objective, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.periods = {period.slug: period for period in reportable_periods(objective, today)}
        self.fields["period"].choices = [
            (slug, period.label) for slug, period in self.periods.items()
        ]
        measures = evidence.measures_for(objective)
        if measures:
            self.fields["measures"].choices = measures
        else:
            del self.fields["measures"]
        self.helper = nhsuk_helper("Save update")

    def clean_period(self):
        return self.periods[self.cleaned_data["period"]]

    def clean(self):
        cleaned_data = super().clean()
        if (
            cleaned_data.get("status") in NEEDS_RECOVERY
            and not cleaned_data.get("recovery_actions", "").strip()
        ):
            self.add_error(
                "recovery_actions",
                "Enter the recovery actions for an objective at risk or off track",
            )
        return cleaned_data

    def update_values(self):
        """The cleaned values as the service takes them."""
        values = dict(self.cleaned_data)
        values["measure_ids"] = values.pop("measures", [])
        return values


class ReturnUpdateForm(NamedErrors, forms.Form):
    reason = forms.CharField(
        label="Why are you returning it?",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Its writer reads this and writes the update again.",
        error_messages={"required": "Enter why the update is returned"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Return it to its writer")


def initial_from(update, period: Period):
    """What the form starts from: the period's update as written, to change it, or the
    period alone."""
    if update is None:
        return {"period": period.slug}
    return {
        "period": period.slug,
        "status": update.status,
        "narrative": update.narrative,
        "next_period": update.next_period,
        "risks": update.risks,
        "recovery_actions": update.recovery_actions,
        "measures": [item.measure_id for item in update.evidence.all()],
    }
