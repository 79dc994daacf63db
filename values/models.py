from django.conf import settings
from django.core.validators import MaxLengthValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.history import HistoricalRecords
from core.models import TimeStampedModel
from core.ordering import UniqueOrder
from goals.models import Organisation

from .querysets import ThankYouCardQuerySet


class Value(UniqueOrder, TimeStampedModel):
    order_within = "organisation"

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
            models.UniqueConstraint(fields=["organisation", "order"], name="value_order_unique"),
        ]

    def __str__(self):
        return f"{self.name} ({self.organisation.short_name})"

    def get_absolute_url(self):
        return reverse(
            "values:value", kwargs={"organisation": self.organisation.slug, "slug": self.slug}
        )


class Behaviour(UniqueOrder, TimeStampedModel):
    """An "I …" statement saying how staff live a value."""

    order_within = "value"

    value = models.ForeignKey(Value, on_delete=models.CASCADE, related_name="behaviours")
    statement = models.TextField()
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["value", "order"], name="behaviour_order_unique"),
        ]

    def __str__(self):
        return self.statement

    def get_absolute_url(self):
        return f"{self.value.get_absolute_url()}#behaviour-{self.pk}"

    def get_page_url(self):
        """Its own page, saying how often it was recognised. Search and the admin keep
        sending readers to the statement on its value's page."""
        return reverse(
            "values:behaviour",
            kwargs={
                "organisation": self.value.organisation.slug,
                "slug": self.value.slug,
                "pk": self.pk,
            },
        )


class GuidingPrinciple(UniqueOrder, TimeStampedModel):
    order_within = "organisation"

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
            models.UniqueConstraint(
                fields=["organisation", "order"], name="guiding_principle_order_unique"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return f"{reverse('values:index')}#principle-{self.pk}"


# The conditions of the partial indexes of cards: as querysets.ThankYouCardQuerySet filters.
NOT_HIDDEN = models.Q(hidden_at__isnull=True)
ON_WALL = NOT_HIDDEN & models.Q(publish_consent=True, approved_at__isnull=False)
AWAITING = NOT_HIDDEN & models.Q(publish_consent=True, approved_at__isnull=True)


class ThankYouCard(TimeStampedModel):
    """A colleague thanked for living a value. Never edited once sent: only moderation
    (approving it for the value's wall, or hiding it with a reason) changes it."""

    STORY_MAX_LENGTH = 1000

    sender = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="sent_cards"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="received_cards"
    )
    value = models.ForeignKey(Value, on_delete=models.PROTECT, related_name="cards")
    # An editor may delete a behaviour: the card still thanks the colleague for the value.
    behaviour = models.ForeignKey(
        Behaviour, on_delete=models.SET_NULL, null=True, blank=True, related_name="cards"
    )
    story = models.TextField(
        max_length=STORY_MAX_LENGTH, validators=[MaxLengthValidator(STORY_MAX_LENGTH)]
    )
    publish_consent = models.BooleanField(default=False)
    copy_line_manager = models.BooleanField(default=False)
    sent_at = models.DateTimeField(default=timezone.now, db_index=True)
    approved_at = models.DateTimeField(null=True, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_at = models.DateTimeField(null=True, blank=True)
    hidden_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    hidden_reason = models.TextField(blank=True)

    objects = ThankYouCardQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-sent_at", "-pk"]
        permissions = [("moderate_thankyoucard", "Can moderate thank-you cards")]
        indexes = [
            models.Index(fields=["value", "sent_at"], name="card_value_sent_at"),
            # Each index below holds only the cards one page reads, in the order it shows
            # them (read backwards: newest first), so a page of them is its first entries.
            models.Index(
                fields=["value", "sent_at", "id"], name="card_wall_value", condition=ON_WALL
            ),
            models.Index(
                fields=["behaviour", "sent_at", "id"],
                name="card_wall_behaviour",
                condition=ON_WALL,
            ),
            # How often each behaviour was recognised is counted from this index alone.
            models.Index(fields=["behaviour"], name="card_recognised", condition=NOT_HIDDEN),
            models.Index(
                fields=["recipient", "sent_at", "id"], name="card_received", condition=NOT_HIDDEN
            ),
            models.Index(fields=["sender", "sent_at", "id"], name="card_sent"),
            models.Index(fields=["sent_at", "id"], name="card_awaiting", condition=AWAITING),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(sender=models.F("recipient")),
                name="card_not_to_oneself",
            ),
            # Hidden cards say who hid them and why; the sender is told the reason.
            models.CheckConstraint(
                condition=models.Q(hidden_at__isnull=True)
                | (models.Q(hidden_by__isnull=False) & ~models.Q(hidden_reason="")),
                name="card_hidden_with_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_at__isnull=True) | models.Q(publish_consent=True),
                name="card_approved_only_with_consent",
            ),
        ]

    def __str__(self):
        return f"Thank-you card {self.pk}: {self.value.name}"

    def get_absolute_url(self):
        return f"{self.value.get_absolute_url()}#card-{self.pk}"
