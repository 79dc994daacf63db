from django.db import models


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


class RollupState(models.Model):
    """The generation of its topics that a rollup table was last worked out from."""

    name = models.CharField(max_length=40, primary_key=True)
    generation = models.CharField(max_length=200)

    def __str__(self):
        return f"{self.name} at {self.generation}"
