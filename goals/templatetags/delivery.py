"""What the strategy's pages show of its delivery: owners, statuses and updates."""

from django import template

from .. import markup
from ..delivery_presenters import status_tag
from ..presenters import with_job_title

register = template.Library()

register.filter("with_job_title", with_job_title)
register.filter("status_tag", status_tag)


@register.simple_tag
def goal_cards(goals, signed_in):
    """The strategy's goals (selectors.GoalRow) as cards (markup.goal_cards)."""
    return markup.goal_cards(goals, signed_in=signed_in)


@register.simple_tag
def objective_list(objectives, year_url, signed_in):
    """A year's objectives (selectors.ObjectiveRow) as a list (markup.objective_list)."""
    return markup.objective_list(objectives, year_url=year_url, signed_in=signed_in)
