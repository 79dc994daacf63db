from django.db import models

from .fields import QuickJSONField


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class TopicChange(models.Model):
    """One write to a topic of the portal's data (ideas, projects, strategy…).

    The newest row's id for a topic is that topic's generation, which keys everything cached
    from it (core/caching.py). Rows are inserted, never updated, so writers never wait on
    each other, and an insert is seen exactly when the write it records is committed.
    """

    topic = models.CharField(max_length=40)

    class Meta:
        indexes = [models.Index(fields=["topic", "-id"], name="core_topic_latest")]

    def __str__(self):
        return f"{self.topic} #{self.pk}"


class Rollup(models.Model):
    """Figures a page aggregates from many records (counts per month, site, status…), kept
    as rows worked out by the database, with the generation of the topics they were worked
    out from (core/caching.py's rollup())."""

    name = models.CharField(max_length=60, primary_key=True)
    generation = models.CharField(max_length=200)
    rows = QuickJSONField(default=list)

    def __str__(self):
        return f"{self.name} at {self.generation}"


class SeededDocument(models.Model):
    """Marks a seed file as loaded, so a second `seed` leaves editors' changes alone."""

    key = models.CharField(max_length=200, unique=True)
    loaded_at = models.DateTimeField(auto_now_add=True)

    def __str__(self):
        return self.key


class Attempt(models.Model):
    """One try at something that must not be tried without end (core/throttle.py): a
    password reset asked for an address, a wrong current password given."""

    kind = models.CharField(max_length=40)
    # A digest of what was tried on (an address, an account), not the thing itself.
    key = models.CharField(max_length=64)
    at = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["kind", "key", "at"], name="core_attempt_recent")]

    def __str__(self):
        return f"{self.kind} at {self.at:%Y-%m-%d %H:%M}"


class FailedEmail(TimeStampedModel):
    """An email the task queue gave up on after its last retry (core/emails.py), kept for the
    admins to see and act on: the worker's log is not where anyone looks for a lost card."""

    subject = models.TextField()
    # Comma-separated addresses.
    to = models.TextField()
    attempts = models.PositiveSmallIntegerField()
    error = models.TextField()

    class Meta:
        verbose_name = "email not sent"
        verbose_name_plural = "emails not sent"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.subject} to {self.to}"
