from django import template

from core.presenters import nhsuk_tag, person_name

from ..presenters import WITHDRAW_BUTTON, place_status_class

register = template.Library()


@register.filter
def place_status(enrolment):
    """A training place's status as an NHS.UK tag."""
    return nhsuk_tag(place_status_class(enrolment), enrolment.get_status_display())


@register.filter
def withdraw_button(enrolment):
    """The words on the button that gives up the colleague's place or request."""
    return WITHDRAW_BUTTON[enrolment.status]


register.filter("person", person_name)
