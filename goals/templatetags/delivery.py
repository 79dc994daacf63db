"""What the strategy's pages show of its delivery: owners, statuses and updates."""

from django import template

from ..delivery_presenters import status_tag
from ..presenters import with_job_title

register = template.Library()

register.filter("with_job_title", with_job_title)
register.filter("status_tag", status_tag)
