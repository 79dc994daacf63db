from django import template

from core import panels as places

register = template.Library()


@register.simple_tag(takes_context=True)
def panels(context, place, **records):
    """What other apps show at this place of the page (core/panels.py)."""
    return places.render(place, context.get("request"), **records)
