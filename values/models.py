from django.db import models
from django.urls import reverse
from simple_history.models import HistoricalRecords

from goals.models import Organisation, TimeStampedModel


class Value(TimeStampedModel):
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="values")
    name = models.CharField(max_length=100)
    slug = models.SlugField(max_length=100)
    summary = models.TextField(help_text="What the value means. Blank lines split paragraphs.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["organisation__order", "order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "slug"], name="value_slug_unique"),
            models.UniqueConstraint(fields=["organisation", "name"], name="value_name_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.short_name})"

    def get_absolute_url(self):
        return reverse(
            "values:value", kwargs={"organisation": self.organisation.slug, "slug": self.slug}
        )


class Behaviour(TimeStampedModel):
    """An "I …" statement saying how staff live a value."""

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="behaviours")
    statement = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.statement

    def get_absolute_url(self):
        return f"{self.value.get_absolute_url()}#behaviour-{self.pk}"


class GuidingPrinciple(TimeStampedModel):
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="guiding_principles"
    )
    title = models.CharField(max_length=200)
    description = models.TextField(help_text="Blank lines split paragraphs.")
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "title"], name="guiding_principle_title_unique"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('values:index')}#principle-{self.pk}"
