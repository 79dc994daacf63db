"""What the apps' forms share: the crispy helper for an NHS.UK form with one button, showing
a service's refusal on the form, a form's values as given, and the NHS.UK date input.

Records too many for a select (people, QSIR cohorts) are picked by typing
(`PickerChoiceField`; `PersonChoiceField`, `PeopleChoiceField` for people): a text box that
the form resolves to one record, asking which one is meant when several match, and that
JavaScript turns into a type-ahead over a search endpoint (static/js/picker.js).

NHS services ask for dates as three boxes (day, month, year) rather than one text box or a
date picker. `NHSDateField` cleans the three parts into a `datetime.date`, with the error
messages the NHS date input guidance uses; the crispy `nhsuk` template pack draws its widget,
`NHSDateInput`, as the `nhsuk-date-input` component.
"""

import copy
import dataclasses
import datetime
import functools
import re
from typing import NamedTuple
from urllib.parse import urlencode

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.urls import reverse

from .form_markup import picker_controls
from .links import page_url
from .presenters import person_details, person_label, person_name
from .queries import CompiledOnce


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
    return urlencode(
        [
            (given, value)
            for name, field in form.fields.items()
            for given in data_names(name, field)
            for value in form.data.getlist(given)
        ]
    )


def data_names(name, field):
    """The names a field's values are sent under: a date's three boxes have one each."""
    suffixes = getattr(field.widget, "widgets_names", None)
    return [f"{name}{suffix}" for suffix in suffixes] if suffixes else [name]


class NamedErrors:
    """A form mixin giving every field error messages that name the field, as the NHS
    service manual asks ("Enter the start date", "Capacity must be 1 or more"), where the
    field kept Django's unnamed defaults ("This field is required.", "Ensure this value is
    greater than or equal to 1."). Messages a form sets itself are kept.

    The messages are named once for the form's class, on the fields every form of it copies
    (`base_fields`), not again for every form made: naming a field's messages costs about
    thirty function calls, some 600 for the charter's fields on each request."""

    def __init__(self, *args, **kwargs):
        name_errors_of(type(self))
        super().__init__(*args, **kwargs)


def name_errors_of(form_class):
    """Give the form class's fields error messages naming them, the first time it is used."""
    if form_class.__dict__.get("_errors_named"):
        return
    model = getattr(getattr(form_class, "_meta", None), "model", None)
    for name, field in form_class.base_fields.items():
        # A hidden field's error is the page's fault, not the user's, and has no label.
        if not field.widget.is_hidden:
            name_field_in_errors(field, error_label(field, name, model))
    form_class._errors_named = True


CHOSEN = (forms.ChoiceField, forms.ModelChoiceField, forms.BooleanField)
UNNAMED_REQUIRED = {forms.Field.default_error_messages["required"], "Enter a date"}


def error_label(field, name, model):
    """What the field is called in its errors: its label, unless the label is a question
    ("What is the problem?"), when a model form's field goes by the model field's name."""
    label = str(field.label or "")
    if label.endswith("?") and model is not None:
        try:
            return str(model._meta.get_field(name).verbose_name)
        except FieldDoesNotExist:
            pass
    return label


def field_subject(label):
    """How an error names the field: its label before any colon or "(optional)", with a
    lower-case first letter unless the label starts with an acronym ("QSIR cohort")."""
    subject = str(label or "").split(":")[0].replace("(optional)", "").strip()
    if len(subject) > 1 and not subject[1].isupper():
        subject = subject[0].lower() + subject[1:]
    return subject or "this"


def name_field_in_errors(field, label):
    subject = field_subject(label)
    messages = field.error_messages
    if messages.get("required") in UNNAMED_REQUIRED:
        verb = "Select" if isinstance(field, CHOSEN) else "Enter"
        messages["required"] = f"{verb} {subject}"
    capital = subject[0].upper() + subject[1:]
    if isinstance(field, forms.IntegerField | forms.FloatField | forms.DecimalField):
        # FloatField and DecimalField are IntegerFields too.
        whole = not isinstance(field, forms.FloatField | forms.DecimalField)
        if messages.get("invalid") == type(field).default_error_messages["invalid"]:
            messages["invalid"] = f"{capital} must be a {'whole ' if whole else ''}number"
        messages.setdefault("min_value", f"{capital} must be %(limit_value)s or more")
        messages.setdefault("max_value", f"{capital} must be %(limit_value)s or fewer")
    if isinstance(field, forms.CharField):
        messages.setdefault("max_length", f"{capital} must be %(limit_value)s characters or fewer")


