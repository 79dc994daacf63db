import re

from django import template
from django.utils.html import format_html_join

register = template.Library()


@register.filter
def paragraphs(text, css_class="nhsuk-body"):
    """Text whose paragraphs are split by blank lines, as escaped NHS.UK body paragraphs."""
    parts = [part.strip() for part in re.split(r"\n\s*\n", text or "") if part.strip()]
    return format_html_join("\n", '<p class="{}">{}</p>', ((css_class, part) for part in parts))


@register.inclusion_tag("components/breadcrumbs.html")
def breadcrumbs(*texts_and_urls):
    """The breadcrumb trail from alternating texts and URLs, most general first."""
    return {"trail": list(zip(texts_and_urls[1::2], texts_and_urls[0::2], strict=True))}
