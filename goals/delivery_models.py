"""Progress updates: how an objective's delivery went in a reporting period, as its owner
or a delivery lead reported it, with the measures that evidence it."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from core.history import HistoricalRecords
from core.models import TimeStampedModel

from .periods import Period


class DeliveryStatus(models.TextChoices):
    # In the order a roll-up reads them: a later status is worse than an earlier one.
    COMPLETE = "complete", "Complete"
    ON_TRACK = "on_track", "On track"
    NOT_STARTED = "not_started", "Not started"
    AT_RISK = "at_risk", "At risk"
    OFF_TRACK = "off_track", "Off track"


NEEDS_RECOVERY = (DeliveryStatus.AT_RISK, DeliveryStatus.OFF_TRACK)


class ProgressUpdateQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=ProgressUpdate.State.PUBLISHED)

    def awaiting_approval(self):
        return self.filter(state=ProgressUpdate.State.AWAITING_APPROVAL)

    def written(self):
        """Published or awaiting approval: a returned update waits for its writer, as one
        never written does."""
        return self.exclude(state=ProgressUpdate.State.RETURNED)

    def for_admin(self):
        return self.select_related(
            "objective__strategy__organisation", "written_by", "approved_by", "returned_by"
        )


class ProgressUpdate(TimeStampedModel):
    class State(models.TextChoices):
        AWAITING_APPROVAL = "awaiting_approval", "Awaiting approval"
        PUBLISHED = "published", "Published"
        # An editor sent it back to its writer, with the reason, to write again.
        RETURNED = "returned", "Returned to its writer"

    objective = models.ForeignKey(
        "goals.Objective", on_delete=models.CASCADE, related_name="updates"
    )
    period_start = models.DateField()
    period_end = models.DateField()
    status = models.CharField(max_length=20, choices=DeliveryStatus.choices)
    narrative = models.TextField("Progress this period")
    next_period = models.TextField("Plans for next period")
    risks = models.TextField(blank=True)
    recovery_actions = models.TextField(blank=True)
    state = models.CharField(max_length=20, choices=State.choices, default=State.PUBLISHED)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="progress_updates"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approved_progress_updates",
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    returned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="returned_progress_updates",
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_reason = models.TextField("Why it was returned", blank=True)

    objects = ProgressUpdateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_start", "-pk"]
        permissions = [("approve_progressupdate", "Can approve progress updates")]
        constraints = [
            # One update a period: writing it again changes it, and its history keeps the
            # earlier versions.
            models.UniqueConstraint(
                fields=["objective", "period_start"], name="progress_update_once_a_period"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=NEEDS_RECOVERY) | ~Q(recovery_actions=""),
                name="progress_update_at_risk_has_recovery",
            ),
            models.CheckConstraint(
                condition=Q(period_end__gte=models.F("period_start")),
                name="progress_update_period_ends_after_start",
            ),
            models.CheckConstraint(
                condition=~Q(state="returned") | ~Q(return_reason=""),
                name="progress_update_returned_has_reason",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "period_start"], name="progress_update_state"),
        ]

    def __str__(self):
        return f"{self.objective}: {self.period.label}"

    def get_absolute_url(self):
        return f"{self.objective.get_absolute_url()}#update-{self.pk}"

    @property
    def period(self):
        return Period(self.period_start, self.period_end)

    @property
    def is_published(self):
        return self.state == self.State.PUBLISHED

    @property
    def is_returned(self):
        return self.state == self.State.RETURNED


class EvidenceMeasure(models.Model):
    """A measure an update cites, with its SPC verdict as it stood when the update was
    written, so a board report of an earlier period shows what the board saw then.

    The measure is improvement's; goals sits below improvement, so it keeps the measure's
    id and what it showed rather than a foreign key (docs/decisions/0008)."""

    update = models.ForeignKey(ProgressUpdate, on_delete=models.CASCADE, related_name="evidence")
    measure_id = models.PositiveIntegerField()
    name = models.CharField(max_length=200)
    project = models.CharField(max_length=200)
    url = models.CharField(max_length=300)
    variation = models.CharField(max_length=20, blank=True)
    assurance = models.CharField(max_length=20, blank=True)
    # The icons as the measure's page drew them: colour, letter and words (None: no data).
    variation_icon = models.JSONField(null=True, blank=True)
    assurance_icon = models.JSONField(null=True, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["update", "measure_id"], name="evidence_measure_once_an_update"
            ),
        ]

    def __str__(self):
        return self.name


class ReminderSent(models.Model):
    """A reminder to write an objective's update for a period, recorded when it is sent so
    that the daily run sends each one once."""

    class Kind(models.TextChoices):
        BEFORE_END = "before_end", "15 days before the period ends"
        AFTER_END = "after_end", "3 days after the period ended"

    objective = models.ForeignKey(
        "goals.Objective", on_delete=models.CASCADE, related_name="reminders_sent"
    )
    period_start = models.DateField()
    kind = models.CharField(max_length=20, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["objective", "period_start", "kind"], name="reminder_sent_once"
            ),
        ]

    def __str__(self):
        return f"{self.objective}: {self.get_kind_display()}"
