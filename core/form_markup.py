"""The NHS.UK markup of a form field, as the `nhsuk` crispy template pack draws it: one form
group with its label (or fieldset and legend), hint, error message and control.

Written in Python rather than as a template per part: the pack draws every form of the
portal, and each template included, variable resolved and option built as a dictionary
cost a project charter about 40,000 function calls (15 ms) of its 70,000. Only a field's
first error is shown, as the NHS design system asks. Every text is escaped.
"""

import html

from django import forms
from django.utils.safestring import mark_safe

# The pack writes these itself. required is left out: NHS forms check answers on the server
# and show an error message rather than the browser's validation bubble.
WRITTEN_BY_THE_PACK = frozenset({"id", "class", "aria-describedby", "required"})


def escape(value):
    """Django's conditional_escape, for a third of the calls: the same text (what is marked
    safe as it is, anything else as html.escape writes it, as Django's escape does), but
    without passing each value through keep_lazy's wrapper and a SafeString. A form escapes
    every label, value and attribute of every option it draws, some hundreds a page."""
    if hasattr(value, "__html__"):
        return value.__html__()
    return html.escape(str(value))


def attributes_html(attrs):
    """The other attributes Django built for a control: maxlength, inputmode, checked,
    selected, disabled, aria-invalid and any set on the widget."""
    parts = []
    for name, value in attrs.items():
        if value is False or name in WRITTEN_BY_THE_PACK:
            continue
        if value is True:
            parts.append(f" {escape(name)}")
        else:
            parts.append(f' {escape(name)}="{escape(value)}"')
    return "".join(parts)


def form_group(field, wrapper_class=""):
    """The field as an NHS form group; a hidden field as its input alone."""
    if field.is_hidden:
        return _hidden(field)
    widget = field.field.widget
    errors = field.errors
    group = "nhsuk-form-group"
    if errors:
        group += " nhsuk-form-group--error"
    if wrapper_class:
        group += f" {escape(wrapper_class)}"
    if getattr(widget, "picker", False):
        inner = _picker(field, errors)
    elif isinstance(widget, forms.RadioSelect | forms.MultiWidget):
        # Several controls answering one question: grouped under a legend. A
        # CheckboxSelectMultiple is a RadioSelect too.
        inner = _fieldset(field, errors)
    elif isinstance(widget, forms.CheckboxInput):
        inner = _checkbox(field, errors)
    else:
        inner = (
            _label(field) + _hint(field) + _error_message(field, errors) + _control(field, errors)
        )
    return mark_safe(f'<div class="{group}">{inner}</div>')


def _hidden(field):
    """A hidden input, as Django's own template writes it."""
    if isinstance(field.field.widget, forms.MultipleHiddenInput):
        return str(field)
    data = field.subwidgets[0].data
    attrs = "".join(
        f" {escape(name)}" if value is True else f' {escape(name)}="{escape(value)}"'
        for name, value in data["attrs"].items()
        if value is not False
    )
    return mark_safe(
        f'<input type="{data["type"]}" name="{data["name"]}"{_value_attribute(data["value"])}'
        f"{attrs}>"
    )


def _label(field):
    label = escape(field.label)
    return f'<label class="nhsuk-label" for="{field.auto_id}">{label}</label>'


def _hint(field):
    if not field.help_text:
        return ""
    hint = escape(field.help_text)
    return f'<div class="nhsuk-hint" id="{field.auto_id}-hint">{hint}</div>'


def _error_message(field, errors):
    if not errors:
        return ""
    first = escape(errors[0])
    return (
        f'<span class="nhsuk-error-message" id="{field.auto_id}-error">'
        f'<span class="nhsuk-u-visually-hidden">Error: </span>{first}</span>'
    )


def _described_by(field, errors):
    """Points the control (or fieldset) at its hint and error message, so screen readers
    read them out with it."""
    ids = []
    if field.help_text:
        ids.append(f"{field.auto_id}-hint")
    if errors:
        ids.append(f"{field.auto_id}-error")
    return f' aria-describedby="{" ".join(ids)}"' if ids else ""


def _extra_class(attrs):
    """Classes set on the widget (e.g. nhsuk-input--width-10, nhsuk-radios--inline)."""
    return f" {escape(attrs['class'])}" if attrs.get("class") else ""


def _value_attribute(value):
    return "" if value is None else f' value="{escape(value)}"'


def _fieldset(field, errors):
    widget = field.field.widget
    is_date = isinstance(widget, forms.MultiWidget)
    role = ' role="group"' if is_date else ""
    if is_date:
        controls = _date_input(field, errors)
    else:
        kind = "checkboxes" if isinstance(widget, forms.CheckboxSelectMultiple) else "radios"
        controls = (
            f'<div class="nhsuk-{kind}{_extra_class(widget.attrs)}" data-module="nhsuk-{kind}">'
            f"{choice_items(field, kind)}</div>"
        )
    return (
        f'<fieldset class="nhsuk-fieldset"{role}{_described_by(field, errors)}>'
        f'<legend class="nhsuk-fieldset__legend">{escape(field.label)}</legend>'
        f"{_hint(field)}{_error_message(field, errors)}{controls}</fieldset>"
    )


