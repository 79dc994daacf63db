"""What the pages show of the strategy's delivery: statuses as NHS.UK tags, and an
objective's updates as its owner, an editor or any other colleague sees them."""

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
