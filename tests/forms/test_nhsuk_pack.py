"""The `nhsuk` crispy template pack: NHS.UK markup for every kind of field, errors included."""

import datetime

import pytest
from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Field, Fieldset, Layout, Row, Submit
from django import forms
from django.template import Context, Template
from django.test.html import parse_html

from core.forms import NHSDateField


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


def parse(html):
    # parse_html returns a lone top-level element itself, not a root holding it.
    return parse_html(f"<div>{html}</div>")


def elements(node):
    """Every element under a parsed HTML node, parents before children."""
    for child in node.children:
        if not isinstance(child, str):
            yield child
            yield from elements(child)


def attr(element, name):
    return dict(element.attributes).get(name)


def has_class(element, name):
    return name in (attr(element, "class") or "").split()


def text(element):
    return " ".join(
        child if isinstance(child, str) else text(child) for child in element.children
    ).strip()


def by_id(root, element_id):
    return next(el for el in elements(root) if attr(el, "id") == element_id)


def with_class(root, name):
    return [el for el in elements(root) if has_class(el, name)]


def form_group(root, control_id):
    """The outermost NHS form group holding the element with this id."""
    return next(
        group
        for group in with_class(root, "nhsuk-form-group")
        if any(attr(el, "id") == control_id for el in elements(group))
    )


