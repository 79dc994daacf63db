"""Telling owners their progress updates are due, and strategy editors which are overdue
(goals/reminders.py and goals' overdue list say who and what; notify() tells them)."""

from django.urls import reverse
from django.utils import timezone

from core.presenters import plural
from goals import delivery_selectors, reminders
from goals.models import ReminderSent
from notifications.models import Kind
from notifications.services import notify


def write_url(objective):
    return reverse(
        "goals:update_write",
        args=[objective.strategy.organisation.slug, objective.year, objective.number],
    )


def send_delivery_reminders(*, today=None):
    """Remind each due objective's owner and delivery leads, once; returns how many
    objectives' owners were reminded."""
    reminded = 0
    for reminder in reminders.reminders_due(today):
        # An objective with nobody named to deliver it is the overdue list's business.
        if not reminder.recipients or not reminders.record_sent(reminder):
            continue
        objective, period = reminder.objective, reminder.period
        if reminder.kind == ReminderSent.Kind.BEFORE_END:
            title = f"Progress update due: {objective} ({period.label} ends {period.end:%-d %B})"
        else:
            title = (
                f"Progress update overdue: {objective} ({period.label} ended {period.end:%-d %B})"
            )
        notify(
            reminder.recipients,
            kind=Kind.PROGRESS_DUE,
            title=title,
            body=f"{objective.statement}\n\nWrite its update for {period.label}.",
            url=write_url(objective),
        )
        reminded += 1
    return reminded


def tell_editors_of_overdue_updates(*, site_url, today=None):
    """The strategy editors' weekly list of objectives with no update for the last period;
    nothing when none is overdue. Returns how many editors were told."""
    overdue = delivery_selectors.overdue(today or timezone.localdate())
    if not overdue:
        return 0
    lines = []
    for group in overdue:
        lines.append(
            f"{group.strategy.organisation.short_name}, {group.period.label}: "
            f"{len(group.objectives)} without an update"
        )
        lines += [
            f"- {objective}: {site_url}{objective.get_absolute_url()}"
            for objective in group.objectives
        ]
    count = sum(len(group.objectives) for group in overdue)
    editors = delivery_selectors.strategy_editors()
    notify(
        editors,
        kind=Kind.PROGRESS_OVERDUE,
        title=f"Progress updates overdue: {count} objective{plural(count)}",
        body="\n".join(lines),
        url=reverse("goals:overdue"),
    )
    return len(editors)
