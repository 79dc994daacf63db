"""What people are told: an entry in their in-portal list for each thing that happened, and
their choice of which of these also reach them by email."""

from django.conf import settings
from django.db import models

from core.models import TimeStampedModel


class Kind(models.TextChoices):
    IDEA_SUBMITTED = "idea_submitted", "An idea submitted at my site (improvement leads)"
    IDEA_DECIDED = "idea_decided", "What happens to an idea I submitted or follow"
    IDEA_MESSAGE = "idea_message", "A question or answer on an idea I submitted or follow"
    PLACE_ASKED = "place_asked", "A colleague asking for a place on QSIR training (leads)"
    PLACE = "place", "My place on QSIR training"
    CARD = "card", "A thank-you card for me"
    DIGEST = "digest", "The weekly digest of what is waiting (improvement leads)"
    IMPORT = "import", "A spreadsheet import I started has finished (admins)"
    PROGRESS_DUE = "progress_due", "A progress update due on an objective I own or lead"
    PROGRESS_OVERDUE = "progress_overdue", "The weekly list of overdue progress updates (editors)"
    PROGRESS_APPROVAL = "progress_approval", "A progress update waiting for my approval (editors)"
    PROGRESS_DECIDED = "progress_decided", "A progress update I wrote being approved or returned"


class Notification(TimeStampedModel):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # A path within the portal, to the record the notification is about.
    url = models.CharField(max_length=500)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            # A person's list, newest first, and their unread count, each read from an index.
            models.Index(fields=["recipient", "-created_at", "-id"], name="notification_list"),
            models.Index(fields=["recipient", "read_at"], name="notification_unread"),
        ]

    def __str__(self):
        return self.title


class EmailChoice(TimeStampedModel):
    """The kinds of notification a person does not want by email (the list keeps them all)."""

    person = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="email_choice"
    )
    not_emailed = models.JSONField(default=list, blank=True)

    def __str__(self):
        return f"Email choices of {self.person}"