def _date_input(field, errors):
    """The day, month and year boxes of an NHSDateField (core/forms.py)."""
    error_class = " nhsuk-input--error" if errors else ""
    items = []
    for part in field.subwidgets[0].data["subwidgets"]:
        attrs = part["attrs"]
        items.append(
            '<div class="nhsuk-date-input__item"><div class="nhsuk-form-group">'
            f'<label class="nhsuk-label nhsuk-date-input__label" for="{attrs["id"]}">'
            f"{escape(part['label'])}</label>"
            '<input class="nhsuk-input nhsuk-date-input__input '
            f'nhsuk-input--width-{part["width"]}{error_class}{_extra_class(attrs)}" '
            f'id="{attrs["id"]}" name="{part["name"]}" type="{part["type"]}"'
            f"{_value_attribute(part['value'])}{attributes_html(attrs)}></div></div>"
        )
    return f'<div class="nhsuk-date-input" id="{field.auto_id}">{"".join(items)}</div>'


def _checkbox(field, errors):
    """A single checkbox (BooleanField): its label says what ticking it means, so it needs
    no fieldset. The hint sits under the label, as an NHS checkbox item hint."""
    widget = field.subwidgets[0].data
    attrs = widget["attrs"]
    auto_id = field.auto_id
    described = [f"{auto_id}-error"] if errors else []
    hint = ""
    if field.help_text:
        described.append(f"{auto_id}-item-hint")
        hint = (
            f'<div class="nhsuk-hint nhsuk-checkboxes__hint" id="{auto_id}-item-hint">'
            f"{escape(field.help_text)}</div>"
        )
    described_by = f' aria-describedby="{" ".join(described)}"' if described else ""
    return (
        f"{_error_message(field, errors)}"
        f'<div class="nhsuk-checkboxes{_extra_class(attrs)}" data-module="nhsuk-checkboxes">'
        '<div class="nhsuk-checkboxes__item">'
        f'<input class="nhsuk-checkboxes__input" id="{auto_id}" name="{widget["name"]}" '
        f'type="checkbox"{_value_attribute(widget["value"])}{described_by}'
        f"{attributes_html(attrs)}>"
        f'<label class="nhsuk-label nhsuk-checkboxes__label" for="{auto_id}">'
        f"{escape(field.label)}</label>{hint}</div></div>"
    )


def _control(field, errors):
    """A select, a textarea or any <input>: text, email, number, password, search, url,
    tel, dates typed as text."""
    widget = field.field.widget
    described_by = _described_by(field, errors)
    if isinstance(widget, forms.Select):
        error_class = " nhsuk-select--error" if errors else ""
        disabled = " disabled" if field.field.disabled else ""
        multiple = " multiple" if widget.allow_multiple_selected else ""
        return (
            f'<select class="nhsuk-select{error_class}{_extra_class(widget.attrs)}" '
            f'id="{field.auto_id}" name="{field.html_name}"{described_by}{disabled}{multiple}'
            f"{attributes_html(widget.attrs)}>{select_options(field)}</select>"
        )
    data = field.subwidgets[0].data
    attrs = data["attrs"]
    if isinstance(widget, forms.Textarea):
        error_class = " nhsuk-textarea--error" if errors else ""
        # The newline after <textarea> is dropped by browsers, so a value starting with one
        # keeps it.
        value = data["value"]
        text = f"\n{escape(value)}" if value and value.strip() else ""
        return (
            f'<textarea class="nhsuk-textarea{error_class}{_extra_class(attrs)}" '
            f'id="{field.auto_id}" name="{data["name"]}"{described_by}{attributes_html(attrs)}>'
            f"{text}</textarea>"
        )
    error_class = " nhsuk-input--error" if errors else ""
    return (
        f'<input class="nhsuk-input{error_class}{_extra_class(attrs)}" id="{field.auto_id}" '
        f'name="{data["name"]}" type="{data["type"]}"{_value_attribute(data["value"])}'
        f"{described_by}{attributes_html(attrs)}>"
    )


# Choices ---------------------------------------------------------------------------------
#
# Read straight from the widget's choices, rather than through Django's subwidgets, which
# build a dictionary and a copy of the attributes for every option: a select of hundreds of
# people or wards, or a list of checkboxes, costs a few calls an option.