# Each part of the date, with the width of its box in characters.
DATE_PARTS = {"day": 2, "month": 2, "year": 4}


class NHSDateInput(forms.MultiWidget):
    """Three text boxes named `<name>_day`, `<name>_month` and `<name>_year`."""

    def __init__(self, attrs=None):
        # Text boxes with a numeric keypad, not type="number": number inputs drop leading
        # zeros, accept "1e3" and change value when scrolled.
        widgets = {part: forms.TextInput(attrs={"inputmode": "numeric"}) for part in DATE_PARTS}
        super().__init__(widgets, attrs)

    def decompress(self, value):
        if value:
            return [str(value.day), str(value.month), str(value.year)]
        return [None, None, None]

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        # NHS ids ("id_due-day", not Django's "id_due_0"), and each box's label and width.
        field_id = context["widget"]["attrs"].get("id")
        for (part, width), subwidget in zip(
            DATE_PARTS.items(), context["widget"]["subwidgets"], strict=True
        ):
            subwidget["label"] = part.capitalize()
            subwidget["width"] = width
            if field_id:
                subwidget["attrs"]["id"] = f"{field_id}-{part}"
        return context

    def id_for_label(self, id_):
        # Error summary links go to the day box, the first one the user fills in.
        return f"{id_}-day" if id_ else ""


class NHSDateField(forms.MultiValueField):
    """A date typed as day, month and year; cleans to a `datetime.date`.

    Override any message with `error_messages`, e.g. {"required": "Enter the review date"}.
    """

    widget = NHSDateInput
    default_error_messages = {
        "required": "Enter a date",
        "incomplete": "Date must include a %(missing)s",
        "invalid": "Enter a real date",
        "invalid_year": "Year must include 4 numbers",
    }

    def __init__(self, **kwargs):
        parts = [forms.CharField(required=False) for _ in DATE_PARTS]
        # The parts are checked together in compress(), so that a missing month gives
        # "Date must include a month" rather than the message for an empty date.
        super().__init__(parts, require_all_fields=False, **kwargs)

    def compress(self, data_list):
        if not data_list:
            return None
        missing = [part for part, value in zip(DATE_PARTS, data_list, strict=True) if not value]
        if missing:
            raise ValidationError(
                self.error_messages["incomplete"],
                code="incomplete",
                params={"missing": " and ".join(missing)},
            )
        day, month, year = data_list
        if not all(value.isdecimal() for value in data_list):
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        # A two-digit year is ambiguous (24 could be 1924 or 2024), so ask for all four.
        if len(year) != 4:
            raise ValidationError(self.error_messages["invalid_year"], code="invalid_year")
        try:
            return datetime.date(int(year), int(month), int(day))
        except (ValueError, OverflowError):
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None


class FixedChoiceField(forms.ChoiceField):
    """A choice field whose choices are fixed (statuses, kinds, sort orders; not records),
    kept as a tuple that every form's copy of the field shares. Django copies each field of a
    form for each form made, and a choice field's choices deeply, in case a form changes its
    own: a filter form of six selects paid 1,200 function calls a request for that. Choices
    set anew on a form's field (field.choices = ...) are that field's own, as before."""

    def __init__(self, *, choices, **kwargs):
        super().__init__(choices=choices, **kwargs)
        self._choices = self.widget.choices = tuple(self._choices)

    def __deepcopy__(self, memo):
        copied = forms.Field.__deepcopy__(self, memo)
        if isinstance(self._choices, tuple):
            copied._choices = self._choices
        else:
            copied._choices = copy.deepcopy(self._choices, memo)
        return copied


