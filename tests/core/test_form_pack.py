"""The `nhsuk` crispy template pack: NHS.UK markup for every kind of field, errors included."""

import datetime

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Button, Column, Field, Fieldset, Hidden, Layout, Row, Submit
from django import forms
from django.template import Context, Template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy
from pytest_django.asserts import assertInHTML

from core import form_markup
from core.forms import FixedChoiceField, NHSDateField
from tests.html import parse


class IdeaForm(forms.Form):
    """A form with every kind of field the pack draws."""

    title = forms.CharField(
        label="Give your idea a short title",
        help_text="Keep it under 10 words.",
        max_length=100,
        error_messages={"required": "Enter a title"},
    )
    email = forms.EmailField(label="Email address", required=False)
    problem = forms.CharField(label="What is the problem?", widget=forms.Textarea)
    priority = forms.ChoiceField(
        label="How urgent is it?",
        choices=[("high", "Urgent"), ("low", "Not urgent")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select how urgent it is"},
    )
    site = forms.ChoiceField(
        label="Which site?",
        choices=[("", "Choose a site"), ("basildon", "Basildon"), ("southend", "Southend")],
        required=False,
    )
    themes = forms.MultipleChoiceField(
        label="Which themes does it touch?",
        choices=[("safety", "Patient safety"), ("staff", "Staff wellbeing")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    agree = forms.BooleanField(
        label="I have read the guidance", help_text="It is on the intranet.", required=False
    )
    review_date = NHSDateField(label="Review date", help_text="For example, 15 3 2025")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(Submit("save", "Save idea"))
        self.helper.add_input(Submit("draft", "Save as draft", css_class="nhsuk-button--secondary"))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("title") and cleaned.get("title") == cleaned.get("problem"):
            raise forms.ValidationError("Describe the problem in more words than the title")
        return cleaned


VALID = {
    "title": "Quieter wards at night",
    "email": "a.nurse@nhs.net",
    "problem": "Patients cannot sleep.",
    "priority": "low",
    "site": "southend",
    "themes": ["safety", "staff"],
    "agree": "on",
    "review_date_day": "5",
    "review_date_month": "3",
    "review_date_year": "2025",
}
# 31 February: typed as a user would, with a leading zero on the month.
FEBRUARY_31 = {"review_date_day": "31", "review_date_month": "02", "review_date_year": "2024"}


def render_tag(form):
    return Template("{% load crispy_forms_tags %}{% crispy form %}").render(
        Context({"form": form, "csrf_token": "test-token"})
    )


def render_filter(form):
    return Template("{% load crispy_forms_tags %}{{ form|crispy }}").render(Context({"form": form}))


# The pack must draw the same fields whichever way a page asks for them.
RENDERERS = pytest.mark.parametrize("render", [render_tag, render_filter])


def by_id(root, element_id):
    return root.find(id=element_id)


def with_class(root, name):
    return list(root.find_all(css_class=name))


def form_group(root, control_id):
    """The outermost NHS form group holding the element with this id."""
    return next(
        group
        for group in with_class(root, "nhsuk-form-group")
        if group.find(id=control_id) is not None
    )


def date_boxes(page):
    """What the day, month and year boxes of the review date hold."""
    return [
        by_id(page, f"id_review_date-{part}").attrs["value"] for part in ("day", "month", "year")
    ]


def submit(data):
    form = IdeaForm(data)
    form.is_valid()
    return form


@RENDERERS
@pytest.mark.parametrize("data", [None, VALID], ids=["new", "valid"])
def test_a_form_without_errors_shows_none(render, data):
    page = parse(render(IdeaForm(data)))

    assert not with_class(page, "nhsuk-error-summary")
    assert not with_class(page, "nhsuk-error-message")
    assert not with_class(page, "nhsuk-form-group--error")


@RENDERERS
def test_error_summary_lists_each_problem_and_links_to_its_field(render):
    form = submit({**VALID, "title": "", "priority": "", **FEBRUARY_31})
    form.add_error(None, "Ideas are closed for the weekend")

    page = parse(render(form))

    [summary] = with_class(page, "nhsuk-error-summary")
    assert any(el.attrs.get("role") == "alert" for el in summary.descendants())
    assert with_class(summary, "nhsuk-error-summary__heading")[0].text == "There is a problem"
    items = [el.text for el in summary.descendants() if el.tag == "li"]
    assert items[0] == "Ideas are closed for the weekend"
    links = [(el.attrs.get("href"), el.text) for el in summary.descendants() if el.tag == "a"]
    assert links == [
        ("#id_title", "Enter a title"),
        ("#id_priority", "Select how urgent it is"),
        ("#id_review_date-day", "Enter a real date"),
    ]
    # Each link lands on the control to fix: the text box, the first radio, the day box.
    assert [by_id(page, href[1:]).tag for href, _ in links] == ["input", "input", "input"]


def test_error_summary_shows_errors_from_clean():
    page = parse(render_tag(submit({**VALID, "problem": VALID["title"]})))

    [summary] = with_class(page, "nhsuk-error-summary")
    assert "Describe the problem in more words than the title" in summary.text


def test_error_message_sits_in_the_fields_form_group():
    page = parse(render_tag(submit({**VALID, "title": ""})))

    group = form_group(page, "id_title")
    assert "nhsuk-form-group--error" in group.classes
    [message] = with_class(group, "nhsuk-error-message")
    assert message.attrs.get("id") == "id_title-error"
    assert message.text == "Error: Enter a title"
    assert "nhsuk-u-visually-hidden" in next(message.descendants()).classes
    control = by_id(page, "id_title")
    assert "nhsuk-input--error" in control.classes
    assert control.attrs.get("aria-describedby") == "id_title-hint id_title-error"
    assert "nhsuk-form-group--error" not in form_group(page, "id_email").classes


def test_input_with_hint_and_error_matches_the_nhs_markup():
    html = render_filter(submit({**VALID, "title": ""}))

    # The NHS input macro's markup, plus the aria-invalid and maxlength Django adds.
    expected = """
    <div class="nhsuk-form-group nhsuk-form-group--error">
      <label class="nhsuk-label" for="id_title">Give your idea a short title</label>
      <div class="nhsuk-hint" id="id_title-hint">Keep it under 10 words.</div>
      <span class="nhsuk-error-message" id="id_title-error">
        <span class="nhsuk-u-visually-hidden">Error: </span>Enter a title
      </span>
      <input class="nhsuk-input nhsuk-input--error" id="id_title" name="title" type="text"
        aria-describedby="id_title-hint id_title-error" aria-invalid="true" maxlength="100">
    </div>
    """
    assertInHTML(expected, html)


def test_hint_is_read_out_with_its_control():
    page = parse(render_filter(IdeaForm()))

    assert by_id(page, "id_title-hint").text == "Keep it under 10 words."
    assert by_id(page, "id_title").attrs.get("aria-describedby") == "id_title-hint"
    assert by_id(page, "id_agree").attrs.get("aria-describedby") == "id_agree-item-hint"


def test_every_control_has_a_label():
    page = parse(render_filter(IdeaForm()))

    labelled = {el.attrs.get("for") for el in page.descendants() if el.tag == "label"}
    controls = [
        el
        for el in page.descendants()
        if el.tag in {"input", "select", "textarea"} and el.attrs.get("type") != "hidden"
    ]
    # Five single controls, two radios, two checkboxes, three date boxes.
    assert len(controls) == 12
    assert all(control.attrs.get("id") in labelled for control in controls)


@pytest.mark.parametrize(
    ("name", "answer", "kind", "legend"),
    [
        ("priority", {"priority": ""}, "radios", "How urgent is it?"),
        ("themes", {"themes": ["unknown"]}, "checkboxes", "Which themes does it touch?"),
        ("review_date", {"review_date_day": ""}, "date-input", "Review date"),
    ],
)
def test_grouped_controls_are_in_a_fieldset_with_a_legend(name, answer, kind, legend):
    page = parse(render_filter(submit({**VALID, **answer})))

    [fieldset] = [el for el in form_group(page, f"id_{name}").descendants() if el.tag == "fieldset"]
    assert "nhsuk-fieldset" in fieldset.classes
    legends = [el for el in fieldset.descendants() if el.tag == "legend"]
    assert [el.text for el in legends] == [legend]
    assert with_class(fieldset, f"nhsuk-{kind}")
    assert fieldset.attrs.get("aria-describedby").endswith(f"id_{name}-error")


def test_radios_match_the_nhs_markup():
    html = render_filter(submit({**VALID, "priority": "high"}))

    expected = """
    <div class="nhsuk-radios" data-module="nhsuk-radios">
      <div class="nhsuk-radios__item">
        <input class="nhsuk-radios__input" id="id_priority" name="priority" type="radio"
          value="high" checked>
        <label class="nhsuk-label nhsuk-radios__label" for="id_priority">Urgent</label>
      </div>
      <div class="nhsuk-radios__item">
        <input class="nhsuk-radios__input" id="id_priority-2" name="priority" type="radio"
          value="low">
        <label class="nhsuk-label nhsuk-radios__label" for="id_priority-2">Not urgent</label>
      </div>
    </div>
    """
    assertInHTML(expected, html)


@RENDERERS
def test_typed_values_are_kept_after_a_failed_submit(render):
    page = parse(render(submit({**VALID, "title": ""})))

    assert by_id(page, "id_email").attrs.get("value") == "a.nurse@nhs.net"
    assert by_id(page, "id_problem").text == "Patients cannot sleep."
    assert "checked" in by_id(page, "id_priority-2").attrs
    assert "checked" not in by_id(page, "id_priority").attrs
    [chosen] = [el for el in by_id(page, "id_site").descendants() if "selected" in el.attrs]
    assert chosen.attrs.get("value") == "southend"
    assert "checked" in by_id(page, "id_themes").attrs
    assert "checked" in by_id(page, "id_themes-2").attrs
    assert "checked" in by_id(page, "id_agree").attrs
    assert date_boxes(page) == ["5", "3", "2025"]


@pytest.mark.parametrize(
    ("widget", "input_type"),
    [
        (forms.TextInput, "text"),
        (forms.EmailInput, "email"),
        (forms.NumberInput, "number"),
        (forms.DateInput, "text"),
        (forms.PasswordInput, "password"),
        (forms.SearchInput, "search"),
        (forms.URLInput, "url"),
        (forms.TelInput, "tel"),
    ],
)
def test_every_input_type_is_an_nhs_input(widget, input_type):
    class OneFieldForm(forms.Form):
        answer = forms.CharField(label="Answer", widget=widget)

    page = parse(render_filter(OneFieldForm()))

    control = by_id(page, "id_answer")
    assert (control.tag, control.attrs.get("type")) == ("input", input_type)
    assert "nhsuk-input" in control.classes
    assert form_group(page, "id_answer").text == "Answer"


def test_textarea_select_and_checkbox_use_nhs_classes():
    page = parse(render_filter(IdeaForm()))

    assert "nhsuk-textarea" in by_id(page, "id_problem").classes
    assert "nhsuk-select" in by_id(page, "id_site").classes
    assert "nhsuk-checkboxes__input" in by_id(page, "id_agree").classes
    assert with_class(form_group(page, "id_agree"), "nhsuk-checkboxes")


def test_user_input_is_escaped():
    script = "<script>alert('x')</script>"
    html = render_tag(submit({**VALID, "title": script, "problem": script, "email": script}))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert by_id(parse(html), "id_problem").text == script


def test_help_text_and_choice_labels_are_escaped():
    class MarkupForm(forms.Form):
        colour = forms.ChoiceField(
            label="Colour <i>",
            help_text="<b>Bold</b>",
            choices=[("r", "<em>Red</em>")],
            widget=forms.RadioSelect,
        )

    html = render_filter(MarkupForm())

    assert "<b>" not in html and "<em>" not in html and "<i>" not in html
    assert "&lt;em&gt;Red&lt;/em&gt;" in html


def test_form_tag_has_csrf_token_and_leaves_validation_to_the_server():
    page = parse(render_tag(IdeaForm()))

    [form] = [el for el in page.descendants() if el.tag == "form"]
    assert form.attrs.get("method") == "post"
    assert "novalidate" in form.attrs
    assert by_id(page, "id_title").attrs.get("required") is None
    assert any(el.attrs.get("name") == "csrfmiddlewaretoken" for el in form.descendants())


def test_submit_buttons_are_nhs_buttons():
    page = parse(render_tag(IdeaForm()))

    primary, secondary = [el for el in page.descendants() if el.tag == "button"]
    assert primary.text == "Save idea"
    assert primary.classes == {"nhsuk-button"}
    assert primary.attrs.get("data-module") == "nhsuk-button"
    assert primary.attrs.get("type") == "submit"
    assert secondary.classes == {"nhsuk-button", "nhsuk-button--secondary"}
    assert with_class(page, "nhsuk-button-group")


def test_layout_passes_classes_through_and_groups_fields():
    form = IdeaForm()
    form.helper.layout = Layout(
        Fieldset(
            "About the idea",
            Field("title", css_class="nhsuk-input--width-20", wrapper_class="portal-title"),
            Row(Column("email", css_class="nhsuk-grid-column-one-half")),
        ),
        Field("priority", css_class="nhsuk-radios--inline"),
    )

    page = parse(render_tag(form))

    assert "nhsuk-input--width-20" in by_id(page, "id_title").classes
    assert "portal-title" in form_group(page, "id_title").classes
    assert "nhsuk-radios--inline" in with_class(page, "nhsuk-radios")[0].classes
    [legend] = with_class(page, "nhsuk-fieldset__legend--m")
    assert legend.text == "About the idea"
    [row] = with_class(page, "nhsuk-grid-row")
    assert any(el.attrs.get("id") == "id_email" for el in row.descendants())
    assert with_class(row, "nhsuk-grid-column-one-half")


def test_date_field_parses_a_real_date():
    form = submit(VALID)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["review_date"] == datetime.date(2025, 3, 5)


@RENDERERS
def test_date_field_rejects_31_february_and_keeps_what_was_typed(render):
    page = parse(render(submit({**VALID, **FEBRUARY_31})))

    group = form_group(page, "id_review_date")
    assert with_class(group, "nhsuk-error-message")[0].text == "Error: Enter a real date"
    assert date_boxes(page) == ["31", "02", "2024"]
    assert all(
        "nhsuk-input--error" in by_id(page, f"id_review_date-{part}").classes
        for part in ("day", "month", "year")
    )


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("31", "02", "2024", "Enter a real date"),
        ("0", "1", "2024", "Enter a real date"),
        ("1", "13", "2024", "Enter a real date"),
        ("first", "1", "2024", "Enter a real date"),
        ("99999999999999999999", "1", "2024", "Enter a real date"),
        ("1", "1", "24", "Year must include 4 numbers"),
        ("1", "", "2024", "Date must include a month"),
        ("", "", "2024", "Date must include a day and month"),
        ("", "", "", "Enter a date"),
    ],
)
def test_date_field_rejects_unreal_or_incomplete_dates(day, month, year, message):
    with pytest.raises(forms.ValidationError) as error:
        NHSDateField().clean([day, month, year])

    assert error.value.messages == [message]


def test_optional_date_field_may_be_left_empty():
    assert NHSDateField(required=False).clean(["", "", ""]) is None


def test_date_field_shows_a_saved_date_in_three_boxes():
    class ReviewForm(forms.Form):
        review_date = NHSDateField(label="Review date")

    page = parse(render_filter(ReviewForm(initial={"review_date": datetime.date(2025, 3, 5)})))

    boxes = [by_id(page, f"id_review_date-{part}") for part in ("day", "month", "year")]
    assert [box.attrs.get("value") for box in boxes] == ["5", "3", "2025"]
    assert [box.attrs.get("name") for box in boxes] == [
        "review_date_day",
        "review_date_month",
        "review_date_year",
    ]
    assert [box.attrs.get("inputmode") for box in boxes] == ["numeric"] * 3
    assert ["nhsuk-input--width-4" in box.classes for box in boxes] == [False, False, True]


@pytest.mark.parametrize(
    "value",
    [
        "<script>alert('x') & \"y\"</script>",
        mark_safe("<b>kept</b>"),
        gettext_lazy("Start date <required>"),
        7,
        None,
        datetime.date(2026, 3, 1),
    ],
)
def test_the_pack_escapes_as_django_s_conditional_escape(value):
    """The pack's own escape (core.form_markup.escape, cheaper for each option) writes what
    Django's conditional_escape writes: text escaped, what is marked safe as it is."""
    assert form_markup.escape(value) == conditional_escape(value)


class ScriptedWidget(forms.TextInput):
    class Media:
        css = {"all": ["css/scripted.css"]}
        js = [forms.Script("js/scripted.js", type="module")]


class ScriptedForm(forms.Form):
    scripted = forms.CharField(label="Scripted", widget=ScriptedWidget)
    plain = forms.CharField(label="Plain")


class OtherScriptedWidget(forms.TextInput):
    class Media:
        js = ["js/other.js"]


class OtherScriptedForm(forms.Form):
    scripted = forms.CharField(label="Scripted", widget=OtherScriptedWidget)


def test_a_form_s_media_is_written_as_django_writes_it_once_for_each_set_of_files():
    """{% crispy form %} writes each set of files forms ask for once a process
    (nhsuk.form_media), as Django writes them."""
    for form in [ScriptedForm(), OtherScriptedForm(), IdeaForm(), ScriptedForm()]:
        html = render_tag(form)

        assert str(form.media) in html
        assert html.count("<script") == len(form.media._js)
    assert '<script src="/static/js/scripted.js" type="module">' in render_tag(ScriptedForm())
    assert '<script src="/static/js/other.js">' in render_tag(OtherScriptedForm())


def test_hidden_inputs_and_buttons_with_attributes_and_buttons_in_a_layout():
    form = IdeaForm()
    form.helper.inputs = [
        Hidden("step", "2 & 3"),
        Button("back", "Back <", css_class="nhsuk-button--reverse", data_go="back"),
    ]
    form.helper.layout = Layout("title", Submit("save", "Save idea"))

    html = render_tag(form)

    assert '<input type="hidden" name="step" value="2 &amp; 3" id="hidden-id-step">' in html
    assert (
        '<button class="nhsuk-button nhsuk-button--reverse" data-module="nhsuk-button" '
        'type="button" name="back" value="Back &lt;" id="button-id-back" data-go="back">'
        "Back &lt;</button>"
    ) in html
    assert (
        '<button class="nhsuk-button" data-module="nhsuk-button" type="submit" name="save" '
        'value="Save idea" id="submit-id-save">Save idea</button>'
    ) in html


class Filters(forms.Form):
    status = FixedChoiceField(choices=[("", "Any status"), ("open", "Open <now>")], required=False)


class PlainFilters(forms.Form):
    status = forms.ChoiceField(choices=[("", "Any status"), ("open", "Open <now>")], required=False)


@pytest.mark.parametrize("data", [None, {"status": "open"}, {"status": "shut"}])
def test_a_fixed_choice_field_draws_and_cleans_as_a_choice_field(data):
    fixed, plain = Filters(data), PlainFilters(data)

    assert render_filter(fixed) == render_filter(plain)
    if data:
        assert (fixed.is_valid(), fixed.errors) == (plain.is_valid(), plain.errors)


def test_each_form_shares_fixed_choices_but_keeps_choices_set_on_it():
    first, second = Filters(), Filters()

    assert first.fields["status"].choices is second.fields["status"].choices
    first.fields["status"].choices = [("shut", "Shut")]

    assert list(second.fields["status"].choices) == [("", "Any status"), ("open", "Open <now>")]
    assert list(Filters().fields["status"].widget.choices) == list(second.fields["status"].choices)