def _choices(field):
    """The widget's choices as (group name or None, [(value, label, selected)]), selected
    as Django's ChoiceWidget.optgroups selects them: only the first match of a single
    choice."""
    widget = field.field.widget
    chosen = set(widget.format_value(field.value()))
    many = widget.allow_multiple_selected
    has_selected = False
    groups = []
    for value, label in widget.choices:
        if value is None:
            value = ""
        if isinstance(label, list | tuple):
            group_name, options = value, label
        else:
            group_name, options = None, [(value, label)]
        group = []
        for option_value, option_label in options:
            selected = (many or not has_selected) and str(option_value) in chosen
            has_selected |= selected
            group.append((option_value, option_label, selected))
        groups.append((group_name, group))
    return groups


def select_options(field):
    """A select's options, in their groups where the choices have groups."""
    parts = []
    for group_name, options in _choices(field):
        if group_name:
            parts.append(f'<optgroup label="{escape(group_name)}">')
        parts.extend(
            f'<option value="{escape(value)}"{" selected" if selected else ""}>'
            f"{escape(label)}</option>"
            for value, label, selected in options
        )
        if group_name:
            parts.append("</optgroup>")
    return "".join(parts)


def choice_items(field, kind):
    """Radios or checkboxes (kind is "radios" or "checkboxes"). As in the NHS macros, the
    first option's id is the field's own, so labels and error summary links can point at it;
    the rest are numbered from 2."""
    widget = field.field.widget
    auto_id = field.auto_id
    # What Django gives every option: the widget's attributes and the field's (disabled,
    # aria-invalid), then checked on those chosen.
    attrs = {**widget.attrs, **field.build_widget_attrs({"id": auto_id})}
    unchecked = attributes_html(attrs)
    checked = attributes_html({**attrs, "checked": True})
    name, input_type = field.html_name, widget.input_type
    parts = []
    number = 0
    for _group, options in _choices(field):
        for value, label, selected in options:
            number += 1
            control_id = auto_id if number == 1 else f"{auto_id}-{number}"
            parts.append(
                f'<div class="nhsuk-{kind}__item"><input class="nhsuk-{kind}__input" '
                f'id="{control_id}" name="{name}" type="{input_type}" '
                f'value="{escape(value)}"{checked if selected else unchecked}>'
                f'<label class="nhsuk-label nhsuk-{kind}__label" for="{control_id}">'
                f"{escape(label)}</label></div>"
            )
    return "".join(parts)


# Pickers ---------------------------------------------------------------------------------


def _picker(field, errors):
    """A picker (core/forms.py: PickerChoiceField, PersonChoiceField, PeopleChoiceField):
    for one record a labelled text box; for several people, a fieldset of those chosen and a
    box to add more."""
    widget = field.subwidgets[0].data
    if widget["multiple"]:
        return (
            f'<fieldset class="nhsuk-fieldset"{_described_by(field, errors)}>'
            f'<legend class="nhsuk-fieldset__legend">{escape(field.label)}</legend>'
            f"{_hint(field)}{_error_message(field, errors)}"
            f"{picker_controls(widget, has_errors=bool(errors))}</fieldset>"
        )
    return (
        f"{_label(field)}{_hint(field)}{_error_message(field, errors)}"
        f"{picker_controls(widget, has_errors=bool(errors), has_hint=bool(field.help_text))}"
    )