class ValuesChoiceIterator(forms.models.ModelChoiceIterator):
    """A model choice field's choices read as values, not records (ChoicesFromValues)."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.choice_rows is None:
            rows = self.queryset.values_list("pk", *self.field.label_fields)
        else:
            rows = self.field.choice_rows()
        for pk, *values in rows:
            yield (pk, self.field.label_from_values(*values))


class ChoicesFromValues:
    """For a model choice field: its choices are read as values (each record's pk and the
    columns its label needs, `label_fields`, which `label_from_values` labels) rather than
    as records. Building a record and its related ones costs about fifty function calls an
    option, which a select of wards or a list of objectives pays on every page showing it.
    What the field accepts, and cleans to, is unchanged: records of its queryset."""

    iterator = ValuesChoiceIterator
    label_fields = ()
    # Set by offer(): the options' rows read by SQL compiled once, not built by the ORM.
    choice_rows = None

    def offer(self, choices, **arguments):
        """Offer the records of `choices` (a ChoiceQuery) for these arguments."""
        self.queryset = choices.build(**arguments)
        self.choice_rows = functools.partial(choices.rows, **arguments)

    def label_from_values(self, *values):
        raise NotImplementedError

    def label_from_instance(self, record):
        """The same label for a record (an edit conflict names what is saved)."""
        return self.label_from_values(
            *(functools.reduce(getattr, name.split("__"), record) for name in self.label_fields)
        )


class ChoiceQuery:
    """The records a ChoicesFromValues field of `field_class` offers: `build`, a function of
    the named `arguments` (ids), gives their queryset, which the field checks a choice
    against; the options it shows are the same queryset's pk and label_fields, read by SQL
    compiled once a process (core.queries.CompiledOnce): building and compiling a query of a
    few rows costs the ORM several times what running it does."""

    def __init__(self, field_class, build, *arguments):
        self.build = build
        self.rows = CompiledOnce(
            lambda **given: build(**given).values_list("pk", *field_class.label_fields),
            *arguments,
        )


class FollowingSelect(forms.Select):
    """A select whose options go with the value of another field of its form, named by
    `follows` (a project charter's programme wards go with its site): the form offers those
    of the value as given, and static/js/following_select.js, when the user changes that
    field, asks the URL in the select's data-options-url attribute for the options that go
    with the new value ({"options": [{"value", "label"}]}) and puts them in the select."""

    def __init__(self, attrs=None, *, follows):
        super().__init__({**(attrs or {}), "data-follows": follows})

    @property
    def media(self):
        return forms.Media(js=[forms.Script("js/following_select.js", type="module")])


# Pickers ---------------------------------------------------------------------------------
#
# A record is picked by typing: at NHS scale (tens of thousands of staff, several of the same
# name; hundreds of QSIR cohorts a month) a select or a checkbox per record cannot work. The
# picker posts what was typed as `<name>-name` and the chosen record's id as `<name>` (a
# hidden input once one is chosen, radios or checkboxes when several match what was typed),
# so a form posting ids alone, as before, still works.

# Most records a picker offers to choose from when several match what was typed; more than
# this and the user is asked to type more.
MOST_CANDIDATES = 10
# Most people added to a multi-person picker in one go (typed, separated by semicolons or
# commas), so one submission makes a bounded number of searches.
MOST_ENTRIES = 10
ENTRY_SEPARATORS = re.compile(r"[;,\n]")


class Picked(NamedTuple):
    """A picker's input as posted: the chosen ids, and the text typed (None when the form
    posted ids alone)."""

    ids: tuple
    text: str | None


@dataclasses.dataclass
class Resolution:
    """What a picker's input names: the records chosen, the text left in the box, records
    to choose between for each ambiguous entry, and what is wrong. An initial value read
    as the picker shows it (PickerChoiceField.initial_options) has `shown` instead of
    `chosen`: those records' {"id", "name", "details"}."""

    chosen: list = dataclasses.field(default_factory=list)
    typed: str = ""
    candidates: list = dataclasses.field(default_factory=list)  # [(entry typed, [records])]
    errors: list = dataclasses.field(default_factory=list)
    shown: list | None = None


@dataclasses.dataclass(frozen=True)
class PickerWords:
    """What a picker calls the records it picks, in its page and its type-ahead."""

    one: str
    many: str
    no_results: str


PEOPLE = PickerWords(
    one="person",
    many="people",
    no_results="No one found: check the spelling, or type their email address",
)


def person_option(user):
    return {"id": user.pk, "name": person_name(user), "details": person_details(user)}


