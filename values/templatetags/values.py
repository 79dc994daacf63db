from django import template
from django.utils.html import format_html

from values.presenters import card_status

register = template.Library()


@register.filter
def card_status_tag(card):
    label, tag_class = card_status(card)
    return format_html('<strong class="nhsuk-tag {}">{}</strong>', tag_class, label)
