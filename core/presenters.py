"""Display logic the apps share."""

from django.utils.html import format_html


def person_name(user):
    """A person's name as staff know it: full name, else username; blank for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def nhsuk_tag(css_class, text):
    """An NHS.UK tag: a status in a coloured box."""
    return format_html('<strong class="nhsuk-tag {}">{}</strong>', css_class, text)