class Picker(forms.Widget):
    """A text box for what the user types, with a hidden input holding the chosen record's
    id; radios to choose between several records that match what was typed. Drawn by
    core/form_markup.py; static/js/picker.js adds type-ahead over the search
    named `search_url` (reversed with `search_args`, asked `search_params` too). The
    type-ahead also sends the form's current values of the inputs named in `search_with`,
    so its suggestions follow what the user has changed on the form before saving."""

    picker = True
    allow_multiple_selected = False
    # Drawn by core/form_markup.py, not by a template.
    template_name = None

    def __init__(
        self,
        attrs=None,
        *,
        search_url,
        search_args=(),
        search_params=None,
        search_with=(),
        words,
        add_label="",
    ):
        super().__init__(attrs)
        self.search_url = search_url
        self.search_args = search_args
        self.search_params = search_params or {}
        self.search_with = search_with
        self.words = words
        self.add_label = add_label
        self.picker_field = None

    @property
    def media(self):
        return forms.Media(
            css={"all": ["accessible-autocomplete/accessible-autocomplete.min.css"]},
            js=[
                "accessible-autocomplete/accessible-autocomplete.min.js",
                forms.Script("js/picker.js", type="module"),
            ],
        )

    def value_from_datadict(self, data, files, name):
        text = data.get(f"{name}-name")
        if hasattr(data, "getlist"):
            ids = data.getlist(name)
        else:
            given = data.get(name)
            ids = given if isinstance(given, list | tuple) else [given]
        return Picked(tuple(str(pk) for pk in ids if pk not in (None, "")), text)

    def value_omitted_from_data(self, data, files, name):
        return name not in data and f"{name}-name" not in data

    def render(self, name, value, attrs=None, renderer=None):
        return picker_controls(self.get_context(name, value, attrs)["widget"])

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        resolution = self.picker_field.resolution(value)
        option = self.picker_field.option
        widget = context["widget"]
        widget["multiple"] = self.allow_multiple_selected
        params = f"?{urlencode(self.search_params)}" if self.search_params else ""
        search = (
            reverse(self.search_url, args=self.search_args)
            if self.search_args
            else page_url(self.search_url)
        )
        widget["search_url"] = f"{search}{params}"
        widget["search_with"] = " ".join(self.search_with)
        widget["words"] = self.words
        widget["add_label"] = self.add_label
        widget["chosen"] = (
            resolution.shown
            if resolution.shown is not None
            else [option(record) for record in resolution.chosen]
        )
        widget["typed"] = resolution.typed
        widget["candidates"] = [
            {"typed": typed, "options": [option(record) for record in records]}
            for typed, records in resolution.candidates
        ]
        return context


class PersonPicker(Picker):
    """A picker of one person over the staff search (people:staff_search)."""

    def __init__(self, attrs=None, *, among="", not_me=False, add_label="Add a person"):
        # The group of staff the field accepts only (people.selectors.STAFF_GROUPS), and
        # whether it refuses the person filling it in: the type-ahead asks the search for
        # them, so that it suggests nobody the form refuses.
        asked = {"among": among} if among else {}
        if not_me:
            asked["not_me"] = "1"
        super().__init__(
            attrs,
            search_url="people:staff_search",
            search_params=asked,
            words=PEOPLE,
            add_label=add_label,
        )


class PeoplePicker(PersonPicker):
    """The people chosen, as checkboxes to untick (with JavaScript, a list with remove
    buttons), and a text box to add more."""

    allow_multiple_selected = True


