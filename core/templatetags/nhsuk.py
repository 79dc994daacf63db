"""The portal's NHS.UK tags: body paragraphs, the breadcrumb trail, and a form field as the
`nhsuk` crispy pack draws it (core/form_markup.py)."""

import re

from django import template
from django.conf import settings
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


@register.simple_tag
def summary_row(key, value):
    """A summary list's row (components/summary_row.html's markup, core.presenters)."""
    return presenters.summary_row(key, value)


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


@register.simple_tag
def nhsuk_input(button):
    """One of crispy's buttons (or hidden inputs) as an NHS button (core/form_markup.py)."""
    return form_markup.crispy_input(button)


@register.simple_tag
def nhsuk_inputs(buttons):
    """The helper's buttons, in order, written without a template each."""
    return mark_safe("".join(form_markup.crispy_input(button) for button in buttons))


# Each set of stylesheets and scripts forms ask for, written: widgets ask for a few files
# (pickers, the ward select), the same on every page showing them.
MEDIA_WRITTEN = {}


@register.simple_tag
def form_media(form):
    """The form's stylesheets and scripts, as {{ form.media }} writes them, written once a
    process for each set of files its widgets ask for: writing them (their tags, attributes
    and static URLs) cost the charter about 1,000 function calls a request. The set is the
    form's media's own lists, each widget's files as it asked for them (Media keeps them
    until it merges them to write them); debug names static files differently."""
    media = form.media
    key = (
        tuple(tuple(scripts) for scripts in media._js_lists),
        tuple(
            tuple((medium, tuple(sheets)) for medium, sheets in stylesheets.items())
            for stylesheets in media._css_lists
        ),
        settings.DEBUG,
    )
    written = MEDIA_WRITTEN.get(key)
    if written is None:
        written = MEDIA_WRITTEN[key] = media.render()
    return written
