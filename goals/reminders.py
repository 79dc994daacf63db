"""Which owners are due a reminder to write a progress update: 15 days before a period
ends and 3 days after, for each objective of the period's year with no update for it yet.
Sending them is the notifications' work, one layer up (improvement/delivery_reminders.py);
each is recorded here as it is sent, so a daily run sends each one once."""

import datetime
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from .delivery_models import ProgressUpdate, ReminderSent
from .models import Objective, Strategy
from .periods import period_holding
from .selectors import PROFILE, delivery_leads

BEFORE_END = datetime.timedelta(days=15)
AFTER_END = datetime.timedelta(days=3)


@dataclass(frozen=True)
class Reminder:
    objective: object
    period: object
    kind: str

    @property
    def recipients(self):
        owners = [self.objective.executive_owner, *self.objective.delivery_leads.all()]
        return [person for person in owners if person is not None]


def reminders_due(today=None):
    today = today or timezone.localdate()
    due = []
    for strategy in Strategy.objects.select_related("organisation"):
        current = period_holding(today, strategy.update_period)
        previous = current.previous()
        if today >= current.end - BEFORE_END:
            due.append((strategy, current, ReminderSent.Kind.BEFORE_END))
        if today >= previous.end + AFTER_END:
            due.append((strategy, previous, ReminderSent.Kind.AFTER_END))
    return [
        Reminder(objective, period, kind)
        for strategy, period, kind in due
        for objective in unreported(strategy, period, kind)
    ]


def unreported(strategy, period, kind):
    """The strategy's objectives of the period's year with no update for it and no such
    reminder sent yet."""
    written = ProgressUpdate.objects.written().filter(period_start=period.start).values("objective")
    reminded = ReminderSent.objects.filter(period_start=period.start, kind=kind).values("objective")
    return (
        Objective.objects.filter(strategy=strategy, year=period.year)
        .exclude(pk__in=written)
        .exclude(pk__in=reminded)
        .select_related("strategy__organisation", f"executive_owner__{PROFILE}")
        .prefetch_related(delivery_leads())
        .order_by("number")
    )


def record_sent(reminder):
    """Record the reminder as sent; False if it already was (by a run alongside)."""
    try:
        with transaction.atomic():
            ReminderSent.objects.create(
                objective=reminder.objective,
                period_start=reminder.period.start,
                kind=reminder.kind,
            )
    except IntegrityError:
        return False
    return True
