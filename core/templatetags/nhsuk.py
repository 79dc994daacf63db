"""The portal's NHS.UK tags: body paragraphs, the breadcrumb trail, and the repeated parts of
the NHS form controls, written in Python.

A filter form's selects hold hundreds of options, and a checkbox list can hold hundreds of
people: built in the template, each option cost an included template and a dozen variable
lookups (about 20 ms of a list page's 50). The markup is the same as the template pack's.
"""

import re

from crispy_forms.templatetags.crispy_forms_filters import optgroups
from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from core import presenters

register = template.Library()


@register.filter
def person_details(user):
    """What tells a person apart from others of the same name (core.presenters)."""
    return presenters.person_details(user)


@register.filter
def paragraphs(text, css_class="nhsuk-body"):
    """Text whose paragraphs are split by blank lines, as escaped NHS.UK body paragraphs."""
    parts = [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]
    return format_html_join("\n", '<p class="{}">{}</p>', ((css_class, part) for part in parts))


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(*texts_and_urls):
    """The breadcrumb trail from alternating texts and URLs, most general first."""
    return {"trail": list(zip(texts_and_urls[1::2], texts_and_urls[0::2], strict=True))}


# The pack writes these itself. required is left out: NHS forms check answers on the server
# and show an error message rather than the browser's validation bubble.
WRITTEN_BY_THE_PACK = frozenset({"id", "class", "aria-describedby", "required"})


def attributes_html(attrs):
    return format_html_join(
        "",
        " {}{}",
        (
            (name, "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False and name not in WRITTEN_BY_THE_PACK
        ),
    )


@register.simple_tag
def control_attributes(attrs):
    """The other attributes Django built for a control: maxlength, inputmode, checked,
    selected, disabled, aria-invalid and any set on the widget."""
    return attributes_html(attrs)


@register.simple_tag
def select_options(field):
    """A select's options, in their groups where the choices have groups."""
    parts = []
    for group_name, options, _index in optgroups(field):
        if group_name:
            parts.append(format_html('<optgroup label="{}">', group_name))
        parts.extend(
            format_html(
                '<option value="{}"{}>{}</option>',
                option["value"],
                attributes_html(option["attrs"]),
                option["label"],
            )
            for option in options
        )
        if group_name:
            parts.append("</optgroup>")
    return mark_safe("".join(parts))


@register.simple_tag
def choice_items(field, kind):
    """Radios or checkboxes (kind is "radios" or "checkboxes"). As in the NHS macros, the
    first option's id is the field's own, so labels and error summary links can point at it;
    the rest are numbered from 2."""
    parts = []
    for number, option in enumerate(field.subwidgets, start=1):
        control_id = field.auto_id if number == 1 else f"{field.auto_id}-{number}"
        data = option.data
        parts.append(
            format_html(
                '<div class="nhsuk-{kind}__item">'
                '<input class="nhsuk-{kind}__input" id="{id}" name="{name}" type="{type}" '
                'value="{value}"{attributes}>'
                '<label class="nhsuk-label nhsuk-{kind}__label" for="{id}">{label}</label>'
                "</div>",
                kind=kind,
                id=control_id,
                name=data["name"],
                type=data["type"],
                value=data["value"],
                attributes=attributes_html(data["attrs"]),
                label=option.choice_label,
            )
        )
    return mark_safe("".join(parts))