def date_boxes(page):
    """What the day, month and year boxes of the review date hold."""
    return [
        attr(by_id(page, f"id_review_date-{part}"), "value") for part in ("day", "month", "year")
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
    assert any(attr(el, "role") == "alert" for el in elements(summary))
    assert text(with_class(summary, "nhsuk-error-summary__heading")[0]) == "There is a problem"
    items = [text(el) for el in elements(summary) if el.name == "li"]
    assert items[0] == "Ideas are closed for the weekend"
    links = [(attr(el, "href"), text(el)) for el in elements(summary) if el.name == "a"]
    assert links == [
        ("#id_title", "Enter a title"),
        ("#id_priority", "Select how urgent it is"),
        ("#id_review_date-day", "Enter a real date"),
    ]
    # Each link lands on the control to fix: the text box, the first radio, the day box.
    assert [by_id(page, href[1:]).name for href, _ in links] == ["input", "input", "input"]


def test_error_summary_shows_errors_from_clean():
    page = parse(render_tag(submit({**VALID, "problem": VALID["title"]})))

    [summary] = with_class(page, "nhsuk-error-summary")
    assert "Describe the problem in more words than the title" in text(summary)


def test_error_message_sits_in_the_fields_form_group():
    page = parse(render_tag(submit({**VALID, "title": ""})))

    group = form_group(page, "id_title")
    assert has_class(group, "nhsuk-form-group--error")
    [message] = with_class(group, "nhsuk-error-message")
    assert attr(message, "id") == "id_title-error"
    assert text(message) == "Error: Enter a title"
    assert has_class(next(elements(message)), "nhsuk-u-visually-hidden")
    control = by_id(page, "id_title")
    assert has_class(control, "nhsuk-input--error")
    assert attr(control, "aria-describedby") == "id_title-hint id_title-error"
    assert not has_class(form_group(page, "id_email"), "nhsuk-form-group--error")


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
    assert parse_html(expected) in parse_html(html)


def test_hint_is_read_out_with_its_control():
    page = parse(render_filter(IdeaForm()))

    assert text(by_id(page, "id_title-hint")) == "Keep it under 10 words."
    assert attr(by_id(page, "id_title"), "aria-describedby") == "id_title-hint"
    assert attr(by_id(page, "id_agree"), "aria-describedby") == "id_agree-item-hint"


def test_every_control_has_a_label():
    page = parse(render_filter(IdeaForm()))

    labelled = {attr(el, "for") for el in elements(page) if el.name == "label"}
    controls = [
        el
        for el in elements(page)
        if el.name in {"input", "select", "textarea"} and attr(el, "type") != "hidden"
    ]
    # Five single controls, two radios, two checkboxes, three date boxes.
    assert len(controls) == 12
    assert all(attr(control, "id") in labelled for control in controls)


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

    [fieldset] = [el for el in elements(form_group(page, f"id_{name}")) if el.name == "fieldset"]
    assert has_class(fieldset, "nhsuk-fieldset")
    legends = [el for el in elements(fieldset) if el.name == "legend"]
    assert [text(el) for el in legends] == [legend]
    assert with_class(fieldset, f"nhsuk-{kind}")
    assert attr(fieldset, "aria-describedby").endswith(f"id_{name}-error")


def test_radios_match_the_nhs_markup():
    page = parse(render_filter(submit({**VALID, "priority": "high"})))

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
    assert parse_html(expected) in page


@RENDERERS
def test_typed_values_are_kept_after_a_failed_submit(render):
    page = parse(render(submit({**VALID, "title": ""})))

    assert attr(by_id(page, "id_email"), "value") == "a.nurse@nhs.net"
    assert text(by_id(page, "id_problem")) == "Patients cannot sleep."
    assert "checked" in dict(by_id(page, "id_priority-2").attributes)
    assert "checked" not in dict(by_id(page, "id_priority").attributes)
    [chosen] = [el for el in elements(by_id(page, "id_site")) if "selected" in dict(el.attributes)]
    assert attr(chosen, "value") == "southend"
    assert "checked" in dict(by_id(page, "id_themes").attributes)
    assert "checked" in dict(by_id(page, "id_themes-2").attributes)
    assert "checked" in dict(by_id(page, "id_agree").attributes)
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
    assert (control.name, attr(control, "type")) == ("input", input_type)
    assert has_class(control, "nhsuk-input")
    assert text(form_group(page, "id_answer")) == "Answer"


def test_textarea_select_and_checkbox_use_nhs_classes():
    page = parse(render_filter(IdeaForm()))

    assert has_class(by_id(page, "id_problem"), "nhsuk-textarea")
    assert has_class(by_id(page, "id_site"), "nhsuk-select")
    assert has_class(by_id(page, "id_agree"), "nhsuk-checkboxes__input")
    assert with_class(form_group(page, "id_agree"), "nhsuk-checkboxes")


def test_user_input_is_escaped():
    script = "<script>alert('x')</script>"
    html = render_tag(submit({**VALID, "title": script, "problem": script, "email": script}))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert text(by_id(parse(html), "id_problem")) == script


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

    [form] = [el for el in elements(page) if el.name == "form"]
    assert attr(form, "method") == "post"
    assert "novalidate" in dict(form.attributes)
    assert attr(by_id(page, "id_title"), "required") is None
    assert any(attr(el, "name") == "csrfmiddlewaretoken" for el in elements(form))


def test_submit_buttons_are_nhs_buttons():
    page = parse(render_tag(IdeaForm()))

    primary, secondary = [el for el in elements(page) if el.name == "button"]
    assert text(primary) == "Save idea"
    assert attr(primary, "class") == "nhsuk-button"
    assert attr(primary, "data-module") == "nhsuk-button"
    assert attr(primary, "type") == "submit"
    assert attr(secondary, "class") == "nhsuk-button nhsuk-button--secondary"
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

    assert has_class(by_id(page, "id_title"), "nhsuk-input--width-20")
    assert has_class(form_group(page, "id_title"), "portal-title")
    assert has_class(with_class(page, "nhsuk-radios")[0], "nhsuk-radios--inline")
    [legend] = with_class(page, "nhsuk-fieldset__legend--m")
    assert text(legend) == "About the idea"
    [row] = with_class(page, "nhsuk-grid-row")
    assert any(attr(el, "id") == "id_email" for el in elements(row))
    assert with_class(row, "nhsuk-grid-column-one-half")


def test_date_field_parses_a_real_date():
    form = submit(VALID)

    assert form.is_valid(), form.errors
    assert form.cleaned_data["review_date"] == datetime.date(2025, 3, 5)


@RENDERERS
def test_date_field_rejects_31_february_and_keeps_what_was_typed(render):
    page = parse(render(submit({**VALID, **FEBRUARY_31})))

    group = form_group(page, "id_review_date")
    assert text(with_class(group, "nhsuk-error-message")[0]) == "Error: Enter a real date"
    assert date_boxes(page) == ["31", "02", "2024"]
    assert all(
        has_class(by_id(page, f"id_review_date-{part}"), "nhsuk-input--error")
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
    assert [attr(box, "value") for box in boxes] == ["5", "3", "2025"]
    assert [attr(box, "name") for box in boxes] == [
        "review_date_day",
        "review_date_month",
        "review_date_year",
    ]
    assert [attr(box, "inputmode") for box in boxes] == ["numeric"] * 3
    assert [has_class(box, "nhsuk-input--width-4") for box in boxes] == [False, False, True]
