from django import forms

from core.forms import NamedErrors, PersonChoiceField, PersonPicker, nhsuk_helper
from core.presenters import person_name
from people.selectors import staff_matching

from .models import Behaviour, ThankYouCard, Value
from .selectors import colleagues_to_thank


class RecipientForm(forms.Form):
    """Who the card is for: a colleague found by typing their name (a people picker,
    core/forms.py), sent by GET so that the card's address names them."""

    to = PersonChoiceField(
        queryset=None,
        matching=staff_matching,
        # The type-ahead suggests whom the form accepts (selectors.colleagues_to_thank): no
        # administrator's account, and not the sender.
        widget=PersonPicker(among="members-of-staff", not_me=True),
        label="Who do you want to thank?",
        help_text="Enter their name, email address, job title or department.",
        error_messages={
            "required": "Enter the name of the colleague you want to thank",
            "no_match": "No colleague you can thank matches “%(typed)s”: check the spelling, "
            "or enter their email address",
        },
    )

    def __init__(self, *args, sender, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["to"].queryset = colleagues_to_thank(sender)
        self.helper = nhsuk_helper("Continue", form_tag=False, button_name="find")


class ValueChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, value):
        return f"{value.name} ({value.organisation.short_name})"


class ThankYouCardForm(NamedErrors, forms.Form):
    """What the sender writes on a card. The sender is never asked: it is whoever is
    logged in, so nobody can send a card in another's name."""

    value = ValueChoiceField(
        queryset=Value.objects.none(),
        widget=forms.RadioSelect,
        empty_label=None,
        label="Which value did they show?",
        error_messages={"required": "Select the value your colleague showed"},
    )
    behaviour = forms.TypedChoiceField(
        required=False,
        label="Which behaviour, if one fits? (optional)",
        help_text="The behaviour must be one of the value you selected",
        coerce=int,
        empty_value=None,
    )
    story = forms.CharField(
        label="What did they do?",
        help_text=(
            f"A few kind words about what you noticed. {ThankYouCard.STORY_MAX_LENGTH} "
            "characters at most. Do not include anything about patients."
        ),
        max_length=ThankYouCard.STORY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": "Write a few words about what your colleague did",
            "max_length": (
                f"Keep your story to {ThankYouCard.STORY_MAX_LENGTH} characters or fewer"
            ),
        },
    )
    publish_consent = forms.BooleanField(
        required=False,
        label="Show my card on the value's wall",
        help_text=(
            "Colleagues who log in to the portal will read it, with your name and theirs, "
            "once a strategy editor has checked it."
        ),
    )
    copy_line_manager = forms.BooleanField(required=False)

    def __init__(self, *args, recipient, has_line_manager, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["value"].queryset = Value.objects.select_related("organisation")
        # Ordering by "value" sorts by the values' own ordering, as every values page does.
        behaviours = Behaviour.objects.select_related("value__organisation").order_by(
            "value", *Behaviour._meta.ordering
        )
        chosen = self.initial.get("value")
        if not self.is_bound and str(chosen or "").isdecimal():
            # Coming from a value's page, the value is chosen: only its behaviours are
            # offered. A form sent back offers all, so a behaviour of another value is
            # refused by name in clean(), not as an unknown choice.
            behaviours = behaviours.filter(value_id=chosen)
        groups = {}
        for behaviour in behaviours:
            label = f"{behaviour.value.name} ({behaviour.value.organisation.short_name})"
            groups.setdefault(label, []).append((behaviour.pk, behaviour.statement))
        self.behaviours = {behaviour.pk: behaviour for behaviour in behaviours}
        self.fields["behaviour"].choices = [("", "No particular behaviour"), *groups.items()]
        if has_line_manager:
            # Not named: who manages whom is for the admin's staff profiles, not for every
            # colleague who sends a card.
            label = f"Send a copy to {person_name(recipient)}'s line manager"
            self.fields["copy_line_manager"].label = label
        else:
            del self.fields["copy_line_manager"]
        self.helper = nhsuk_helper("Send thank-you card", form_tag=False)

    def clean_story(self):
        story = self.cleaned_data["story"].strip()
        if not story:
            raise forms.ValidationError("Write a few words about what your colleague did")
        return story

    def clean_behaviour(self):
        pk = self.cleaned_data["behaviour"]
        return None if pk is None else self.behaviours[pk]

    def clean(self):
        cleaned = super().clean()
        value, behaviour = cleaned.get("value"), cleaned.get("behaviour")
        if value and behaviour and behaviour.value_id != value.pk:
            self.add_error("behaviour", f"Choose a behaviour of the value {value.name}")
        return cleaned


class HideCardForm(NamedErrors, forms.Form):
    reason = forms.CharField(
        label="Why is the card hidden?",
        help_text="The sender will be told this by email and on their sent cards.",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter the reason the card is hidden"},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = nhsuk_helper("Hide card", form_tag=False)
