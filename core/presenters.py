"""Display logic the apps share."""

from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe


def person_name(user):
    """A person's name as staff know it: full name, else username; blank for nobody."""
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


def name_from_columns(first_name, last_name, username):
    """person_name of a person read as values: the same name from their account's columns."""
    return f"{first_name} {last_name}".strip() or username


def summary_row(key, value):
    """One row of an NHS.UK summary list, as components/summary_row.html writes it: the
    value's lines kept, "Not given" for none. A page of a dozen rows included the template
    once each, about 150 function calls a row."""
    return mark_safe(
        '<div class="nhsuk-summary-list__row">\n'
        f'  <dt class="nhsuk-summary-list__key">{conditional_escape(key)}</dt>\n'
        f'  <dd class="nhsuk-summary-list__value">{linebreaksbr(value or "Not given")}</dd>\n'
        "</div>\n"
    )


def nhsuk_tag(css_class, text):
    """An NHS.UK tag: a status in a coloured box."""
    return format_html('<strong class="nhsuk-tag {}">{}</strong>', css_class, text)


def person_details(user):
    """What tells people of the same name apart: their job title, department and site, as
    their staff profile (people.StaffProfile) records them; blank for what it does not."""
    profile = getattr(user, "staff_profile", None)
    if profile is None:
        return ""
    site = profile.site.short_name if profile.site_id else ""
    return details_from_columns(profile.job_title, profile.department, site)


def details_from_columns(job_title, department, site_short_name):
    """person_details of a person read as values: the same details from their staff
    profile's columns (None for a person without a profile, or a profile without a site)."""
    return ", ".join(part for part in (job_title, department, site_short_name) if part)


def person_label(user):
    """A person's name with their job title, department and site, when any are known:
    "Alex Morris (Staff nurse, Emergency department, Basildon)"."""
    details = person_details(user)
    return f"{person_name(user)} ({details})" if details else person_name(user)


def plural(count):
    """The "s" a noun takes after `count`: f"{count} row{plural(count)}"."""
    return "" if count == 1 else "s"
