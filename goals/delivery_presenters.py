"""What the pages show of the strategy's delivery: statuses as NHS.UK tags, and an
objective's updates as its owner, an editor or any other colleague sees them."""

from collections import Counter
from dataclasses import dataclass
from functools import cached_property

from core.presenters import nhsuk_tag

from . import delivery_selectors
from .delivery_models import DeliveryStatus
from .roles import APPROVE_UPDATES, may_write_update

STATUS_TAG_CLASSES = {
    DeliveryStatus.NOT_STARTED: "nhsuk-tag--grey",
    DeliveryStatus.ON_TRACK: "nhsuk-tag--green",
    DeliveryStatus.AT_RISK: "nhsuk-tag--yellow",
    DeliveryStatus.OFF_TRACK: "nhsuk-tag--red",
    DeliveryStatus.COMPLETE: "nhsuk-tag--blue",
}


def status_tag(status):
    """A delivery status as an NHS.UK tag; "No update" for none."""
    if not status:
        return nhsuk_tag("nhsuk-tag--white", "No update")
    return nhsuk_tag(STATUS_TAG_CLASSES[status], DeliveryStatus(status).label)


@dataclass(frozen=True)
class RollUp:
    """What a goal's objectives report: the worst status, with how many report each."""

    status: str
    counts: list

    @property
    def summary(self):
        return ", ".join(f"{count} {label.lower()}" for label, count in self.counts)


# Worst first: what a goal's status is when any of its objectives reports it.
WORST_FIRST = [
    DeliveryStatus.OFF_TRACK,
    DeliveryStatus.AT_RISK,
    DeliveryStatus.NOT_STARTED,
    DeliveryStatus.ON_TRACK,
    DeliveryStatus.COMPLETE,
]


def roll_up(statuses):
    """The worst of the statuses (None counts as no update, and is the goal's status only
    when no objective has reported), with the count of each; None for no objectives."""
    if not statuses:
        return None
    counts = Counter(statuses)
    reported = [status for status in WORST_FIRST if counts[status]]
    return RollUp(
        status=reported[0] if reported else "",
        counts=[(DeliveryStatus(status).label, counts[status]) for status in reported]
        + ([("No update", counts[None])] if counts[None] else []),
    )


class ObjectiveDelivery:
    """An objective's progress updates as the viewer may see them: the published ones
    (the latest, then the earlier ones as a timeline) and, for those who write or approve
    them, the ones waiting for approval."""

    def __init__(self, objective, user):
        self.objective = objective
        self.user = user

    @cached_property
    def may_write(self):
        return may_write_update(self.user, self.objective)

    @cached_property
    def may_approve(self):
        return APPROVE_UPDATES.allows(self.user)

    @cached_property
    def updates(self):
        return delivery_selectors.updates_of(self.objective)

    @cached_property
    def published(self):
        return [update for update in self.updates if update.is_published]

    @property
    def latest(self):
        return self.published[0] if self.published else None

    @property
    def earlier(self):
        return self.published[1:]

    @property
    def awaiting(self):
        if not (self.may_write or self.may_approve):
            return []
        return [update for update in self.updates if not update.is_published]