def picker_controls(widget, *, has_errors=False, has_hint=False):
    """The controls of a picker, from its widget's context (core/forms.py, Picker): `chosen`
    and each group of `candidates` are records as {id, name, details}; `typed` is the text
    left in the box; `words` what the records are called. The hidden inputs and ticked boxes
    post the chosen records' ids as the field's name; the box posts what was typed as
    "<name>-name". Records to choose between (when what was typed matches several) follow
    the box. Only several people are picked into a list (PeoplePicker);
    static/js/picker.js adds type-ahead."""
    e = escape
    control_id = e(widget["attrs"]["id"])
    name = e(widget["name"])
    words = widget["words"]
    multiple = widget["multiple"]
    chosen, candidates = widget["chosen"], widget["candidates"]
    search_with = f' data-search-with="{e(widget["search_with"])}"' if widget["search_with"] else ""
    parts = [
        f'<div class="portal-picker" data-picker data-name="{name}" '
        f'data-search-url="{e(widget["search_url"])}"{search_with} data-one="{e(words.one)}" '
        f'data-many="{e(words.many)}" data-no-results="{e(words.no_results)}"'
        f"{' data-multiple' if multiple else ''}>"
    ]
    if multiple:
        if chosen:
            parts.append(
                '<p class="nhsuk-body-s nhsuk-u-margin-bottom-2" data-picker-untick>'
                "Untick anyone to take them off.</p>"
            )
        parts.append(
            '<div class="nhsuk-checkboxes nhsuk-checkboxes--small portal-picker__chosen" '
            "data-picker-chosen>"
        )
        for number, person in enumerate(chosen, start=1):
            parts.append(
                _option_item(
                    person,
                    "checkboxes",
                    "checkbox",
                    f"{control_id}-chosen-{number}",
                    name,
                    checked=True,
                )
            )
        if not chosen:
            parts.append('<p class="nhsuk-body-s" data-picker-none>No one chosen yet.</p>')
        parts.append(
            '</div><div class="nhsuk-form-group portal-picker__add">'
            f'<label class="nhsuk-label" for="{control_id}">{e(widget["add_label"])}</label>'
            f'<div class="nhsuk-hint" id="{control_id}-add-hint" data-picker-add-hint>'
            "To add several people at once, separate them with semicolons.</div>"
        )
        described_by = f"{control_id}-add-hint"
    else:
        if chosen and not candidates:
            parts.append(
                f'<input type="hidden" name="{name}" value="{e(chosen[0]["id"])}" data-picker-id>'
            )
        described_by = (
            f"{f'{control_id}-hint ' if has_hint else ''}"
            f"{f'{control_id}-error ' if has_errors else ''}{control_id}-details"
        )
    error_class = " nhsuk-input--error" if has_errors else ""
    parts.append(
        f'<div class="portal-picker__box" data-picker-box><input class="nhsuk-input{error_class}" '
        f'id="{control_id}" name="{name}-name" type="text" value="{e(widget["typed"])}" '
        f'autocomplete="off" spellcheck="false" aria-describedby="{described_by}"></div>'
    )
    if multiple:
        parts.append("</div>")
    else:
        details = e(chosen[0]["details"]) if chosen and not candidates else ""
        parts.append(
            f'<p class="nhsuk-body-s portal-picker__details" id="{control_id}-details" '
            f"data-picker-details>{details}</p>"
        )
    kind, input_type = ("checkboxes", "checkbox") if multiple else ("radios", "radio")
    for group_number, group in enumerate(candidates, start=1):
        parts.append(
            '<fieldset class="nhsuk-fieldset portal-picker__candidates">'
            '<legend class="nhsuk-fieldset__legend nhsuk-fieldset__legend--s">'
            f"Select one of these {e(words.many)} for “{e(group['typed'])}”</legend>"
            f'<div class="nhsuk-{kind} nhsuk-{kind}--small">'
        )
        for number, person in enumerate(group["options"], start=1):
            option_id = f"{control_id}-candidates-{group_number}-{number}"
            parts.append(_option_item(person, kind, input_type, option_id, name))
        parts.append("</div></fieldset>")
    parts.append(
        '<div class="nhsuk-u-visually-hidden" aria-live="polite" data-picker-status></div></div>'
    )
    return mark_safe("".join(parts))


def _option_item(record, kind, input_type, option_id, name, *, checked=False):
    """One record to tick or choose, with its details as the item's hint."""
    e = escape
    details = record["details"]
    described_by = f' aria-describedby="{option_id}-details"' if details else ""
    hint = (
        f'<div class="nhsuk-hint nhsuk-{kind}__hint" id="{option_id}-details">{e(details)}</div>'
        if details
        else ""
    )
    ticked = " checked" if checked else ""
    return (
        f'<div class="nhsuk-{kind}__item"><input class="nhsuk-{kind}__input" id="{option_id}" '
        f'name="{name}" type="{input_type}" value="{e(record["id"])}"{ticked}{described_by}>'
        f'<label class="nhsuk-label nhsuk-{kind}__label" for="{option_id}">'
        f"{e(record['name'])}</label>{hint}</div>"
    )


# Buttons ---------------------------------------------------------------------------------

# crispy gives its buttons Bootstrap's classes, which NHS buttons do without.
BOOTSTRAP_BUTTON_CLASSES = frozenset({"btn", "btn-primary", "btn-inverse"})


def crispy_input(button):
    """crispy's Submit, Button, Reset and Hidden. Submit("save", "Save") is the primary NHS
    button; css_class="nhsuk-button--secondary" (or --reverse, --warning) gives the others.
    Attributes passed to it as keywords follow its own (`flat_attrs`)."""
    name, value, button_id = escape(button.name), escape(button.value), escape(button.id)
    if button.input_type == "hidden":
        return mark_safe(
            f'<input type="hidden" name="{name}" value="{value}" id="{button_id}"'
            f"{escape(button.flat_attrs)}>"
        )
    classes = "".join(
        f" {escape(name)}"
        for name in button.field_classes.split()
        if name not in BOOTSTRAP_BUTTON_CLASSES
    )
    return mark_safe(
        f'<button class="nhsuk-button{classes}" data-module="nhsuk-button" '
        f'type="{escape(button.input_type)}" name="{name}" value="{value}" id="{button_id}"'
        f"{escape(button.flat_attrs)}>{value}</button>"
    )
