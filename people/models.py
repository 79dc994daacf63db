from django.conf import settings
from django.db import models

from core.history import HistoricalRecords
from core.models import TimeStampedModel
from goals.models import Site


class StaffProfile(TimeStampedModel):
    """What the portal knows of a member of staff beyond their account: the site they work
    at (where the dashboard counts the thank-you cards they receive), their line manager
    (who may be copied on those cards), their job title and department."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="staff_profile"
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, null=True, blank=True, related_name="staff"
    )
    line_manager = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reports",
    )
    job_title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)

    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(line_manager=models.F("user")),
                name="staff_profile_not_own_line_manager",
            ),
        ]

    def __str__(self):
        return f"Staff profile of {self.user.get_username()}"
