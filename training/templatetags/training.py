from django import template

from core.presenters import nhsuk_tag, person_name

from ..presenters import place_status_class

register = template.Library()


@register.filter
def place_status(enrolment):
    """A training place's status as an NHS.UK tag."""
    return nhsuk_tag(place_status_class(enrolment), enrolment.get_status_display())


register.filter("person", person_name)
