"""{% page_url "name" %}: {% url "name" %} for a URL that takes no arguments, reversed once
a process (core/links.py); the layout links a dozen on every page."""

from django import template

from core import links

register = template.Library()


@register.simple_tag
def page_url(name):
    return links.page_url(name)
