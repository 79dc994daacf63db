"""Error messages name the field they are about, as the NHS service manual asks, where a
form left Django's unnamed defaults; the messages a form writes itself are kept."""

from django import forms

from core.forms import NamedErrors, NHSDateField


class CohortLikeForm(NamedErrors, forms.Form):
    name = forms.CharField(label="Name of the cohort", max_length=10)
    places = forms.IntegerField(label="Places", min_value=1, max_value=30)
    share = forms.FloatField(label="Share of staff (optional)", required=False)
    site = forms.ChoiceField(label="Site", choices=[("north", "North")])
    course = forms.ChoiceField(label="QSIR course", choices=[("one", "One day")])
    starts_on = NHSDateField(label="Start date")
    reason = forms.CharField(label="Reason", error_messages={"required": "Say why"})
    token = forms.CharField(widget=forms.HiddenInput)


def errors(data):
    form = CohortLikeForm(data)
    form.is_valid()
    return {name: messages[0] for name, messages in form.errors.items()}


def test_missing_answers_are_named():
    assert errors({}) == {
        "name": "Enter name of the cohort",
        "places": "Enter places",
        "site": "Select site",
        "course": "Select QSIR course",
        "starts_on": "Enter start date",
        "reason": "Say why",
        "token": "This field is required.",
    }


def test_numbers_and_lengths_out_of_bounds_are_named():
    found = errors({"name": "x" * 11, "places": "0", "share": "lots"})

    assert found["name"] == "Name of the cohort must be 10 characters or fewer"
    assert found["places"] == "Places must be 1 or more"
    assert found["share"] == "Share of staff must be a number"
    assert errors({"places": "31"})["places"] == "Places must be 30 or fewer"
    assert errors({"places": "2.5"})["places"] == "Places must be a whole number"


def test_the_class_s_fields_are_named_once_and_each_form_changes_its_own_copy():
    changed = CohortLikeForm()
    changed.fields["name"].error_messages["required"] = "Name it, please"

    assert CohortLikeForm({}).errors["name"] == ["Enter name of the cohort"]
    assert changed.fields["name"].error_messages["required"] == "Name it, please"


def test_a_subclass_s_own_fields_are_named_too():
    class WithRoom(CohortLikeForm):
        room = forms.CharField(label="Room")

    form = WithRoom({})

    assert form.errors["room"] == ["Enter room"]
    assert form.errors["name"] == ["Enter name of the cohort"]