class PickerChoiceField(forms.ModelChoiceField):
    """One record, picked by typing part of what it is called.

    `matching(query, queryset)` gives the records of the queryset that the query finds, best
    first, a record it names exactly annotated with `closeness` 0; `option(record)` gives
    what the picker shows of it: {"id", "name", "details"}. The error messages "no_match",
    "ambiguous" and "too_many" (given %(typed)s and %(most)s) say what is picked.
    """

    def __init__(self, queryset=None, *, matching, option, **kwargs):
        super().__init__(queryset, **kwargs)
        self.matching = matching
        self.option = option
        self.widget.picker_field = self
        self._resolved = None
        # What the picker shows ({"id", "name", "details"}, as `option` gives them) of
        # records of the queryset among which are those it shows at first, when its form
        # read them with other pickers' in one query, as values rather than records (a
        # record costs some fifty function calls, and a person's three records); None has
        # it read its own records. Only an unbound form's pickers show them.
        self.initial_options = None

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result.widget.picker_field = result
        result._resolved = None
        return result

    def label_from_instance(self, record):
        option = self.option(record)
        return f"{option['name']} ({option['details']})" if option["details"] else option["name"]

    def prepare_value(self, value):
        return value if isinstance(value, Picked) else super().prepare_value(value)

    # What the input names ---------------------------------------------------------------

    def resolution(self, value):
        """What `value` names: as posted (Picked), or the initial id or ids. Worked out once
        for the value, whether the form is cleaned or only shown."""
        if self._resolved is not None and self._resolved[0] == value:
            return self._resolved[1]
        resolve = self._resolve if isinstance(value, Picked) else self._initial
        resolution = resolve(value)
        self._resolved = (value, resolution)
        return resolution

    def _initial(self, value):
        ids = value if isinstance(value, list | tuple) else [value]
        ids = [getattr(pk, "pk", pk) for pk in ids if pk not in self.empty_values]
        if ids and self.initial_options is not None:
            wanted = {str(pk) for pk in ids}
            shown = [option for option in self.initial_options if str(option["id"]) in wanted]
            return Resolution(shown=shown, typed=self._typed_for_options(shown))
        chosen = list(self.queryset.filter(pk__in=ids)) if ids else []
        return Resolution(chosen=chosen, typed=self._typed_for(chosen))

    def _typed_for(self, chosen):
        return self._typed_for_options([self.option(chosen[0])] if chosen else [])

    def _typed_for_options(self, shown):
        """What the box says with these records ({"id", "name", ...}) chosen: the name of
        the one a picker of one record has."""
        return shown[0]["name"] if shown else ""

    def _could_be_id(self, text):
        """Whether the text posted could be a record's id: a whole number its id column holds
        (a longer one is no record's, and SQLite refuses to look it up)."""
        if not text.isdecimal():
            return False
        try:
            self.queryset.model._meta.pk.run_validators(int(text))
        except ValidationError:
            return False
        return True

    def _records(self, ids):
        """The records of the queryset with these ids; an error if any id is not one."""
        if not all(self._could_be_id(pk) for pk in ids):
            return [], [self._invalid_choice()]
        records = list(self.queryset.filter(pk__in=ids))
        if len(records) != len(set(ids)):
            return records, [self._invalid_choice()]
        return records, []

    def _invalid_choice(self):
        return ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")

    def _find(self, typed):
        """(the record typed, or None; records to choose between; the error, or None)."""
        found = list(self.matching(typed, self.queryset)[: MOST_CANDIDATES + 1])
        params = {"typed": typed, "most": MOST_CANDIDATES}
        exact = [record for record in found if getattr(record, "closeness", None) == 0]
        if len(found) == 1 or len(exact) == 1:
            return (found[0] if len(found) == 1 else exact[0]), [], None
        if not found:
            return None, [], ValidationError(self.error_messages["no_match"], "no_match", params)
        if len(found) > MOST_CANDIDATES:
            return None, [], ValidationError(self.error_messages["too_many"], "too_many", params)
        return None, found, ValidationError(self.error_messages["ambiguous"], "ambiguous", params)

    def _resolve(self, picked):
        if picked.text is None:
            # Ids alone, as a form without the picker posts them.
            records, errors = self._records(picked.ids[-1:])
            return Resolution(chosen=records, typed=self._typed_for(records), errors=errors)
        # Searched for with its spaces tidied and without NUL characters, which no database
        # column holds; shown again as typed.
        typed = " ".join(picked.text.replace("\x00", "").split())
        if not typed:
            return Resolution()
        if picked.ids and self._could_be_id(picked.ids[-1]):
            # Chosen before (a hidden input, a radio, the type-ahead): kept while the box
            # still says which it is.
            record = self.queryset.filter(pk=picked.ids[-1]).first()
            if record is not None and (
                typed in (self.option(record)["name"], self.label_from_instance(record))
                or self.matching(typed, self.queryset.filter(pk=record.pk)).exists()
            ):
                return Resolution(chosen=[record], typed=self._typed_for([record]))
        record, candidates, error = self._find(typed)
        if record is not None:
            return Resolution(chosen=[record], typed=self._typed_for([record]))
        return Resolution(
            typed=picked.text,
            candidates=[(typed, candidates)] if candidates else [],
            errors=[error],
        )

    # Cleaning --------------------------------------------------------------------------

    def to_python(self, value):
        if not isinstance(value, Picked):
            return super().to_python(value)
        resolution = self.resolution(value)
        if resolution.errors:
            raise ValidationError(resolution.errors)
        return resolution.chosen[0] if resolution.chosen else None

    def has_changed(self, initial, data):
        try:
            chosen = self.to_python(data)
        except ValidationError:
            return True
        return str(getattr(chosen, "pk", "") or "") != str(self.prepare_value(initial) or "")


