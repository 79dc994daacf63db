"""Questions and answers on an idea, between its submitter, its followers and the leads."""

from django.conf import settings
from django.db import models

from core.models import TimeStampedModel


class IdeaMessage(TimeStampedModel):
    """A question asked about an idea, or an answer to one: a thread in the order written.
    Messages are not changed once posted, as in a conversation."""

    MAX_LENGTH = 2000

    idea = models.ForeignKey("improvement.Idea", on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="idea_messages"
    )
    text = models.TextField(max_length=MAX_LENGTH)

    class Meta:
        ordering = ["idea", "created_at", "pk"]

    def __str__(self):
        return f"Message {self.pk} on idea {self.idea_id}"
