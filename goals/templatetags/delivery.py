"""What the strategy's pages show of its delivery: owners, statuses and updates."""

from django import template

from ..delivery_presenters import status_tag
from ..periods import Period
from ..presenters import with_job_title

register = template.Library()

register.filter("with_job_title", with_job_title)
register.filter("status_tag", status_tag)


@register.filter
def latest_period(objective):
    """The period of an objective's latest update (read with `with_latest_status`)."""
    return Period(objective.latest_period_start, objective.latest_period_end).label