class PersonChoiceField(PickerChoiceField):
    """One person, picked by typing their name, email address or job title, with
    `matching` such as people.selectors.staff_matching (a person the query names exactly,
    by full name, username or email address, annotated with `closeness` 0)."""

    widget = PersonPicker
    default_error_messages = {
        "no_match": "No one matches “%(typed)s”: check the spelling, or enter their email address",
        "ambiguous": "More than one person matches “%(typed)s”: select the one you mean",
        "too_many": "More than %(most)s people match “%(typed)s”: enter more of their name, "
        "or their email address",
        "invalid_choice": "Select someone else: the person selected cannot be chosen here",
    }

    def __init__(self, queryset=None, *, matching, **kwargs):
        kwargs.setdefault("help_text", "Enter their name or email address.")
        super().__init__(queryset, matching=matching, option=person_option, **kwargs)

    def label_from_instance(self, user):
        return person_label(user)


class PeopleChoiceField(PersonChoiceField, forms.ModelMultipleChoiceField):
    """Several people: those chosen, and more added by typing their names (separated by
    semicolons or commas without JavaScript; one at a time with type-ahead)."""

    widget = PeoplePicker
    default_error_messages = {"too_many_entries": "Add %(most)s people or fewer at a time"}

    def __init__(self, queryset=None, **kwargs):
        kwargs.setdefault("help_text", "")
        super().__init__(queryset, **kwargs)

    def _typed_for_options(self, shown):
        # The box is for adding more people; those chosen are listed above it.
        return ""

    def _resolve(self, picked):
        people, errors = self._records(picked.ids)
        chosen_ids = {person.pk for person in people}
        entries = [
            " ".join(entry.split())
            for entry in ENTRY_SEPARATORS.split((picked.text or "").replace("\x00", ""))
            if entry.strip()
        ]
        if len(entries) > MOST_ENTRIES:
            error = ValidationError(
                self.error_messages["too_many_entries"],
                "too_many_entries",
                {"most": MOST_ENTRIES},
            )
            return Resolution(chosen=people, typed=picked.text.strip(), errors=[error])
        left, candidates = [], []
        for entry in entries:
            person, found, error = self._find(entry)
            if person is None and any(candidate.pk in chosen_ids for candidate in found):
                # One of the people it could be is ticked: that one was meant.
                continue
            if person is not None:
                if person.pk not in chosen_ids:
                    people.append(person)
                    chosen_ids.add(person.pk)
                continue
            left.append(entry)
            errors.append(error)
            if found:
                candidates.append((entry, found))
        # What was typed stays as it was, unless some of it was resolved to people now
        # shown as chosen: then only the rest is left in the box.
        typed = picked.text if len(left) == len(entries) else "; ".join(left)
        return Resolution(chosen=people, typed=typed or "", candidates=candidates, errors=errors)

    def to_python(self, value):
        resolution = self.resolution(value)
        if resolution.errors:
            raise ValidationError(resolution.errors)
        return resolution.chosen

    def clean(self, value):
        chosen = self.to_python(value)
        if self.required and not chosen:
            raise ValidationError(self.error_messages["required"], code="required")
        self.run_validators(chosen)
        return self.queryset.filter(pk__in=[person.pk for person in chosen])

    def has_changed(self, initial, data):
        try:
            chosen = self.to_python(data)
        except ValidationError:
            return True
        initial_ids = {str(pk) for pk in self.prepare_value(initial or [])}
        return initial_ids != {str(person.pk) for person in chosen}
