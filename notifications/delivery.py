"""Telling people what happens to a progress update that needs approval (goals.signals):
the strategy editors when one waits for them, its writer when an editor approves or returns
it. Nobody else: the owner and delivery leads who did not write it read it on the page."""

from django.urls import reverse

from goals import delivery_selectors, signals

from .models import Kind
from .services import notify


def write_again_url(update):
    objective = update.objective
    return reverse(
        "goals:update_write",
        args=[objective.strategy.organisation.slug, objective.year, objective.number],
        query={"period": update.period.slug},
    )


def tell_editors(sender, *, update, **kwargs):
    objective = update.objective
    notify(
        delivery_selectors.strategy_editors(),
        kind=Kind.PROGRESS_APPROVAL,
        title=f"Progress update to approve: {objective} ({update.period.label})",
        body=f"{objective.statement}\n\n{update.get_status_display()}: {update.narrative}",
        url=reverse("goals:approvals") + f"#update-{update.pk}",
        leave_out=[update.written_by],
    )


def tell_writer_approved(sender, *, update, **kwargs):
    notify(
        [update.written_by],
        kind=Kind.PROGRESS_DECIDED,
        title=f"Your progress update is published: {update.objective} ({update.period.label})",
        url=update.get_absolute_url(),
        leave_out=[update.approved_by],
    )


def tell_writer_returned(sender, *, update, **kwargs):
    notify(
        [update.written_by],
        kind=Kind.PROGRESS_DECIDED,
        title=f"Your progress update was returned: {update.objective} ({update.period.label})",
        body=f"Why it was returned: {update.return_reason}\n\nWrite it again to send it for "
        "approval.",
        url=write_again_url(update),
        leave_out=[update.returned_by],
    )


def connect():
    signals.update_awaiting_approval.connect(tell_editors, dispatch_uid="notify-update-awaiting")
    signals.update_approved.connect(tell_writer_approved, dispatch_uid="notify-update-approved")
    signals.update_returned.connect(tell_writer_returned, dispatch_uid="notify-update-returned")
