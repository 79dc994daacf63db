"""The portal's NHS.UK tags: body paragraphs, the breadcrumb trail, and a form field as the
`nhsuk` crispy pack draws it (core/form_markup.py)."""

import re

from django import template
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe

from core import form_markup, presenters

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


@register.simple_tag
def nhsuk_field(field, wrapper_class=""):
    """One form field as an NHS form group (core/form_markup.py)."""
    return form_markup.form_group(field, wrapper_class)


@register.simple_tag
def nhsuk_fields(form):
    """Every field of the form, in order, as NHS form groups."""
    return mark_safe("".join(form_markup.form_group(field) for field in form))
